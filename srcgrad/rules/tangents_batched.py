"""Tangent rules over a batch of tangents (a leading axis; see ``batch_helpers.py``).

Two kinds of entry. ``elementwise_tangents`` declares the primitives whose tangent rules
(beside their reverse rules, in ``elementwise.py``, ``arithmetic.py``...) are elementwise
expressions of the tangent and the primal values (ufuncs, arithmetic, ``np.where``, ``math`` functions of
primals) that return the output's shape: given a batch lifted to the output's rank plus
one, such an expression computes every row at once, because broadcasting lines the row
axes up with the operands' as it does for one tangent. Each declaration below was checked
against its rule's body; a rule that calls ``broadcast_like``, reduces, or reshapes is not
declared, and gets a batched form here instead, or runs once per row.

The batched forms mirror the one-tangent rules: a reduction over ``axis`` reduces the
batch over ``batch_axis(axis, x)``, a reshape keeps the batch axis in front, ``x @ y``
multiplies each row. They receive every tangent as one array (``as_batch``).
"""

from __future__ import annotations

import math
import operator

import numpy as np

# The one-tangent rules declared elementwise below, registered first.
from . import (  # noqa: F401
    arithmetic,
    conversions,
    elementwise,
    python_builtins,
    scalar_math,
    shapes,
    special_math,
)
from .batch_helpers import (
    assign_rows,
    batch_axis,
    broadcast_batch,
    expand_reduced_batch,
    lift,
    matmul_rows,
    rows_apply,
    rows_matmul,
    rows_reshaped,
    take,
    unbroadcast_batch,
    zeros_like_batch,
)
from .helpers import expand_reduced, reduced_size, unbroadcast, unreduce
from .indexing import assign_index
from .reductions import product_of_others
from .registry import batched_jvp_rule, batched_jvp_rule_all, elementwise_tangents
from .special_math import digamma

elementwise_tangents(
    np.multiply,
    np.true_divide,
    np.power,
    np.float_power,
    np.negative,
    np.positive,
    np.exp,
    np.exp2,
    np.expm1,
    np.log,
    np.log2,
    np.log10,
    np.log1p,
    np.sqrt,
    np.cbrt,
    np.square,
    np.reciprocal,
    np.absolute,
    np.fabs,
    np.sin,
    np.cos,
    np.tan,
    np.arcsin,
    np.arccos,
    np.arctan,
    np.sinh,
    np.cosh,
    np.tanh,
    np.arcsinh,
    np.arccosh,
    np.arctanh,
    np.deg2rad,
    np.rad2deg,
    np.radians,
    np.degrees,
    np.arctan2,
    np.hypot,
    np.logaddexp,
    np.logaddexp2,
    np.maximum,
    np.minimum,
    np.fmax,
    np.fmin,
    np.nan_to_num,
    math.sin,
    math.cos,
    math.tan,
    math.asin,
    math.acos,
    math.atan,
    math.atan2,
    math.sinh,
    math.cosh,
    math.tanh,
    math.exp,
    math.expm1,
    math.log,
    math.log2,
    math.log10,
    math.log1p,
    math.sqrt,
    math.fabs,
    math.erf,
    math.erfc,
    math.lgamma,
    math.gamma,
    digamma,
)
elementwise_tangents(np.remainder, np.fmod, params=("y",))


# ---- sums and differences: the one-tangent rules call broadcast_like ------------------------
@batched_jvp_rule(np.add, "x")
def add_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.add, "y")
def add_dy_batched(ans, dy, x, y):
    return broadcast_batch(dy, ans)


@batched_jvp_rule(np.subtract, "x")
def subtract_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.subtract, "y")
def subtract_dy_batched(ans, dy, x, y):
    return broadcast_batch(-dy, ans)


@batched_jvp_rule(np.remainder, "x")
def remainder_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.fmod, "x")
def fmod_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.clip, "x")
def clip_dx_batched(ans, dx, x, a_min=None, a_max=None):
    return broadcast_batch(lift(dx, ans) * (ans == x), ans)


