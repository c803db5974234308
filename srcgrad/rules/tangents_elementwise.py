"""Tangent (forward-mode) rules for the arithmetic operators and elementwise functions.

Each rule is the differential of the output in one input, ``d(sin x) = cos(x) dx``, with
the same conventions at kinks and ties as the gradient rules in ``arithmetic.py`` and
``elementwise.py``: ``abs'(0) = 0``; ``maximum``/``minimum``/``fmax``/``fmin`` give each
side half at ties; ``clip`` passes ``dx`` where the output equals ``x``; ``where`` takes
the tangent of the side it picks. A tangent from one side of a broadcasting operation is
broadcast to the output's shape.
"""

from __future__ import annotations

import math

import numpy as np

from .registry import jvp_rule
from .tangent_helpers import broadcast_like

LOG2 = math.log(2.0)
LOG10 = math.log(10.0)


# ---- arithmetic ---------------------------------------------------------------------------
@jvp_rule(np.add, "x")
def add_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.add, "y")
def add_dy(ans, dy, x, y):
    return broadcast_like(dy, ans)


@jvp_rule(np.subtract, "x")
def subtract_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.subtract, "y")
def subtract_dy(ans, dy, x, y):
    return broadcast_like(-dy, ans)


@jvp_rule(np.multiply, "x")
def multiply_dx(ans, dx, x, y):
    return dx * y


@jvp_rule(np.multiply, "y")
def multiply_dy(ans, dy, x, y):
    return x * dy


@jvp_rule(np.true_divide, "x")
def divide_dx(ans, dx, x, y):
    return dx / y


@jvp_rule(np.true_divide, "y")
def divide_dy(ans, dy, x, y):
    return -dy * ans / y


@jvp_rule(np.power, "x")
def power_dx(ans, dx, x, y):
    # (y != 0) is 1 except at y == 0, where y * x ** -1 would be 0 * inf.
    return dx * y * x ** (y - (y != 0))


@jvp_rule(np.power, "y")
def power_dy(ans, dy, x, y):
    return dy * ans * np.log(np.where(x == 0, np.ones_like(ans), x))


@jvp_rule(np.float_power, "x")
def float_power_dx(ans, dx, x, y):
    return dx * y * np.float_power(x, y - (y != 0))


@jvp_rule(np.float_power, "y")
def float_power_dy(ans, dy, x, y):
    return dy * ans * np.log(np.where(x == 0, 1, x))


@jvp_rule(np.negative, "x")
def negative_dx(ans, dx, x):
    return -dx


@jvp_rule(np.positive, "x")
def positive_dx(ans, dx, x):
    return dx


@jvp_rule(np.remainder, "x")
def remainder_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.remainder, "y")
def remainder_dy(ans, dy, x, y):
    return -dy * np.floor_divide(x, y)


@jvp_rule(np.fmod, "x")
def fmod_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.fmod, "y")
def fmod_dy(ans, dy, x, y):
    return -dy * np.trunc(x / y)


# ---- exponentials, logarithms, powers -------------------------------------------------------
@jvp_rule(np.exp, "x")
def exp_dx(ans, dx, x):
    return dx * ans


@jvp_rule(np.exp2, "x")
def exp2_dx(ans, dx, x):
    return dx * ans * LOG2


@jvp_rule(np.expm1, "x")
def expm1_dx(ans, dx, x):
    return dx * (ans + 1)


@jvp_rule(np.log, "x")
def log_dx(ans, dx, x):
    return dx / x


@jvp_rule(np.log2, "x")
def log2_dx(ans, dx, x):
    return dx / (x * LOG2)


@jvp_rule(np.log10, "x")
def log10_dx(ans, dx, x):
    return dx / (x * LOG10)


@jvp_rule(np.log1p, "x")
def log1p_dx(ans, dx, x):
    return dx / (x + 1)


@jvp_rule(np.sqrt, "x")
def sqrt_dx(ans, dx, x):
    return dx / (2 * ans)


@jvp_rule(np.cbrt, "x")
def cbrt_dx(ans, dx, x):
    return dx / (3 * ans**2)


@jvp_rule(np.square, "x")
def square_dx(ans, dx, x):
    return 2 * x * dx


@jvp_rule(np.reciprocal, "x")
def reciprocal_dx(ans, dx, x):
    return -dx * ans**2


@jvp_rule(np.absolute, "x")
def absolute_dx(ans, dx, x):
    return dx * np.sign(x)


# ---- trigonometric and hyperbolic ---------------------------------------------------------
@jvp_rule(np.sin, "x")
def sin_dx(ans, dx, x):
    return dx * np.cos(x)


@jvp_rule(np.cos, "x")
def cos_dx(ans, dx, x):
    return -dx * np.sin(x)


