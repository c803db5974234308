"""Rules for sorting and selection: sort, partition, median, quantile, percentile, take,
take_along_axis, choose, select and average (reverse and forward rules side by side).

Sorting moves values without arithmetic, so its gradient sends each output entry's
gradient back to the input entry it came from. Where several entries are equal (a tie)
the output does not depend smoothly on which one went where; the rules then give each
tied entry the mean of the gradients of the tied places, which is what central finite
differences measure:

>>> import numpy as np
>>> sort_a(np.array([0.0, 1.0, 2.0]), None, np.array([1.0, 1.0, 3.0]))
array([0.5, 0.5, 2. ])

``median``, ``quantile`` and ``percentile`` (linear interpolation, the default
``method``) are a weighted sum of the sorted values, so they share the same machinery.
``q`` carries no gradient; neither do the integer index arguments.
"""

from __future__ import annotations

import numpy as np

from .helpers import is_float_like, reduced_axes, unbroadcast, unreduce
from .indexing import scatter_add
from .registry import (
    UnsupportedDerivative,
    jvp_rule,
    jvp_rule_all,
    nondifferentiable,
    vjp_rule,
    vjp_rule_all,
)
from .tangent_helpers import tangent_or_zero, tangents_or_zeros


# ---- sorted order and ties ----------------------------------------------------------------
def _lined_up(x, axis):
    """``x`` with the axes in ``axis`` (None: all) moved last and merged into one."""
    axes = reduced_axes(x, axis)
    moved = np.moveaxis(x, axes, tuple(range(-len(axes), 0)))
    kept = np.shape(moved)[: np.ndim(x) - len(axes)]
    return np.reshape(moved, kept + (-1,))


def _tie_mean(v, s):
    """``v`` averaged over each run of equal values of ``s`` (sorted along the last axis)."""
    n = np.shape(s)[-1]
    flat = np.ravel(s)
    size = np.size(flat)
    row_start = np.arange(size) % max(n, 1) == 0
    starts = np.concatenate([[True], flat[1:] != flat[:-1]]) | row_start
    group = np.cumsum(starts) - 1
    counts = np.astype(np.bincount(group), np.result_type(v))
    sums = scatter_add(np.ravel(v), group, (np.size(counts),))
    return np.reshape(sums[group] / counts[group], np.shape(v))


def _inverse(order):
    """The permutation that undoes ``order`` along the last axis."""
    return np.argsort(order, axis=-1)


def _sorted_tangent(da, a, axis):
    """The tangent of ``sort(a)`` (along the merged ``axis``), ties averaged."""
    lined = _lined_up(a, axis)
    order = np.argsort(lined, axis=-1, kind="stable")
    sorted_a = np.take_along_axis(lined, order, axis=-1)
    return _tie_mean(np.take_along_axis(_lined_up(da, axis), order, axis=-1), sorted_a)


def _unsort(g_sorted, a, axis):
    """Send ``g_sorted`` (one entry per place of ``sort(a)``) back to ``a``'s entries."""
    lined = _lined_up(a, axis)
    order = np.argsort(lined, axis=-1, kind="stable")
    sorted_a = np.take_along_axis(lined, order, axis=-1)
    g_lined = np.take_along_axis(_tie_mean(g_sorted, sorted_a), _inverse(order), axis=-1)
    axes = reduced_axes(a, axis)
    moved_shape = tuple(np.delete(np.shape(a), axes)) + tuple(np.shape(a)[i] for i in axes)
    moved = np.reshape(g_lined, moved_shape)
    return np.moveaxis(moved, tuple(range(-len(axes), 0)), axes)


def _single_axis(a, axis):
    return None if axis is None else int(axis) % np.ndim(a)


# ---- sort and partition -----------------------------------------------------------------
@vjp_rule(np.sort, "a", name="SortBackward0")
def sort_a(g, ans, a, axis=-1, kind=None, order=None, stable=None):
    axis = _single_axis(a, axis)
    return _unsort(_lined_up(g, axis if axis is not None else 0), a, axis)


@jvp_rule(np.sort, "a")
def sort_da(ans, da, a, axis=-1, kind=None, order=None, stable=None):
    axis = _single_axis(a, axis)
    if axis is None:
        return np.reshape(_sorted_tangent(da, a, None), np.shape(ans))
    return np.moveaxis(_sorted_tangent(da, a, axis), -1, axis)


def _partition_places(ans, axis):
    """For each place of ``sort`` along ``axis``, the place of ``ans`` holding that value."""
    return np.argsort(np.moveaxis(ans, axis, -1), axis=-1, kind="stable")


@vjp_rule(np.partition, "a", name="PartitionBackward0")
def partition_a(g, ans, a, kth, axis=-1, kind="introselect", order=None):
    if axis is None:
        flat = partition_a(np.ravel(g), np.ravel(ans), np.ravel(a), kth)
        return np.reshape(flat, np.shape(a))
    axis = int(axis) % np.ndim(a)
    g_sorted = np.take_along_axis(np.moveaxis(g, axis, -1), _partition_places(ans, axis), -1)
    return _unsort(g_sorted, a, axis)