@batched_jvp_rule(np.clip, "a_min")
def clip_da_min_batched(ans, da_min, x, a_min=None, a_max=None):
    return broadcast_batch(lift(da_min, ans) * ((x < a_min) & (ans == a_min)), ans)


@batched_jvp_rule(np.clip, "a_max")
def clip_da_max_batched(ans, da_max, x, a_min=None, a_max=None):
    return broadcast_batch(lift(da_max, ans) * ((x > a_max) & (ans == a_max)), ans)


@batched_jvp_rule(np.where, "x")
def where_dx_batched(ans, dx, condition, x=None, y=None):
    return broadcast_batch(np.where(condition, lift(dx, ans), 0), ans)


@batched_jvp_rule(np.where, "y")
def where_dy_batched(ans, dy, condition, x=None, y=None):
    return broadcast_batch(np.where(condition, 0, lift(dy, ans)), ans)


# ---- reductions ---------------------------------------------------------------------------
@batched_jvp_rule(np.sum, "x")
def sum_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx, axis=batch_axis(axis, x), dtype=dtype, keepdims=keepdims)


@batched_jvp_rule(np.mean, "x")
def mean_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.mean(dx, axis=batch_axis(axis, x), dtype=dtype, keepdims=keepdims)


@batched_jvp_rule(np.prod, "x")
def prod_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx * product_of_others(x, axis), axis=batch_axis(axis, x), keepdims=keepdims)


def extreme_tangent_batched(ans, dx, x, axis, keepdims):
    """``extreme_tangent`` (max, min) of every row."""
    at_extreme = x == expand_reduced(ans, x, axis, keepdims)
    total = np.sum(np.where(at_extreme, dx, 0), axis=batch_axis(axis, x), keepdims=keepdims)
    return total / np.sum(at_extreme, axis=axis, keepdims=keepdims)


@batched_jvp_rule(np.max, "x")
def max_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@batched_jvp_rule(np.min, "x")
def min_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@batched_jvp_rule(np.amax, "x")
def amax_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@batched_jvp_rule(np.amin, "x")
def amin_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@batched_jvp_rule(np.var, "x")
def var_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    total = np.sum(centred * dx, axis=batch_axis(axis, x), keepdims=keepdims)
    return total * (2 / (reduced_size(x, ans) - ddof))


@batched_jvp_rule(np.std, "x")
def std_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    total = np.sum(centred * dx, axis=batch_axis(axis, x), keepdims=keepdims)
    return total / ((reduced_size(x, ans) - ddof) * ans)


@batched_jvp_rule(np.cumsum, "x")
def cumsum_dx_batched(ans, dx, x, axis=None, dtype=None, out=None):
    if axis is None:  # over the flattened array
        return np.cumsum(np.reshape(dx, (len(dx), -1)), axis=1, dtype=dtype)
    return np.cumsum(dx, axis=batch_axis(axis, x), dtype=dtype)


# ---- products -----------------------------------------------------------------------------
@batched_jvp_rule(np.matmul, "x")
def matmul_dx_batched(ans, dx, x, y):
    return rows_matmul(dx, y)


@batched_jvp_rule(np.matmul, "y")
def matmul_dy_batched(ans, dy, x, y):
    return matmul_rows(x, dy)


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


# d inv(x) = -inv(x) dx inv(x): each row's product with the same matrices (or stacks).
@batched_jvp_rule(np.linalg.inv, "x")
def inv_dx_batched(ans, dx, x):
    return -ans @ dx @ ans


# ---- shapes -------------------------------------------------------------------------------
@batched_jvp_rule(np.transpose, "x")
def transpose_dx_batched(ans, dx, x, axes=None):
    if axes is None:
        return np.transpose(dx, (0, *range(np.ndim(x), 0, -1)))
    return np.transpose(dx, (0, *(operator.index(a) % np.ndim(x) + 1 for a in axes)))


@batched_jvp_rule(np.reshape, "x")
def reshape_dx_batched(ans, dx, x, shape=None, order="C"):
    if order == "C":
        return rows_reshaped(dx, ans)
    return rows_apply(np.reshape, dx, shape, order=order)


