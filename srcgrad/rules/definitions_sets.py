"""Selections and set operations, defined by NumPy code (see ``definitions.py``):
``np.compress``, ``np.extract``, ``np.trim_zeros``, ``np.union1d``, ``np.intersect1d``,
``np.setdiff1d`` and ``np.setxor1d``; and rules for NumPy 2's ``np.unique_values``,
``np.unique_counts``, ``np.unique_inverse`` and ``np.unique_all`` (which return named
tuples), written the same way.

Each result is a choice of entries: a helper runs NumPy on the plain values to find where
every entry of the result comes from (no gradient), and the definition picks those entries
by indexing, whose rule carries the gradient. A value found in several places takes it
from the first, as ``np.unique`` does: ``np.union1d`` and ``np.intersect1d`` take a value
present in both arrays from the first array. (Where the arrays share a value, moving one
copy alone would drop it from the result or split it in two: the result moves smoothly
only when the copies move together, and then the gradient of the first is the whole
derivative.)

>>> setdiff1d(np.array([3.0, 1.0, 2.0]), np.array([2.0]))
array([1., 3.])
"""

from __future__ import annotations

import numpy as np

from .indexing import scatter_add
from .registry import (
    defined_by,
    jvp_rule,
    nondifferentiable,
    primitive,
    returns_tuple,
    returns_view,
    vjp_rule,
)


# ---- where each entry comes from, on plain values ----------------------------------------
@primitive
def first_places(values, pool):
    """For each entry of ``values``, the first flat position in ``pool`` that equals it."""
    found, first = np.unique(np.ravel(pool), return_index=True)
    return first[np.searchsorted(found, np.ravel(values))]


@primitive
def set_places(operation, ar1, ar2, assume_unique):
    """Where each entry of ``np.<operation>(ar1, ar2)`` lies in the concatenation of the
    flattened arrays."""
    pool = np.concatenate([np.ravel(ar1), np.ravel(ar2)])
    if operation == "union1d":
        result = np.union1d(ar1, ar2)
    elif operation == "intersect1d":
        result = np.intersect1d(ar1, ar2, assume_unique=assume_unique)
    elif operation == "setxor1d":
        result = np.setxor1d(ar1, ar2, assume_unique=assume_unique)
    elif assume_unique:  # setdiff1d keeps ar1's order and repeats
        return np.flatnonzero(~np.isin(np.ravel(ar1), ar2, assume_unique=True))
    else:
        result = np.setdiff1d(ar1, ar2)
    return first_places(result, pool)


@primitive
def intersection_places(ar1, ar2, assume_unique):
    """``np.intersect1d``'s indices into each array (``return_indices=True``)."""
    return np.intersect1d(ar1, ar2, assume_unique=assume_unique, return_indices=True)[1:]


@primitive
def kept_region(filt, trim, axis):
    """The index (a tuple of slices) of what ``np.trim_zeros(filt, trim, axis)`` keeps."""
    trim = trim.lower()
    if trim not in {"fb", "bf", "f", "b"}:
        raise ValueError(f"unexpected character(s) in `trim`: {trim!r}")
    nonzero = np.asarray(filt) != 0
    rank = nonzero.ndim
    axes = range(rank) if axis is None else [int(a) % rank for a in np.atleast_1d(axis)]
    region = []
    for ax in range(rank):
        if ax not in axes:
            region.append(slice(None))
            continue
        others = tuple(other for other in range(rank) if other != ax)
        places = np.flatnonzero(np.any(nonzero, axis=others))
        if places.size == 0:  # all zeros: nothing is kept
            region.append(slice(0, 0))
            continue
        start = int(places[0]) if "f" in trim else None
        stop = int(places[-1]) + 1 if "b" in trim else None
        region.append(slice(start, stop))
    return tuple(region)


nondifferentiable(first_places, set_places, intersection_places, kept_region)


