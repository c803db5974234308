"""Rules for the discrete Fourier transforms of ``np.fft`` (reverse and forward rules side by
side), under the convention of complex_table.py (the gradient of ``z = a + ib`` is
``dL/da + i dL/db``).

Each transform is linear, so its tangent rule applies it to the tangent. Its reverse rule
applies the adjoint (conjugate transpose): ``fft`` with normalisation ``norm`` has the
adjoint ``ifft`` with the opposite normalisation (``"backward"`` and ``"forward"`` swap,
``"ortho"`` stays), and the other way round; a length ``n`` that padded the input cuts the
gradient back, one that cut it pads the gradient with zeros.

``rfft`` keeps the first ``n // 2 + 1`` bins of ``fft`` of a real input: its adjoint pads
the gradient with zeros to ``n`` bins, applies the adjoint of ``fft`` and keeps the real
part. ``irfft(a, n)`` reads ``a[k]`` for the bin ``k`` and, mirrored, for ``n - k``: the
real part and the sign-flipped imaginary part of every interior bin meet the output twice,
so its adjoint is ``rfft`` of the gradient (opposite normalisation) with the interior bins
doubled; the bin 0 and, for even ``n``, the bin ``n // 2`` are used once. The n-dimensional
forms do the same along their last axis and apply ``fft``/``ifft`` along the others.

>>> import numpy as np
>>> fft_a(np.ones(4, dtype=complex), None, np.zeros(4))
array([1., 0., 0., 0.])
"""

from __future__ import annotations

import numpy as np

from .complex_table import (
    complex_ok,
    complex_signal,
    is_complex_value,
    real_for,
    real_gradient,
    real_tangent,
)
from .registry import ComplexGradientError, jvp_rule, vjp_rule

_OPPOSITE = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _fit(grad, like, axes):
    """``grad`` cut, or padded with zeros, along ``axes`` to the lengths of ``like``."""
    shape = np.shape(like)
    for axis in axes:
        have, want = np.shape(grad)[axis], shape[axis]
        if have > want:
            grad = grad[(slice(None),) * axis + (slice(0, want),)]
        elif have < want:
            pad = list(np.shape(grad))
            pad[axis] = want - have
            grad = np.concatenate([grad, np.zeros(pad, dtype=grad.dtype)], axis=axis)
    return grad


def _axes(a, s, axes):
    """The transformed axes, non-negative, as NumPy's n-dimensional transforms read them."""
    ndim = np.ndim(a)
    if axes is None:
        axes = range(ndim) if s is None else range(ndim - len(s), ndim)
    return [axis % ndim for axis in axes]


def _refuse_complex_input(a, name):
    if is_complex_value(a):
        raise ComplexGradientError(
            f"np.fft.{name} of a complex array (NumPy drops its imaginary part): srcgrad "
            f"differentiates np.fft.{name} of real arrays only; pass np.real(a) explicitly"
        )


