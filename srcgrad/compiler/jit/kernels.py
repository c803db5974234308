"""numba versions of the helpers generated code calls, and the stacks of saved values.

Each helper has the meaning of its NumPy original (``srcgrad.rules.helpers`` and
``srcgrad.rules.linalg``) for the argument types it accepts; for other types numba finds
no implementation, compilation fails, and the gradient runs the plain generated code.
The stack kernels take no type decisions and are cached on disk by numba.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import types
from numba.extending import overload

__all__ = [
    "add_grads",
    "check_empty",
    "index_grad",
    "matmul_x",
    "matmul_y",
    "new_bool_stack",
    "new_float_stack",
    "new_int_stack",
    "reserve",
    "stand_in",
    "reduced_size",
    "unbroadcast",
    "unreduce",
    "zeros_like",
]


# ---- stacks of numbers: an array the generated code fills, with its own count ----------
@numba.njit(cache=True)
def new_float_stack():
    return np.empty(64, np.float64)


@numba.njit(cache=True)
def new_int_stack():
    return np.empty(64, np.int64)


@numba.njit(cache=True)
def new_bool_stack():
    return np.empty(64, np.bool_)


@numba.njit(cache=True)
def reserve(stack, needed):
    """``stack``, or a copy in a longer array, with room for ``needed`` values."""
    if needed <= stack.shape[0]:
        return stack
    grown = np.empty(max(2 * stack.shape[0], needed), stack.dtype)
    grown[: stack.shape[0]] = stack
    return grown


@numba.njit(cache=True)
def check_empty(count):
    """Every saved value was restored: the pops matched the pushes (the generated code
    pops only after its last push, so a count that ends at zero never went below it)."""
    if count != 0:
        raise IndexError("saved values were left on a stack")


@numba.njit(cache=True)
def stand_in(shape):
    """An array of ``shape`` that takes no memory: where only a value's shape is read."""
    return np.broadcast_to(np.zeros(1), shape)


# ---- the rule helpers -------------------------------------------------------------------
def _number(t):
    return isinstance(t, (types.Number, types.Boolean))


def _array(t):
    return isinstance(t, types.Array)


def unbroadcast(grad, x):
    """Sum ``grad`` down to the shape of ``x`` (``srcgrad.rules.helpers.unbroadcast``)."""


def unreduce(grad, x, axis=None, keepdims=False):
    """Broadcast a reduction's gradient back to ``x`` (``srcgrad.rules.helpers.unreduce``)."""


def reduced_size(x, ans):
    """Elements of ``x`` per element of ``ans`` (``srcgrad.rules.helpers.reduced_size``)."""


def zeros_like(x):
    """The zero gradient of ``x`` (``srcgrad.compiler.runtime.zeros_like``)."""


def add_grads(a, b):
    """The sum of two gradients (``runtime.add_grads``, for numbers and arrays)."""


def index_grad(grad, obj, index):
    """The gradient of ``obj`` from that of ``obj[index]`` (``runtime.index_grad``)."""


def matmul_x(g, ans, x, y):
    """The gradient of ``x @ y`` with respect to ``x`` (``srcgrad.rules.linalg``)."""


def matmul_y(g, ans, x, y):
    """The gradient of ``x @ y`` with respect to ``y`` (``srcgrad.rules.linalg``)."""


@numba.njit(cache=True)
def _sum_to_shape(grad, shape):
    """``grad`` summed over the axes NumPy broadcast to reach its shape from ``shape``."""
    g = np.ascontiguousarray(grad)
    lead = g.ndim - len(shape)
    out = np.zeros(shape)
    flat_out = out.reshape(-1)
    flat = g.reshape(-1)
    strides = np.ones(len(shape), np.int64)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    for k in range(flat.size):
        rest, position = k, 0
        for d in range(g.ndim - 1, -1, -1):
            index = rest % g.shape[d]
            rest //= g.shape[d]
            axis = d - lead
            if axis >= 0 and shape[axis] != 1:
                position += index * strides[axis]
        flat_out[position] += flat[k]
    return out


