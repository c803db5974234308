"""NumPy 2's array-API names, grids, and spellings of functions that have rules.

``np.linalg.vector_norm``, ``np.vecdot``, ``np.matrix_transpose``, ``np.cumulative_sum``
and the ``np.linalg`` copies of ``matmul``, ``outer``, ``trace``... are the functions that
have rules under their array-API names: each is defined here by them, and both engines
differentiate the definition (see ``definitions.py``). ``np.meshgrid`` and
``np.broadcast_arrays`` take any number of arrays and have rules of their own.
``tests/rules/test_array_api.py`` checks every entry's value against NumPy and its
gradient against finite differences.
"""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .registry import (
    UnsupportedDerivative,
    defined_by,
    jvp_rule_all,
    nondifferentiable,
    returns_tuple,
    returns_view,
    vjp_rule_all,
)

# Positions, index arrays and predicates: no gradient.
nondifferentiable(
    np.indices,
    np.tril_indices_from,
    np.triu_indices_from,
    np.diag_indices_from,
    np.ravel_multi_index,
    np.unravel_index,
    np.lexsort,
    np.argpartition,
    np.isin,
    np.isreal,
    np.iscomplex,
    np.isrealobj,
    np.iscomplexobj,
    np.may_share_memory,
    np.shares_memory,
)


# ---- the array-API names ----------------------------------------------------------------
@defined_by(np.matrix_transpose)
def matrix_transpose(x):
    return np.swapaxes(x, -1, -2)


@defined_by(np.linalg.matrix_transpose)
def linalg_matrix_transpose(x):
    return np.swapaxes(x, -1, -2)


@defined_by(np.vecdot)
def vecdot(x1, x2, axis=-1):
    return np.sum(np.conj(x1) * x2, axis=axis)


@defined_by(np.linalg.vecdot)
def linalg_vecdot(x1, x2, axis=-1):
    return np.sum(np.conj(x1) * x2, axis=axis)


@defined_by(np.matvec)
def matvec(x1, x2):
    return np.matmul(x1, np.expand_dims(x2, -1))[..., 0]


@defined_by(np.vecmat)
def vecmat(x1, x2):
    return np.matmul(np.expand_dims(np.conj(x1), -2), x2)[..., 0, :]


@defined_by(np.cumulative_sum)
def cumulative_sum(x, axis=None, dtype=None, out=None, include_initial=False):
    axis = _cumulative_axis(x, axis, "cumulative_sum")
    total = np.cumsum(x, axis=axis)
    if include_initial:
        start = np.zeros_like(np.take(total, [0], axis=axis))
        total = np.concatenate([start, total], axis=axis)
    return total


@defined_by(np.cumulative_prod)
def cumulative_prod(x, axis=None, dtype=None, out=None, include_initial=False):
    axis = _cumulative_axis(x, axis, "cumulative_prod")
    product = np.cumprod(x, axis=axis)
    if include_initial:
        start = np.ones_like(np.take(product, [0], axis=axis))
        product = np.concatenate([start, product], axis=axis)
    return product


def _cumulative_axis(x, axis, name):
    if axis is None:
        if np.ndim(x) > 1:
            raise ValueError(f"np.{name}: axis must be given for an array of more than one axis")
        return 0
    return axis


nondifferentiable(_cumulative_axis)


@defined_by(np.linalg.matmul)
def linalg_matmul(x1, x2):
    return np.matmul(x1, x2)


@defined_by(np.linalg.outer)
def linalg_outer(x1, x2):
    return np.outer(x1, x2)


@defined_by(np.linalg.tensordot)
def linalg_tensordot(x1, x2, axes=2):
    return np.tensordot(x1, x2, axes=axes)


@defined_by(np.linalg.trace)
def linalg_trace(x, offset=0, dtype=None):
    return np.trace(x, offset=offset, axis1=-2, axis2=-1)


@defined_by(np.linalg.diagonal)
def linalg_diagonal(x, offset=0):
    return np.diagonal(x, offset=offset, axis1=-2, axis2=-1)


