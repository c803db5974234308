"""Rules for the ``math`` module's functions on Python floats.

These mirror the NumPy rules but are written with ``math`` functions and operators, so
the gradient of a float is a float. The same conventions hold: ``fabs'(0) = 0``;
``pow(x, 0)`` has gradient 0 for ``x`` even at ``x == 0``; ``pow``'s gradient for the
exponent is 0 where ``x == 0`` and NaN where ``x < 0``. ``math.log(x, base)`` has a
rule for both arguments. ``math.hypot`` takes any number of coordinates, so its rule
returns one gradient per argument.
"""

from __future__ import annotations

import math

from .registry import elementwise_tangents, jvp_rule, jvp_rule_all, vjp_rule, vjp_rule_all


@vjp_rule(math.sin, "x", name="SinBackward0")
def sin_x(g, ans, x):
    return g * math.cos(x)


@jvp_rule(math.sin, "x")
def math_sin_dx(ans, dx, x):
    return dx * math.cos(x)


@vjp_rule(math.cos, "x", name="CosBackward0")
def cos_x(g, ans, x):
    return -g * math.sin(x)


@jvp_rule(math.cos, "x")
def math_cos_dx(ans, dx, x):
    return -dx * math.sin(x)


@vjp_rule(math.tan, "x", name="TanBackward0")
def tan_x(g, ans, x):
    return g * (1 + ans**2)


@jvp_rule(math.tan, "x")
def math_tan_dx(ans, dx, x):
    return dx * (1 + ans**2)


@vjp_rule(math.asin, "x", name="AsinBackward0")
def asin_x(g, ans, x):
    return g / math.sqrt(1 - x**2)


@jvp_rule(math.asin, "x")
def math_asin_dx(ans, dx, x):
    return dx / math.sqrt(1 - x**2)


@vjp_rule(math.acos, "x", name="AcosBackward0")
def acos_x(g, ans, x):
    return -g / math.sqrt(1 - x**2)


@jvp_rule(math.acos, "x")
def math_acos_dx(ans, dx, x):
    return -dx / math.sqrt(1 - x**2)


@vjp_rule(math.atan, "x", name="AtanBackward0")
def atan_x(g, ans, x):
    return g / (1 + x**2)


@jvp_rule(math.atan, "x")
def math_atan_dx(ans, dx, x):
    return dx / (1 + x**2)


@vjp_rule(math.atan2, "y", name="Atan2Backward0")
def atan2_y(g, ans, y, x):
    return g * x / (x**2 + y**2)


@vjp_rule(math.atan2, "x")
def atan2_x(g, ans, y, x):
    return -g * y / (x**2 + y**2)


@jvp_rule(math.atan2, "y")
def math_atan2_dy(ans, dy, y, x):
    return dy * x / (x**2 + y**2)


@jvp_rule(math.atan2, "x")
def math_atan2_dx(ans, dx, y, x):
    return -dx * y / (x**2 + y**2)


@vjp_rule(math.sinh, "x", name="SinhBackward0")
def sinh_x(g, ans, x):
    return g * math.cosh(x)


@jvp_rule(math.sinh, "x")
def math_sinh_dx(ans, dx, x):
    return dx * math.cosh(x)


@vjp_rule(math.cosh, "x", name="CoshBackward0")
def cosh_x(g, ans, x):
    return g * math.sinh(x)


@jvp_rule(math.cosh, "x")
def math_cosh_dx(ans, dx, x):
    return dx * math.sinh(x)


@vjp_rule(math.tanh, "x", name="TanhBackward0")
def tanh_x(g, ans, x):
    return g * (1 - ans**2)


@jvp_rule(math.tanh, "x")
def math_tanh_dx(ans, dx, x):
    return dx * (1 - ans**2)


@vjp_rule(math.exp, "x", name="ExpBackward0")
def exp_x(g, ans, x):
    return g * ans


@jvp_rule(math.exp, "x")
def math_exp_dx(ans, dx, x):
    return dx * ans


@vjp_rule(math.expm1, "x", name="Expm1Backward0")
def expm1_x(g, ans, x):
    return g * (ans + 1)


@jvp_rule(math.expm1, "x")
def math_expm1_dx(ans, dx, x):
    return dx * (ans + 1)


@vjp_rule(math.log, "x", name="LogBackward0")
def log_x(g, ans, x, base=math.e):
    return g / (x * math.log(base))


@vjp_rule(math.log, "base")
def log_base(g, ans, x, base=math.e):
    return -g * ans / (base * math.log(base))


@jvp_rule(math.log, "x")
def math_log_dx(ans, dx, x, base=math.e):
    return dx / (x * math.log(base))


@jvp_rule(math.log, "base")
def math_log_dbase(ans, dbase, x, base=math.e):
    return -dbase * ans / (base * math.log(base))


@vjp_rule(math.log2, "x", name="Log2Backward0")
def log2_x(g, ans, x):
    return g / (x * math.log(2))


@jvp_rule(math.log2, "x")
def math_log2_dx(ans, dx, x):
    return dx / (x * math.log(2))


@vjp_rule(math.log10, "x", name="Log10Backward0")
def log10_x(g, ans, x):
    return g / (x * math.log(10))


@jvp_rule(math.log10, "x")
def math_log10_dx(ans, dx, x):
    return dx / (x * math.log(10))


@vjp_rule(math.log1p, "x", name="Log1pBackward0")
def log1p_x(g, ans, x):
    return g / (1 + x)


@jvp_rule(math.log1p, "x")
def math_log1p_dx(ans, dx, x):
    return dx / (1 + x)


@vjp_rule(math.sqrt, "x", name="SqrtBackward0")
def sqrt_x(g, ans, x):
    return g / (2 * ans)


@jvp_rule(math.sqrt, "x")
def math_sqrt_dx(ans, dx, x):
    return dx / (2 * ans)


@vjp_rule(math.pow, "x", name="PowBackward0")
def pow_x(g, ans, x, y):
    return g * y * math.pow(x, y - 1) if y != 0 else 0.0 * g


@vjp_rule(math.pow, "y")
def pow_y(g, ans, x, y):
    if x > 0:
        return g * ans * math.log(x)
    # 0 ** y is flat in y (for y > 0); a negative base has no real derivative in y.
    return 0.0 * g if x == 0 else math.nan


@jvp_rule(math.pow, "x")
def math_pow_dx(ans, dx, x, y):
    return dx * y * math.pow(x, y - 1) if y != 0 else 0.0 * dx


@jvp_rule(math.pow, "y")
def math_pow_dy(ans, dy, x, y):
    if x > 0:
        return dy * ans * math.log(x)
    # 0 ** y is flat in y (for y > 0); a negative base has no real derivative in y.
    return 0.0 * dy if x == 0 else math.nan


@vjp_rule(math.fabs, "x", name="AbsBackward0")
def fabs_x(g, ans, x):
    return g * ((x > 0) - (x < 0))


@jvp_rule(math.fabs, "x")
def math_fabs_dx(ans, dx, x):
    return dx * ((x > 0) - (x < 0))


@vjp_rule_all(math.hypot, name="HypotBackward0")
def hypot_all(g, ans, *coordinates):
    return tuple(g * c / ans for c in coordinates)


@jvp_rule_all(math.hypot)
def math_hypot_tangent(ans, tangents, *coordinates):
    parts = [t * c for t, c in zip(tangents, coordinates) if t is not None]
    return math.fsum(parts) / ans


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(
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
)
