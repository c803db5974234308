"""Transforms of transforms over the corpus: jacobian(grad(f)) in forward and reverse mode
and jacobian(jacobian(f)) against the tape's Hessian (create_graph=True, then one backward
per entry), at each case's first point."""

import warnings

import numpy as np
import pytest

import srcgrad
from tests.corpus.cases import CASES
from tests.second_order.test_second_order import taped_hessian


def _cases():
    for case in CASES:
        if case.fallback or not case.tape or case.multiple or case.xfail:  # (xfail: a known bug)
            continue
        position = case.positions()[0]
        x = case.points[0][position]
        if not isinstance(x, (float, np.ndarray)) or np.size(x) > 12:
            continue
        yield pytest.param(case, position, id=case.name)


COMPOSITIONS = {
    "jacobian_of_grad": lambda f, p: srcgrad.jacobian(srcgrad.grad(f, wrt=p), wrt=p),
    "jacobian_rev_of_grad": lambda f, p: srcgrad.jacobian(
        srcgrad.grad(f, wrt=p), wrt=p, mode="rev"
    ),
    "jacobian_of_jacobian": lambda f, p: srcgrad.jacobian(srcgrad.jacobian(f, wrt=p), wrt=p),
}


@pytest.mark.parametrize("composition", COMPOSITIONS)
@pytest.mark.parametrize("case, position", list(_cases()))
def test_composed_second_derivative(case, position, composition):
    args = case.points[0]
    try:
        expected = taped_hessian(case.fn, args, position)
    except Exception:  # noqa: BLE001 - what the tape cannot do is not compared here
        pytest.skip("the tape has no Hessian here")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = COMPOSITIONS[composition](case.fn, position)(*args)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)