def _doubled(spectrum, n, axis):
    """``spectrum`` (bins 0..n//2 along ``axis``) with the interior bins doubled."""
    weights = np.full(n // 2 + 1, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    shape = [1] * np.ndim(spectrum)
    shape[axis] = len(weights)
    return spectrum * weights.reshape(shape)


# ---- one axis ---------------------------------------------------------------------------
@vjp_rule(np.fft.fft, "a", name="FftC2CBackward0")
def fft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    back = np.fft.ifft(g, axis=axis, norm=_OPPOSITE[norm])
    return real_for(_fit(back, a, [axis % np.ndim(a)]), a, ans)


@jvp_rule(np.fft.fft, "a")
def fft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.fft(da, n, axis, norm)


@vjp_rule(np.fft.ifft, "a", name="FftC2CBackward0")
def ifft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    back = np.fft.fft(g, axis=axis, norm=_OPPOSITE[norm])
    return real_for(_fit(back, a, [axis % np.ndim(a)]), a, ans)


@jvp_rule(np.fft.ifft, "a")
def ifft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.ifft(da, n, axis, norm)


@vjp_rule(np.fft.rfft, "a", name="FftR2CBackward0")
def rfft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    _refuse_complex_input(a, "rfft")
    axis = axis % np.ndim(a)
    full = np.shape(a)[axis] if n is None else n
    shape = list(np.shape(g))
    shape[axis] = full
    padded = _fit(g, np.empty(shape), [axis])
    return _fit(np.real(np.fft.ifft(padded, axis=axis, norm=_OPPOSITE[norm])), a, [axis])


@jvp_rule(np.fft.rfft, "a")
def rfft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    _refuse_complex_input(a, "rfft")
    return np.fft.rfft(real_tangent(da, a), n, axis, norm)


@vjp_rule(np.fft.irfft, "a", name="FftC2RBackward0")
def irfft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    axis = axis % np.ndim(a)
    full = np.shape(ans)[axis]
    spectrum = _doubled(np.fft.rfft(real_gradient(g), axis=axis, norm=_OPPOSITE[norm]), full, axis)
    return real_for(_fit(spectrum, a, [axis]), a, spectrum)


@jvp_rule(np.fft.irfft, "a")
def irfft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.irfft(real_tangent(da, a), n, axis, norm)


# ---- several axes -----------------------------------------------------------------------
def _c2c_adjoint(g, ans, a, s, axes, norm, adjoint):
    axes = _axes(a, s, axes)
    return real_for(_fit(adjoint(g, axes=axes, norm=_OPPOSITE[norm]), a, axes), a, ans)


def _r2c_adjoint(g, ans, a, s, axes, norm, name):
    _refuse_complex_input(a, name)
    axes = _axes(a, s, axes)
    last = axes[-1]
    shape = list(np.shape(g))
    shape[last] = np.shape(a)[last] if s is None else s[-1]
    padded = _fit(g, np.empty(shape), [last])
    back = np.real(np.fft.ifftn(padded, axes=axes, norm=_OPPOSITE[norm]))
    return _fit(back, a, axes)


def _c2r_adjoint(g, ans, a, s, axes, norm):
    axes = _axes(a, s, axes)
    last = axes[-1]
    spectrum = np.fft.rfftn(real_gradient(g), axes=axes, norm=_OPPOSITE[norm])
    return real_for(_fit(_doubled(spectrum, np.shape(ans)[last], last), a, axes), a, spectrum)


@vjp_rule(np.fft.fftn, "a", name="FftC2CBackward0")
def fftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _c2c_adjoint(g, ans, a, s, axes, norm, np.fft.ifftn)


@jvp_rule(np.fft.fftn, "a")
def fftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.fftn(da, s, axes, norm)


@vjp_rule(np.fft.ifftn, "a", name="FftC2CBackward0")
def ifftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _c2c_adjoint(g, ans, a, s, axes, norm, np.fft.fftn)


@jvp_rule(np.fft.ifftn, "a")
def ifftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.ifftn(da, s, axes, norm)


@vjp_rule(np.fft.fft2, "a", name="FftC2CBackward0")
def fft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _c2c_adjoint(g, ans, a, s, axes, norm, np.fft.ifftn)


@jvp_rule(np.fft.fft2, "a")
def fft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.fft2(da, s, axes, norm)


@vjp_rule(np.fft.ifft2, "a", name="FftC2CBackward0")
def ifft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _c2c_adjoint(g, ans, a, s, axes, norm, np.fft.fftn)


@jvp_rule(np.fft.ifft2, "a")
def ifft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.ifft2(da, s, axes, norm)


@vjp_rule(np.fft.rfftn, "a", name="FftR2CBackward0")
def rfftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _r2c_adjoint(g, ans, a, s, axes, norm, "rfftn")


@jvp_rule(np.fft.rfftn, "a")
def rfftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    _refuse_complex_input(a, "rfftn")
    return np.fft.rfftn(real_tangent(da, a), s, axes, norm)


@vjp_rule(np.fft.rfft2, "a", name="FftR2CBackward0")
def rfft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _r2c_adjoint(g, ans, a, s, axes, norm, "rfft2")


@jvp_rule(np.fft.rfft2, "a")
def rfft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    _refuse_complex_input(a, "rfft2")
    return np.fft.rfft2(real_tangent(da, a), s, axes, norm)


@vjp_rule(np.fft.irfftn, "a", name="FftC2RBackward0")
def irfftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _c2r_adjoint(g, ans, a, s, axes, norm)


@jvp_rule(np.fft.irfftn, "a")
def irfftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.irfftn(real_tangent(da, a), s, axes, norm)


@vjp_rule(np.fft.irfft2, "a", name="FftC2RBackward0")
def irfft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _c2r_adjoint(g, ans, a, s, axes, norm)


@jvp_rule(np.fft.irfft2, "a")
def irfft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.irfft2(real_tangent(da, a), s, axes, norm)


_TRANSFORMS = (
    np.fft.fft,
    np.fft.ifft,
    np.fft.rfft,
    np.fft.irfft,
    np.fft.fftn,
    np.fft.ifftn,
    np.fft.fft2,
    np.fft.ifft2,
    np.fft.rfftn,
    np.fft.rfft2,
    np.fft.irfftn,
    np.fft.irfft2,
)
complex_ok(*_TRANSFORMS)
complex_signal(*_TRANSFORMS)
