"""Which primitives return views is a fact on their rules-table entry (``Rule.view``); the
aliasing check relies on it to see a write into an array through a reshaped or transposed
name. Here NumPy itself is asked: every case in the rule table whose result shares memory
with an argument must belong to a primitive declared a view. A view-returning primitive
missing from the declarations would mean a silently wrong gradient."""

import numpy as np
import pytest

from srcgrad.rules import RULES

from .cases import CASES


def _arrays(values):
    for value in values:
        if isinstance(value, np.ndarray):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from _arrays(value)


def _shares_memory(case) -> bool:
    out = case.f(*case.args, **case.kwargs)
    outs = list(_arrays([out]))
    return any(np.shares_memory(o, a) for o in outs for a in _arrays(case.args))


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_a_result_sharing_memory_comes_from_a_declared_view(c):
    if _shares_memory(c):
        assert RULES[c.f].view, f"{c.id}: the result is a view; declare it with returns_view"


def test_the_check_sees_a_view():
    assert np.shares_memory(np.reshape(np.zeros(4), (2, 2)), np.zeros(4)) is False
    base = np.zeros(4)
    assert np.shares_memory(np.reshape(base, (2, 2)), base)
    assert RULES[np.reshape].view and not RULES[np.add].view
