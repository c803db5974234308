"""Values of a ``range`` loop that the adjoint computes again instead of saving them.

Each function is checked against finite differences (and, where it matters, that the
recomputation happened or was rightly not done: a value that could differ when computed
again is saved as before).
"""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.backend.recompute import recomputable
from tests.helpers import finite_difference


def per_sample_loss(w, b, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        prediction = np.tanh(xi @ w + b)
        total = total + np.sum((prediction - yi) ** 2)
    return total / len(x)


def ragged_rows(w, rows):
    # rows of different lengths: a value's shape changes from trip to trip
    total = 0.0
    for row in rows:
        scaled = row * w
        total = total + np.sum(scaled**2) + np.max(scaled)
    return total


def with_break(w, x):
    total = 0.0
    for k in range(len(x)):
        term = np.sin(x[k] * w)
        total = total + np.sum(term)
        if total > 1.5:
            break
    return total


def nested(w, x):
    total = 0.0
    for i in range(x.shape[0]):
        row = x[i] * w
        for j in range(x.shape[1]):
            total = total + np.cos(row[j]) * row[j]
    return total


def written_after_the_loop(w, x):
    x2 = x * 1.0
    total = 0.0
    for k in range(x2.shape[0]):
        item = x2[k] * w
        total = total + np.sum(item**2)
    x2[0] = w[0] * 3.0
    return total + np.sum(x2 * w)


def carried_state(w, x):
    h = np.zeros_like(w)
    for k in range(x.shape[0]):
        pre = x[k] * w + h
        h = np.tanh(pre)
    return np.sum(h)


def random_in_loop(w, x):
    rng = np.random.default_rng(0)
    total = 0.0
    for k in range(x.shape[0]):
        noise = rng.normal(size=w.shape)
        total = total + np.sum((x[k] + noise) * w)
    return total


rng = np.random.default_rng(3)
CASES = [
    (
        per_sample_loss,
        (
            rng.normal(size=(3, 2)),
            rng.normal(size=2),
            rng.normal(size=(4, 3)),
            rng.normal(size=(4, 2)),
        ),
        (0, 1),
    ),
    (ragged_rows, (rng.normal(size=1) + 1.0, [rng.normal(size=n) for n in (2, 5, 3)]), (0,)),
    (with_break, (np.array([0.7, -0.3]), rng.normal(size=(5, 2))), (0,)),
    (nested, (rng.normal(size=3), rng.normal(size=(2, 3))), (0,)),
    (written_after_the_loop, (rng.normal(size=3), rng.normal(size=(4, 3))), (0,)),
    (carried_state, (rng.normal(size=3), rng.normal(size=(4, 3))), (0,)),
]


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("mode", ["compile", "hessian"])
def test_recomputed_values_give_the_gradient(fn, args, wrt, mode):
    if mode == "hessian":
        # second order runs the flat form, which recomputes the same values
        position, size = wrt[0], np.size(args[wrt[0]])
        got = srcgrad.jacobian(srcgrad.grad(fn, wrt=position), wrt=position)(*args)
        rows = [
            finite_difference(
                lambda *a, i=i: np.ravel(srcgrad.grad(fn, wrt=position)(*a))[i], args, position
            )
            for i in range(size)
        ]
        np.testing.assert_allclose(
            np.reshape(got, (size, size)), np.reshape(rows, (size, size)), rtol=1e-4, atol=1e-6
        )
        return
    gradient = srcgrad.grad(fn, wrt=wrt, mode="compile")
    got = gradient(*args)
    got = got if isinstance(got, tuple) else (got,)
    for position, value in zip(wrt, got):
        np.testing.assert_allclose(
            value, finite_difference(fn, args, position), rtol=1e-6, atol=1e-8
        )


def test_the_demo_loop_saves_nothing():
    gradient = srcgrad.grad(per_sample_loss, wrt=(0, 1), mode="compile")
    gradient(*CASES[0][1])
    assert "saved" not in gradient.source
    assert "for k1 in reversed(range(trips1)):" in gradient.source


def test_a_value_that_depends_on_the_previous_trip_is_saved():
    gradient = srcgrad.grad(carried_state, mode="compile")
    gradient(*CASES[-1][1])
    assert "saved.append(" in gradient.source


def test_a_loop_with_a_random_draw_recomputes_nothing():
    # noise comes from a call that is not a rule of the table: drawing it again would
    # give other numbers, so nothing of that trip is computed again
    w, x = rng.normal(size=3), rng.normal(size=(4, 3))
    gradient = srcgrad.grad(random_in_loop, mode="compile")
    np.testing.assert_allclose(
        gradient(w, x), finite_difference(random_in_loop, (w, x), 0), rtol=1e-6
    )
    assert (
        "reversed(" not in gradient.source
        or "rng.normal" not in gradient.source.split("def backward")[1]
    )


def test_only_one_argument_ranges_count_down():
    from srcgrad.compiler.backend.recompute import _one_argument_range

    assert _one_argument_range("range(n)")
    assert not _one_argument_range("range(1, n)")
    assert not _one_argument_range("range(*bounds)")
    assert not _one_argument_range("reversed(range(n))")
    assert recomputable([], ()) == {}


def test_no_rule_of_the_table_draws_random_numbers():
    # recompute.py computes a rules-table primitive again and trusts it to give the same
    # value: a primitive from numpy.random (or a Generator method) would not
    from srcgrad.rules.registry import RULES

    for primitive in RULES:
        module = getattr(primitive, "__module__", "") or ""
        owner = type(getattr(primitive, "__self__", None)).__name__
        assert "random" not in module and owner not in ("Generator", "RandomState"), primitive
