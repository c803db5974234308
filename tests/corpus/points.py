"""Seeded input points for the corpus, chosen away from kinks, ties and domain edges."""

from __future__ import annotations

import numpy as np

RNG = np.random.default_rng(20250117)


def u(*shape, lo=-1.0, hi=1.0):
    """Uniform floats in [lo, hi): an array of ``shape``, or a Python float for no shape."""
    if not shape:
        return float(RNG.uniform(lo, hi))
    return RNG.uniform(lo, hi, size=shape)


def pos(*shape, lo=0.5, hi=1.5):
    """Positive floats, away from zero."""
    return u(*shape, lo=lo, hi=hi)


def away(*shape, lo=0.3, hi=1.2):
    """Floats with lo <= |x| < hi and random signs."""
    value = u(*shape, lo=lo, hi=hi)
    sign = np.where(RNG.random(shape or ()) < 0.5, -1.0, 1.0)
    return float(value * sign) if not shape else value * sign


def spread(n, lo=-1.0, hi=1.0, gap=0.05):
    """``n`` distinct floats in random order, at least ``gap`` apart (no ties for max/sort)."""
    values = np.linspace(lo, hi, n) + RNG.uniform(-gap / 4, gap / 4, size=n)
    return RNG.permutation(values)


def spd(n):
    """A well-conditioned matrix (diagonally dominant), for inv/solve/det."""
    return RNG.uniform(-0.4, 0.4, size=(n, n)) + 2.5 * np.eye(n)


def real_spectrum(n):
    """A non-symmetric matrix with distinct real eigenvalues (about 1, 2, ..., n)."""
    p = spd(n)
    values = np.arange(1.0, n + 1) + RNG.uniform(-0.2, 0.2, size=n)
    return p @ np.diag(values) @ np.linalg.inv(p)


def labels(n, classes):
    return RNG.integers(0, classes, size=n)


def several(make, count=3):
    """``count`` points made by ``make()``, each a tuple of arguments."""
    return [tuple(make()) for _ in range(count)]
