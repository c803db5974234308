"""Helpers the generated forward-mode (tangent) code calls for zeros, copies and writes.

A tangent has the structure of its value: a float for a float, an array of the same shape
for an array, a list (tuple, dict) of tangents for a list (tuple, dict).
"""

from __future__ import annotations

import copy

import numpy as np

from ...rules.tangent_helpers import zero_tangent as _zero_number

__all__ = ["zero_tangent", "copy_tangent", "with_item"]


def zero_tangent(x):
    """The zero tangent of ``x``, with ``x``'s structure.

    >>> zero_tangent([1.0, np.ones(2)])
    [0.0, array([0., 0.])]
    """
    if isinstance(x, (list, tuple)):
        return [zero_tangent(item) for item in x]
    if isinstance(x, dict):
        return {key: zero_tangent(value) for key, value in x.items()}
    return _zero_number(x)


def copy_tangent(t):
    """The tangent of ``x.copy()``: a copy, so that appending to one leaves the other."""
    return copy.copy(t)


def with_item(t, index, value):
    """The tangent after ``x[index] = value``: a copy of ``t`` with ``value`` written in.

    The copy keeps a tangent that other names share (``y = x + 0`` gives ``y`` the tangent
    of ``x``) from changing with it.
    """
    if isinstance(t, (list, dict)):
        out = copy.copy(t)
    else:
        out = np.array(t, dtype=np.result_type(t, value, float), copy=True)
    out[index] = value
    return out
