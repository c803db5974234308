"""Rules for products and linear algebra: matmul (``@``), dot, inner, outer, tensordot,
trace, diag, diagonal, linalg.inv, linalg.solve, linalg.det. Einsum is in ``einsum.py``.

``matmul`` follows NumPy's promotion: a 1-D left operand is a row, a 1-D right operand a
column, and leading (batch) axes broadcast; each gradient is summed back to its operand's
shape. ``dot`` of arrays of 2 or fewer dimensions is ``matmul``; in general it is a
``tensordot`` over ``x``'s last and ``y``'s second-to-last axis, and a product when
either side is a scalar. ``solve(a, b)`` treats a 1-D ``b`` as one vector and anything
else as (a stack of) matrices, as NumPy 2 does. ``det``'s gradient uses ``inv(a)``, so it
needs an invertible matrix.
"""

from __future__ import annotations

import numpy as np

from .batch_helpers import lift, matmul_rows, rows_apply, rows_matmul
from .helpers import unbroadcast
from .indexing import scatter_add
from .registry import batched_jvp_rule, jvp_rule, vjp_rule


def _matmul_name(x, y, *args, **kwargs):
    """PyTorch's names: matrix-matrix, matrix-vector, vector-vector, batched."""
    ndims = (np.ndim(x), np.ndim(y))
    names = {(2, 2): "MmBackward0", (1, 2): "MmBackward0", (2, 1): "MvBackward0"}
    names[(1, 1)] = "DotBackward0"
    names[(3, 3)] = "BmmBackward0"
    return names.get(ndims, "MatmulBackward0")


def _as_matrices(g, x, y):
    """View matmul's operands and output gradient as (stacks of) matrices."""
    if np.ndim(y) == 1:
        y = np.expand_dims(y, 1)
        g = np.expand_dims(g, -1)
    if np.ndim(x) == 1:
        x = np.expand_dims(x, 0)
        g = np.expand_dims(g, -2)
    return g, x, y


def _matrices(x, y):
    """True for two plain 2-D arrays, the common case with the short rule."""
    return isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim == 2 == y.ndim


def _mT(a):
    """The (batched) matrix transpose."""
    return np.swapaxes(a, -1, -2)


@vjp_rule(np.matmul, "x", name="MmBackward0", name_for=_matmul_name)
def matmul_x(g, ans, x, y):
    if _matrices(x, y):
        return g @ y.T
    g2, x2, y2 = _as_matrices(g, x, y)
    return np.reshape(unbroadcast(g2 @ _mT(y2), x2), np.shape(x))


@vjp_rule(np.matmul, "y")
def matmul_y(g, ans, x, y):
    if _matrices(x, y):
        return x.T @ g
    g2, x2, y2 = _as_matrices(g, x, y)
    return np.reshape(unbroadcast(_mT(x2) @ g2, y2), np.shape(y))


@batched_jvp_rule(np.matmul, "x")
def matmul_dx_batched(ans, dx, x, y):
    return rows_matmul(dx, y)


@batched_jvp_rule(np.matmul, "y")
def matmul_dy_batched(ans, dy, x, y):
    return matmul_rows(x, dy)


@jvp_rule(np.matmul, "x")
def matmul_dx(ans, dx, x, y):
    return dx @ y


@jvp_rule(np.matmul, "y")
def matmul_dy(ans, dy, x, y):
    return x @ dy


def _contracted(x, y, axes):
    """tensordot's ``axes`` as two lists of non-negative axes of ``x`` and ``y``."""
    if isinstance(axes, (int, np.integer)):
        return list(range(np.ndim(x) - axes, np.ndim(x))), list(range(axes))
    x_axes, y_axes = axes
    x_axes = [x_axes] if isinstance(x_axes, (int, np.integer)) else list(x_axes)
    y_axes = [y_axes] if isinstance(y_axes, (int, np.integer)) else list(y_axes)
    return [a % np.ndim(x) for a in x_axes], [a % np.ndim(y) for a in y_axes]


def _free(a, contracted):
    return [i for i in range(np.ndim(a)) if i not in contracted]


def _arrange(grad, sources):
    """Transpose ``grad``, whose axis k belongs to axis ``sources[k]``, into that order."""
    return np.transpose(grad, tuple(sorted(range(len(sources)), key=sources.__getitem__)))


