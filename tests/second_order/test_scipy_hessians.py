"""Hessians of the SciPy corpus functions: srcgrad.hessian in compiled code (SciPy's
Python functions do not run on the tape) against central differences of the compiled
gradient, at each single-parameter case's first point."""

import numpy as np
import pytest

import srcgrad

pytest.importorskip("scipy")

from tests.corpus.cases import CASES  # noqa: E402

EPS = 1e-5


def _cases():
    for case in CASES:
        if case.fn.__module__.endswith("scipy_functions") and not case.multiple:
            yield pytest.param(case, id=case.name)


def compiled_differenced_hessian(fn, args, position):
    gradient = srcgrad.grad(fn, wrt=position, mode="compile")
    x = np.asarray(args[position], dtype=float)
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = EPS
        up, down = list(args), list(args)
        up[position], down[position] = x + step, x - step
        columns.append((np.asarray(gradient(*up)) - np.asarray(gradient(*down))) / (2 * EPS))
    stacked = np.array(columns).reshape(x.shape + x.shape)
    n = x.ndim
    return np.transpose(stacked, tuple(range(n, 2 * n)) + tuple(range(n)))


@pytest.mark.parametrize("case", list(_cases()))
def test_scipy_hessian(case):
    position = case.positions()[0]
    args = case.points[0]
    hessian = srcgrad.hessian(case.fn, wrt=position, mode="compile")(*args)
    expected = compiled_differenced_hessian(case.fn, args, position)
    np.testing.assert_allclose(hessian, expected, rtol=1e-4, atol=1e-5)
