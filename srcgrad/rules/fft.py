"""Rules for ``np.fft``: fft, ifft, fft2, ifft2, fftn, ifftn, rfft, irfft, rfft2, irfft2,
rfftn, irfftn, fftshift and ifftshift (reverse and forward rules side by side).

Complex gradients follow the convention of ``complex_parts.py`` (the gradient ``c`` of
``z`` stands for ``dz -> Re(c * dz)``). The discrete Fourier matrix is symmetric, so the
gradient of ``fft`` is ``fft`` of the output's gradient (with the same ``norm``), cut or
zero-padded back to the input's length where ``n``/``s`` changed it; likewise for ``ifft``.
``rfft`` keeps half the spectrum of a real input: its gradient pads the output's gradient
back to the full spectrum and keeps the real part. ``irfft`` reads each coefficient
between the first and the middle twice (once as its conjugate mirror), which the gradient
weighs by 2. The tangents apply the transforms themselves (they are linear).

>>> import numpy as np
>>> fft_a(np.ones(4), None, np.zeros(4))
array([4., 0., 0., 0.])
"""

from __future__ import annotations

import numpy as np

from .registry import jvp_rule, nondifferentiable, vjp_rule

_DUAL_NORM = {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}


def _like_input(grad, x):
    return grad if np.iscomplexobj(x) else np.real(grad)


def _fitted(grad, shape, axes):
    """``grad`` cut or zero-padded along ``axes`` to the lengths of ``shape`` there."""
    for axis in axes:
        size, length = np.shape(grad)[axis], shape[axis]
        if size > length:
            grad = np.take(grad, np.arange(length), axis=axis)
        elif size < length:
            widths = [(0, 0)] * np.ndim(grad)
            widths[axis] = (0, length - size)
            grad = np.pad(grad, widths)
    return grad


def _axes_of(a, s, axes, default):
    """The transformed axes, as non-negative ints (NumPy's rule for ``s``/``axes``)."""
    if axes is None:
        axes = (
            default
            if default is not None
            else (range(np.ndim(a)) if s is None else range(np.ndim(a) - len(s), np.ndim(a)))
        )
    return tuple(int(axis) % np.ndim(a) for axis in axes)


# ---- complex to complex -------------------------------------------------------------------
@vjp_rule(np.fft.fft, "a", name="FftC2CBackward0")
def fft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    grad = np.fft.fft(g, axis=axis, norm=norm)
    return _like_input(_fitted(grad, np.shape(a), _axes_of(a, None, (axis,), None)), a)


@jvp_rule(np.fft.fft, "a")
def fft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.fft(da, n, axis, norm)


@vjp_rule(np.fft.ifft, "a", name="FftC2CBackward0")
def ifft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    grad = np.fft.ifft(g, axis=axis, norm=norm)
    return _like_input(_fitted(grad, np.shape(a), _axes_of(a, None, (axis,), None)), a)


@jvp_rule(np.fft.ifft, "a")
def ifft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.ifft(da, n, axis, norm)


def _nd_grad(inverse, g, a, s, axes, default, norm):
    """The gradient of fftn (ifftn when ``inverse``): the same transform of ``g``."""
    axes = _axes_of(a, s, axes, default)
    grad = (
        np.fft.ifftn(g, axes=axes, norm=norm) if inverse else np.fft.fftn(g, axes=axes, norm=norm)
    )
    return _like_input(_fitted(grad, np.shape(a), axes), a)


@vjp_rule(np.fft.fftn, "a", name="FftC2CBackward0")
def fftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _nd_grad(False, g, a, s, axes, None, norm)


@jvp_rule(np.fft.fftn, "a")
def fftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.fftn(da, s, axes, norm)


@vjp_rule(np.fft.ifftn, "a", name="FftC2CBackward0")
def ifftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _nd_grad(True, g, a, s, axes, None, norm)


@jvp_rule(np.fft.ifftn, "a")
def ifftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.ifftn(da, s, axes, norm)


@vjp_rule(np.fft.fft2, "a", name="FftC2CBackward0")
def fft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _nd_grad(False, g, a, s, axes, (-2, -1), norm)


@jvp_rule(np.fft.fft2, "a")
def fft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.fft2(da, s, axes, norm)


@vjp_rule(np.fft.ifft2, "a", name="FftC2CBackward0")
def ifft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _nd_grad(True, g, a, s, axes, (-2, -1), norm)


@jvp_rule(np.fft.ifft2, "a")
def ifft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.ifft2(da, s, axes, norm)


# ---- real to half spectrum and back ---------------------------------------------------------
def _rfft_last_grad(g, length, axis, norm):
    """The gradient of ``rfft`` (length ``length`` along ``axis``) given the output's."""
    full = _fitted(
        g, tuple(length if d == axis else n for d, n in enumerate(np.shape(g))), (axis,)
    )
    return np.real(np.fft.fft(full, axis=axis, norm=norm))


