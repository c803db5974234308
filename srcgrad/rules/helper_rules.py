"""Rules for the helpers that rules themselves call (``unbroadcast``, ``unreduce``...).

Generated gradient code calls these helpers. Giving them rules makes that code
differentiable in turn: ``srcgrad.grad(srcgrad.grad(f))`` and ``srcgrad.hessian`` transform
a generated gradient again. Each helper is linear in the gradient it reshapes, so its
tangent applies the helper to the tangent, and its vector-Jacobian product undoes the
reshaping; its other arguments only give shapes.
"""

from __future__ import annotations

import numpy as np

from .helpers import (
    expand_reduced,
    inverse_permutation,
    reduced_axes,
    reduced_size,
    unbroadcast,
    unreduce,
)
from .registry import jvp_rule, nondifferentiable, returns_view, shape_only, vjp_rule

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
