"""NumPy helpers for tangent rules over a batch of tangents.

In a batched sweep the tangent of ``x`` has shape ``(B,) + np.shape(x)``: row ``b`` is the
tangent ``x`` has in the ``b``-th of ``B`` sweeps that run as one. The tangent of a list
(tuple, dict) is a list of such batches. Each helper here does for a batch what its
unbatched counterpart does for one tangent, row by row, without a Python loop where NumPy
can do it with the batch axis in front.
"""

from __future__ import annotations

import operator

import numpy as np

from .helpers import expand_reduced, reduced_axes, unbroadcast, unreduce
from .registry import batched_jvp_rule


def as_batch(t):
    """A batch as one array: the tangent of a list becomes a batch of arrays, the list's
    axis after the batch axis (``np.asarray`` of one row's list, in every row).

    >>> as_batch([np.zeros(4), np.ones(4)]).shape
    (4, 2)
    """
    if isinstance(t, (list, tuple)):
        return np.stack([as_batch(item) for item in t], axis=1)
    return t


def lift(t, ans):
    """``t`` with length-1 axes after the batch axis, up to the rank of ``ans`` plus one,
    so that it broadcasts against ``ans``'s operands as one row broadcasts against them.

    >>> lift(np.zeros((5, 3)), np.zeros((2, 3))).shape
    (5, 1, 3)
    """
    return lift_to(as_batch(t), np.ndim(ans))


def lift_to(t, rank):
    """A batch ``t`` given rows of at least ``rank`` axes (length-1 axes in front)."""
    missing = rank + 1 - np.ndim(t)
    if missing <= 0:
        return t
    shape = np.shape(t)
    return np.reshape(t, shape[:1] + (1,) * missing + shape[1:])


def broadcast_batch(t, ans):
    """Every row of ``t`` broadcast to the shape of ``ans`` (``broadcast_like`` per row)."""
    t = lift(t, ans)
    shape = np.shape(t)[:1] + np.shape(ans)
    return t if np.shape(t) == shape else np.broadcast_to(t, shape)


def batch_axis(axis, x):
    """The ``axis`` argument of a reduction over ``x``, for a batch of ``x``'s tangents:
    every named axis (all of them for None) one further on.

    >>> batch_axis(-1, np.zeros((2, 3))), batch_axis(None, np.zeros((2, 3)))
    (2, (1, 2))
    """
    ndim = np.ndim(x)
    if axis is None:
        return tuple(range(1, ndim + 1))
    if isinstance(axis, (tuple, list)):
        return tuple(operator.index(a) % ndim + 1 for a in axis)
    return operator.index(axis) % ndim + 1


def rows_reshaped(t, ans):
    """Every row of ``t`` given the shape of ``ans``, its elements read in C order (the
    tangent of ``reshape``, ``ravel``, ``squeeze``, ``expand_dims``...)."""
    return np.reshape(t, np.shape(t)[:1] + np.shape(ans))


def rows_apply(fn, t, *args, **kwargs):
    """``fn(row, *args, **kwargs)`` for every row of ``t``, stacked: the batched form of a
    linear function for which no faster form is written."""
    return np.stack([fn(t[b, ...], *args, **kwargs) for b in range(len(t))])


def rows_matmul(t, y):
    """``row @ y`` for every row of ``t``.

    A vector row becomes a one-row matrix and a vector ``y`` a one-column matrix, the rows
    get length-1 stack axes up to ``y``'s, and the added axes are dropped after.
    """
    row_ndim, y_ndim = np.ndim(t) - 1, np.ndim(y)
    if y_ndim == 1 and row_ndim >= 1:  # contracts the last axis of every row
        return np.matmul(t, y)
    if y_ndim == 2 and row_ndim >= 1:  # the rows stacked into one matrix product
        out = np.matmul(np.reshape(t, (-1, np.shape(t)[-1])), y)
        return np.reshape(out, np.shape(t)[:-1] + np.shape(y)[-1:])
    if row_ndim == 1:
        t = t[:, None, :]
    if y_ndim == 1:
        y = y[:, None]
    out = np.matmul(lift_to(t, max(np.ndim(t) - 1, np.ndim(y))), y)
    if y_ndim == 1:
        out = out[..., 0]
    if row_ndim == 1:
        out = out[..., 0] if y_ndim == 1 else out[..., 0, :]
    return out


def matmul_rows(x, t):
    """``x @ row`` for every row of ``t`` (as :func:`rows_matmul`, on the right)."""
    x_ndim, row_ndim = np.ndim(x), np.ndim(t) - 1
    if row_ndim == 1 and x_ndim in (1, 2):  # x @ v is v @ x.T: one matrix product
        return np.matmul(t, np.transpose(x))
    if x_ndim == 1:
        x = x[None, :]
    if row_ndim == 1:
        t = t[..., None]
    out = np.matmul(x, lift_to(t, max(np.ndim(x), np.ndim(t) - 1)))
    if row_ndim == 1:
        out = out[..., 0]
    if x_ndim == 1:
        out = out[..., 0] if row_ndim == 1 else out[..., 0, :]
    return out