@batched_jvp_rule(np.ravel, "x")
def ravel_dx_batched(ans, dx, x, order="C"):
    if order == "C":
        return rows_reshaped(dx, ans)
    return rows_apply(np.ravel, dx, order=order)


@batched_jvp_rule(np.squeeze, "x")
def squeeze_dx_batched(ans, dx, x, axis=None):
    return rows_reshaped(dx, ans)


@batched_jvp_rule(np.expand_dims, "x")
def expand_dims_dx_batched(ans, dx, x, axis):
    return rows_reshaped(dx, ans)


@batched_jvp_rule(np.atleast_1d, "x")
def atleast_1d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@batched_jvp_rule(np.atleast_2d, "x")
def atleast_2d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@batched_jvp_rule(np.atleast_3d, "x")
def atleast_3d_dx_batched(ans, dx, x):
    return rows_reshaped(dx, ans)


@batched_jvp_rule(np.copy, "a")
def copy_da_batched(ans, da, a, order="K", subok=False):
    return np.copy(da)


@batched_jvp_rule(np.broadcast_to, "x")
def broadcast_to_dx_batched(ans, dx, x, shape, subok=False):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.swapaxes, "x")
def swapaxes_dx_batched(ans, dx, x, axis1, axis2):
    return np.swapaxes(dx, batch_axis(axis1, x), batch_axis(axis2, x))


@batched_jvp_rule(np.moveaxis, "x")
def moveaxis_dx_batched(ans, dx, x, source, destination):
    return np.moveaxis(dx, batch_axis(source, x), batch_axis(destination, x))


@batched_jvp_rule(np.flip, "x")
def flip_dx_batched(ans, dx, x, axis=None):
    return np.flip(dx, axis=batch_axis(axis, x))


@batched_jvp_rule(np.repeat, "x")
def repeat_dx_batched(ans, dx, x, repeats, axis=None):
    if axis is None:  # over the flattened array
        return np.repeat(np.reshape(dx, (len(dx), -1)), repeats, axis=1)
    return np.repeat(dx, repeats, axis=batch_axis(axis, x))


@batched_jvp_rule_all(np.concatenate)
def concatenate_batched(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = zeros_like_batch(tangents[0], arrays)
    if axis is None:  # the arrays flattened
        return np.concatenate([np.reshape(p, (len(p), -1)) for p in parts], axis=1)
    return np.concatenate(parts, axis=batch_axis(axis, arrays[0]))


@batched_jvp_rule_all(np.stack)
def stack_batched(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.stack(zeros_like_batch(tangents[0], arrays), axis=batch_axis(axis, ans))


# ---- indexing -----------------------------------------------------------------------------
@batched_jvp_rule(operator.getitem, "x")
def getitem_dx_batched(ans, dx, x, index):
    return take(dx, index)


@batched_jvp_rule(assign_index, "x")
def assign_index_dx_batched(ans, dx, x, index, value):
    return assign_rows(broadcast_batch(dx, ans), index, 0)


@batched_jvp_rule(assign_index, "value")
def assign_index_dvalue_batched(ans, dvalue, x, index, value):
    zeros = np.zeros((len(dvalue), *np.shape(ans)), np.result_type(ans, dvalue))
    return assign_rows(zeros, index, dvalue)


# ---- the helpers generated gradient code calls ----------------------------------------------
@batched_jvp_rule(unbroadcast, "grad")
def unbroadcast_dgrad_batched(ans, dgrad, grad, x):
    return unbroadcast_batch(dgrad, grad, x)


@batched_jvp_rule(expand_reduced, "grad")
def expand_reduced_dgrad_batched(ans, dgrad, grad, x, axis=None, keepdims=False):
    return expand_reduced_batch(dgrad, x, axis, keepdims)


@batched_jvp_rule(unreduce, "grad")
def unreduce_dgrad_batched(ans, dgrad, grad, x, axis=None, keepdims=False):
    return broadcast_batch(expand_reduced_batch(dgrad, x, axis, keepdims), ans)
