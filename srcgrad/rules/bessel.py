"""Rules for ``np.i0``, the modified Bessel function of the first kind of order 0.

``I0'(x) = I1(x)``, and NumPy has no ``I1``, so :func:`bessel_i1` computes it here from
its power series ``I1(x) = sum_k (x/2)**(2k+1) / (k! (k+1)!)``, whose terms are all of
one sign: summed until a term no longer changes the total, it is exact to rounding for
every ``x`` where ``I1`` is finite. ``bessel_i1`` is a primitive with rules of its own,
``I1'(x) = I0(x) - I1(x) / x`` (``1/2`` at 0), so second derivatives of ``np.i0`` work.

>>> float(np.round(bessel_i1(1.0), 12))  # scipy.special.i1(1.0)
0.565159103992
"""

from __future__ import annotations

import numpy as np

from .registry import elementwise, elementwise_tangents, jvp_rule, primitive, vjp_rule

_MOST_TERMS = 2000  # I1 overflows beyond |x| = 714, where the series needs about 600


@primitive
def bessel_i1(x):
    """The modified Bessel function of the first kind of order 1, elementwise.

    >>> bessel_i1(np.array([0.0, 2.0])).round(10)
    array([0.        , 1.59063685])
    """
    half = np.asarray(x, dtype=np.result_type(x, 1.0)) / 2
    quarter_square = half * half
    term = half
    total = half
    for k in range(1, _MOST_TERMS):
        term = term * (quarter_square / (k * (k + 1)))
        total = total + term
        if not np.any(np.abs(term) > np.finfo(total.dtype).eps * np.abs(total)):
            break
    return total[()] if total.ndim == 0 else total


def _i1_slope(x, ans):
    """``I1'(x) = I0(x) - I1(x) / x``, which is 1/2 at 0."""
    at_zero = x == 0
    safe = np.where(at_zero, 1.0, x)
    return np.where(at_zero, 0.5, np.i0(x) - ans / safe)


@vjp_rule(np.i0, "x", name="I0Backward0")
def i0_x(g, ans, x):
    return g * bessel_i1(x)


@jvp_rule(np.i0, "x")
def i0_dx(ans, dx, x):
    return dx * bessel_i1(x)


@vjp_rule(bessel_i1, "x", name="I1Backward0")
def bessel_i1_x(g, ans, x):
    return g * _i1_slope(x, ans)


@jvp_rule(bessel_i1, "x")
def bessel_i1_dx(ans, dx, x):
    return dx * _i1_slope(x, ans)


elementwise(np.i0, bessel_i1)
elementwise_tangents(np.i0, bessel_i1)
