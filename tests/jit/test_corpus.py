"""jit=True on the corpus: the same gradients as the plain generated code (rtol 1e-9) and
as central differences (rtol 1e-6), of the same type and shape, for every compiled
function, whether numba compiles it or the plain code runs.

numba takes seconds to compile each function, so the whole corpus runs only when asked:
``python -m pytest -m jit_corpus tests/jit``; the default run takes a sample of loops,
branches and early exits.
"""

import warnings

import numpy as np
import pytest

import srcgrad
from tests.corpus.cases import CASES
from tests.helpers import finite_difference

pytest.importorskip("numba")

SAMPLE = ("while_halving", "branch_in_loop_saved", "break_in_while", "euler_pendulum")
COMPILED = [case for case in CASES if not case.fallback and not case.xfail]  # known bugs aside


def _check(case):
    args = case.points[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        plain = srcgrad.grad(case.fn, wrt=case.wrt, mode="compile")(*args)
        jitted = srcgrad.grad(case.fn, wrt=case.wrt, mode="compile", jit=True)
        first, again = jitted(*args), jitted(*args)
    if not case.multiple:
        plain, first, again = (plain,), (first,), (again,)
    for position, want, got, got_again in zip(case.positions(), plain, first, again):
        assert type(got) is type(want) and np.shape(got) == np.shape(want)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(got_again, got)
        fd = finite_difference(case.fn, args, position, eps=case.eps)
        np.testing.assert_allclose(got, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", SAMPLE)
def test_sample_of_corpus_agrees_with_plain_code(name):
    (case,) = [case for case in COMPILED if case.name == name]
    _check(case)
    assert "compiled in" in str(srcgrad.explain(case.fn, wrt=case.wrt))


@pytest.mark.jit_corpus
@pytest.mark.parametrize("case", COMPILED, ids=[case.name for case in COMPILED])
def test_corpus_agrees_with_plain_code(case):
    _check(case)
