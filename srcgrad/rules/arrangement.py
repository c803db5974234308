"""Rules for functions that rearrange or copy entries without arithmetic: pad, roll,
rot90, fliplr, flipud, rollaxis, tril, triu, dstack, column_stack and
sliding_window_view (reverse and forward rules side by side).

Each is linear, so its tangent applies the function itself to the tangent. Gradients
undo the move; where an entry is copied to several places (``pad`` in ``edge``,
``reflect``, ``symmetric`` or ``wrap`` mode, overlapping windows) the gradients of the
copies add up. The source of every output place is found by applying the function to an
array of indices:

>>> import numpy as np
>>> pad_array(np.ones(6), None, np.zeros(2), 2, mode="edge")
array([3., 3.])
"""

from __future__ import annotations

import numpy as np

from .indexing import scatter_add
from .pad_statistics import COMPUTED_MODES, pad_gradient, pad_tangent
from .registry import (
    UnsupportedDerivative,
    jvp_rule,
    jvp_rule_all,
    nondifferentiable,
    returns_view,
    vjp_rule,
    vjp_rule_all,
)
from .tangent_helpers import tangents_or_zeros

_sliding_window_view = np.lib.stride_tricks.sliding_window_view


def _gather_back(g, x, places):
    """The gradient of ``ravel(x)[places]``: ``g`` added into ``x``'s places."""
    keep = places >= 0
    flat = scatter_add(g[keep], places[keep], (np.size(x),))
    return np.reshape(flat, np.shape(x))


def _places(x):
    """The flat index of every entry of ``x``, shaped like ``x``."""
    return np.reshape(np.arange(np.size(x)), np.shape(x))


# ---- pad --------------------------------------------------------------------------------
_COPYING_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def _check_pad(mode, reflect_type):
    if mode not in _COPYING_MODES or reflect_type != "even":
        modes = ", ".join(_COPYING_MODES + COMPUTED_MODES)
        raise UnsupportedDerivative(
            f"np.pad: mode={mode!r} (reflect_type={reflect_type!r}) has no derivative rule "
            f"in srcgrad; the modes with one are {modes} (reflect and symmetric with the "
            "default reflect_type='even')"
        )


def _pad_places(array, pad_width, mode, reflect_type):
    options = {"constant_values": -1} if mode == "constant" else {}
    if mode in ("reflect", "symmetric"):
        options["reflect_type"] = reflect_type
    return np.pad(_places(array), pad_width, mode=mode, **options)


@vjp_rule(np.pad, "array", name="PadBackward0")
def pad_array(
    g,
    ans,
    array,
    pad_width,
    mode="constant",
    stat_length=None,
    constant_values=0,
    end_values=0,
    reflect_type="even",
):
    if mode in COMPUTED_MODES:
        return pad_gradient(g, array, pad_width, mode, stat_length)
    _check_pad(mode, reflect_type)
    return _gather_back(g, array, _pad_places(array, pad_width, mode, reflect_type))


@jvp_rule(np.pad, "array")
def pad_darray(
    ans,
    darray,
    array,
    pad_width,
    mode="constant",
    stat_length=None,
    constant_values=0,
    end_values=0,
    reflect_type="even",
):
    if mode in COMPUTED_MODES:
        return pad_tangent(darray, array, pad_width, mode, stat_length)
    _check_pad(mode, reflect_type)
    options = {"reflect_type": reflect_type} if mode in ("reflect", "symmetric") else {}
    return np.pad(darray, pad_width, mode=mode, **options)


# ---- roll, rot90, flips, rollaxis ----------------------------------------------------------
def _negated(shift):
    return tuple(-s for s in shift) if isinstance(shift, (tuple, list)) else -shift


@vjp_rule(np.roll, "a", name="RollBackward0")
def roll_a(g, ans, a, shift, axis=None):
    return np.roll(g, _negated(shift), axis=axis)


@jvp_rule(np.roll, "a")
def roll_da(ans, da, a, shift, axis=None):
    return np.roll(da, shift, axis=axis)


@vjp_rule(np.rot90, "m", name="RotBackward0")
def rot90_m(g, ans, m, k=1, axes=(0, 1)):
    return np.rot90(g, -k, axes=axes)


