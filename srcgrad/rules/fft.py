"""Rules for ``np.fft.fftshift`` and ``np.fft.ifftshift`` (reverse and forward rules side
by side): each moves entries, and the other undoes the move.

The transforms themselves (``np.fft.fft`` ...) are in fft_transforms.py.

>>> import numpy as np
>>> fftshift_x(np.arange(4.0), None, np.zeros(4))
array([2., 3., 0., 1.])
"""

from __future__ import annotations

import numpy as np

from .registry import jvp_rule, vjp_rule


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