# ---- definitions -------------------------------------------------------------------------
@defined_by(np.compress)
def compress(condition, a, axis=None, out=None):
    chosen = np.flatnonzero(condition)
    if axis is None:
        return np.ravel(a)[chosen]
    return np.take(a, chosen, axis=axis)


@defined_by(np.extract)
def extract(condition, arr):
    return np.ravel(arr)[np.flatnonzero(condition)]


@defined_by(np.trim_zeros)
def trim_zeros(filt, trim="fb", axis=None):
    region = kept_region(filt, trim, axis)
    if len(region) == 1:  # 1-d: a list stays a list, as in NumPy
        return filt[region[0]]
    return filt[region]


returns_view(np.trim_zeros)  # a slice of filt: a write into one shows in the other


def _joined(ar1, ar2):
    return np.concatenate([np.ravel(ar1), np.ravel(ar2)])


@defined_by(np.union1d)
def union1d(ar1, ar2):
    return _joined(ar1, ar2)[set_places("union1d", ar1, ar2, False)]


@defined_by(np.intersect1d)
def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    values = _joined(ar1, ar2)[set_places("intersect1d", ar1, ar2, assume_unique)]
    if return_indices:
        first, second = intersection_places(ar1, ar2, assume_unique)
        return values, first, second
    return values


@defined_by(np.setdiff1d)
def setdiff1d(ar1, ar2, assume_unique=False):
    return _joined(ar1, ar2)[set_places("setdiff1d", ar1, ar2, assume_unique)]


@defined_by(np.setxor1d)
def setxor1d(ar1, ar2, assume_unique=False):
    return _joined(ar1, ar2)[set_places("setxor1d", ar1, ar2, assume_unique)]


# ---- NumPy 2's unique_*: rules, since they return named tuples ---------------------------
def _from_first_places(g_values, values, x):
    """The gradient of ``x`` given that of ``values``, its entries at their first places."""
    if g_values is None:
        return np.zeros(np.shape(x))
    places = first_places(values, x)
    return np.reshape(scatter_add(g_values, places, (np.size(x),)), np.shape(x))


def _picked(dx, values, x):
    return np.ravel(dx)[first_places(values, x)]


def _none(indices):
    """The tangent of an integer output: zeros of its shape."""
    return np.zeros(np.shape(indices))


if hasattr(np, "unique_all"):  # NumPy 2

    @vjp_rule(np.unique_values, "x", name="UniqueBackward0")
    def unique_values_x(g, ans, x):
        return _from_first_places(g, ans, x)

    @jvp_rule(np.unique_values, "x")
    def unique_values_dx(ans, dx, x):
        return _picked(dx, ans, x)

    @vjp_rule(np.unique_counts, "x", name="UniqueBackward0")
    def unique_counts_x(g, ans, x):
        return _from_first_places(g[0], ans[0], x)

    @jvp_rule(np.unique_counts, "x")
    def unique_counts_dx(ans, dx, x):
        return (_picked(dx, ans[0], x), _none(ans[1]))

    @vjp_rule(np.unique_inverse, "x", name="UniqueBackward0")
    def unique_inverse_x(g, ans, x):
        return _from_first_places(g[0], ans[0], x)

    @jvp_rule(np.unique_inverse, "x")
    def unique_inverse_dx(ans, dx, x):
        return (_picked(dx, ans[0], x), _none(ans[1]))

    @vjp_rule(np.unique_all, "x", name="UniqueBackward0")
    def unique_all_x(g, ans, x):
        return _from_first_places(g[0], ans[0], x)

    @jvp_rule(np.unique_all, "x")
    def unique_all_dx(ans, dx, x):
        return (_picked(dx, ans[0], x), _none(ans[1]), _none(ans[2]), _none(ans[3]))

    returns_tuple(np.unique_counts, ("values", "counts"))
    returns_tuple(np.unique_inverse, ("values", "inverse_indices"))
    returns_tuple(np.unique_all, ("values", "indices", "inverse_indices", "counts"))
