"""Rules for more of the ``math`` module (reverse and forward rules side by side):
inverse hyperbolic functions, ``cbrt``, ``exp2``, ``copysign``, ``fmod``, ``remainder``
and ``ldexp``; and the integer-valued functions, which have no gradient.

``copysign(x, y)`` is ``|x|`` with ``y``'s sign: its derivative for ``x`` is the product
of the signs (0 at ``x == 0``, as for ``fabs``) and 0 for ``y``. ``fmod(x, y)`` is
``x - trunc(x / y) * y`` and ``remainder(x, y)`` is ``x - round(x / y) * y``, so between
their jumps the derivative for ``y`` is minus the whole number of ``y`` taken away.

>>> asinh_x(1.0, None, 0.0)
1.0
"""

from __future__ import annotations

import math

from .registry import jvp_rule, nondifferentiable, vjp_rule


def _sign(x):
    return 0.0 if x == 0 else math.copysign(1.0, x)


@vjp_rule(math.asinh, "x", name="AsinhBackward0")
def asinh_x(g, ans, x):
    return g / math.sqrt(x * x + 1.0)


@jvp_rule(math.asinh, "x")
def asinh_dx(ans, dx, x):
    return dx / math.sqrt(x * x + 1.0)


@vjp_rule(math.acosh, "x", name="AcoshBackward0")
def acosh_x(g, ans, x):
    return g / math.sqrt(x * x - 1.0)


@jvp_rule(math.acosh, "x")
def acosh_dx(ans, dx, x):
    return dx / math.sqrt(x * x - 1.0)


@vjp_rule(math.atanh, "x", name="AtanhBackward0")
def atanh_x(g, ans, x):
    return g / (1.0 - x * x)


@jvp_rule(math.atanh, "x")
def atanh_dx(ans, dx, x):
    return dx / (1.0 - x * x)


@vjp_rule(math.copysign, "x", name="CopysignBackward0")
def copysign_x(g, ans, x, y):
    return g * _sign(x) * math.copysign(1.0, y)


@jvp_rule(math.copysign, "x")
def copysign_dx(ans, dx, x, y):
    return dx * _sign(x) * math.copysign(1.0, y)


@vjp_rule(math.copysign, "y")
def copysign_y(g, ans, x, y):
    return 0.0 * g


@jvp_rule(math.copysign, "y")
def copysign_dy(ans, dy, x, y):
    return 0.0 * dy


@vjp_rule(math.fmod, "x", name="FmodBackward0")
def fmod_x(g, ans, x, y):
    return g


@jvp_rule(math.fmod, "x")
def fmod_dx(ans, dx, x, y):
    return dx


@vjp_rule(math.fmod, "y")
def fmod_y(g, ans, x, y):
    return -g * math.trunc(x / y)


@jvp_rule(math.fmod, "y")
def fmod_dy(ans, dy, x, y):
    return -dy * math.trunc(x / y)


@vjp_rule(math.remainder, "x", name="RemainderBackward0")
def remainder_x(g, ans, x, y):
    return g


@jvp_rule(math.remainder, "x")
def remainder_dx(ans, dx, x, y):
    return dx


@vjp_rule(math.remainder, "y")
def remainder_y(g, ans, x, y):
    return -g * round((x - ans) / y)


@jvp_rule(math.remainder, "y")
def remainder_dy(ans, dy, x, y):
    return -dy * round((x - ans) / y)


@vjp_rule(math.ldexp, "x", name="LdexpBackward0")
def ldexp_x(g, ans, x, i):
    return math.ldexp(g, i)


@jvp_rule(math.ldexp, "x")
def ldexp_dx(ans, dx, x, i):
    return math.ldexp(dx, i)


if hasattr(math, "cbrt"):  # Python 3.11 and later

    @vjp_rule(math.cbrt, "x", name="CbrtBackward0")
    def cbrt_x(g, ans, x):
        return g / (3.0 * ans * ans)

    @jvp_rule(math.cbrt, "x")
    def cbrt_dx(ans, dx, x):
        return dx / (3.0 * ans * ans)

    @vjp_rule(math.exp2, "x", name="Exp2Backward0")
    def exp2_x(g, ans, x):
        return g * ans * math.log(2.0)

    @jvp_rule(math.exp2, "x")
    def exp2_dx(ans, dx, x):
        return dx * ans * math.log(2.0)


nondifferentiable(math.comb, math.perm, math.factorial, math.gcd, math.lcm, math.isqrt)
