"""Rules for functions that move, copy or join elements without arithmetic: transpose,
reshape, ravel, squeeze, expand_dims, broadcast_to, swapaxes, moveaxis, flip, tile,
repeat, atleast_Nd, concatenate, stack, hstack, vstack.

Joining functions take a sequence of arrays; their rules (``vjp_rule_all``) return a
tuple whose first entry is a list with one gradient per array in the sequence. The tuple
covers the leading positional parameters only: a missing trailing entry (``axis``)
means no gradient.

``np.atleast_1d/2d/3d`` are covered for one argument (the form that returns one array).
"""

from __future__ import annotations

import operator

import numpy as np

from .batch_helpers import batch_axis, broadcast_batch, rows_apply, rows_reshaped, zeros_like_batch
from .helpers import inverse_permutation, size_of, unbroadcast
from .indexing import scatter_add
from .registry import (
    batched_jvp_rule,
    batched_jvp_rule_all,
    jvp_rule,
    jvp_rule_all,
    returns_view,
    vjp_rule,
    vjp_rule_all,
)
from .tangent_helpers import tangents_or_zeros


def _transpose_name(x, axes=None):
    return "TBackward0" if np.ndim(x) == 2 and axes is None else "PermuteBackward0"


@vjp_rule(np.transpose, "x", name="PermuteBackward0", name_for=_transpose_name)
def transpose_x(g, ans, x, axes=None):
    return np.transpose(g, inverse_permutation(axes, np.ndim(x)))


@batched_jvp_rule(np.transpose, "x")
def transpose_dx_batched(ans, dx, x, axes=None):
    if axes is None:
        return np.transpose(dx, (0, *range(np.ndim(x), 0, -1)))
    return np.transpose(dx, (0, *(operator.index(a) % np.ndim(x) + 1 for a in axes)))


@jvp_rule(np.transpose, "x")
def transpose_dx(ans, dx, x, axes=None):
    return np.transpose(dx, axes=axes)


@vjp_rule(np.copy, "a", name="CloneBackward0")
def copy_a(g, ans, a, order="K", subok=False):
    return g


@batched_jvp_rule(np.copy, "a")
def copy_da_batched(ans, da, a, order="K", subok=False):
    return np.copy(da)


@jvp_rule(np.copy, "a")
def copy_da(ans, da, a, order="K", subok=False):
    return np.copy(da)


@vjp_rule(np.reshape, "x", name="ViewBackward0")
def reshape_x(g, ans, x, shape=None, order="C"):
    if order == "C":  # NumPy's default, left out for array types whose reshape has no order=
        return np.reshape(g, np.shape(x))
    return np.reshape(g, np.shape(x), order=order)


@batched_jvp_rule(np.reshape, "x")
def reshape_dx_batched(ans, dx, x, shape=None, order="C"):
    if order == "C":
        return rows_reshaped(dx, ans)
    return rows_apply(np.reshape, dx, shape, order=order)


@jvp_rule(np.reshape, "x")
def reshape_dx(ans, dx, x, shape=None, order="C"):
    return np.reshape(dx, shape, order=order)


@vjp_rule(np.ravel, "x", name="ViewBackward0")
def ravel_x(g, ans, x, order="C"):
    if order == "F":
        return np.reshape(g, np.shape(x), order="F")
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.ravel, "x")
def ravel_dx_batched(ans, dx, x, order="C"):
    if order == "C":
        return rows_reshaped(dx, ans)
    return rows_apply(np.ravel, dx, order=order)


@jvp_rule(np.ravel, "x")
def ravel_dx(ans, dx, x, order="C"):
    return np.ravel(dx, order=order)


@vjp_rule(np.squeeze, "x", name="SqueezeBackward0")
def squeeze_x(g, ans, x, axis=None):
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.squeeze, "x")
def squeeze_dx_batched(ans, dx, x, axis=None):
    return rows_reshaped(dx, ans)


@jvp_rule(np.squeeze, "x")
def squeeze_dx(ans, dx, x, axis=None):
    return np.squeeze(dx, axis=axis)


@vjp_rule(np.expand_dims, "x", name="UnsqueezeBackward0")
def expand_dims_x(g, ans, x, axis):
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.expand_dims, "x")
def expand_dims_dx_batched(ans, dx, x, axis):
    return rows_reshaped(dx, ans)


