"""Small NumPy helpers that tangent (forward-mode) rules share."""

from __future__ import annotations

import numpy as np


def broadcast_like(t, ans):
    """``t`` broadcast to the shape of ``ans`` (the tangent of ``x + y`` from ``x`` alone).

    >>> broadcast_like(np.ones(2), np.zeros((3, 2))).shape
    (3, 2)
    """
    if np.shape(t) == np.shape(ans):
        return t
    return np.broadcast_to(t, np.shape(ans))


def zero_tangent(x):
    """The zero tangent of ``x``: 0.0 for a number, float zeros shaped like an array."""
    if isinstance(x, (np.ndarray, np.generic)):
        dtype = x.dtype if x.dtype.kind in "fc" else np.float64
        return np.zeros(np.shape(x), dtype=dtype)
    return 0.0


def tangent_or_zero(t, x):
    """``t``, or the zero tangent of ``x`` where ``t`` is None (no tangent)."""
    return zero_tangent(x) if t is None else t


def tangents_or_zeros(ts, xs):
    """One tangent per element of the sequence ``xs``; ``ts`` may be None or hold None."""
    if ts is None:
        ts = [None] * len(xs)
    return [tangent_or_zero(t, x) for t, x in zip(ts, xs, strict=True)]