def rows_first(key: tuple) -> bool:
    """True when ``value[key]`` of every row is ``batch[(slice(None),) + key]``: NumPy puts
    the axes of advanced indices (arrays, lists, booleans; integers next to them) where
    they stand only while they stand together, and a full slice in front keeps that."""
    advanced = [
        i
        for i, part in enumerate(key)
        if not (part is None or part is Ellipsis or isinstance(part, slice))
    ]
    if all(_is_integer(key[i]) for i in advanced):
        return True  # basic indexing: integers and slices
    return advanced == list(range(advanced[0], advanced[-1] + 1))


def _is_integer(part) -> bool:
    return isinstance(part, (int, np.integer)) and not isinstance(part, bool)


def _key(index) -> tuple:
    return index if isinstance(index, tuple) else (index,)


def take(t, index):
    """``row[index]`` for every row of ``t``; for a list (tuple, dict) tangent, its item."""
    if isinstance(t, (list, tuple, dict)):
        return t[index]
    key = _key(index)
    if rows_first(key):
        return t[(slice(None), *key)]
    return np.stack([t[b, ...][index] for b in range(len(t))])


def assign_rows(t, index, value):
    """A copy of the batch ``t`` with ``row[index] = value_row`` in every row; ``value`` is
    a batch, or one number for every row."""
    out = np.array(t, dtype=np.result_type(t, _dtype_of(value), float), copy=True)
    key = _key(index)
    if not isinstance(value, np.ndarray):
        if isinstance(value, (int, float)) and rows_first(key):
            out[(slice(None), *key)] = value
            return out
        for b in range(len(out)):
            out[b, ...][index] = _row(value, b)
        return out
    if rows_first(key):
        slot = np.ndim(out[(slice(None), *key)])
        if np.ndim(value) <= slot:
            out[(slice(None), *key)] = lift_to(value, slot - 1)
            return out
    for b in range(len(out)):
        out[b, ...][index] = value[b, ...]
    return out


def _dtype_of(value):
    if isinstance(value, (list, tuple)):
        return np.result_type(*(_dtype_of(v) for v in value)) if value else float
    return value


def _row(value, b):
    if isinstance(value, (list, tuple)):
        return type(value)(_row(v, b) for v in value)
    if isinstance(value, np.ndarray):
        return value[b, ...]
    return value


def unbroadcast_batch(t, grad, x):
    """``unbroadcast(row, x)`` for every row of ``t``, a batch of tangents of ``grad``."""
    if type(grad) is float:
        return t
    shape = np.shape(x)
    grad_shape = np.shape(grad)
    if grad_shape != shape:
        extra = len(grad_shape) - len(shape)
        lead = max(extra, 0)
        core = shape[max(-extra, 0) :]
        axes = tuple(range(1, lead + 1)) + tuple(
            lead + 1 + i for i, n in enumerate(core) if n == 1 and grad_shape[lead + i] != 1
        )
        if axes:
            t = np.sum(t, axis=axes)
    return np.reshape(t, np.shape(t)[:1] + shape)


def expand_reduced_batch(t, x, axis=None, keepdims=False):
    """``expand_reduced(row, x, axis, keepdims)`` for every row of ``t``."""
    if keepdims:
        return t
    return np.expand_dims(t, tuple(a + 1 for a in reduced_axes(x, axis)))


def zeros_like_batch(ts, xs):
    """One batch per element of ``xs``: ``ts``'s, or zeros where it holds None."""
    if not isinstance(ts, (list, tuple)):  # one batch per element, never rows to zip with
        raise TypeError(f"the tangent of a sequence is a {type(ts).__name__}, not a list")
    batch = next(len(as_batch(t)) for t in ts if t is not None)
    return [
        np.zeros((batch, *np.shape(x)), np.result_type(x, float)) if t is None else as_batch(t)
        for t, x in zip(ts, xs, strict=True)
    ]


# ---- the batched forms of the gradient helpers' tangents (see helpers.py) ----
@batched_jvp_rule(unbroadcast, "grad")
def unbroadcast_dgrad_batched(ans, dgrad, grad, x):
    return unbroadcast_batch(dgrad, grad, x)


@batched_jvp_rule(expand_reduced, "grad")
def expand_reduced_dgrad_batched(ans, dgrad, grad, x, axis=None, keepdims=False):
    return expand_reduced_batch(dgrad, x, axis, keepdims)


@batched_jvp_rule(unreduce, "grad")
def unreduce_dgrad_batched(ans, dgrad, grad, x, axis=None, keepdims=False):
    return broadcast_batch(expand_reduced_batch(dgrad, x, axis, keepdims), ans)