@jvp_rule(np.expand_dims, "x")
def expand_dims_dx(ans, dx, x, axis):
    return np.expand_dims(dx, axis)


@vjp_rule(np.broadcast_to, "x", name="ExpandBackward0")
def broadcast_to_x(g, ans, x, shape, subok=False):
    return unbroadcast(g, x)


@batched_jvp_rule(np.broadcast_to, "x")
def broadcast_to_dx_batched(ans, dx, x, shape, subok=False):
    return broadcast_batch(dx, ans)


@jvp_rule(np.broadcast_to, "x")
def broadcast_to_dx(ans, dx, x, shape, subok=False):
    return np.broadcast_to(dx, shape)


@vjp_rule(np.swapaxes, "x", name="TransposeBackward0")
def swapaxes_x(g, ans, x, axis1, axis2):
    return np.swapaxes(g, axis1, axis2)


@batched_jvp_rule(np.swapaxes, "x")
def swapaxes_dx_batched(ans, dx, x, axis1, axis2):
    return np.swapaxes(dx, batch_axis(axis1, x), batch_axis(axis2, x))


@jvp_rule(np.swapaxes, "x")
def swapaxes_dx(ans, dx, x, axis1, axis2):
    return np.swapaxes(dx, axis1, axis2)


@vjp_rule(np.moveaxis, "x", name="PermuteBackward0")
def moveaxis_x(g, ans, x, source, destination):
    return np.moveaxis(g, destination, source)


@batched_jvp_rule(np.moveaxis, "x")
def moveaxis_dx_batched(ans, dx, x, source, destination):
    return np.moveaxis(dx, batch_axis(source, x), batch_axis(destination, x))


@jvp_rule(np.moveaxis, "x")
def moveaxis_dx(ans, dx, x, source, destination):
    return np.moveaxis(dx, source, destination)


@vjp_rule(np.flip, "x", name="FlipBackward0")
def flip_x(g, ans, x, axis=None):
    return np.flip(g, axis)


@batched_jvp_rule(np.flip, "x")
def flip_dx_batched(ans, dx, x, axis=None):
    return np.flip(dx, axis=batch_axis(axis, x))


@jvp_rule(np.flip, "x")
def flip_dx(ans, dx, x, axis=None):
    return np.flip(dx, axis=axis)


@vjp_rule(np.tile, "x", name="RepeatBackward0")
def tile_x(g, ans, x, reps):
    # ans has, for each axis, reps[i] copies of x's axis i: view g as interleaved
    # (copies, size) pairs and sum over the copies.
    reps = tuple(reps) if np.ndim(reps) else (int(reps),)
    ndim = max(len(reps), np.ndim(x))
    sizes = (1,) * (ndim - np.ndim(x)) + np.shape(x)
    copies = (1,) * (ndim - len(reps)) + reps
    pairs = [n for pair in zip(copies, sizes, strict=True) for n in pair]
    summed = np.sum(np.reshape(g, pairs), axis=tuple(range(0, 2 * ndim, 2)))
    return np.reshape(summed, np.shape(x))


@jvp_rule(np.tile, "x")
def tile_dx(ans, dx, x, reps):
    return np.tile(dx, reps)


@vjp_rule(np.repeat, "x", name="RepeatInterleaveBackward0")
def repeat_x(g, ans, x, repeats, axis=None):
    # ans is x indexed by [0, 0, .., 1, 1, ..] along the axis; undo that indexing.
    if axis is None:
        source = np.repeat(np.arange(np.size(x)), repeats)
        return np.reshape(scatter_add(g, source, (np.size(x),)), np.shape(x))
    axis = axis % np.ndim(x)
    source = np.repeat(np.arange(np.shape(x)[axis]), repeats)
    return scatter_add(g, (slice(None),) * axis + (source,), np.shape(x))


@batched_jvp_rule(np.repeat, "x")
def repeat_dx_batched(ans, dx, x, repeats, axis=None):
    if axis is None:  # over the flattened array
        return np.repeat(np.reshape(dx, (len(dx), -1)), repeats, axis=1)
    return np.repeat(dx, repeats, axis=batch_axis(axis, x))


@jvp_rule(np.repeat, "x")
def repeat_dx(ans, dx, x, repeats, axis=None):
    return np.repeat(dx, repeats, axis=axis)


