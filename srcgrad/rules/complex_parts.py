"""Rules for real, imag, conj/conjugate, angle and real_if_close (reverse and forward rules
side by side), right for real and complex values alike.

The convention is that of complex_table.py: the gradient of ``z = a + ib`` is
``dL/da + i dL/db``. So ``np.real(z)`` passes its (real) gradient ``g`` back as ``g + 0j``,
``np.imag(z)`` as ``1j * g``, ``np.conj`` conjugates it, and ``np.angle(z)`` (``atan2(b,
a)``, whose partial derivatives are ``-b / |z|**2`` and ``a / |z|**2``) passes
``g * 1j / conj(z)``. On a real array ``real`` and ``conj`` are the identity, ``imag`` is 0
and ``angle`` is 0 or pi, flat away from 0. ``real_if_close`` has no complex rule: given a
complex value it is refused.

>>> import numpy as np
>>> imag_val(np.array([2.0]), None, np.array([1.5]))
array([0.])
>>> imag_val(np.array([2.0]), None, np.array([1.5 + 1.0j]))
array([0.+2.j])
"""

from __future__ import annotations

import numpy as np

from .complex_table import (
    complex_ok,
    complex_signal,
    is_complex_value,
    real_gradient,
    real_tangent,
)
from .registry import ComplexGradientError, jvp_rule, returns_view, vjp_rule


@vjp_rule(np.real, "val", name="RealBackward0")
def real_val(g, ans, val):
    if is_complex_value(val):
        return real_gradient(g) + 0j
    return g


@jvp_rule(np.real, "val")
def real_dval(ans, dval, val):
    return np.real(real_tangent(dval, val))


@vjp_rule(np.imag, "val", name="ImagBackward0")
def imag_val(g, ans, val):
    if is_complex_value(val):
        return 1j * real_gradient(g)
    return np.zeros_like(g)  # the imaginary part of a real value is 0 whatever it is


@jvp_rule(np.imag, "val")
def imag_dval(ans, dval, val):
    if is_complex_value(val):
        return np.imag(dval)
    real_tangent(dval, val)
    return np.zeros_like(dval)


@vjp_rule(np.conjugate, "x", name="ConjBackward0")
def conjugate_x(g, ans, x):
    return np.conj(g)


@jvp_rule(np.conjugate, "x")
def conjugate_dx(ans, dx, x):
    return np.conj(dx)


@vjp_rule(np.angle, "z", name="AngleBackward0")
def angle_z(g, ans, z, deg=False):
    if not is_complex_value(z):
        return np.zeros_like(g * z)  # 0 or pi: flat away from 0
    return real_gradient(g) * (180 / np.pi if deg else 1) * 1j / np.conj(z)


@jvp_rule(np.angle, "z")
def angle_dz(ans, dz, z, deg=False):
    if not is_complex_value(real_tangent(dz, z)):
        return np.zeros_like(ans * dz)
    return np.imag(dz / z) * (180 / np.pi if deg else 1)


def _refuse_complex(value):
    if is_complex_value(value):
        raise ComplexGradientError(
            "np.real_if_close of a complex value has no derivative rule in srcgrad (whether "
            "it drops the imaginary part depends on the values); use np.real"
        )


@vjp_rule(np.real_if_close, "a", name="RealBackward0")
def real_if_close_a(g, ans, a, tol=100):
    _refuse_complex(a)
    return g


@jvp_rule(np.real_if_close, "a")
def real_if_close_da(ans, da, a, tol=100):
    _refuse_complex(a)
    return da


def conjugate_method(x):
    """``x.conj()`` and ``x.conjugate()``: unlike the ufunc ``np.conj``, which always makes
    a new array, the method gives the array itself when it is real, so a write into the
    result is a write into ``x``."""
    return np.conjugate(x) if np.iscomplexobj(x) else x


@vjp_rule(conjugate_method, "x", name="ConjBackward0")
def conjugate_method_x(g, ans, x):
    return np.conj(g)


@jvp_rule(conjugate_method, "x")
def conjugate_method_dx(ans, dx, x):
    return np.conj(dx)


# The real and imaginary parts of an array can be views of it; a real array's conjugate
# (the method) is the array itself.
returns_view(np.real, np.imag, np.real_if_close, conjugate_method)
complex_ok(np.real, np.imag, np.conjugate, np.angle, conjugate_method)
complex_signal(np.real, np.imag, np.conjugate, np.angle, conjugate_method)