@jvp_rule(np.partition, "a")
def partition_da(ans, da, a, kth, axis=-1, kind="introselect", order=None):
    if axis is None:
        return partition_da(np.ravel(ans), np.ravel(da), np.ravel(a), kth)
    axis = int(axis) % np.ndim(a)
    places = _inverse(_partition_places(ans, axis))
    moved = np.take_along_axis(_sorted_tangent(da, a, axis), places, axis=-1)
    return np.moveaxis(moved, -1, axis)


# ---- quantiles --------------------------------------------------------------------------
def _quantile_weights(q, a):
    """Weights ``(*q.shape, n)`` giving each linear-interpolation quantile of the n sorted
    values along the last axis of ``a``, in ``a``'s float type."""
    n = np.shape(a)[-1]
    q = np.asarray(q, dtype=float)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("Quantiles must be in the range [0, 1]")
    position = q * (n - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, n - 1)
    frac = position - low
    places = np.arange(n)
    weights = (places == low[..., None]) * (1 - frac[..., None])
    weights = weights + (places == high[..., None]) * frac[..., None]
    return weights.astype(np.result_type(a, np.float16))


def _check_method(name, method, weights=None):
    if method != "linear" or weights is not None:
        raise UnsupportedDerivative(
            f"np.{name}: only method='linear' without weights has a derivative rule in srcgrad"
        )


def _quantile_grad(g, a, q, axis):
    weights = _quantile_weights(q, _lined_up(a, axis))
    q_axes = np.ndim(weights) - 1
    kept = np.shape(_lined_up(a, axis))[:-1]
    g = np.reshape(g, np.shape(weights)[:-1] + kept)
    axes = list(range(q_axes))
    g_sorted = np.tensordot(g, weights, axes=(axes, axes))
    return _unsort(g_sorted, a, axis)


def _quantile_tangent(ans, da, a, q, axis):
    weights = _quantile_weights(q, _lined_up(a, axis))
    tangent = np.tensordot(weights, _sorted_tangent(da, a, axis), axes=([-1], [-1]))
    return np.reshape(tangent, np.shape(ans))


@vjp_rule(np.quantile, "a", name="QuantileBackward0")
def quantile_a(
    g,
    ans,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    weights=None,
):
    _check_method("quantile", method, weights)
    return _quantile_grad(g, a, q, axis)


@jvp_rule(np.quantile, "a")
def quantile_da(
    ans,
    da,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    weights=None,
):
    _check_method("quantile", method, weights)
    return _quantile_tangent(ans, da, a, q, axis)


@vjp_rule(np.percentile, "a", name="QuantileBackward0")
def percentile_a(
    g,
    ans,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    weights=None,
):
    _check_method("percentile", method, weights)
    return _quantile_grad(g, a, np.asarray(q) / 100, axis)


@jvp_rule(np.percentile, "a")
def percentile_da(
    ans,
    da,
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    weights=None,
):
    _check_method("percentile", method, weights)
    return _quantile_tangent(ans, da, a, np.asarray(q) / 100, axis)


