"""NaN-ignoring reductions, differentiated through their NumPy definitions.

Each replaces the NaN entries by the reduction's neutral value (0 for sums, 1 for
products, -inf/+inf for max/min) with ``np.where``, so a NaN entry gets a zero gradient and
the others the gradient of the plain reduction. A slice with no number at all gives NaN, as
NumPy's does (without its warning). The order statistics (``nanmedian``,
``nanpercentile``, ``nanquantile``) take the numbers of the whole array (``axis=None``) or
slices without NaN; a NaN in a slice along an axis is refused (its slices would have
different lengths). ``tests/rules/test_nan_reductions.py`` checks values against NumPy and
gradients against finite differences. (``np.nansum`` and ``np.nanmean`` are in
``definitions.py``.)
"""

from __future__ import annotations

import numpy as np

from .registry import UnsupportedDerivative, defined_by, nondifferentiable

nondifferentiable(np.nanargmax, np.nanargmin)


@defined_by(np.nanmax)
def nanmax(a, axis=None, out=None, keepdims=False):
    missing = np.isnan(a)
    most = np.max(np.where(missing, -np.inf, a), axis=axis, keepdims=keepdims)
    empty = np.all(missing, axis=axis, keepdims=keepdims)  # NumPy gives NaN there
    return np.where(empty, np.nan, most)


@defined_by(np.nanmin)
def nanmin(a, axis=None, out=None, keepdims=False):
    missing = np.isnan(a)
    least = np.min(np.where(missing, np.inf, a), axis=axis, keepdims=keepdims)
    empty = np.all(missing, axis=axis, keepdims=keepdims)  # NumPy gives NaN there
    return np.where(empty, np.nan, least)


@defined_by(np.nanprod)
def nanprod(a, axis=None, dtype=None, out=None, keepdims=False):
    return np.prod(np.where(np.isnan(a), 1.0, a), axis=axis, keepdims=keepdims)


@defined_by(np.nancumsum)
def nancumsum(a, axis=None, dtype=None, out=None):
    return np.cumsum(np.where(np.isnan(a), 0.0, a), axis=axis)


@defined_by(np.nancumprod)
def nancumprod(a, axis=None, dtype=None, out=None):
    return np.cumprod(np.where(np.isnan(a), 1.0, a), axis=axis)


@defined_by(np.nanvar)
def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    kept = ~np.isnan(a)
    count = np.sum(kept, axis=axis, keepdims=True)
    mean = np.sum(np.where(kept, a, 0.0), axis=axis, keepdims=True) / count
    centred = np.where(kept, a - mean, 0.0)
    squares = np.sum(centred * centred, axis=axis, keepdims=keepdims)
    return squares / (np.sum(kept, axis=axis, keepdims=keepdims) - ddof)


@defined_by(np.nanstd)
def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    return np.sqrt(nanvar(a, axis=axis, ddof=ddof, keepdims=keepdims))


def _numbers(a, axis, name):
    """``a`` without its NaN entries (for ``axis=None``), or ``a`` itself when it has none."""
    missing = np.isnan(a)
    if axis is None:
        return np.ravel(a)[~np.ravel(missing)]
    if np.any(missing):
        raise UnsupportedDerivative(
            f"np.{name} along an axis of an array with NaN: its slices would have different "
            "lengths; drop the NaN entries first, or reduce with axis=None"
        )
    return a


@defined_by(np.nanmedian)
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return np.median(_numbers(a, axis, "nanmedian"), axis=axis, keepdims=keepdims)


@defined_by(np.nanpercentile)
def nanpercentile(
    a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False
):
    values = _numbers(a, axis, "nanpercentile")
    return np.percentile(values, q, axis=axis, method=method, keepdims=keepdims)


@defined_by(np.nanquantile)
def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    values = _numbers(a, axis, "nanquantile")
    return np.quantile(values, q, axis=axis, method=method, keepdims=keepdims)
