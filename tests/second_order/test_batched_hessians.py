"""Hessians as one batched tangent sweep of the gradient: against one Hessian-vector
product per column (the one-tangent code), the tape and central differences."""

import numpy as np
import pytest

import srcgrad
import srcgrad.forward_api
from srcgrad.batched_jacobian import BatchRefused
from tests.corpus.cases import CASES
from tests.second_order.test_second_order import differenced_hessian, taped_hessian


def _compiled_cases():
    for case in CASES:
        if case.fallback or not case.tape or case.multiple or case.xfail:  # (xfail: a known bug)
            continue
        position = case.positions()[0]
        x = case.points[0][position]
        if not isinstance(x, (float, np.ndarray)) or np.size(x) > 12:
            continue
        try:
            assert srcgrad.hessian(case.fn, wrt=position, mode="compile").source
        except srcgrad.TransformError:  # its Hessian runs on the tape
            continue
        yield pytest.param(case, position, id=case.name)


def hvp_columns(fn, args, position):
    """The Hessian from one Hessian-vector product per entry of ``args[position]``."""
    x = args[position]
    columns = []
    for index in np.ndindex(np.shape(x)):
        direction = np.zeros(np.shape(x))
        direction[index] = 1.0
        tangents = [None] * len(args)
        tangents[position] = float(direction[()]) if isinstance(x, float) else direction
        product = srcgrad.hvp(fn, tuple(args), tuple(tangents), mode="compile")
        columns.append(np.asarray(product[0]))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(x) + np.shape(x))


@pytest.mark.parametrize("case, position", list(_compiled_cases()))
def test_corpus_hessian_is_one_batched_sweep_equal_to_its_columns(case, position):
    args = case.points[0]
    hessian = srcgrad.hessian(case.fn, wrt=position, mode="compile")
    got = hessian(*args)
    forward = hessian.forward  # the Jacobian of the gradient it ran
    assert forward.batch_refusal is None and forward.batch_failure is None
    np.testing.assert_allclose(got, hvp_columns(case.fn, args, position), rtol=1e-10, atol=1e-12)


def kron_energy(x):
    return np.sum(np.kron(x, np.sin(x)) ** 2) + np.sum(np.outer(x, x) * x)


def test_a_hessian_through_rules_without_batched_forms_runs_them_once_per_row():
    x = np.array([0.4, -1.1, 0.8])
    hessian = srcgrad.hessian(kron_energy, mode="compile")
    assert "per_row(" in hessian.source
    got = hessian(x)
    assert hessian.forward.batch_failure is None
    np.testing.assert_allclose(got, taped_hessian(kron_energy, [x], 0), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got, differenced_hessian(kron_energy, [x], 0), rtol=1e-5, atol=1e-6)


def test_a_hessian_whose_tangent_code_is_refused_runs_one_sweep_per_column(monkeypatch):
    def refuse(fn, *args):
        raise BatchRefused("refused for this test", "f.py", 7)

    monkeypatch.setattr(srcgrad.forward_api, "batched_jacobian", refuse)
    monkeypatch.setattr(srcgrad.forward_api, "batched_source", refuse)
    x = np.array([0.4, -1.1, 0.8])
    hessian = srcgrad.hessian(kron_energy, mode="compile")
    got = hessian(x)
    assert hessian.source.startswith("# one tangent sweep per column: f.py:7:0: refused")
    np.testing.assert_allclose(got, taped_hessian(kron_energy, [x], 0), rtol=1e-10, atol=1e-12)
