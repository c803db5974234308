"""Rules for elementwise functions: exp/log, powers and roots, abs, hypot, logaddexp,
clip, maximum/minimum, where (the trigonometric ones are in ``trigonometry.py``).

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

from .batch_helpers import broadcast_batch, lift
from .helpers import unbroadcast
from .registry import batched_jvp_rule, elementwise, elementwise_tangents, jvp_rule, vjp_rule
from .tangent_helpers import broadcast_like

LOG2 = math.log(2.0)
LOG10 = math.log(10.0)


@vjp_rule(np.exp, "x", name="ExpBackward0")
def exp_x(g, ans, x):
    return g * ans


@jvp_rule(np.exp, "x")
def exp_dx(ans, dx, x):
    return dx * ans


@vjp_rule(np.exp2, "x", name="Exp2Backward0")
def exp2_x(g, ans, x):
    return g * ans * LOG2


@jvp_rule(np.exp2, "x")
def exp2_dx(ans, dx, x):
    return dx * ans * LOG2


@vjp_rule(np.expm1, "x", name="Expm1Backward0")
def expm1_x(g, ans, x):
    return g * (ans + 1)


@jvp_rule(np.expm1, "x")
def expm1_dx(ans, dx, x):
    return dx * (ans + 1)


@vjp_rule(np.log, "x", name="LogBackward0")
def log_x(g, ans, x):
    return g / x


@jvp_rule(np.log, "x")
def log_dx(ans, dx, x):
    return dx / x


@vjp_rule(np.log2, "x", name="Log2Backward0")
def log2_x(g, ans, x):
    return g / (x * LOG2)


@jvp_rule(np.log2, "x")
def log2_dx(ans, dx, x):
    return dx / (x * LOG2)


@vjp_rule(np.log10, "x", name="Log10Backward0")
def log10_x(g, ans, x):
    return g / (x * LOG10)


@jvp_rule(np.log10, "x")
def log10_dx(ans, dx, x):
    return dx / (x * LOG10)


@vjp_rule(np.log1p, "x", name="Log1pBackward0")
def log1p_x(g, ans, x):
    return g / (x + 1)


@jvp_rule(np.log1p, "x")
def log1p_dx(ans, dx, x):
    return dx / (x + 1)


@vjp_rule(np.sqrt, "x", name="SqrtBackward0")
def sqrt_x(g, ans, x):
    return g / (2 * ans)


@jvp_rule(np.sqrt, "x")
def sqrt_dx(ans, dx, x):
    return dx / (2 * ans)


@vjp_rule(np.cbrt, "x", name="CbrtBackward0")
def cbrt_x(g, ans, x):
    return g / (3 * ans**2)


@jvp_rule(np.cbrt, "x")
def cbrt_dx(ans, dx, x):
    return dx / (3 * ans**2)


@vjp_rule(np.square, "x", name="PowBackward0")
def square_x(g, ans, x):
    return g * 2 * x


@jvp_rule(np.square, "x")
def square_dx(ans, dx, x):
    return 2 * x * dx


@vjp_rule(np.reciprocal, "x", name="ReciprocalBackward0")
def reciprocal_x(g, ans, x):
    return -g * ans**2


@jvp_rule(np.reciprocal, "x")
def reciprocal_dx(ans, dx, x):
    return -dx * ans**2


@vjp_rule(np.absolute, "x", name="AbsBackward0")
def absolute_x(g, ans, x):
    return g * np.sign(x)


@jvp_rule(np.absolute, "x")
def absolute_dx(ans, dx, x):
    return dx * np.sign(x)


@vjp_rule(np.hypot, "x", name="HypotBackward0")
def hypot_x(g, ans, x, y):
    return unbroadcast(g * x / ans, x)


@vjp_rule(np.hypot, "y")
def hypot_y(g, ans, x, y):
    return unbroadcast(g * y / ans, y)


@jvp_rule(np.hypot, "x")
def hypot_dx(ans, dx, x, y):
    return dx * x / ans


@jvp_rule(np.hypot, "y")
def hypot_dy(ans, dy, x, y):
    return dy * y / ans


@vjp_rule(np.logaddexp, "x", name="LogaddexpBackward0")
def logaddexp_x(g, ans, x, y):
    return unbroadcast(g * np.exp(x - ans), x)


@vjp_rule(np.logaddexp, "y")
def logaddexp_y(g, ans, x, y):
    return unbroadcast(g * np.exp(y - ans), y)


@jvp_rule(np.logaddexp, "x")
def logaddexp_dx(ans, dx, x, y):
    return dx * np.exp(x - ans)


@jvp_rule(np.logaddexp, "y")
def logaddexp_dy(ans, dy, x, y):
    return dy * np.exp(y - ans)


@vjp_rule(np.logaddexp2, "x", name="Logaddexp2Backward0")
def logaddexp2_x(g, ans, x, y):
    return unbroadcast(g * np.exp2(x - ans), x)


@vjp_rule(np.logaddexp2, "y")
def logaddexp2_y(g, ans, x, y):
    return unbroadcast(g * np.exp2(y - ans), y)


@jvp_rule(np.logaddexp2, "x")
def logaddexp2_dx(ans, dx, x, y):
    return dx * np.exp2(x - ans)


@jvp_rule(np.logaddexp2, "y")
def logaddexp2_dy(ans, dy, x, y):
    return dy * np.exp2(y - ans)


@vjp_rule(np.maximum, "x", name="MaximumBackward0")
def maximum_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (x > y)), x)


@vjp_rule(np.maximum, "y")
def maximum_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (y > x)), y)


@jvp_rule(np.maximum, "x")
def maximum_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, x > y)


@jvp_rule(np.maximum, "y")
def maximum_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, y > x)


@vjp_rule(np.minimum, "x", name="MinimumBackward0")
def minimum_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (x < y)), x)


@vjp_rule(np.minimum, "y")
def minimum_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * (y < x)), y)


@jvp_rule(np.minimum, "x")
def minimum_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, x < y)


@jvp_rule(np.minimum, "y")
def minimum_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, y < x)


@vjp_rule(np.fmax, "x", name="FmaxBackward0")
def fmax_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((x > y) | np.isnan(y))), x)


@vjp_rule(np.fmax, "y")
def fmax_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((y > x) | np.isnan(x))), y)


@jvp_rule(np.fmax, "x")
def fmax_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, (x > y) | np.isnan(y))


@jvp_rule(np.fmax, "y")
def fmax_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, (y > x) | np.isnan(x))


@vjp_rule(np.fmin, "x", name="FminBackward0")
def fmin_x(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((x < y) | np.isnan(y))), x)


@vjp_rule(np.fmin, "y")
def fmin_y(g, ans, x, y):
    return unbroadcast(np.where(x == y, g / 2, g * ((y < x) | np.isnan(x))), y)


@jvp_rule(np.fmin, "x")
def fmin_dx(ans, dx, x, y):
    return dx * np.where(x == y, 0.5, (x < y) | np.isnan(y))


@jvp_rule(np.fmin, "y")
def fmin_dy(ans, dy, x, y):
    return dy * np.where(x == y, 0.5, (y < x) | np.isnan(x))


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


@batched_jvp_rule(np.clip, "x")
def clip_dx_batched(ans, dx, x, a_min=None, a_max=None):
    return broadcast_batch(lift(dx, ans) * (ans == x), ans)


@batched_jvp_rule(np.clip, "a_min")
def clip_da_min_batched(ans, da_min, x, a_min=None, a_max=None):
    return broadcast_batch(lift(da_min, ans) * ((x < a_min) & (ans == a_min)), ans)


@batched_jvp_rule(np.clip, "a_max")
def clip_da_max_batched(ans, da_max, x, a_min=None, a_max=None):
    return broadcast_batch(lift(da_max, ans) * ((x > a_max) & (ans == a_max)), ans)


@jvp_rule(np.clip, "x")
def clip_dx(ans, dx, x, a_min=None, a_max=None):
    return broadcast_like(dx * (ans == x), ans)


@jvp_rule(np.clip, "a_min")
def clip_da_min(ans, da_min, x, a_min=None, a_max=None):
    return broadcast_like(da_min * ((x < a_min) & (ans == a_min)), ans)


@jvp_rule(np.clip, "a_max")
def clip_da_max(ans, da_max, x, a_min=None, a_max=None):
    return broadcast_like(da_max * ((x > a_max) & (ans == a_max)), ans)


@vjp_rule(np.where, "x", name="WhereBackward0")
def where_x(g, ans, condition, x=None, y=None):
    return unbroadcast(np.where(condition, g, 0), x)


@vjp_rule(np.where, "y")
def where_y(g, ans, condition, x=None, y=None):
    return unbroadcast(np.where(condition, 0, g), y)


@batched_jvp_rule(np.where, "x")
def where_dx_batched(ans, dx, condition, x=None, y=None):
    return broadcast_batch(np.where(condition, lift(dx, ans), 0), ans)


@batched_jvp_rule(np.where, "y")
def where_dy_batched(ans, dy, condition, x=None, y=None):
    return broadcast_batch(np.where(condition, 0, lift(dy, ans)), ans)


@jvp_rule(np.where, "x")
def where_dx(ans, dx, condition, x=None, y=None):
    return broadcast_like(np.where(condition, dx, 0), ans)


@jvp_rule(np.where, "y")
def where_dy(ans, dy, condition, x=None, y=None):
    return broadcast_like(np.where(condition, 0, dy), ans)


elementwise(np.where, np.clip)


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(
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
    np.hypot,
    np.logaddexp,
    np.logaddexp2,
    np.maximum,
    np.minimum,
    np.fmax,
    np.fmin,
)
