"""Writes through every view NumPy makes: right, or a clear error naming the line.

The view-makers are not listed by hand: ``view_programs.view_makers`` asks NumPy which
rules-table cases, ndarray methods and attributes return memory shared with an argument.
Each must be declared a view on its rules-table entry (``returns_view``), and each gets
four generated programs (a write through the view or through its base, read through both)
checked in compile, auto and tape mode and by a forward-mode jvp.
"""

from __future__ import annotations

import numpy as np
import pytest

from srcgrad.rules import ARRAY_ATTRIBUTES, ARRAY_METHODS, RULES

from .program_checks import problems_of
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


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # broadcast_arrays

CHECKS = [(m, w) for m in MAKERS + written_makers() for w in WRITES]


@pytest.mark.parametrize("maker, write", CHECKS, ids=[f"{m.label}-{w}" for m, w in CHECKS])
def test_a_write_through_a_view_is_right_or_refused_with_its_line(maker, write):
    f, x = program(maker, write)
    problems = problems_of(f, x)
    assert not problems, "\n".join(problems)
