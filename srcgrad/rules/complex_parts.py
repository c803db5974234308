"""Rules for complex intermediates: real, imag, conj/conjugate, angle and real_if_close
(reverse and forward rules side by side).

Complex gradients follow the convention of the other rules (``g * y`` for ``x * y``, no
conjugate): the gradient ``c`` of a complex value ``z`` stands for the real linear map
``dz -> Re(c * dz)``. With it the gradient of a real function of real inputs comes out
right through any complex steps (``np.abs(np.fft.fft(x))``), and a real input's gradient
is real. A rule whose output is real takes the real part of ``g`` first, since only that
part of a real value's gradient means anything:

>>> import numpy as np
>>> imag_val(np.array([1.0]), None, np.array([2 + 1j]))
array([-0.-1.j])
"""

from __future__ import annotations

import numpy as np

from .registry import jvp_rule, returns_view, vjp_rule


def _like_input(grad, x):
    """``grad`` as the gradient of ``x``: its real part where ``x`` is real."""
    return grad if np.iscomplexobj(x) else np.real(grad)


@vjp_rule(np.real, "val", name="RealBackward0")
def real_val(g, ans, val):
    return _like_input(np.real(g) + 0j, val)


@jvp_rule(np.real, "val")
def real_dval(ans, dval, val):
    return np.real(dval)


@vjp_rule(np.imag, "val", name="ImagBackward0")
def imag_val(g, ans, val):
    return _like_input(-1j * np.real(g), val)


@jvp_rule(np.imag, "val")
def imag_dval(ans, dval, val):
    return np.imag(dval)


@vjp_rule(np.conjugate, "x", name="ConjBackward0")
def conjugate_x(g, ans, x):
    return _like_input(np.conj(g), x)


@jvp_rule(np.conjugate, "x")
def conjugate_dx(ans, dx, x):
    return np.conj(dx)


def _angle_grad(g, z):
    """d angle(z) = Im(dz / z): the gradient is -1j * g / z (0 at z = 0)."""
    safe = np.where(z == 0, 1, z)
    return np.where(z == 0, 0, -1j * np.real(g) / safe)


@vjp_rule(np.angle, "z", name="AngleBackward0")
def angle_z(g, ans, z, deg=False):
    scale = 180 / np.pi if deg else 1.0
    return _like_input(_angle_grad(g * scale, z), z)


@jvp_rule(np.angle, "z")
def angle_dz(ans, dz, z, deg=False):
    scale = 180 / np.pi if deg else 1.0
    safe = np.where(z == 0, 1, z)
    return np.where(z == 0, 0, np.imag(dz / safe)) * scale


@vjp_rule(np.real_if_close, "a", name="RealBackward0")
def real_if_close_a(g, ans, a, tol=100):
    kept = g if np.iscomplexobj(ans) else np.real(g) + 0j  # a real result dropped Im(a)
    return _like_input(kept, a)


@jvp_rule(np.real_if_close, "a")
def real_if_close_da(ans, da, a, tol=100):
    return da if np.iscomplexobj(ans) else np.real(da)


# The real and imaginary parts of a complex array are views of it.
returns_view(np.real, np.imag, np.real_if_close)
