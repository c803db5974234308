"""Differential tests over the corpus: compile == tape == auto == central differences.

Every case in :data:`tests.corpus.cases.CASES` is run at each of its points. The compiled
gradient, the tape's and auto mode's must agree to rounding (rtol 1e-9, atol 1e-12), and
each must match central finite differences (rtol 1e-6, atol 1e-8). Fallback cases must
make ``mode="compile"`` raise ``TransformError`` and ``mode="auto"`` warn exactly once.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcgrad
from tests.corpus.cases import CASES, Case
from tests.helpers import finite_difference

ENGINE_RTOL, ENGINE_ATOL = 1e-9, 1e-12
FD_RTOL, FD_ATOL = 1e-6, 1e-8


def _params():
    for case in CASES:
        for index in range(len(case.points)):
            marks = []
            reason = case.xfail_reason(index)
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            yield pytest.param(case, index, id=f"{case.name}-point{index}", marks=marks)


def _as_tuple(grads, case: Case):
    return tuple(grads) if case.multiple else (grads,)


def _gradient(case: Case, mode: str, args):
    """The gradients (always a tuple) by ``mode``, and the FallbackWarnings it emitted."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grads = srcgrad.grad(case.fn, wrt=case.wrt, mode=mode)(*args)
    fallbacks = [w for w in caught if issubclass(w.category, srcgrad.FallbackWarning)]
    return _as_tuple(grads, case), fallbacks


def _check_against(actual, expected, positions, args, rtol, atol, what):
    for got, want, position in zip(actual, expected, positions):
        assert np.shape(got) == np.shape(args[position]), what
        if isinstance(args[position], float):
            assert isinstance(got, float), f"{what}: gradient of a float is {type(got)}"
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)


@pytest.mark.parametrize("case, index", list(_params()))
def test_gradients_agree(case: Case, index: int):
    args = case.points[index]
    positions = case.positions()
    frozen = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]

    expected = tuple(
        finite_difference(case.fn, args, position, eps=case.eps) for position in positions
    )

    auto, fallbacks = _gradient(case, "auto", args)
    if case.fallback:
        assert len(fallbacks) == 1, [str(w.message) for w in fallbacks]
        assert case.reason in str(fallbacks[0].message)
    else:
        assert fallbacks == [], [str(w.message) for w in fallbacks]
    _check_against(auto, expected, positions, args, FD_RTOL, FD_ATOL, "auto vs differences")

    if case.fallback:
        with pytest.raises(srcgrad.TransformError, match=case.reason_pattern()):
            srcgrad.grad(case.fn, wrt=case.wrt, mode="compile")(*args)
    else:
        compiled, _ = _gradient(case, "compile", args)
        _check_against(compiled, expected, positions, args, FD_RTOL, FD_ATOL, "compile vs fd")
        _check_against(compiled, auto, positions, args, ENGINE_RTOL, ENGINE_ATOL, "compile/auto")

    if case.tape:
        taped, _ = _gradient(case, "tape", args)
        _check_against(taped, expected, positions, args, FD_RTOL, FD_ATOL, "tape vs differences")
        _check_against(taped, auto, positions, args, ENGINE_RTOL, ENGINE_ATOL, "tape vs auto")

    # No engine may modify the caller's arrays.
    for before, after in zip(frozen, args):
        if isinstance(before, np.ndarray):
            np.testing.assert_array_equal(after, before)


def test_corpus_is_large_and_covers_every_kind():
    functions = {id(case.fn) for case in CASES}
    assert len(functions) >= 150
    assert any(case.fallback for case in CASES)
    assert all(len(case.points) >= 2 for case in CASES)
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        if not case.tape:
            assert case.why, f"{case.name}: tape=False needs a reason"
        if case.fallback:
            assert case.tape and case.reason, f"{case.name}: fallback needs tape and a reason"
