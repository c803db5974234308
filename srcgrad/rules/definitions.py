"""Primitives defined by NumPy code: differentiated through their definition.

Many NumPy functions are short compositions of others that have rules: ``np.ptp(x)`` is
``np.max(x) - np.min(x)``, ``np.cov`` is a centred matrix product. Writing a derivative
rule for each would repeat the calculus those rules already hold. Instead each entry
below gives a plain NumPy definition; both engines differentiate the definition: the
compiler transforms its source like a user function's (so forward mode and second
derivatives come with it), the tape runs it on Tensors. The definitions follow NumPy's
own (its defaults, axis handling and results), and ``tests/rules/test_definitions.py``
checks each against the NumPy function's value and against finite differences.
"""

from __future__ import annotations

import math

import numpy as np

from .registry import UnsupportedDerivative, defined_by


@defined_by(np.ptp)
def ptp(a, axis=None, out=None, keepdims=False):
    return np.max(a, axis=axis, keepdims=keepdims) - np.min(a, axis=axis, keepdims=keepdims)


@defined_by(np.vdot)
def vdot(a, b):
    return np.sum(np.conj(np.ravel(a)) * np.ravel(b))


@defined_by(np.cov)
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, dtype=None):
    if fweights is not None or aweights is not None:
        raise UnsupportedDerivative("np.cov with weights has no derivative definition in srcgrad")
    x = np.atleast_2d(m)
    if not rowvar and np.shape(x)[0] != 1:
        x = np.transpose(x)
    if y is not None:
        y = np.atleast_2d(y)
        if not rowvar and np.shape(y)[0] != 1:
            y = np.transpose(y)
        x = np.concatenate([x, y], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    count = np.shape(x)[1]
    centred = x - np.mean(x, axis=1, keepdims=True)
    c = centred @ np.transpose(centred) / (count - ddof)
    return np.squeeze(c)


@defined_by(np.corrcoef)
def corrcoef(x, y=None, rowvar=True, dtype=None):
    c = cov(x, y, rowvar)
    if np.ndim(c) == 0:
        return c / c
    d = np.sqrt(np.diagonal(c))
    return c / d[:, None] / d[None, :]


@defined_by(np.append)
def append(arr, values, axis=None):
    if axis is None:
        return np.concatenate([np.ravel(arr), np.ravel(values)])
    return np.concatenate([arr, values], axis=axis)


@defined_by(np.convolve)
def convolve(a, v, mode="full"):
    if np.size(v) > np.size(a):
        a, v = v, a
    n, m = np.size(a), np.size(v)
    full = np.zeros(n + m - 1)
    for k in range(m):  # full[i] = sum over k of a[i - k] * v[k]
        full = full + np.concatenate([np.zeros(k), a * v[k], np.zeros(m - 1 - k)])
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start : start + n]
    if mode == "valid":
        return full[m - 1 : n]
    raise ValueError(f"np.convolve: mode must be 'full', 'same' or 'valid', not {mode!r}")


@defined_by(np.correlate)
def correlate(a, v, mode="valid"):
    return convolve(a, np.conj(v)[::-1], mode)


@defined_by(np.interp)
def interp(x, xp, fp, left=None, right=None, period=None):
    if period is not None:
        raise UnsupportedDerivative(
            "np.interp with period= has no derivative definition in srcgrad"
        )
    place = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, np.size(xp) - 2)
    x0, x1 = xp[place], xp[place + 1]
    y0, y1 = fp[place], fp[place + 1]
    inside = y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    low = fp[0] if left is None else left
    high = fp[-1] if right is None else right
    return np.where(x < xp[0], low, np.where(x > xp[-1], high, inside))


@defined_by(np.nansum)
def nansum(a, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(np.where(np.isnan(a), 0.0, a), axis=axis, keepdims=keepdims)


@defined_by(np.nanmean)
def nanmean(a, axis=None, dtype=None, out=None, keepdims=False):
    kept = ~np.isnan(a)
    total = np.sum(np.where(kept, a, 0.0), axis=axis, keepdims=keepdims)
    return total / np.sum(kept, axis=axis, keepdims=keepdims)


@defined_by(np.logspace)
def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    return np.power(base, np.linspace(start, stop, num, endpoint=endpoint, axis=axis))


@defined_by(np.geomspace)
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    exponents = np.linspace(np.log(start), np.log(stop), num, endpoint=endpoint, axis=axis)
    return np.exp(exponents)


@defined_by(math.degrees)
def degrees(x):
    return x * (180.0 / math.pi)


@defined_by(math.radians)
def radians(x):
    return x * (math.pi / 180.0)


@defined_by(math.fsum)
def fsum(seq):
    return sum(seq)


@defined_by(math.prod)
def prod(iterable, start=1):
    total = start
    for item in iterable:
        total = total * item
    return total


@defined_by(math.dist)
def dist(p, q):
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q)))