@jvp_rule(np.tan, "x")
def tan_dx(ans, dx, x):
    return dx * (1 + ans**2)


@jvp_rule(np.arcsin, "x")
def arcsin_dx(ans, dx, x):
    return dx / np.sqrt(1 - x**2)


@jvp_rule(np.arccos, "x")
def arccos_dx(ans, dx, x):
    return -dx / np.sqrt(1 - x**2)


@jvp_rule(np.arctan, "x")
def arctan_dx(ans, dx, x):
    return dx / (1 + x**2)


@jvp_rule(np.sinh, "x")
def sinh_dx(ans, dx, x):
    return dx * np.cosh(x)


@jvp_rule(np.cosh, "x")
def cosh_dx(ans, dx, x):
    return dx * np.sinh(x)


@jvp_rule(np.tanh, "x")
def tanh_dx(ans, dx, x):
    return dx * (1 - ans**2)


@jvp_rule(np.arcsinh, "x")
def arcsinh_dx(ans, dx, x):
    return dx / np.sqrt(x**2 + 1)


@jvp_rule(np.arccosh, "x")
def arccosh_dx(ans, dx, x):
    return dx / np.sqrt(x**2 - 1)


@jvp_rule(np.arctanh, "x")
def arctanh_dx(ans, dx, x):
    return dx / (1 - x**2)


@jvp_rule(np.deg2rad, "x")
def deg2rad_dx(ans, dx, x):
    return dx * (math.pi / 180)


@jvp_rule(np.rad2deg, "x")
def rad2deg_dx(ans, dx, x):
    return dx * (180 / math.pi)


@jvp_rule(np.radians, "x")
def radians_dx(ans, dx, x):
    return dx * (math.pi / 180)


@jvp_rule(np.degrees, "x")
def degrees_dx(ans, dx, x):
    return dx * (180 / math.pi)


@jvp_rule(np.arctan2, "y")
def arctan2_dy(ans, dy, y, x):
    return dy * x / (x**2 + y**2)


@jvp_rule(np.arctan2, "x")
def arctan2_dx(ans, dx, y, x):
    return -dx * y / (x**2 + y**2)


@jvp_rule(np.hypot, "x")
def hypot_dx(ans, dx, x, y):
    return dx * x / ans


@jvp_rule(np.hypot, "y")
def hypot_dy(ans, dy, x, y):
    return dy * y / ans


@jvp_rule(np.logaddexp, "x")
def logaddexp_dx(ans, dx, x, y):
    return dx * np.exp(x - ans)


@jvp_rule(np.logaddexp, "y")
def logaddexp_dy(ans, dy, x, y):
    return dy * np.exp(y - ans)


@jvp_rule(np.logaddexp2, "x")
def logaddexp2_dx(ans, dx, x, y):
    return dx * np.exp2(x - ans)


@jvp_rule(np.logaddexp2, "y")
def logaddexp2_dy(ans, dy, x, y):
    return dy * np.exp2(y - ans)


# ---- selections: maximum, minimum, clip, where ----------------------------------------------
@jvp_rule(np.maximum, "x")
def maximum_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, x > y)


@jvp_rule(np.maximum, "y")
def maximum_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, y > x)


@jvp_rule(np.minimum, "x")
def minimum_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, x < y)


@jvp_rule(np.minimum, "y")
def minimum_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, y < x)


@jvp_rule(np.fmax, "x")
def fmax_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, (x > y) | np.isnan(y))


@jvp_rule(np.fmax, "y")
def fmax_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, (y > x) | np.isnan(x))


@jvp_rule(np.fmin, "x")
def fmin_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, (x < y) | np.isnan(y))


@jvp_rule(np.fmin, "y")
def fmin_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, (y < x) | np.isnan(x))


@jvp_rule(np.clip, "x")
def clip_dx(ans, dx, x, a_min=None, a_max=None):
    return broadcast_like(dx * (ans == x), ans)


@jvp_rule(np.clip, "a_min")
def clip_da_min(ans, da_min, x, a_min=None, a_max=None):
    return broadcast_like(da_min * ((x < a_min) & (ans == a_min)), ans)


@jvp_rule(np.clip, "a_max")
def clip_da_max(ans, da_max, x, a_min=None, a_max=None):
    return broadcast_like(da_max * ((x > a_max) & (ans == a_max)), ans)


@jvp_rule(np.where, "x")
def where_dx(ans, dx, condition, x=None, y=None):
    return broadcast_like(np.where(condition, dx, 0), ans)


@jvp_rule(np.where, "y")
def where_dy(ans, dy, condition, x=None, y=None):
    return broadcast_like(np.where(condition, 0, dy), ans)
