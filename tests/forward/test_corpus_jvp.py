"""Forward mode over the corpus functions using np.linalg's decompositions, norms and SciPy:
srcgrad.jvp along a random direction equals the compiled gradient dotted with it, and
central differences of the function."""

import numpy as np
import pytest

import srcgrad
from tests.corpus.cases import CASES

MODULES = ("decompositions", "scipy_functions")
EPS = 1e-6


def _cases():
    for case in CASES:
        if case.fn.__module__.rsplit(".", 1)[-1] in MODULES and not case.fallback:
            yield pytest.param(case, id=case.name)


@pytest.mark.parametrize("case", list(_cases()))
def test_jvp_matches_gradient_and_differences(case):
    args = case.points[0]
    positions = case.positions()
    rng = np.random.default_rng(5)
    tangents = [None] * len(args)
    for i in positions:
        tangents[i] = rng.standard_normal(np.shape(args[i]))
        if np.ndim(args[i]) == 0:
            tangents[i] = float(tangents[i])
    _, out_dot = srcgrad.jvp(case.fn, args, tangents)
    grads = srcgrad.grad(case.fn, wrt=tuple(positions), mode="compile")(*args)
    expected = sum(np.sum(g * tangents[i]) for g, i in zip(grads, positions))
    np.testing.assert_allclose(out_dot, expected, rtol=1e-7, atol=1e-9)
    up = [a if t is None else a + EPS * t for a, t in zip(args, tangents)]
    down = [a if t is None else a - EPS * t for a, t in zip(args, tangents)]
    differenced = (case.fn(*up) - case.fn(*down)) / (2 * EPS)
    np.testing.assert_allclose(out_dot, differenced, rtol=1e-5, atol=1e-6)