@vjp_rule(np.atleast_1d, "x", name="ViewBackward0")
def atleast_1d_x(g, ans, x):
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.atleast_1d, "x")
def atleast_1d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@jvp_rule(np.atleast_1d, "x")
def atleast_1d_dx(ans, dx, x):
    return np.atleast_1d(dx)


@vjp_rule(np.atleast_2d, "x", name="ViewBackward0")
def atleast_2d_x(g, ans, x):
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.atleast_2d, "x")
def atleast_2d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@jvp_rule(np.atleast_2d, "x")
def atleast_2d_dx(ans, dx, x):
    return np.atleast_2d(dx)


@vjp_rule(np.atleast_3d, "x", name="ViewBackward0")
def atleast_3d_x(g, ans, x):
    return np.reshape(g, np.shape(x))


@batched_jvp_rule(np.atleast_3d, "x")
def atleast_3d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@jvp_rule(np.atleast_3d, "x")
def atleast_3d_dx(ans, dx, x):
    return np.atleast_3d(dx)


def _split(g, arrays, axis, sizes):
    """Cut ``g`` along ``axis`` into pieces of ``sizes``, each reshaped like its array."""
    pieces = []
    start = 0
    for array, size in zip(arrays, sizes, strict=True):
        index = (slice(None),) * axis + (slice(start, start + size),)
        pieces.append(np.reshape(g[index], np.shape(array)))
        start += size
    return pieces


@vjp_rule_all(np.concatenate, name="CatBackward0")
def concatenate_all(g, ans, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    if axis is None:
        return (_split(g, arrays, 0, [size_of(a) for a in arrays]),)
    axis = axis % np.ndim(ans)
    return (_split(g, arrays, axis, [np.shape(a)[axis] for a in arrays]),)


@batched_jvp_rule_all(np.concatenate)
def concatenate_batched(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = zeros_like_batch(tangents[0], arrays)
    if axis is None:  # the arrays flattened
        return np.concatenate([np.reshape(p, (len(p), -1)) for p in parts], axis=1)
    return np.concatenate(parts, axis=batch_axis(axis, arrays[0]))


@jvp_rule_all(np.concatenate)
def concatenate_tangent(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.concatenate(tangents_or_zeros(tangents[0], arrays), axis=axis)


@vjp_rule_all(np.stack, name="StackBackward0")
def stack_all(g, ans, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    axis = axis % np.ndim(ans)
    return ([g[(slice(None),) * axis + (i,)] for i in range(len(arrays))],)


@batched_jvp_rule_all(np.stack)
def stack_batched(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.stack(zeros_like_batch(tangents[0], arrays), axis=batch_axis(axis, ans))


@jvp_rule_all(np.stack)
def stack_tangent(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.stack(tangents_or_zeros(tangents[0], arrays), axis=axis)


@vjp_rule_all(np.hstack, name="CatBackward0")
def hstack_all(g, ans, tup, dtype=None, casting="same_kind"):
    # 1-D arrays (and scalars) are joined along axis 0, everything else along axis 1.
    axis = 0 if np.ndim(ans) == 1 else 1
    return (_split(g, tup, axis, [np.shape(a)[axis] if np.ndim(a) else 1 for a in tup]),)


@jvp_rule_all(np.hstack)
def hstack_tangent(ans, tangents, tup, dtype=None, casting="same_kind"):
    return np.hstack(tangents_or_zeros(tangents[0], tup))


@vjp_rule_all(np.vstack, name="CatBackward0")
def vstack_all(g, ans, tup, dtype=None, casting="same_kind"):
    return (_split(g, tup, 0, [np.shape(a)[0] if np.ndim(a) >= 2 else 1 for a in tup]),)


@jvp_rule_all(np.vstack)
def vstack_tangent(ans, tangents, tup, dtype=None, casting="same_kind"):
    return np.vstack(tangents_or_zeros(tangents[0], tup))


# Results that may share memory with the argument: a later write into one shows in the other.
returns_view(
    np.reshape,
    np.transpose,
    np.ravel,
    np.squeeze,
    np.expand_dims,
    np.swapaxes,
    np.moveaxis,
    np.broadcast_to,
    np.flip,
    np.atleast_1d,
    np.atleast_2d,
    np.atleast_3d,
    np.diagonal,
    np.diag,
    np.einsum,
)