@jvp_rule(np.rot90, "m")
def rot90_dm(ans, dm, m, k=1, axes=(0, 1)):
    return np.rot90(dm, k, axes=axes)


@vjp_rule(np.fliplr, "m", name="FlipBackward0")
def fliplr_m(g, ans, m):
    return np.fliplr(g)


@jvp_rule(np.fliplr, "m")
def fliplr_dm(ans, dm, m):
    return np.fliplr(dm)


@vjp_rule(np.flipud, "m", name="FlipBackward0")
def flipud_m(g, ans, m):
    return np.flipud(g)


@jvp_rule(np.flipud, "m")
def flipud_dm(ans, dm, m):
    return np.flipud(dm)


def _rolled_to(a, axis, start):
    """``rollaxis(a, axis, start)`` as ``moveaxis(a, axis, destination)``: the pair."""
    n = np.ndim(a)
    axis = int(axis) % n
    start = int(start) + n if start < 0 else int(start)
    return axis, start - 1 if axis < start else start


@vjp_rule(np.rollaxis, "a", name="PermuteBackward0")
def rollaxis_a(g, ans, a, axis, start=0):
    source, destination = _rolled_to(a, axis, start)
    return np.moveaxis(g, destination, source)


@jvp_rule(np.rollaxis, "a")
def rollaxis_da(ans, da, a, axis, start=0):
    return np.rollaxis(da, axis, start)


# ---- triangles --------------------------------------------------------------------------
@vjp_rule(np.tril, "m", name="TrilBackward0")
def tril_m(g, ans, m, k=0):
    return np.tril(g, k)


@jvp_rule(np.tril, "m")
def tril_dm(ans, dm, m, k=0):
    return np.tril(dm, k)


@vjp_rule(np.triu, "m", name="TriuBackward0")
def triu_m(g, ans, m, k=0):
    return np.triu(g, k)


@jvp_rule(np.triu, "m")
def triu_dm(ans, dm, m, k=0):
    return np.triu(dm, k)


# ---- dstack and column_stack --------------------------------------------------------------
def _cut(g, arrays, axis, sizes):
    """``g`` cut along ``axis`` into pieces of ``sizes``, each shaped like its array."""
    pieces, start = [], 0
    for array, size in zip(arrays, sizes, strict=True):
        index = (slice(None),) * axis + (slice(start, start + size),)
        pieces.append(np.reshape(g[index], np.shape(array)))
        start += size
    return pieces


@vjp_rule_all(np.dstack, name="CatBackward0")
def dstack_all(g, ans, tup):
    return (_cut(g, tup, 2, [np.shape(np.atleast_3d(np.zeros(np.shape(a))))[2] for a in tup]),)


@jvp_rule_all(np.dstack)
def dstack_tangent(ans, tangents, tup):
    return np.dstack(tangents_or_zeros(tangents[0], tup))


@vjp_rule_all(np.column_stack, name="CatBackward0")
def column_stack_all(g, ans, tup):
    return (_cut(g, tup, 1, [1 if np.ndim(a) < 2 else np.shape(a)[1] for a in tup]),)


@jvp_rule_all(np.column_stack)
def column_stack_tangent(ans, tangents, tup):
    return np.column_stack(tangents_or_zeros(tangents[0], tup))


# ---- sliding windows --------------------------------------------------------------------
@vjp_rule(_sliding_window_view, "x", name="UnfoldBackward0")
def sliding_window_view_x(g, ans, x, window_shape, axis=None, subok=False, writeable=False):
    places = _sliding_window_view(_places(x), window_shape, axis=axis)
    return _gather_back(g, x, places)


@jvp_rule(_sliding_window_view, "x")
def sliding_window_view_dx(ans, dx, x, window_shape, axis=None, subok=False, writeable=False):
    return _sliding_window_view(dx, window_shape, axis=axis)


# Helpers that compute positions only: their results carry no gradient.
nondifferentiable(_places, _pad_places, _rolled_to)

# These return views of their argument.
returns_view(np.fliplr, np.flipud, np.rot90, np.rollaxis, _sliding_window_view)