@vjp_rule(np.tensordot, "x", name="TensordotBackward0")
def tensordot_x(g, ans, x, y, axes=2):
    # g's axes are x's free axes then y's; contract y's free axes with g's tail.
    x_axes, y_axes = _contracted(x, y, axes)
    x_free = _free(x, x_axes)
    grad = np.tensordot(g, y, axes=(list(range(len(x_free), np.ndim(g))), _free(y, y_axes)))
    # grad's axes: x's free axes, then y's contracted axes in increasing order.
    return _arrange(grad, x_free + [x_axes[y_axes.index(j)] for j in sorted(y_axes)])


@vjp_rule(np.tensordot, "y")
def tensordot_y(g, ans, x, y, axes=2):
    x_axes, y_axes = _contracted(x, y, axes)
    x_free = _free(x, x_axes)
    grad = np.tensordot(x, g, axes=(x_free, list(range(len(x_free)))))
    # grad's axes: x's contracted axes in increasing order, then y's free axes.
    return _arrange(grad, [y_axes[x_axes.index(i)] for i in sorted(x_axes)] + _free(y, y_axes))


@jvp_rule(np.tensordot, "x")
def tensordot_dx(ans, dx, x, y, axes=2):
    return np.tensordot(dx, y, axes=axes)


@jvp_rule(np.tensordot, "y")
def tensordot_dy(ans, dy, x, y, axes=2):
    return np.tensordot(x, dy, axes=axes)


def _dot_axes(x, y):
    return ([np.ndim(x) - 1], [max(np.ndim(y) - 2, 0)])