@overload(unbroadcast)
def _unbroadcast(grad, x):
    if _number(grad) and _number(x):
        return lambda grad, x: grad
    if _array(grad) and _number(x):
        return lambda grad, x: grad.sum()
    if _number(grad) and _array(x):

        def scalar_to_array(grad, x):
            if x.size != 1:
                raise ValueError("a number's gradient cannot take the shape of an array")
            return np.full(x.shape, grad)

        return scalar_to_array
    if _array(grad) and _array(x) and grad.ndim == x.ndim:

        def same_dimensions(grad, x):
            if grad.shape == x.shape:
                return grad
            return _sum_to_shape(grad, x.shape)

        return same_dimensions
    if _array(grad) and _array(x) and grad.ndim > x.ndim:
        lead = grad.ndim - x.ndim

        def more_dimensions(grad, x):
            if grad.shape[lead:] == x.shape:  # summed over the leading axes only
                rows = np.ascontiguousarray(grad).reshape(-1, x.size)
                return rows.sum(axis=0).reshape(x.shape)
            return _sum_to_shape(grad, x.shape)

        return more_dimensions
    return None


@overload(unreduce)
def _unreduce(grad, x, axis=None, keepdims=False):
    if _number(x):
        return lambda grad, x, axis=None, keepdims=False: grad
    if not _array(x):
        return None
    if axis is None or isinstance(axis, types.NoneType):
        if _number(grad):
            return lambda grad, x, axis=None, keepdims=False: np.full(x.shape, grad)
        return lambda grad, x, axis=None, keepdims=False: np.full(x.shape, grad.sum())
    kept = isinstance(keepdims, types.BooleanLiteral) and keepdims.literal_value
    if isinstance(axis, types.Integer) and _array(grad) and kept:
        return lambda grad, x, axis=None, keepdims=False: np.broadcast_to(grad, x.shape).copy()
    if isinstance(axis, types.Integer) and _array(grad) and grad.ndim + 1 == x.ndim:

        def along(grad, x, axis=None, keepdims=False):
            at = axis if axis >= 0 else axis + x.ndim
            return np.broadcast_to(np.expand_dims(grad, at), x.shape).copy()

        return along
    return None


@overload(reduced_size)
def _reduced_size(x, ans):
    if _array(x) and _array(ans):
        return lambda x, ans: x.size // max(ans.size, 1)
    if _array(x) and _number(ans):
        return lambda x, ans: x.size
    if _number(x):
        return lambda x, ans: 1
    return None


@overload(zeros_like)
def _zeros_like(x):
    if _number(x):
        return lambda x: 0.0
    if _array(x):
        if isinstance(x.dtype, types.Float):
            return lambda x: np.zeros(x.shape, x.dtype)
        return lambda x: np.zeros(x.shape)
    return None


@overload(add_grads)
def _add_grads(a, b):
    if (_number(a) or _array(a)) and (_number(b) or _array(b)):
        return lambda a, b: a + b
    return None


def _basic_index(t):
    if isinstance(t, types.BaseTuple):
        return all(isinstance(part, (types.Integer, types.SliceType)) for part in t.types)
    return isinstance(t, (types.Integer, types.SliceType))


@overload(index_grad)
def _index_grad(grad, obj, index):
    if not (_array(obj) and _basic_index(index)):
        return None  # integer-array and mask indices: the plain code

    def scatter(grad, obj, index):
        out = np.zeros(obj.shape)
        out[index] += grad
        return out

    return scatter


@overload(matmul_x)
def _matmul_x(g, ans, x, y):
    if not (_array(x) and _array(y)):
        return None
    if x.ndim == 2 and y.ndim == 2:
        return lambda g, ans, x, y: g @ y.T
    if x.ndim == 1 and y.ndim == 2:
        return lambda g, ans, x, y: y @ g
    if x.ndim == 2 and y.ndim == 1:
        return lambda g, ans, x, y: np.outer(g, y)
    if x.ndim == 1 and y.ndim == 1:
        return lambda g, ans, x, y: g * y
    return None


@overload(matmul_y)
def _matmul_y(g, ans, x, y):
    if not (_array(x) and _array(y)):
        return None
    if x.ndim == 2 and y.ndim == 2:
        return lambda g, ans, x, y: x.T @ g
    if x.ndim == 1 and y.ndim == 2:
        return lambda g, ans, x, y: np.outer(x, g)
    if x.ndim == 2 and y.ndim == 1:
        return lambda g, ans, x, y: x.T @ g
    if x.ndim == 1 and y.ndim == 1:
        return lambda g, ans, x, y: g * x
    return None
