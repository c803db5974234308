"""Rules for the Kronecker and cross products (reverse and forward rules side by side).

``np.kron(a, b)`` multiplies every entry of ``a`` with every entry of ``b``: seen as an
array with axes interleaved ``(a0, b0, a1, b1, ...)`` it is an outer product, so each
operand's gradient sums ``g`` times the other operand over the other's axes.

``np.cross``: ``d<g, a x b>/da = b x g`` and ``/db = g x a``, a 2-vector taken as a
3-vector with a zero z component.
"""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .registry import jvp_rule, nondifferentiable, vjp_rule


def _kron_layout(a, b):
    """(a's shape, b's shape), both padded with leading ones to the same length."""
    n = max(np.ndim(a), np.ndim(b))
    shape_a = (1,) * (n - np.ndim(a)) + np.shape(a)
    shape_b = (1,) * (n - np.ndim(b)) + np.shape(b)
    return shape_a, shape_b


def _interleaved(shape_a, shape_b, g):
    pairs = [size for pair in zip(shape_a, shape_b, strict=True) for size in pair]
    return np.reshape(g, pairs)


@vjp_rule(np.kron, "a", name="KronBackward0")
def kron_a(g, ans, a, b):
    shape_a, shape_b = _kron_layout(a, b)
    spread_b = np.reshape(b, [n for size in shape_b for n in (1, size)])
    parts = _interleaved(shape_a, shape_b, g) * spread_b
    summed = np.sum(parts, axis=tuple(range(1, 2 * len(shape_a), 2)))
    return np.reshape(summed, np.shape(a))


@vjp_rule(np.kron, "b")
def kron_b(g, ans, a, b):
    shape_a, shape_b = _kron_layout(a, b)
    spread_a = np.reshape(a, [n for size in shape_a for n in (size, 1)])
    parts = _interleaved(shape_a, shape_b, g) * spread_a
    summed = np.sum(parts, axis=tuple(range(0, 2 * len(shape_a), 2)))
    return np.reshape(summed, np.shape(b))


@jvp_rule(np.kron, "a")
def kron_da(ans, da, a, b):
    return np.kron(da, b)


@jvp_rule(np.kron, "b")
def kron_db(ans, db, a, b):
    return np.kron(a, db)


def _cross_axes(axisa, axisb, axisc, axis):
    return (axis, axis, axis) if axis is not None else (axisa, axisb, axisc)


def _vectors_last(x, axis):
    """The vectors of ``x`` along the last axis, a 2-vector ``(x0, x1)`` as ``(x0, x1, 0)``."""
    x = np.moveaxis(x, axis, -1)
    if np.shape(x)[-1] == 2:
        x = np.concatenate([x, np.zeros_like(x[..., :1])], axis=-1)
    return x


def _output_vectors(g, a, b, axisa, axisb, axisc):
    """The output gradient as 3-vectors along the last axis: for two 2-vectors NumPy
    returns only the z component, the other two are 0."""
    if np.shape(a)[axisa] == 2 and np.shape(b)[axisb] == 2:
        zero = np.zeros_like(g)
        return np.stack([zero, zero, g], axis=-1)
    return np.moveaxis(g, axisc, -1)


def _cross_grad(first, second, target, axis_target):
    """``first x second`` (3-vectors last) summed to ``target``'s shape, its vectors moved
    to ``axis_target`` and cut to their length (2 or 3)."""
    moved_target = np.moveaxis(target, axis_target, -1)
    product = np.cross(first, second)[..., : np.shape(moved_target)[-1]]
    return np.moveaxis(unbroadcast(product, moved_target), -1, axis_target)


@vjp_rule(np.cross, "a", name="LinalgCrossBackward0")
def cross_a(g, ans, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    axisa, axisb, axisc = _cross_axes(axisa, axisb, axisc, axis)
    vectors = _output_vectors(g, a, b, axisa, axisb, axisc)
    return _cross_grad(_vectors_last(b, axisb), vectors, a, axisa)


@vjp_rule(np.cross, "b")
def cross_b(g, ans, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    axisa, axisb, axisc = _cross_axes(axisa, axisb, axisc, axis)
    vectors = _output_vectors(g, a, b, axisa, axisb, axisc)
    return _cross_grad(vectors, _vectors_last(a, axisa), b, axisb)


def _cross(a, b, axisa, axisb, axisc, axis):
    """``np.cross`` with 2-vectors taken as 3-vectors (NumPy 2 deprecates 2-vectors)."""
    axisa, axisb, axisc = _cross_axes(axisa, axisb, axisc, axis)
    product = np.cross(_vectors_last(a, axisa), _vectors_last(b, axisb))
    if np.shape(a)[axisa] == 2 and np.shape(b)[axisb] == 2:
        return product[..., 2]
    return np.moveaxis(product, -1, axisc)


@jvp_rule(np.cross, "a")
def cross_da(ans, da, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return _cross(da, b, axisa, axisb, axisc, axis)


@jvp_rule(np.cross, "b")
def cross_db(ans, db, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return _cross(a, db, axisa, axisb, axisc, axis)


# A helper that computes shapes only: its result carries no gradient.
nondifferentiable(_kron_layout)