@vjp_rule(np.dot, "x", name="MmBackward0", name_for=_matmul_name)
def dot_x(g, ans, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        return unbroadcast(g * y, x)
    return tensordot_x(g, ans, x, y, _dot_axes(x, y))


@vjp_rule(np.dot, "y")
def dot_y(g, ans, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        return unbroadcast(x * g, y)
    return tensordot_y(g, ans, x, y, _dot_axes(x, y))


@batched_jvp_rule(np.dot, "x")
def dot_dx_batched(ans, dx, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:  # a product with a number
        return lift(dx, ans) * y
    if np.ndim(y) <= 2:  # dot is matmul here
        return rows_matmul(dx, y)
    return rows_apply(np.dot, dx, y)


@batched_jvp_rule(np.dot, "y")
def dot_dy_batched(ans, dy, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        return x * lift(dy, ans)
    if np.ndim(x) <= 2 and np.ndim(y) <= 2:
        return matmul_rows(x, dy)
    return np.stack([np.dot(x, row) for row in dy])


@jvp_rule(np.dot, "x")
def dot_dx(ans, dx, x, y):
    return np.dot(dx, y)


@jvp_rule(np.dot, "y")
def dot_dy(ans, dy, x, y):
    return np.dot(x, dy)


@vjp_rule(np.inner, "x", name="InnerBackward0")
def inner_x(g, ans, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        return unbroadcast(g * y, x)
    return tensordot_x(g, ans, x, y, ([-1], [-1]))


@vjp_rule(np.inner, "y")
def inner_y(g, ans, x, y):
    if np.ndim(x) == 0 or np.ndim(y) == 0:
        return unbroadcast(x * g, y)
    return tensordot_y(g, ans, x, y, ([-1], [-1]))


@jvp_rule(np.inner, "x")
def inner_dx(ans, dx, x, y):
    return np.inner(dx, y)


@jvp_rule(np.inner, "y")
def inner_dy(ans, dy, x, y):
    return np.inner(x, dy)


@vjp_rule(np.outer, "x", name="OuterBackward0")
def outer_x(g, ans, x, y):
    return np.reshape(g @ np.ravel(y), np.shape(x))


@vjp_rule(np.outer, "y")
def outer_y(g, ans, x, y):
    return np.reshape(np.ravel(x) @ g, np.shape(y))


@jvp_rule(np.outer, "x")
def outer_dx(ans, dx, x, y):
    return np.outer(dx, y)


@jvp_rule(np.outer, "y")
def outer_dy(ans, dy, x, y):
    return np.outer(x, dy)


def _diagonal_index(shape, offset, axis1, axis2):
    """The index that picks ``np.diagonal(a, offset, axis1, axis2)``'s entries of ``a``,
    and the position of the diagonal axis in ``a[index]``."""
    ndim = len(shape)
    axis1, axis2 = axis1 % ndim, axis2 % ndim
    length = max(0, min(shape[axis1] - max(-offset, 0), shape[axis2] - max(offset, 0)))
    steps = np.arange(length)
    index = [slice(None)] * ndim
    index[axis1] = steps + max(-offset, 0)
    index[axis2] = steps + max(offset, 0)
    # NumPy puts the axis of two integer arrays where they stand if they are adjacent,
    # first otherwise.
    position = min(axis1, axis2) if abs(axis1 - axis2) == 1 else 0
    return tuple(index), position


def _undiagonal(g, shape, offset, axis1, axis2):
    """The gradient of ``np.diagonal``: ``g`` (diagonal last) placed on the diagonal."""
    index, position = _diagonal_index(shape, offset, axis1, axis2)
    return scatter_add(np.moveaxis(g, -1, position), index, shape)


@vjp_rule(np.diagonal, "x", name="DiagonalBackward0")
def diagonal_x(g, ans, x, offset=0, axis1=0, axis2=1):
    return _undiagonal(g, np.shape(x), offset, axis1, axis2)


@jvp_rule(np.diagonal, "x")
def diagonal_dx(ans, dx, x, offset=0, axis1=0, axis2=1):
    return np.diagonal(dx, offset=offset, axis1=axis1, axis2=axis2)


@vjp_rule(np.trace, "x", name="TraceBackward0")
def trace_x(g, ans, x, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    index, _ = _diagonal_index(np.shape(x), offset, axis1, axis2)
    length = np.shape(index[axis1 % np.ndim(x)])[0]
    diagonal_g = np.broadcast_to(np.expand_dims(g, -1), np.shape(g) + (length,))
    return _undiagonal(diagonal_g, np.shape(x), offset, axis1, axis2)


@jvp_rule(np.trace, "x")
def trace_dx(ans, dx, x, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return np.trace(dx, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)


@vjp_rule(np.diag, "v", name="DiagBackward0")
def diag_v(g, ans, v, k=0):
    # A vector becomes a matrix's k-th diagonal; a matrix gives up its k-th diagonal.
    if np.ndim(v) == 1:
        return np.diagonal(g, k)
    return _undiagonal(g, np.shape(v), k, 0, 1)


@jvp_rule(np.diag, "v")
def diag_dv(ans, dv, v, k=0):
    return np.diag(dv, k=k)


@vjp_rule(np.linalg.inv, "x", name="LinalgInvExBackward0")
def inv_x(g, ans, x):
    return -_mT(ans) @ g @ _mT(ans)


@batched_jvp_rule(np.linalg.inv, "x")
def inv_dx_batched(ans, dx, x):
    return -ans @ dx @ ans


@jvp_rule(np.linalg.inv, "x")
def inv_dx(ans, dx, x):
    return -ans @ dx @ ans


@vjp_rule(np.linalg.det, "x", name="LinalgDetBackward0")
def det_x(g, ans, x):
    return np.expand_dims(g * ans, (-2, -1)) * _mT(np.linalg.inv(x))


@jvp_rule(np.linalg.det, "x")
def det_dx(ans, dx, x):
    return ans * np.trace(np.linalg.solve(x, dx), axis1=-2, axis2=-1)


def _solve_parts(g, ans, a, b):
    """solve's gradients: for b, solve(a.T, g); for a, minus that times the solution."""
    if np.ndim(b) == 1:
        g, ans = np.expand_dims(g, -1), np.expand_dims(ans, -1)
    grad_b = np.linalg.solve(_mT(a), g)
    return grad_b, -grad_b @ _mT(ans)


@vjp_rule(np.linalg.solve, "a", name="LinalgSolveExBackward0")
def solve_a(g, ans, a, b):
    return unbroadcast(_solve_parts(g, ans, a, b)[1], a)


@vjp_rule(np.linalg.solve, "b")
def solve_b(g, ans, a, b):
    grad_b = _solve_parts(g, ans, a, b)[0]
    if np.ndim(b) == 1:
        return unbroadcast(grad_b[..., 0], b)
    return unbroadcast(grad_b, b)


@jvp_rule(np.linalg.solve, "a")
def solve_da(ans, da, a, b):
    if np.ndim(b) == 1:  # one vector (per matrix in a stack): as a column, then back
        return -np.linalg.solve(a, da @ ans[..., None])[..., 0]
    return -np.linalg.solve(a, da @ ans)


@jvp_rule(np.linalg.solve, "b")
def solve_db(ans, db, a, b):
    return np.linalg.solve(a, db)
