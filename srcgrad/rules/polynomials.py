"""Polynomials as coefficient arrays, defined by NumPy code (see ``definitions.py``):
``np.vander``, ``np.polyadd``, ``np.polysub``, ``np.polymul``, ``np.polyder``,
``np.polyint``, ``np.polydiv``, ``np.polyfit`` and ``np.roots``. (``np.polyval`` has
rules of its own in ``cumulative.py``.)

Each follows NumPy's own computation step by step, so the values are NumPy's to the last
bit: ``np.vander``'s powers are running products, ``np.polyfit`` solves the scaled
Vandermonde system with ``np.linalg.lstsq`` (differentiable where the rank is constant,
in ``x``, ``y`` and ``w``), ``np.polydiv`` is long division, and ``np.roots`` takes the
eigenvalues of the companion matrix, whose rule covers real roots; complex roots are
refused. Coefficient arrays only: ``np.poly1d`` objects are not differentiated.

>>> polyder(np.array([1.0, 2.0, 3.0]))
array([2., 2.])
"""

from __future__ import annotations

import warnings

import numpy as np

from .registry import defined_by, nondifferentiable, primitive


@primitive
def leading_negligible(r):
    """How many leading entries ``np.polydiv`` strips from a remainder (entries close to
    0, keeping at least one)."""
    count = 0
    while count < np.size(r) - 1 and np.allclose(r[count], 0, rtol=1e-14):
        count += 1
    return count


@primitive
def nonzero_span(p):
    """The first and last positions of nonzero entries of ``p`` (``(0, -1)``: none)."""
    places = np.flatnonzero(p)
    if places.size == 0:
        return 0, -1
    return int(places[0]), int(places[-1])


nondifferentiable(leading_negligible, nonzero_span)

# np.exceptions holds NumPy's warnings from NumPy 1.25; NumPy 2 has no np.RankWarning
_RANK_WARNING = np.exceptions.RankWarning if hasattr(np, "exceptions") else np.RankWarning


def _as_array(p):
    return np.array(p) if isinstance(p, (list, tuple)) else np.atleast_1d(p)


@defined_by(np.vander)
def vander(x, N=None, increasing=False):
    x = _as_array(x)
    if np.ndim(x) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    rows = np.shape(x)[0]
    count = rows if N is None else N
    dtype = np.promote_types(np.result_type(x), int)
    ones = np.ones((rows, min(count, 1)), dtype=dtype)
    repeated = x[:, None] * np.ones((1, max(count - 1, 0)), dtype=dtype)
    table = np.concatenate([ones, np.cumprod(repeated, axis=1)], axis=1)
    return table if increasing else table[:, ::-1]


def _padded(short, long_):
    """``short`` with leading zeros up to the length of ``long_``."""
    missing = np.shape(long_)[0] - np.shape(short)[0]
    return np.concatenate([np.zeros(missing, dtype=np.result_type(short)), short])


@defined_by(np.polyadd)
def polyadd(a1, a2):
    a1, a2 = _as_array(a1), _as_array(a2)
    if np.shape(a1)[0] < np.shape(a2)[0]:
        return _padded(a1, a2) + a2
    if np.shape(a1)[0] > np.shape(a2)[0]:
        return a1 + _padded(a2, a1)
    return a1 + a2


@defined_by(np.polysub)
def polysub(a1, a2):
    a1, a2 = _as_array(a1), _as_array(a2)
    if np.shape(a1)[0] < np.shape(a2)[0]:
        return _padded(a1, a2) - a2
    if np.shape(a1)[0] > np.shape(a2)[0]:
        return a1 - _padded(a2, a1)
    return a1 - a2


@defined_by(np.polymul)
def polymul(a1, a2):
    return np.convolve(_as_array(a1), _as_array(a2))


@defined_by(np.polyder)
def polyder(p, m=1):
    if int(m) < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = _as_array(p)
    for _ in range(int(m)):
        n = np.shape(p)[0] - 1
        p = p[:-1] * np.arange(n, 0, -1)
    return p


@defined_by(np.polyint)
def polyint(p, m=1, k=None):
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    k = np.zeros(m) if k is None else np.atleast_1d(k)
    if np.shape(k)[0] == 1 and m > 1:
        k = k[0] * np.ones(m)
    if np.shape(k)[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    p = _as_array(p)
    for i in range(m):
        p = np.concatenate([p / np.arange(np.shape(p)[0], 0, -1), k[i : i + 1]])
    return p


@defined_by(np.polydiv)
def polydiv(u, v):
    u = _as_array(u) + 0.0
    v = _as_array(v) + 0.0
    m, n = np.shape(u)[0] - 1, np.shape(v)[0] - 1
    scale = 1.0 / v[0]
    r = u
    quotient = []
    for k in range(m - n + 1):
        d = scale * r[k]
        quotient.append(d)
        r = r - np.concatenate([np.zeros(k), d * v, np.zeros(m - n - k)])
    q = np.stack(quotient) if m >= n else np.zeros(1)
    return q, r[leading_negligible(r) :]


@defined_by(np.polyfit)
def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    order = int(deg) + 1
    x = np.add(x, 0.0)
    y = np.add(y, 0.0)
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if np.ndim(x) != 1 or np.size(x) == 0 or np.ndim(y) not in (1, 2):
        raise TypeError("expected a non-empty 1D x and a 1D or 2D y")
    if rcond is None:
        rcond = np.shape(x)[0] * np.finfo(np.result_type(x)).eps
    lhs = np.vander(x, order)
    rhs = y
    if w is not None:
        w = np.add(w, 0.0)
        lhs = lhs * w[:, None]
        rhs = rhs * w[:, None] if np.ndim(rhs) == 2 else rhs * w
    scale = np.sqrt(np.sum(lhs * lhs, axis=0))
    lhs = lhs / scale
    c, resids, rank, s = np.linalg.lstsq(lhs, rhs, rcond)
    c = np.transpose(np.transpose(c) / scale)
    if rank != order and not full:
        warnings.warn("Polyfit may be poorly conditioned", _RANK_WARNING, 2)
    if full:
        return c, resids, rank, s, rcond
    if not cov:
        return c
    base = np.linalg.inv(np.transpose(lhs) @ lhs) / np.outer(scale, scale)
    if cov == "unscaled":
        factor = 1
    else:
        if np.shape(x)[0] <= order:
            raise ValueError(
                "the number of data points must exceed order to scale the covariance matrix"
            )
        factor = resids / (np.shape(x)[0] - order)
    if np.ndim(y) == 1:
        return c, base * factor
    return c, base[:, :, None] * factor


@defined_by(np.roots)
def roots(p):
    p = _as_array(p)
    if np.ndim(p) != 1:
        raise ValueError("Input must be a rank-1 array.")
    first, last = nonzero_span(p)
    if last < first:
        return np.array([])
    trailing_zeros = np.shape(p)[0] - last - 1
    p = p[first : last + 1] + 0.0
    count = np.shape(p)[0]
    found = np.zeros(0)
    if count > 1:
        top = np.expand_dims(-p[1:] / p[0], 0)
        found = np.linalg.eigvals(np.concatenate([top, np.eye(count - 2, count - 1)], axis=0))
    return np.concatenate([found, np.zeros(trailing_zeros, dtype=np.result_type(found))])
