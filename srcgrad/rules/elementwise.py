"""Rules for elementwise functions: exp/log, powers and roots, trigonometry, abs, clip,
maximum/minimum, where.

Conventions at kinks and ties (the derivative does not exist there; these are the
choices, the same as PyTorch's):

- ``abs`` has gradient ``sign(x)``, so 0 at ``x == 0``.
- ``np.maximum(x, y)`` / ``np.minimum`` / ``np.fmax`` / ``np.fmin`` split the gradient
  evenly where ``x == y``: half to each side. ``fmax``/``fmin`` send it all to the
  non-NaN side when the other is NaN.
- ``np.clip(x, lo, hi)`` passes the gradient to ``x`` where ``lo <= x <= hi`` (bounds
  inclusive), that is where the output equals ``x``; ``lo`` gets it where ``x < lo``
  and ``hi`` where ``x > hi``.
- ``np.where(c, x, y)`` sends the gradient to ``x`` where ``c`` and to ``y`` elsewhere.

Constants such as ``log(2)`` are Python floats, so float32 gradients stay float32.
"""

from __future__ import annotations

import math

import numpy as np

from .helpers import unbroadcast
from .registry import elementwise, vjp_rule

LOG2 = math.log(2.0)
LOG10 = math.log(10.0)


@vjp_rule(np.exp, "x", name="ExpBackward0")
def exp_x(g, ans, x):
    return g * ans


@vjp_rule(np.exp2, "x", name="Exp2Backward0")
def exp2_x(g, ans, x):
    return g * ans * LOG2


@vjp_rule(np.expm1, "x", name="Expm1Backward0")
def expm1_x(g, ans, x):
    return g * (ans + 1)


@vjp_rule(np.log, "x", name="LogBackward0")
def log_x(g, ans, x):
    return g / x


@vjp_rule(np.log2, "x", name="Log2Backward0")
def log2_x(g, ans, x):
    return g / (x * LOG2)


@vjp_rule(np.log10, "x", name="Log10Backward0")
def log10_x(g, ans, x):
    return g / (x * LOG10)


@vjp_rule(np.log1p, "x", name="Log1pBackward0")
def log1p_x(g, ans, x):
    return g / (x + 1)


@vjp_rule(np.sqrt, "x", name="SqrtBackward0")
def sqrt_x(g, ans, x):
    return g / (2 * ans)


@vjp_rule(np.cbrt, "x", name="CbrtBackward0")
def cbrt_x(g, ans, x):
    return g / (3 * ans**2)


@vjp_rule(np.square, "x", name="PowBackward0")
def square_x(g, ans, x):
    return g * 2 * x


@vjp_rule(np.reciprocal, "x", name="ReciprocalBackward0")
def reciprocal_x(g, ans, x):
    return -g * ans**2


@vjp_rule(np.absolute, "x", name="AbsBackward0")
def absolute_x(g, ans, x):
    return g * np.sign(x)


@vjp_rule(np.sin, "x", name="SinBackward0")
def sin_x(g, ans, x):
    return g * np.cos(x)


@vjp_rule(np.cos, "x", name="CosBackward0")
def cos_x(g, ans, x):
    return -g * np.sin(x)


@vjp_rule(np.tan, "x", name="TanBackward0")
def tan_x(g, ans, x):
    return g * (1 + ans**2)


@vjp_rule(np.arcsin, "x", name="AsinBackward0")
def arcsin_x(g, ans, x):
    return g / np.sqrt(1 - x**2)


@vjp_rule(np.arccos, "x", name="AcosBackward0")
def arccos_x(g, ans, x):
    return -g / np.sqrt(1 - x**2)


@vjp_rule(np.arctan, "x", name="AtanBackward0")
def arctan_x(g, ans, x):
    return g / (1 + x**2)


@vjp_rule(np.sinh, "x", name="SinhBackward0")
def sinh_x(g, ans, x):
    return g * np.cosh(x)


@vjp_rule(np.cosh, "x", name="CoshBackward0")
def cosh_x(g, ans, x):
    return g * np.sinh(x)


@vjp_rule(np.tanh, "x", name="TanhBackward0")
def tanh_x(g, ans, x):
    return g * (1 - ans**2)


@vjp_rule(np.arcsinh, "x", name="AsinhBackward0")
def arcsinh_x(g, ans, x):
    return g / np.sqrt(x**2 + 1)


