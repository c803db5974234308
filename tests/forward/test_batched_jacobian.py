"""jacobian(mode="fwd") as batched tangent sweeps, against one jvp per column (the
one-tangent code), the reverse-mode Jacobian and central differences."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad
from srcgrad import batched_jacobian

from . import batched_programs as bp

R = np.random.default_rng(5)
X9 = R.uniform(0.2, 0.9, size=9) * np.where(np.arange(9) % 2, 1, -1)
X3 = np.array([0.3, -0.7, 0.45])


def jvp_columns(fn, x):
    """The Jacobian from one public jvp per column."""
    columns = []
    for index in np.ndindex(np.shape(x)):
        direction = np.zeros(np.shape(x))
        direction[index] = 1.0
        if isinstance(x, float):
            direction = float(direction[()])
        columns.append(np.asarray(srcgrad.jvp(fn, (x,), (direction,))[1]))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(fn(x)) + np.shape(x))


def differenced(fn, x, eps=1e-6):
    columns = []
    for index in np.ndindex(np.shape(x)):
        step = np.zeros(np.shape(x))
        step[index] = eps
        up, down = x + step, x - step
        if isinstance(x, float):
            up, down = float(up), float(down)
        columns.append((np.asarray(fn(up)) - np.asarray(fn(down))) / (2 * eps))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(fn(x)) + np.shape(x))


BATCHED = [
    (bp.broadcasting, X3),
    (bp.reductions, X9),
    (bp.products, X9),
    (bp.shapes, X9),
    (bp.items, X9),
    (bp.lists_and_calls, X3),
    (bp.scalars, 0.7),
    (bp.per_row_rules, X3),
]


@pytest.mark.parametrize("fn, x", BATCHED, ids=[f.__name__ for f, _ in BATCHED])
def test_batched_jacobian_matches_columns_reverse_mode_and_differences(fn, x):
    jacobian = srcgrad.jacobian(fn)
    assert "_jvp_batch(batch, " in jacobian.source  # one batched sweep, not one per column
    got = jacobian(x)
    assert jacobian.batch_refusal is None and jacobian.batch_failure is None
    np.testing.assert_allclose(got, jvp_columns(fn, x), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got, srcgrad.jacobian(fn, mode="rev")(x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got, differenced(fn, x), rtol=1e-6, atol=1e-7)


def test_a_rule_without_a_batched_form_runs_once_per_row():
    source = srcgrad.jacobian(bp.per_row_rules).source
    assert source.count("per_row(") == 5  # kron (for each operand), outer, tile, tensordot


def test_the_batch_splits_into_sweeps_of_bounded_width(monkeypatch):
    monkeypatch.setattr(batched_jacobian, "COLUMNS_PER_SWEEP", 2)
    got = srcgrad.jacobian(bp.reductions)(X9)  # five sweeps: 2 + 2 + 2 + 2 + 1 columns
    np.testing.assert_allclose(got, jvp_columns(bp.reductions, X9), rtol=1e-12, atol=1e-13)


def test_code_that_cannot_be_batched_runs_one_sweep_per_column_and_says_why():
    jacobian = srcgrad.jacobian(bp.numpy_gradient)
    source = jacobian.source
    first = source.splitlines()[0]
    assert first.startswith("# one tangent sweep per column: ")
    assert "batched_programs.py" in first and "takes *varargs" in first
    assert "def numpy_gradient_jvp(x, x_dot):" in source
    got = jacobian(X3)
    np.testing.assert_allclose(got, jvp_columns(bp.numpy_gradient, X3), rtol=1e-12)
    np.testing.assert_allclose(got, differenced(bp.numpy_gradient, X3), rtol=1e-6, atol=1e-7)


def test_an_error_in_the_function_is_raised_from_its_line():
    def broken(x):
        return x @ np.ones(4)  # shapes (3,) and (4,) do not match

    with pytest.raises(ValueError, match="matmul"):
        srcgrad.jacobian(broken)(X3)
