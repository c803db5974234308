"""Rules for real, imag, conj/conjugate, angle and real_if_close of real values (reverse
and forward rules side by side).

On a real array these are the identity (``real``, ``conj``, ``real_if_close``) or a
constant (``imag`` is 0, ``angle`` is 0 or pi), which is what the rules give. On complex
values srcgrad has no rules yet: gradients through complex intermediates of a real
function are refused (``ComplexGradientError``), and these rules say so too rather than
pick a convention for complex gradients.

>>> import numpy as np
>>> imag_val(np.array([2.0]), None, np.array([1.5]))
array([0.])
"""

from __future__ import annotations

import numpy as np

from .registry import ComplexGradientError, jvp_rule, returns_view, vjp_rule


def _refuse_complex(name, value):
    if np.iscomplexobj(value):
        raise ComplexGradientError(
            f"np.{name} of a complex value has no derivative rule in srcgrad: gradients "
            "through complex intermediates are not supported; compute with real and "
            "imaginary parts as separate real arrays"
        )


@vjp_rule(np.real, "val", name="RealBackward0")
def real_val(g, ans, val):
    _refuse_complex("real", val)
    return g


@jvp_rule(np.real, "val")
def real_dval(ans, dval, val):
    _refuse_complex("real", val)
    return dval


@vjp_rule(np.imag, "val", name="ImagBackward0")
def imag_val(g, ans, val):
    _refuse_complex("imag", val)
    return np.zeros_like(g)  # the imaginary part of a real value is 0 whatever it is


@jvp_rule(np.imag, "val")
def imag_dval(ans, dval, val):
    _refuse_complex("imag", val)
    return np.zeros_like(dval)


@vjp_rule(np.conjugate, "x", name="ConjBackward0")
def conjugate_x(g, ans, x):
    _refuse_complex("conjugate", x)
    return g


@jvp_rule(np.conjugate, "x")
def conjugate_dx(ans, dx, x):
    _refuse_complex("conjugate", x)
    return dx


@vjp_rule(np.angle, "z", name="AngleBackward0")
def angle_z(g, ans, z, deg=False):
    _refuse_complex("angle", z)
    return np.zeros_like(g * z)  # 0 or pi: flat away from 0


@jvp_rule(np.angle, "z")
def angle_dz(ans, dz, z, deg=False):
    _refuse_complex("angle", z)
    return np.zeros_like(ans * dz)


@vjp_rule(np.real_if_close, "a", name="RealBackward0")
def real_if_close_a(g, ans, a, tol=100):
    _refuse_complex("real_if_close", a)
    return g


@jvp_rule(np.real_if_close, "a")
def real_if_close_da(ans, da, a, tol=100):
    _refuse_complex("real_if_close", a)
    return da


def conjugate_method(x):
    """``x.conj()`` and ``x.conjugate()``: unlike the ufunc ``np.conj``, which always makes
    a new array, the method gives the array itself when it is real, so a write into the
    result is a write into ``x``."""
    return np.conjugate(x) if np.iscomplexobj(x) else x


@vjp_rule(conjugate_method, "x", name="ConjBackward0")
def conjugate_method_x(g, ans, x):
    _refuse_complex("conjugate", x)
    return g


@jvp_rule(conjugate_method, "x")
def conjugate_method_dx(ans, dx, x):
    _refuse_complex("conjugate", x)
    return dx


# The real and imaginary parts of an array can be views of it; a real array's conjugate
# (the method) is the array itself.
returns_view(np.real, np.imag, np.real_if_close, conjugate_method)
