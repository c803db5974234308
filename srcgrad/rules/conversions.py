"""Rules for changing an array's type or building one from values: astype, array,
asarray, ascontiguousarray, and the elementwise fabs, sinc and nan_to_num (reverse and
forward rules side by side).

A cast to a floating type passes the gradient through, cast back to the input's type
(float32 in, float32 gradient). A cast to an integer or boolean type is piecewise
constant: its derivative is zero, and the rules say so rather than pass ``g`` on.

``np.array([a, b, c])`` (a list of differentiated numbers or rows, nested lists too)
sends each entry of ``g`` back to the value it came from:

>>> import numpy as np
>>> array_all(np.array([1.0, 2.0]), None, [0.5, np.array(1.5)])
([1.0, np.float64(2.0)],)
"""

from __future__ import annotations

import numpy as np

from .registry import (
    elementwise_tangents,
    jvp_rule,
    jvp_rule_all,
    returns_view,
    vjp_rule,
    vjp_rule_all,
)
from .tangent_helpers import tangent_or_zero


def _keeps_gradient(ans) -> bool:
    return np.result_type(ans).kind in "fc"


def _cast_like(g, x):
    """``g`` in ``x``'s floating type (a Python float stays a float)."""
    if isinstance(x, float):
        return g
    dtype = np.result_type(x)
    if dtype.kind not in "fc" or np.result_type(g) == dtype:
        return g
    return np.astype(g, dtype)


@vjp_rule(np.astype, "x", name="ToCopyBackward0")
def astype_x(g, ans, x, dtype, copy=True, device=None):
    if not _keeps_gradient(ans):
        return np.zeros_like(x)
    return _cast_like(g, x)


@jvp_rule(np.astype, "x")
def astype_dx(ans, dx, x, dtype, copy=True, device=None):
    if not _keeps_gradient(ans):
        return np.zeros(np.shape(ans))
    return np.astype(dx, np.result_type(ans))


# ---- building arrays from values ----------------------------------------------------------
def _entries(g, value):
    """The gradient of ``value`` (a number, an array, or a nested list of them) from the
    gradient ``g`` of ``np.array(value)``."""
    if isinstance(value, (list, tuple)):
        return [_entries(g[i], item) for i, item in enumerate(value)]
    if isinstance(value, float):  # a Python number gets a number back
        return float(g) if isinstance(g, (np.ndarray, np.generic)) else g
    return _cast_like(np.reshape(g, np.shape(value)), value)


def _tangent_entries(tangent, value):
    if isinstance(value, (list, tuple)):
        tangents = [None] * len(value) if tangent is None else tangent
        return [_tangent_entries(t, item) for t, item in zip(tangents, value, strict=True)]
    return tangent_or_zero(tangent, value)


def _built_grad(g, ans, value, ndmin=0):
    if not _keeps_gradient(ans):
        g = np.zeros_like(g)
    squeezed = np.reshape(g, np.shape(np.array(_shapes_only(value))))
    return _entries(squeezed, value)


def _shapes_only(value):
    """Zeros laid out like ``value``: what ``np.array(value)`` would be, without values."""
    if isinstance(value, (list, tuple)):
        return [_shapes_only(item) for item in value]
    return np.zeros(np.shape(value))


@vjp_rule_all(np.array, name="CloneBackward0")
def array_all(
    g, ans, object, dtype=None, copy=True, order="K", subok=False, ndmin=0, ndmax=0, like=None
):
    return (_built_grad(g, ans, object, ndmin),)


@jvp_rule_all(np.array)
def array_tangent(
    ans,
    tangents,
    object,
    dtype=None,
    copy=True,
    order="K",
    subok=False,
    ndmin=0,
    ndmax=0,
    like=None,
):
    if not _keeps_gradient(ans):
        return np.zeros(np.shape(ans))
    built = np.array(_tangent_entries(tangents[0], object), ndmin=ndmin)
    return np.astype(built, np.result_type(ans))


@vjp_rule_all(np.asarray, name="CloneBackward0")
def asarray_all(g, ans, a, dtype=None, order=None, device=None, copy=None, like=None):
    return (_built_grad(g, ans, a),)


@jvp_rule_all(np.asarray)
def asarray_tangent(ans, tangents, a, dtype=None, order=None, device=None, copy=None, like=None):
    if not _keeps_gradient(ans):
        return np.zeros(np.shape(ans))
    return np.astype(np.asarray(_tangent_entries(tangents[0], a)), np.result_type(ans))


@vjp_rule(np.ascontiguousarray, "a", name="CloneBackward0")
def ascontiguousarray_a(g, ans, a, dtype=None, like=None):
    return _cast_like(np.reshape(g, np.shape(a)), a) if _keeps_gradient(ans) else np.zeros_like(a)


@jvp_rule(np.ascontiguousarray, "a")
def ascontiguousarray_da(ans, da, a, dtype=None, like=None):
    return np.ascontiguousarray(da, dtype=np.result_type(ans))


# ---- fabs, sinc, nan_to_num ---------------------------------------------------------------
@vjp_rule(np.fabs, "x", name="AbsBackward0")
def fabs_x(g, ans, x):
    return g * np.sign(x)


@jvp_rule(np.fabs, "x")
def fabs_dx(ans, dx, x):
    return dx * np.sign(x)


def _sinc_slope(ans, x):
    """d sinc(x)/dx = (cos(pi x) - sinc(x)) / x, and 0 at x = 0."""
    is_zero = x == 0
    safe = np.where(is_zero, 1, x)
    return np.where(is_zero, 0, (np.cos(np.pi * x) - ans) / safe)


@vjp_rule(np.sinc, "x", name="SincBackward0")
def sinc_x(g, ans, x):
    return g * _sinc_slope(ans, x)


@jvp_rule(np.sinc, "x")
def sinc_dx(ans, dx, x):
    return dx * _sinc_slope(ans, x)


@vjp_rule(np.nan_to_num, "x", name="NanToNumBackward0")
def nan_to_num_x(g, ans, x, copy=True, nan=0.0, posinf=None, neginf=None):
    return np.where(np.isfinite(x), g, 0)  # replaced entries are constants


@jvp_rule(np.nan_to_num, "x")
def nan_to_num_dx(ans, dx, x, copy=True, nan=0.0, posinf=None, neginf=None):
    return np.where(np.isfinite(x), dx, 0)


# These may return their argument itself; the others only when told not to copy.
returns_view(np.asarray, np.ascontiguousarray)
returns_view(np.array, np.astype, np.nan_to_num, unless="copy")


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(np.fabs, np.nan_to_num)