@vjp_rule(np.arccosh, "x", name="AcoshBackward0")
def arccosh_x(g, ans, x):
    return g / np.sqrt(x**2 - 1)


@vjp_rule(np.arctanh, "x", name="AtanhBackward0")
def arctanh_x(g, ans, x):
    return g / (1 - x**2)


@vjp_rule(np.deg2rad, "x", name="Deg2RadBackward0")
def deg2rad_x(g, ans, x):
    return g * (math.pi / 180)


@vjp_rule(np.rad2deg, "x", name="Rad2DegBackward0")
def rad2deg_x(g, ans, x):
    return g * (180 / math.pi)


@vjp_rule(np.radians, "x", name="Deg2RadBackward0")
def radians_x(g, ans, x):
    return g * (math.pi / 180)


@vjp_rule(np.degrees, "x", name="Rad2DegBackward0")
def degrees_x(g, ans, x):
    return g * (180 / math.pi)


@vjp_rule(np.arctan2, "y", name="Atan2Backward0")
def arctan2_y(g, ans, y, x):
    return unbroadcast(g * x / (x**2 + y**2), y)


@vjp_rule(np.arctan2, "x")
def arctan2_x(g, ans, y, x):
    return unbroadcast(-g * y / (x**2 + y**2), x)


@vjp_rule(np.hypot, "x", name="HypotBackward0")
def hypot_x(g, ans, x, y):
    return unbroadcast(g * x / ans, x)


@vjp_rule(np.hypot, "y")
def hypot_y(g, ans, x, y):
    return unbroadcast(g * y / ans, y)


@vjp_rule(np.logaddexp, "x", name="LogaddexpBackward0")
def logaddexp_x(g, ans, x, y):
    return unbroadcast(g * np.exp(x - ans), x)


@vjp_rule(np.logaddexp, "y")
def logaddexp_y(g, ans, x, y):
    return unbroadcast(g * np.exp(y - ans), y)


@vjp_rule(np.logaddexp2, "x", name="Logaddexp2Backward0")
def logaddexp2_x(g, ans, x, y):
    return unbroadcast(g * np.exp2(x - ans), x)


@vjp_rule(np.logaddexp2, "y")
def logaddexp2_y(g, ans, x, y):
    return unbroadcast(g * np.exp2(y - ans), y)


@vjp_rule(np.maximum, "x", name="MaximumBackward0")
def maximum_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (x > y)), x)


@vjp_rule(np.maximum, "y")
def maximum_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (y > x)), y)


@vjp_rule(np.minimum, "x", name="MinimumBackward0")
def minimum_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (x < y)), x)


@vjp_rule(np.minimum, "y")
def minimum_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (y < x)), y)


@vjp_rule(np.fmax, "x", name="FmaxBackward0")
def fmax_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((x > y) | np.isnan(y))), x)


@vjp_rule(np.fmax, "y")
def fmax_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((y > x) | np.isnan(x))), y)


@vjp_rule(np.fmin, "x", name="FminBackward0")
def fmin_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((x < y) | np.isnan(y))), x)


@vjp_rule(np.fmin, "y")
def fmin_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((y < x) | np.isnan(x))), y)


# np.clip(x, lo, hi): `x` keeps the gradient where it was not clipped (ans == x).
@vjp_rule(np.clip, "x", name="ClampBackward1")
def clip_x(g, ans, x, a_min=None, a_max=None):
    return unbroadcast(g * (ans == x), x)


@vjp_rule(np.clip, "a_min")
def clip_a_min(g, ans, x, a_min=None, a_max=None):
    return unbroadcast(g * ((x < a_min) & (ans == a_min)), a_min)


@vjp_rule(np.clip, "a_max")
def clip_a_max(g, ans, x, a_min=None, a_max=None):
    return unbroadcast(g * ((x > a_max) & (ans == a_max)), a_max)


@vjp_rule(np.where, "x", name="WhereBackward0")
def where_x(g, ans, condition, x=None, y=None):
    return unbroadcast(np.where(condition, g, 0), x)


@vjp_rule(np.where, "y")
def where_y(g, ans, condition, x=None, y=None):
    return unbroadcast(np.where(condition, 0, g), y)


elementwise(np.where, np.clip)
