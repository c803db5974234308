"""``np.histogramdd`` and ``np.histogram2d``, defined by NumPy code as ``np.histogram`` is
in ``counting.py``: the counts do not move when the samples move a little, but the edges
computed from each coordinate's smallest and largest values do (when ``range`` is not
given), a weighted count is the sum of its bin's weights (derivative 1 for each), and a
density divides by the total and by the bins' widths. A plain helper assigns the samples
to bins exactly as NumPy does (no gradient).

>>> counts, edges = histogramdd(np.array([[0.0, 0.0], [1.0, 2.0]]), bins=2)
>>> counts
array([[1., 0.],
       [0., 1.]])
"""

from __future__ import annotations

import math

import numpy as np

from .counting import plain_bincount
from .indexing import scatter_add
from .registry import defined_by, nondifferentiable, primitive


@primitive
def sample_places(sample, edges):
    """The flat bin of each row of ``sample`` in the histogram that has an outlier bin at
    both ends of every axis (a sample on an axis' last edge counts in the last bin)."""
    counts = []
    for axis, axis_edges in enumerate(edges):
        column = sample[:, axis]
        place = np.searchsorted(axis_edges, column, side="right")
        counts.append(np.where(column == axis_edges[-1], place - 1, place))
    return np.ravel_multi_index(tuple(counts), [np.size(e) + 1 for e in edges])


@primitive
def core_index(rank):
    """The index that drops the outlier bins: ``(slice(1, -1),) * rank``."""
    return (slice(1, -1),) * rank


nondifferentiable(sample_places, core_index)


def _outer_edges(column, bounds):
    if bounds is not None:
        low, high = bounds
        if low > high:
            raise ValueError(f"max must be larger than min in range parameter, not {bounds}")
    elif np.size(column) == 0:
        low, high = 0, 1
    else:
        low, high = np.min(column), np.max(column)
    if low == high:  # NumPy widens an empty range by 0.5 each side
        return low - 0.5, high + 0.5
    return low, high


def _as_rows(sample):
    if isinstance(sample, (list, tuple)):
        return np.stack(sample, axis=1)
    if np.ndim(sample) == 1:
        return np.expand_dims(sample, 1)
    return sample


@defined_by(np.histogramdd)
def histogramdd(sample, bins=10, range=None, density=None, weights=None):
    # (the work is done where ``range`` is not a parameter: loops call the builtin)
    return _histogram(_as_rows(sample), bins, range, density, weights)


def _histogram(sample, bins, bounds, density, weights):
    dims = np.shape(sample)[1]
    if not isinstance(bins, (list, tuple)) and np.ndim(bins) == 0:
        bins = np.full(dims, bins)
    if len(bins) != dims:
        raise ValueError("The dimension of bins must be equal to the dimension of the sample x.")
    edges = []
    for axis in range(dims):
        if np.ndim(bins[axis]) == 0:
            axis_bounds = None if bounds is None else bounds[axis]
            low, high = _outer_edges(sample[:, axis], axis_bounds)
            edges.append(np.linspace(low, high, int(bins[axis]) + 1))
        else:
            edges.append(bins[axis])
    places = sample_places(sample, edges)
    padded = [np.size(axis_edges) + 1 for axis_edges in edges]
    if weights is None:
        hist = plain_bincount(places, math.prod(padded)) * 1.0
    else:
        hist = scatter_add(np.ravel(weights) * 1.0, places, (math.prod(padded),))
    hist = np.reshape(hist, padded)[core_index(dims)]
    if density:
        total = np.sum(hist)
        for axis in range(dims):
            shape = np.ones(dims, dtype=int)
            shape[axis] = padded[axis] - 2
            hist = hist / np.reshape(np.diff(edges[axis]), shape)
        hist = hist / total
    return hist, edges


@defined_by(np.histogram2d)
def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    if len(x) != len(y):
        raise ValueError("x and y must have the same length.")
    if isinstance(bins, (list, tuple)) or np.ndim(bins) != 0:
        if len(bins) not in (1, 2):  # one array of edges for both
            bins = [bins, bins]
    hist, edges = histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]
