"""Every name on the reference list (``coverage_reference.py``) has a derivative rule:
a reverse rule, a forward rule, and (from the two) second derivatives."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from srcgrad.rules import lookup

from .coverage_reference import PENDING, REFERENCE

_ROOTS = {"np": np, "math": math}


def resolve(name: str):
    """The object a dotted name such as ``np.linalg.svd`` denotes, or None."""
    root, *parts = name.split(".")
    value = _ROOTS.get(root)
    if value is None:
        try:
            value = importlib.import_module(root)
        except ImportError:
            return None
    for depth, part in enumerate(parts):
        found = getattr(value, part, None)
        if found is None:  # a submodule not imported yet (scipy.special)
            try:
                found = importlib.import_module(".".join([root, *parts[: depth + 1]]))
            except ImportError:
                return None
        value = found
    return value


def _params():
    for name in REFERENCE:
        marks = []
        if name in PENDING:
            marks.append(pytest.mark.xfail(strict=True, reason=PENDING[name]))
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(_params()))
def test_reference_name_has_reverse_and_forward_rules(name):
    value = resolve(name)
    if value is None:
        pytest.skip(f"{name} does not exist in the installed NumPy/SciPy")
    rule = lookup(value)
    assert rule is not None and not rule.nondiff, f"{name} has no derivative rule"
    assert rule.grads or rule.all_grads, f"{name} has no reverse rule"
    assert rule.tangents or rule.all_tangents, f"{name} has no forward rule"


def test_reference_list_is_large_and_pending_names_are_on_it():
    assert len(REFERENCE) >= 190
    assert set(PENDING) <= set(REFERENCE)