@vjp_rule(np.median, "a", name="MedianBackward0")
def median_a(g, ans, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _quantile_grad(g, a, 0.5, axis)


@jvp_rule(np.median, "a")
def median_da(ans, da, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _quantile_tangent(ans, da, a, 0.5, axis)


# ---- take, take_along_axis, choose, select ------------------------------------------------
def _wrapped(indices, n, mode):
    if mode == "wrap":
        return np.mod(indices, n)
    if mode == "clip":
        return np.clip(indices, 0, n - 1)
    return indices


@vjp_rule(np.take, "a", name="TakeBackward0")
def take_a(g, ans, a, indices, axis=None, out=None, mode="raise"):
    if axis is None:
        places = _wrapped(np.asarray(indices), np.size(a), mode)
        return np.reshape(scatter_add(g, places, (np.size(a),)), np.shape(a))
    axis = int(axis) % np.ndim(a)
    places = _wrapped(np.asarray(indices), np.shape(a)[axis], mode)
    return scatter_add(g, (slice(None),) * axis + (places,), np.shape(a))


@jvp_rule(np.take, "a")
def take_da(ans, da, a, indices, axis=None, out=None, mode="raise"):
    return np.take(da, indices, axis=axis, mode=mode)


@vjp_rule(np.take_along_axis, "arr", name="GatherBackward0")
def take_along_axis_arr(g, ans, arr, indices, axis=-1):
    if axis is None:
        return np.reshape(scatter_add(g, indices, (np.size(arr),)), np.shape(arr))
    axis = int(axis) % np.ndim(arr)
    shape = np.shape(arr)
    index = tuple(
        indices if d == axis else np.reshape(np.arange(n), (-1,) + (1,) * (len(shape) - d - 1))
        for d, n in enumerate(shape)
    )
    return scatter_add(g, index, shape)


@jvp_rule(np.take_along_axis, "arr")
def take_along_axis_darr(ans, darr, arr, indices, axis=-1):
    return np.take_along_axis(darr, indices, axis=axis)


@vjp_rule_all(np.choose, name="ChooseBackward0")
def choose_all(g, ans, a, choices, out=None, mode="raise"):
    picked = _wrapped(np.asarray(a), len(choices), mode)
    grads = [unbroadcast(np.where(picked == k, g, 0), c) for k, c in enumerate(choices)]
    return (None, grads if isinstance(choices, (list, tuple)) else np.stack(grads))


@jvp_rule_all(np.choose)
def choose_tangent(ans, tangents, a, choices, out=None, mode="raise"):
    if isinstance(choices, (list, tuple)):
        return np.choose(a, tangents_or_zeros(tangents[1], choices), mode=mode)
    return np.choose(a, tangent_or_zero(tangents[1], choices), mode=mode)


def _selected(condlist, shape):
    """One boolean array per choice (and one for the default): where it was picked."""
    taken = np.zeros(shape, dtype=bool)
    picked = []
    for cond in condlist:
        picked.append(np.broadcast_to(cond, shape) & ~taken)
        taken = taken | cond
    return picked, ~taken


@vjp_rule_all(np.select, name="SelectBackward0")
def select_all(g, ans, condlist, choicelist, default=0):
    picked, rest = _selected(condlist, np.shape(ans))
    grads = [unbroadcast(np.where(p, g, 0), c) for p, c in zip(picked, choicelist, strict=True)]
    if not is_float_like(default):
        return (None, grads)
    return (None, grads, unbroadcast(np.where(rest, g, 0), default))


@jvp_rule_all(np.select)
def select_tangent(ans, tangents, condlist, choicelist, default=0):
    dchoices = tangents_or_zeros(tangents[1], choicelist)
    ddefault = tangent_or_zero(tangents[2] if len(tangents) > 2 else None, default)
    return np.select(condlist, [np.broadcast_to(t, np.shape(ans)) for t in dchoices], ddefault)


# ---- average ----------------------------------------------------------------------------
def _weights_like(weights, a, axis):
    """``weights`` broadcast against ``a`` (a 1-D array weighs the entries along ``axis``)."""
    if np.ndim(weights) == 1 and np.ndim(a) > 1:
        shape = [1] * np.ndim(a)
        shape[int(axis)] = np.size(weights)
        return np.reshape(weights, shape)
    return weights


def _check_returned(returned):
    if returned:
        raise UnsupportedDerivative(
            "np.average(..., returned=True) has no derivative rule in srcgrad; "
            "compute np.sum(weights) separately"
        )


@vjp_rule(np.average, "a", name="AverageBackward0")
def average_a(g, ans, a, axis=None, weights=None, returned=False, keepdims=False):
    _check_returned(returned)
    keep = keepdims is True
    if weights is None:
        count = int(np.prod([np.shape(a)[d] for d in reduced_axes(a, axis)]))
        return unreduce(g, a, axis, keep) / count
    w = _weights_like(weights, a, axis)
    total = np.sum(np.broadcast_to(w, np.shape(a)), axis=axis, keepdims=True)
    return unreduce(g, a, axis, keep) * (w / total)


@vjp_rule(np.average, "weights")
def average_weights(g, ans, a, axis=None, weights=None, returned=False, keepdims=False):
    _check_returned(returned)
    keep = keepdims is True
    w = _weights_like(weights, a, axis)
    total = np.sum(np.broadcast_to(w, np.shape(a)), axis=axis, keepdims=True)
    mean = np.sum(a * w, axis=axis, keepdims=True) / total
    full = unreduce(g, a, axis, keep) * (a - mean) / total
    if np.ndim(weights) == 1 and np.ndim(a) > 1:
        others = tuple(d for d in range(np.ndim(a)) if d != int(axis) % np.ndim(a))
        return np.sum(full, axis=others)
    return full


@jvp_rule(np.average, "a")
def average_da(ans, da, a, axis=None, weights=None, returned=False, keepdims=False):
    keep = keepdims is True
    if weights is None:
        return np.mean(da, axis=axis, keepdims=keep)
    w = np.broadcast_to(_weights_like(weights, a, axis), np.shape(a))
    return np.sum(da * w, axis=axis, keepdims=keep) / np.sum(w, axis=axis, keepdims=keep)


@jvp_rule(np.average, "weights")
def average_dweights(ans, dweights, a, axis=None, weights=None, returned=False, keepdims=False):
    keep = keepdims is True
    w = np.broadcast_to(_weights_like(weights, a, axis), np.shape(a))
    dw = np.broadcast_to(_weights_like(dweights, a, axis), np.shape(a))
    total = np.sum(w, axis=axis, keepdims=True)
    mean = np.sum(a * w, axis=axis, keepdims=True) / total
    return np.sum(dw * (a - mean), axis=axis, keepdims=keep) / np.sum(w, axis=axis, keepdims=keep)


# Helpers that compute positions only: their results carry no gradient.
nondifferentiable(_partition_places, _inverse)
