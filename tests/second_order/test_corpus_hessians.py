"""Hessians of the corpus: srcgrad.hessian (forward over the compiled reverse mode, with the
tape where the compiler cannot) against the tape's second backward pass and against central
differences of the tape's gradient, at each case's first point."""

import warnings

import numpy as np
import pytest

import srcgrad
from tests.corpus.cases import CASES
from tests.second_order.test_second_order import differenced_hessian, taped_hessian


def _cases():
    for case in CASES:
        if case.fallback or not case.tape or case.multiple or case.xfail:  # (xfail: a known bug)
            continue
        position = case.positions()[0]
        x = case.points[0][position]
        if not isinstance(x, (float, np.ndarray)) or np.size(x) > 12:
            continue
        yield pytest.param(case, position, id=case.name)


@pytest.mark.parametrize("case, position", list(_cases()))
def test_corpus_hessian(case, position):
    args = case.points[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        hessian = srcgrad.hessian(case.fn, wrt=position)(*args)
    expected = taped_hessian(case.fn, args, position)
    np.testing.assert_allclose(hessian, expected, rtol=1e-7, atol=1e-9)
    numeric = differenced_hessian(case.fn, args, position)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-4, atol=1e-5)