@defined_by(np.linalg.cross)
def linalg_cross(x1, x2, axis=-1):
    return np.cross(x1, x2, axis=axis)


@defined_by(np.linalg.multi_dot)
def multi_dot(arrays, out=None):
    result = arrays[0]
    for k in range(1, len(arrays)):
        result = np.dot(result, arrays[k])
    return result


@defined_by(np.linalg.matrix_norm)
def matrix_norm(x, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)


@defined_by(np.linalg.vector_norm)
def vector_norm(x, axis=None, keepdims=False, ord=2):
    if axis is None:
        norm = np.linalg.norm(np.ravel(x), ord=ord)
        return np.reshape(norm, (1,) * np.ndim(x)) if keepdims else norm
    if isinstance(axis, tuple) and len(axis) > 1:
        if ord != 2:
            raise UnsupportedDerivative(
                "np.linalg.vector_norm over several axes is differentiated for ord=2 only"
            )
        return np.sqrt(np.sum(np.abs(x) ** 2, axis=axis, keepdims=keepdims))
    return np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


@defined_by(np.linalg.svdvals)
def svdvals(x):
    return np.linalg.svd(x, compute_uv=False)


@defined_by(np.linalg.cond)
def cond(x, p=None):
    if p is None or p == 2 or p == -2:
        s = np.linalg.svd(x, compute_uv=False)
        if p == -2:
            return s[..., -1] / s[..., 0]
        return s[..., 0] / s[..., -1]
    return np.linalg.norm(x, ord=p, axis=(-2, -1)) * np.linalg.norm(
        np.linalg.inv(x), ord=p, axis=(-2, -1)
    )


# ---- other spellings ----------------------------------------------------------------------
@defined_by(np.diagflat)
def diagflat(v, k=0):
    return np.diag(np.ravel(v), k)


@defined_by(np.ediff1d)
def ediff1d(ary, to_end=None, to_begin=None):
    parts = [] if to_begin is None else [np.ravel(to_begin)]
    parts.append(np.diff(np.ravel(ary)))
    if to_end is not None:
        parts.append(np.ravel(to_end))
    return np.concatenate(parts)


# ---- grids: any number of arrays ------------------------------------------------------------
def _grid_axes(count, indexing):
    """The axis of the grids along which input k varies."""
    axes = list(range(count))
    if indexing == "xy" and count >= 2:
        axes[0], axes[1] = 1, 0
    return axes


nondifferentiable(_grid_axes)
returns_tuple(np.meshgrid)


@vjp_rule_all(np.meshgrid, name="MeshgridBackward0")
def meshgrid_all(g, ans, *xi, copy=True, sparse=False, indexing="xy"):
    grads = []
    for x, gk, axis in zip(xi, g, _grid_axes(len(xi), indexing)):
        if gk is None:  # that grid got no gradient
            grads.append(np.zeros(np.shape(x)))
            continue
        others = tuple(i for i in range(np.ndim(gk)) if i != axis)
        grads.append(np.reshape(np.sum(gk, axis=others), np.shape(x)))
    return tuple(grads)


@jvp_rule_all(np.meshgrid)
def meshgrid_tangents(ans, tangents, *xi, copy=True, sparse=False, indexing="xy"):
    filled = [np.zeros(np.shape(x)) if t is None else t for x, t in zip(xi, tangents)]
    return tuple(np.meshgrid(*filled, sparse=sparse, indexing=indexing))


returns_tuple(np.broadcast_arrays)
returns_view(
    np.broadcast_arrays, np.matrix_transpose, np.linalg.matrix_transpose, np.linalg.diagonal
)


@vjp_rule_all(np.broadcast_arrays, name="ExpandBackward0")
def broadcast_arrays_all(g, ans, *args, subok=False):
    return tuple(
        np.zeros(np.shape(x)) if gk is None else unbroadcast(gk, x) for x, gk in zip(args, g)
    )


@jvp_rule_all(np.broadcast_arrays)
def broadcast_arrays_tangents(ans, tangents, *args, subok=False):
    shape = np.shape(ans[0])
    return tuple(np.zeros(shape) if t is None else np.broadcast_to(t, shape) for t in tangents)