def _irfft_last_grad(g, half, axis, norm):
    """The gradient of ``irfft`` (output length ``n`` along ``axis``) given the output's;
    ``half`` is the length of the half spectrum it read."""
    n = np.shape(g)[axis]
    spectrum = np.conj(np.fft.rfft(np.real(g), axis=axis, norm=_DUAL_NORM[norm]))
    k = np.arange(n // 2 + 1)
    twice = np.where((k == 0) | (2 * k == n), 1.0, 2.0).astype(np.result_type(g, np.float16))
    shape = [1] * np.ndim(g)
    shape[axis] = n // 2 + 1
    return spectrum * np.reshape(twice, shape)


@vjp_rule(np.fft.rfft, "a", name="FftR2CBackward0")
def rfft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    axis = int(axis) % np.ndim(a)
    length = np.shape(a)[axis] if n is None else n
    return _fitted(_rfft_last_grad(g, length, axis, norm), np.shape(a), (axis,))


@jvp_rule(np.fft.rfft, "a")
def rfft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.rfft(da, n, axis, norm)


@vjp_rule(np.fft.irfft, "a", name="FftC2RBackward0")
def irfft_a(g, ans, a, n=None, axis=-1, norm=None, out=None):
    axis = int(axis) % np.ndim(a)
    grad = _irfft_last_grad(g, np.shape(a)[axis], axis, norm)
    return _like_input(_fitted(grad, np.shape(a), (axis,)), a)


@jvp_rule(np.fft.irfft, "a")
def irfft_da(ans, da, a, n=None, axis=-1, norm=None, out=None):
    return np.fft.irfft(da, n, axis, norm)


def _rfftn_grad(g, a, s, axes, default, norm):
    axes = _axes_of(a, s, axes, default)
    last = axes[-1]
    lengths = np.shape(a) if s is None else _lengths(a, s, axes)
    grad = np.fft.fftn(g, axes=axes[:-1], norm=norm) if len(axes) > 1 else g
    grad = _rfft_last_grad(grad, lengths[last], last, norm)
    return _fitted(grad, np.shape(a), axes)


def _lengths(a, s, axes):
    lengths = list(np.shape(a))
    for axis, size in zip(axes, s, strict=True):
        lengths[axis] = size
    return tuple(lengths)


def _irfftn_grad(g, a, s, axes, default, norm):
    axes = _axes_of(a, s, axes, default)
    grad = _irfft_last_grad(g, np.shape(a)[axes[-1]], axes[-1], norm)
    if len(axes) > 1:
        grad = np.fft.ifftn(grad, axes=axes[:-1], norm=norm)
    return _like_input(_fitted(grad, np.shape(a), axes), a)


@vjp_rule(np.fft.rfftn, "a", name="FftR2CBackward0")
def rfftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _rfftn_grad(g, a, s, axes, None, norm)


@jvp_rule(np.fft.rfftn, "a")
def rfftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.rfftn(da, s, axes, norm)


@vjp_rule(np.fft.rfft2, "a", name="FftR2CBackward0")
def rfft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _rfftn_grad(g, a, s, axes, (-2, -1), norm)


@jvp_rule(np.fft.rfft2, "a")
def rfft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.rfft2(da, s, axes, norm)


@vjp_rule(np.fft.irfftn, "a", name="FftC2RBackward0")
def irfftn_a(g, ans, a, s=None, axes=None, norm=None, out=None):
    return _irfftn_grad(g, a, s, axes, None, norm)


@jvp_rule(np.fft.irfftn, "a")
def irfftn_da(ans, da, a, s=None, axes=None, norm=None, out=None):
    return np.fft.irfftn(da, s, axes, norm)


@vjp_rule(np.fft.irfft2, "a", name="FftC2RBackward0")
def irfft2_a(g, ans, a, s=None, axes=(-2, -1), norm=None, out=None):
    return _irfftn_grad(g, a, s, axes, (-2, -1), norm)


@jvp_rule(np.fft.irfft2, "a")
def irfft2_da(ans, da, a, s=None, axes=(-2, -1), norm=None, out=None):
    return np.fft.irfft2(da, s, axes, norm)


# ---- shifts -------------------------------------------------------------------------------
@vjp_rule(np.fft.fftshift, "x", name="RollBackward0")
def fftshift_x(g, ans, x, axes=None):
    return np.fft.ifftshift(g, axes)


@jvp_rule(np.fft.fftshift, "x")
def fftshift_dx(ans, dx, x, axes=None):
    return np.fft.fftshift(dx, axes)


@vjp_rule(np.fft.ifftshift, "x", name="RollBackward0")
def ifftshift_x(g, ans, x, axes=None):
    return np.fft.fftshift(g, axes)


@jvp_rule(np.fft.ifftshift, "x")
def ifftshift_dx(ans, dx, x, axes=None):
    return np.fft.ifftshift(dx, axes)


# Helpers that compute axes and lengths only: their results carry no gradient.
nondifferentiable(_axes_of, _lengths)
