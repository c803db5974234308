"""Rules for the special functions of the ``math`` module on Python floats: erf, erfc,
gamma and lgamma (reverse and forward rules side by side), and the digamma function
their derivatives need.

``math`` has no digamma, and NumPy none either, so :func:`digamma` and :func:`trigamma`
are computed here: shifted up by the recurrence ``psi(x) = psi(x + 1) - 1/x`` until
``x >= 10``, then summed from their asymptotic series (relative error below 1e-12), with
the reflection formula for negative non-integers.

>>> round(digamma(1.0), 10)  # minus the Euler-Mascheroni constant
-0.5772156649
"""

from __future__ import annotations

import math

from .registry import elementwise_tangents, jvp_rule, vjp_rule

_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)


def digamma(x):
    """The digamma function psi(x) = d/dx lgamma(x), for a float ``x``.

    >>> round(digamma(2.0) - digamma(1.0), 12)
    1.0
    """
    if x <= 0 and x == math.floor(x):
        return math.nan  # a pole
    if x < 0:  # reflection: psi(1 - x) - psi(x) = pi / tan(pi x)
        return digamma(1 - x) - math.pi / math.tan(math.pi * x)
    shift = 0.0
    while x < 10:
        shift -= 1 / x
        x += 1
    inverse_square = 1 / (x * x)
    series = inverse_square * (
        1 / 12 - inverse_square * (1 / 120 - inverse_square * (1 / 252 - inverse_square / 240))
    )
    return shift + math.log(x) - 0.5 / x - series


def trigamma(x):
    """The trigamma function psi'(x), for a float ``x``.

    >>> abs(trigamma(1.0) - math.pi**2 / 6) < 1e-11
    True
    """
    if x <= 0 and x == math.floor(x):
        return math.nan
    if x < 0:  # reflection: psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x)
        return (math.pi / math.sin(math.pi * x)) ** 2 - trigamma(1 - x)
    shift = 0.0
    while x < 10:
        shift += 1 / (x * x)
        x += 1
    inverse = 1 / x
    inverse_square = inverse * inverse
    series = inverse + inverse_square / 2
    tail = 1 / 6 - inverse_square * (1 / 30 - inverse_square * (1 / 42 - inverse_square / 30))
    series += inverse * inverse_square * tail
    return shift + series


@vjp_rule(math.erf, "x", name="ErfBackward0")
def erf_x(g, ans, x):
    return g * _TWO_OVER_SQRT_PI * math.exp(-x * x)


@jvp_rule(math.erf, "x")
def erf_dx(ans, dx, x):
    return dx * _TWO_OVER_SQRT_PI * math.exp(-x * x)


@vjp_rule(math.erfc, "x", name="ErfcBackward0")
def erfc_x(g, ans, x):
    return -g * _TWO_OVER_SQRT_PI * math.exp(-x * x)


@jvp_rule(math.erfc, "x")
def erfc_dx(ans, dx, x):
    return -dx * _TWO_OVER_SQRT_PI * math.exp(-x * x)


@vjp_rule(math.lgamma, "x", name="LgammaBackward0")
def lgamma_x(g, ans, x):
    return g * digamma(x)


@jvp_rule(math.lgamma, "x")
def lgamma_dx(ans, dx, x):
    return dx * digamma(x)


@vjp_rule(math.gamma, "x", name="GammaBackward0")
def gamma_x(g, ans, x):
    return g * ans * digamma(x)


@jvp_rule(math.gamma, "x")
def gamma_dx(ans, dx, x):
    return dx * ans * digamma(x)


@vjp_rule(digamma, "x", name="DigammaBackward0")
def digamma_x(g, ans, x):
    return g * trigamma(x)


@jvp_rule(digamma, "x")
def digamma_dx(ans, dx, x):
    return dx * trigamma(x)


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(math.erf, math.erfc, math.lgamma, math.gamma, digamma)
