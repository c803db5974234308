"""Tangent (forward-mode) rules for shape functions, indexing, Python builtins and the
``math`` module.

Shape functions, joins and indexing are linear: each applies itself to the tangent. The
``math`` rules use ``math`` functions, so the tangent of a float is a float. ``max`` and
``min`` (builtins) pass on the tangent of the element they return, the first of equal
candidates, as Python picks it.
"""

from __future__ import annotations

import builtins
import math
import operator

import numpy as np

from .indexing import assign_index, scatter_add
from .registry import jvp_rule, jvp_rule_all
from .tangent_helpers import broadcast_like, tangent_or_zero, tangents_or_zeros


# ---- shapes -------------------------------------------------------------------------------
@jvp_rule(np.transpose, "x")
def transpose_dx(ans, dx, x, axes=None):
    return np.transpose(dx, axes=axes)


@jvp_rule(np.copy, "a")
def copy_da(ans, da, a, order="K", subok=False):
    return np.copy(da)


@jvp_rule(np.reshape, "x")
def reshape_dx(ans, dx, x, shape=None, order="C"):
    return np.reshape(dx, shape, order=order)


@jvp_rule(np.ravel, "x")
def ravel_dx(ans, dx, x, order="C"):
    return np.ravel(dx, order=order)


@jvp_rule(np.squeeze, "x")
def squeeze_dx(ans, dx, x, axis=None):
    return np.squeeze(dx, axis=axis)


@jvp_rule(np.expand_dims, "x")
def expand_dims_dx(ans, dx, x, axis):
    return np.expand_dims(dx, axis)


@jvp_rule(np.broadcast_to, "x")
def broadcast_to_dx(ans, dx, x, shape, subok=False):
    return np.broadcast_to(dx, shape)


@jvp_rule(np.swapaxes, "x")
def swapaxes_dx(ans, dx, x, axis1, axis2):
    return np.swapaxes(dx, axis1, axis2)


@jvp_rule(np.moveaxis, "x")
def moveaxis_dx(ans, dx, x, source, destination):
    return np.moveaxis(dx, source, destination)


@jvp_rule(np.flip, "x")
def flip_dx(ans, dx, x, axis=None):
    return np.flip(dx, axis=axis)


@jvp_rule(np.tile, "x")
def tile_dx(ans, dx, x, reps):
    return np.tile(dx, reps)


@jvp_rule(np.repeat, "x")
def repeat_dx(ans, dx, x, repeats, axis=None):
    return np.repeat(dx, repeats, axis=axis)


@jvp_rule(np.atleast_1d, "x")
def atleast_1d_dx(ans, dx, x):
    return np.atleast_1d(dx)


@jvp_rule(np.atleast_2d, "x")
def atleast_2d_dx(ans, dx, x):
    return np.atleast_2d(dx)


@jvp_rule(np.atleast_3d, "x")
def atleast_3d_dx(ans, dx, x):
    return np.atleast_3d(dx)


