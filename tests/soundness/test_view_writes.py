"""Writes through every view NumPy makes: right, or a clear error naming the line.

The view-makers are not listed by hand: ``view_programs.view_makers`` asks NumPy which
rules-table cases, ndarray methods and attributes return memory shared with an argument.
Each must be declared a view on its rules-table entry (``returns_view``), and each gets
four generated programs (a write through the view or through its base, read through both)
checked in compile, auto and tape mode and by a forward-mode jvp.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import ARRAY_ATTRIBUTES, ARRAY_METHODS, RULES
from tests.fuzz.harness import MODES, check_function, on_copies, unclear_error
from tests.helpers import finite_difference

from .view_programs import WRITES, program, view_makers, written_makers

MAKERS = view_makers()


def _function_of(maker):
    """The rules-table primitive behind a view-maker's call."""
    head = maker.call.split("(")[0]
    if head.startswith("y."):
        name = head[2:]
        return ARRAY_METHODS.get(name) or ARRAY_ATTRIBUTES[name]
    if head.startswith("y["):
        import operator

        return operator.getitem
    obj = np
    for part in head.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize("maker", MAKERS, ids=[m.label for m in MAKERS])
def test_a_view_numpy_makes_is_declared_on_its_rule(maker):
    function = _function_of(maker)
    assert RULES[function].view, f"{maker.call} returns a view: declare it with returns_view"


def test_the_scan_finds_the_views_it_must():
    calls = {m.call for m in MAKERS}
    for expected in ("np.reshape(y, C0)", "y.T", "y.real", "np.real(y)", "y.conj()",
                     "np.einsum(C0, y)", "np.broadcast_arrays(C0, y)", "y[C0]"):  # fmt: skip
        assert expected in calls
    assert "np.matrix_transpose(y)" in calls  # a rule without a case


def _jvp_outcome(f, x):
    """The problem with a forward-mode jvp of ``f`` at ``x`` along a fixed direction, or
    None."""
    direction = np.linspace(1.0, 0.5, x.size).reshape(x.shape)
    expected = np.sum(finite_difference(on_copies(f), (x,), 0) * direction)
    try:
        _, tangent = srcgrad.jvp(f, (x.copy(),), (direction,))
    except Exception as err:  # noqa: BLE001 - judged by its text
        return unclear_error(err, f.__code__.co_filename)
    if not np.allclose(tangent, expected, rtol=1e-5, atol=1e-7):
        return f"jvp {tangent} != finite differences {expected}"
    return None


def _raises(f, x) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            on_copies(f)(x)
    except (ValueError, TypeError):  # a read-only view, a NumPy scalar
        return True
    return False


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # broadcast_arrays

CHECKS = [(m, w) for m in MAKERS + written_makers() for w in WRITES]


@pytest.mark.parametrize("maker, write", CHECKS, ids=[f"{m.label}-{w}" for m, w in CHECKS])
def test_a_write_through_a_view_is_right_or_refused_with_its_line(maker, write):
    f, x = program(maker, write)
    filename = f.__code__.co_filename
    if _raises(f, x):  # NumPy refuses the write: so must every mode, naming the line
        for mode in MODES:
            with pytest.raises(Exception) as caught:  # noqa: PT011 - judged by its text
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    srcgrad.grad(f, mode=mode)(x.copy())
            assert unclear_error(caught.value, filename) is None, (mode, caught.value)
        return
    problems, _, _ = check_function(f, (x,), rtol=1e-7, atol=1e-9)
    assert not problems, "\n".join(problems)
    assert _jvp_outcome(f, x) is None
