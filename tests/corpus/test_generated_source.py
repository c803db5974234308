"""The generated code of every corpus function has no copy chain and no unread save.

A copy chain (``item1 = x[k1]; xi = item1``) and a saved value that the backward closure
restores but never reads are what the optimiser removes; the checks themselves are in
``tests/compiler/generated_checks.py`` and are shown to find both kinds below.
"""

from __future__ import annotations

import warnings

import pytest

import srcgrad
from tests.compiler.generated_checks import copy_chains, unread_saves
from tests.corpus.cases import CASES

COMPILED = [case for case in CASES if not case.fallback]


@pytest.mark.parametrize("case", COMPILED, ids=[case.name for case in COMPILED])
def test_generated_code_has_no_copy_chain_and_no_unread_save(case):
    gradient = srcgrad.grad(case.fn, wrt=case.wrt, mode="compile")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gradient(*case.points[0])
    assert copy_chains(gradient.source) == [], gradient.source
    assert unread_saves(gradient.source) == [], gradient.source


def test_the_checks_find_a_copy_chain():
    assert copy_chains("item1 = x[k1]\nxi = item1\n") == ["item1 -> xi"]
    assert copy_chains("a = b\nb = a\nc = a + b\n") == ["a <-> b"]
    # A swap needs its temporary: a is read between, so t could not be assigned to b.
    assert copy_chains("t = a + b\na = b\nb = t\n") == []


def test_the_checks_find_an_unread_save():
    text = (
        "def backward(g):\n"
        "    stack = list(saved)\n"
        "    for _ in range(n):\n"
        "        y = stack.pop()\n"
        "        g = g * 2\n"
        "    x = stack.pop()\n"
        "    return g\n"
    )
    assert unread_saves(text) == ["y (line 4)", "x (line 6)"]
    assert unread_saves(text.replace("g * 2", "g * y").replace("return g", "return g * x")) == []