@jvp_rule_all(np.concatenate)
def concatenate_tangent(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.concatenate(tangents_or_zeros(tangents[0], arrays), axis=axis)


@jvp_rule_all(np.stack)
def stack_tangent(ans, tangents, arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    return np.stack(tangents_or_zeros(tangents[0], arrays), axis=axis)


@jvp_rule_all(np.hstack)
def hstack_tangent(ans, tangents, tup, dtype=None, casting="same_kind"):
    return np.hstack(tangents_or_zeros(tangents[0], tup))


@jvp_rule_all(np.vstack)
def vstack_tangent(ans, tangents, tup, dtype=None, casting="same_kind"):
    return np.vstack(tangents_or_zeros(tangents[0], tup))


# ---- indexing -----------------------------------------------------------------------------
@jvp_rule(operator.getitem, "x")
def getitem_dx(ans, dx, x, index):
    return dx[index]


@jvp_rule(scatter_add, "values")
def scatter_add_dvalues(ans, dvalues, values, index, shape):
    return scatter_add(dvalues, index, shape)


@jvp_rule(assign_index, "x")
def assign_index_dx(ans, dx, x, index, value):
    return assign_index(broadcast_like(dx, ans), index, 0)


@jvp_rule(assign_index, "value")
def assign_index_dvalue(ans, dvalue, x, index, value):
    return assign_index(np.zeros(np.shape(ans), np.result_type(ans, dvalue)), index, dvalue)


# ---- Python builtins ----------------------------------------------------------------------
@jvp_rule_all(builtins.sum)
def builtin_sum_tangent(ans, tangents, iterable, *start):
    if isinstance(iterable, (list, tuple)):
        total = sum(tangents_or_zeros(tangents[0], iterable), 0.0)
    else:  # an array: sum() adds its rows
        total = np.sum(tangent_or_zero(tangents[0], iterable), axis=0)
    for t, value in zip(tangents[1:], start):
        total = total + tangent_or_zero(t, value)
    return broadcast_like(total, ans)


def _picked_tangent(pick, tangents, args):
    """The tangent of the candidate that ``pick`` (builtins max or min) returns."""
    if len(args) == 1:
        candidates, ts = args[0], tangents[0]
        ts = [None] * len(candidates) if ts is None else ts
    else:
        candidates, ts = args, tangents
    position = pick(range(len(candidates)), key=candidates.__getitem__)
    return tangent_or_zero(ts[position], candidates[position])


@jvp_rule_all(builtins.max)
def builtin_max_tangent(ans, tangents, *args):
    return _picked_tangent(builtins.max, tangents, args)


@jvp_rule_all(builtins.min)
def builtin_min_tangent(ans, tangents, *args):
    return _picked_tangent(builtins.min, tangents, args)


@jvp_rule(builtins.float, "x")
def float_dx(ans, dx, x):
    return float(dx)


# ---- the math module ----------------------------------------------------------------------
@jvp_rule(math.sin, "x")
def math_sin_dx(ans, dx, x):
    return dx * math.cos(x)


@jvp_rule(math.cos, "x")
def math_cos_dx(ans, dx, x):
    return -dx * math.sin(x)


@jvp_rule(math.tan, "x")
def math_tan_dx(ans, dx, x):
    return dx * (1 + ans**2)


@jvp_rule(math.asin, "x")
def math_asin_dx(ans, dx, x):
    return dx / math.sqrt(1 - x**2)


@jvp_rule(math.acos, "x")
def math_acos_dx(ans, dx, x):
    return -dx / math.sqrt(1 - x**2)


@jvp_rule(math.atan, "x")
def math_atan_dx(ans, dx, x):
    return dx / (1 + x**2)


@jvp_rule(math.atan2, "y")
def math_atan2_dy(ans, dy, y, x):
    return dy * x / (x**2 + y**2)


@jvp_rule(math.atan2, "x")
def math_atan2_dx(ans, dx, y, x):
    return -dx * y / (x**2 + y**2)


@jvp_rule(math.sinh, "x")
def math_sinh_dx(ans, dx, x):
    return dx * math.cosh(x)


@jvp_rule(math.cosh, "x")
def math_cosh_dx(ans, dx, x):
    return dx * math.sinh(x)


@jvp_rule(math.tanh, "x")
def math_tanh_dx(ans, dx, x):
    return dx * (1 - ans**2)


@jvp_rule(math.exp, "x")
def math_exp_dx(ans, dx, x):
    return dx * ans


@jvp_rule(math.expm1, "x")
def math_expm1_dx(ans, dx, x):
    return dx * (ans + 1)


@jvp_rule(math.log, "x")
def math_log_dx(ans, dx, x, base=math.e):
    return dx / (x * math.log(base))


@jvp_rule(math.log, "base")
def math_log_dbase(ans, dbase, x, base=math.e):
    return -dbase * ans / (base * math.log(base))


@jvp_rule(math.log2, "x")
def math_log2_dx(ans, dx, x):
    return dx / (x * math.log(2))


@jvp_rule(math.log10, "x")
def math_log10_dx(ans, dx, x):
    return dx / (x * math.log(10))


@jvp_rule(math.log1p, "x")
def math_log1p_dx(ans, dx, x):
    return dx / (1 + x)


@jvp_rule(math.sqrt, "x")
def math_sqrt_dx(ans, dx, x):
    return dx / (2 * ans)


@jvp_rule(math.pow, "x")
def math_pow_dx(ans, dx, x, y):
    return dx * y * math.pow(x, y - 1) if y != 0 else 0.0 * dx


@jvp_rule(math.pow, "y")
def math_pow_dy(ans, dy, x, y):
    if x > 0:
        return dy * ans * math.log(x)
    # 0 ** y is flat in y (for y > 0); a negative base has no real derivative in y.
    return 0.0 * dy if x == 0 else math.nan


@jvp_rule(math.fabs, "x")
def math_fabs_dx(ans, dx, x):
    return dx * ((x > 0) - (x < 0))


@jvp_rule_all(math.hypot)
def math_hypot_tangent(ans, tangents, *coordinates):
    parts = [t * c for t, c in zip(tangents, coordinates) if t is not None]
    return math.fsum(parts) / ans
