"""Small NumPy helpers that derivative rules share. They run on arrays and on Tensors.

They read sizes from shapes (never ``np.size`` or ``np.asarray``), so that on a lazy array
such as a dask array they compute nothing.
"""

from __future__ import annotations

import math

import numpy as np

from .registry import (
    jvp_rule,
    nondifferentiable,
    returns_view,
    shape_only,
    vjp_rule,
)


def unbroadcast(grad, x):
    """Sum ``grad`` down to the shape of ``x``, undoing NumPy broadcasting.

    >>> unbroadcast(np.ones((3, 2)), np.zeros(2))
    array([3., 3.])
    """
    if type(grad) is float:  # a Python float output: every operand was a Python number
        return grad
    shape = x.shape if hasattr(x, "shape") else np.shape(x)
    if (grad.shape if hasattr(grad, "shape") else np.shape(grad)) == shape:
        return grad
    # Leading axes of grad that x lacks are summed away; leading length-1 axes of x that grad
    # lacks (allowed on the value side of ``x[i] = value``) are restored by the reshape.
    extra = np.ndim(grad) - len(shape)
    lead = max(extra, 0)
    core = shape[max(-extra, 0) :]
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(core) if n == 1 and np.shape(grad)[lead + i] != 1
    )
    if axes:
        grad = np.sum(grad, axis=axes)
    return np.reshape(grad, shape)


def is_float_like(x) -> bool:
    """True when ``x`` can carry a gradient (floating or complex dtype, or Python float)."""
    kind = np.result_type(x).kind
    return kind in "fc"


def reduced_axes(x, axis=None) -> tuple[int, ...]:
    """The axes a reduction over ``axis`` removes from ``x``, as sorted non-negative ints.

    >>> reduced_axes(np.zeros((2, 3, 4)), (-1, 0))
    (0, 2)
    """
    ndim = np.ndim(x)
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(sorted(int(a) % ndim for a in axes))


def expand_reduced(grad, x, axis=None, keepdims=False):
    """Give ``grad`` (shaped like a reduction of ``x``) back the reduced axes, with length 1.

    >>> np.shape(expand_reduced(np.zeros(3), np.zeros((2, 3)), axis=0))
    (1, 3)
    """
    if keepdims:
        return grad
    return np.expand_dims(grad, reduced_axes(x, axis))


def unreduce(grad, x, axis=None, keepdims=False):
    """Broadcast the gradient of a reduction of ``x`` over ``axis`` back to ``x``'s shape.

    >>> unreduce(np.array([1.0, 2.0]), np.zeros((2, 3)), axis=1)[1]
    array([2., 2., 2.])
    """
    return np.broadcast_to(expand_reduced(grad, x, axis, keepdims), np.shape(x))


def size_of(x) -> int:
    """The number of elements of ``x``, from its shape alone (a lazy array stays lazy).

    >>> size_of(np.zeros((2, 3))), size_of(2.0)
    (6, 1)
    """
    return math.prod(np.shape(x))


def reduced_size(x, ans) -> int:
    """How many elements of ``x`` went into each element of its reduction ``ans``."""
    return size_of(x) // max(size_of(ans), 1)


def inverse_permutation(axes, ndim: int):
    """The axes that undo ``np.transpose(x, axes)``; None (reversal) undoes itself.

    >>> inverse_permutation((2, 0, 1), 3)
    (1, 2, 0)
    """
    if axes is None:
        return None
    axes = [int(a) % ndim for a in axes]
    return tuple(sorted(range(ndim), key=axes.__getitem__))


def along_axis_index(shape, indices, axis):
    """The index ``np.put_along_axis`` and ``np.take_along_axis`` use along ``axis``: an
    open grid over the other axes, ``indices`` along ``axis``.

    >>> along_axis_index((2, 3), np.array([[2], [0]]), 1)[1]
    array([[2],
           [0]])
    """
    axis = axis % len(shape)
    index = []
    for dim, length in enumerate(shape):
        if dim == axis:
            index.append(indices)
        else:
            place = [1] * len(shape)
            place[dim] = length
            index.append(np.reshape(np.arange(length), place))
    return tuple(index)


# ---- rules for the helpers above ----
# Rules for the helpers that rules themselves call (``unbroadcast``, ``unreduce``...).
#
# Generated gradient code calls these helpers. Giving them rules makes that code
# differentiable in turn: ``srcgrad.grad(srcgrad.grad(f))`` and ``srcgrad.hessian`` transform
# a generated gradient again. Each helper is linear in the gradient it reshapes, so its
# tangent applies the helper to the tangent, and its vector-Jacobian product undoes the
# reshaping; its other arguments only give shapes.

nondifferentiable(reduced_size, reduced_axes, inverse_permutation)
returns_view(unbroadcast, expand_reduced, unreduce)  # may return the gradient itself
shape_only(unbroadcast, "x")
shape_only(expand_reduced, "x")
shape_only(unreduce, "x")


def broadcast_back(g, like):
    """``g`` (shaped like ``unbroadcast``'s result) spread back to the shape of ``like``."""
    extra = np.ndim(g) - np.ndim(like)
    if extra > 0:  # leading length-1 axes that ``like`` lacks
        g = np.reshape(g, np.shape(g)[extra:])
    return np.broadcast_to(g, np.shape(like))


@vjp_rule(unbroadcast, "grad", name="UnbroadcastBackward")
def unbroadcast_grad(g, ans, grad, x):
    return broadcast_back(g, grad)


@jvp_rule(unbroadcast, "grad")
def unbroadcast_dgrad(ans, dgrad, grad, x):
    return unbroadcast(dgrad, x)


@vjp_rule(expand_reduced, "grad", name="ExpandReducedBackward")
def expand_reduced_grad(g, ans, grad, x, axis=None, keepdims=False):
    return np.reshape(g, np.shape(grad))


@jvp_rule(expand_reduced, "grad")
def expand_reduced_dgrad(ans, dgrad, grad, x, axis=None, keepdims=False):
    return expand_reduced(dgrad, x, axis, keepdims)


@vjp_rule(unreduce, "grad", name="UnreduceBackward")
def unreduce_grad(g, ans, grad, x, axis=None, keepdims=False):
    summed = np.sum(g, axis=reduced_axes(x, axis), keepdims=True)
    return np.reshape(summed, np.shape(grad))


@jvp_rule(unreduce, "grad")
def unreduce_dgrad(ans, dgrad, grad, x, axis=None, keepdims=False):
    return unreduce(dgrad, x, axis, keepdims)
