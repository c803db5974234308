"""Rules for the functions that take a float apart or nudge it: ``np.copysign``,
``np.ldexp``, ``np.nextafter`` and ``np.spacing`` (rules), ``np.frexp``, ``np.modf``,
``np.divmod`` and the builtin ``divmod`` (defined by NumPy code, see ``definitions.py``).

- ``np.copysign(x, y)`` is ``|x|`` with the sign of ``y``: its derivative for ``x`` is
  ``sign(x) * sign(y)`` (0 at ``x == 0``, as for ``abs``), and for ``y`` 0 (only its
  sign is read).
- ``np.ldexp(x, i)`` is ``x * 2**i``, linear in ``x``; the integer ``i`` gets 0.
- ``np.nextafter(x, y)`` is the float next to ``x`` towards ``y``: it moves with ``x``
  (derivative 1) and not with ``y`` (0).
- ``np.spacing(x)`` (the gap to the next float) and ``np.frexp``'s exponent are piecewise
  constant: no gradient.
- ``np.frexp(x)``'s mantissa is ``np.ldexp(x, -exponent)``, ``np.modf(x)`` is
  ``(x - np.trunc(x), np.trunc(x))`` and ``np.divmod(x, y)`` is
  ``(np.floor_divide(x, y), np.remainder(x, y))``, with the same values as NumPy's
  (``divmod(a, b)`` is ``(a // b, a % b)``, as Python computes it).

>>> frexp(np.array([3.0, -0.25]))
(array([ 0.75, -0.5 ]), array([ 2, -1], dtype=int32))
"""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .registry import (
    defined_by,
    elementwise_tangents,
    jvp_rule,
    nondifferentiable,
    primitive,
    vjp_rule,
)


# ---- copysign ----------------------------------------------------------------------------
@vjp_rule(np.copysign, "x", name="CopysignBackward0")
def copysign_x(g, ans, x, y):
    return unbroadcast(g * (np.sign(x) * np.sign(ans)), x)


@vjp_rule(np.copysign, "y")
def copysign_y(g, ans, x, y):
    return unbroadcast(np.zeros_like(g), y)  # only the sign of y is read


@jvp_rule(np.copysign, "x")
def copysign_dx(ans, dx, x, y):
    return dx * (np.sign(x) * np.sign(ans))


@jvp_rule(np.copysign, "y")
def copysign_dy(ans, dy, x, y):
    return np.zeros_like(dy * ans)


# ---- ldexp -------------------------------------------------------------------------------
@vjp_rule(np.ldexp, "x", name="LdexpBackward0")
def ldexp_x(g, ans, x, i):
    return unbroadcast(np.ldexp(g, i), x)


@vjp_rule(np.ldexp, "i")
def ldexp_i(g, ans, x, i):
    # i is an integer (an exponent, from np.frexp say): it moves in steps, not smoothly
    return unbroadcast(np.zeros_like(g), i)


@jvp_rule(np.ldexp, "x")
def ldexp_dx(ans, dx, x, i):
    return np.ldexp(dx, i)


@jvp_rule(np.ldexp, "i")
def ldexp_di(ans, di, x, i):
    return np.zeros_like(di * ans)


# ---- nextafter ---------------------------------------------------------------------------
@vjp_rule(np.nextafter, "x", name="NextafterBackward0")
def nextafter_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.nextafter, "y")
def nextafter_y(g, ans, x, y):
    return unbroadcast(np.zeros_like(g), y)  # only the direction towards y is read


@jvp_rule(np.nextafter, "x")
def nextafter_dx(ans, dx, x, y):
    return dx + np.zeros_like(ans)  # dx broadcast to the output's shape


@jvp_rule(np.nextafter, "y")
def nextafter_dy(ans, dy, x, y):
    return np.zeros_like(dy * ans)


elementwise_tangents(np.copysign, np.ldexp, np.nextafter)


# ---- piecewise constant parts ------------------------------------------------------------
@primitive
def float_exponent(x):
    """The exponent ``np.frexp`` gives: ``x == mantissa * 2**exponent``."""
    return np.frexp(x)[1]


nondifferentiable(np.spacing, float_exponent)


# ---- definitions -------------------------------------------------------------------------
@defined_by(np.frexp)
def frexp(x):
    exponent = float_exponent(x)
    return np.ldexp(x, -exponent), exponent


@defined_by(np.modf)
def modf(x):
    whole = np.trunc(x)
    # NumPy gives the fraction of an infinity as a zero with its sign, not inf - inf
    return np.where(np.isinf(x), np.copysign(0.0, x), x - whole), whole


@defined_by(np.divmod)
def divmod_(x1, x2):
    return np.floor_divide(x1, x2), np.remainder(x1, x2)


@defined_by(divmod)
def builtin_divmod(a, b):
    return a // b, a % b
