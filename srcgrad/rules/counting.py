"""Histograms and counts, defined by NumPy code (see ``definitions.py``).

A count does not move when the data move a little, but two things around it do: the bin
edges that ``np.histogram`` computes from the data's smallest and largest values (when
``range`` is not given), and the weighted counts of ``np.histogram(..., weights=w)`` and
``np.bincount(x, weights=w)``, which are sums of ``w``. So each function is defined from
a plain helper that assigns entries to bins (no gradient) and differentiable NumPy code for
the edges and the sums: the derivative of the edges with respect to the data is that of
``np.linspace(np.min(a), np.max(a), bins + 1)``, and a weighted count's derivative with
respect to a weight is 1 in its bin. A density (``density=True``) divides by the total and
by the bins' widths, so it moves with both.

>>> counts, edges = histogram(np.array([0.0, 1.0, 3.0]), bins=3)
>>> counts, edges
(array([1, 1, 1]), array([0., 1., 2., 3.]))
"""

from __future__ import annotations

import numpy as np

from .indexing import scatter_add
from .registry import defined_by, nondifferentiable, primitive


@primitive
def edge_count(a, bins, range, weights):
    """How many edges ``np.histogram_bin_edges`` gives (``bins="auto"`` chooses from the
    data)."""
    return np.size(np.histogram_bin_edges(a, bins=bins, range=range, weights=weights))


@primitive
def plain_counts(a, bins, range):
    """The counts of ``np.histogram`` on the plain values."""
    return np.histogram(a, bins=bins, range=range)[0]


@primitive
def bin_places(a, edges):
    """The bin of each entry of ``np.ravel(a)`` as ``np.histogram`` counts it (the last
    bin includes its right edge), or -1 outside the edges."""
    flat = np.ravel(a)
    place = np.searchsorted(edges, flat, side="right") - 1
    place = np.where(flat == edges[-1], np.size(edges) - 2, place)
    return np.where((flat < edges[0]) | (flat > edges[-1]), -1, place)


@primitive
def plain_bincount(x, minlength):
    """``np.bincount`` without weights."""
    return np.bincount(x, minlength=minlength)


nondifferentiable(edge_count, plain_counts, bin_places, plain_bincount)


@defined_by(np.histogram_bin_edges)
def histogram_bin_edges(a, bins=10, range=None, weights=None):
    count = edge_count(a, bins, range, weights)
    if np.ndim(bins) == 1:  # the edges given
        return bins
    if range is not None:
        low, high = range
    else:
        low, high = np.min(a), np.max(a)
        if low == high:  # NumPy widens an empty range by 0.5 each side
            low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, count)


@defined_by(np.histogram)
def histogram(a, bins=10, range=None, density=None, weights=None):
    edges = histogram_bin_edges(a, bins, range, weights)
    if weights is None:
        counts = plain_counts(a, bins, range)
    else:
        places = bin_places(a, edges)
        inside = places >= 0
        counts = scatter_add(np.ravel(weights)[inside], places[inside], (np.size(edges) - 1,))
    if density:
        return counts / np.sum(counts) / np.diff(edges), edges
    return counts, edges


@defined_by(np.bincount)
def bincount(x, weights=None, minlength=0):
    counts = plain_bincount(x, minlength)
    if weights is None:
        return counts
    return scatter_add(np.ravel(weights) * 1.0, np.ravel(x), np.shape(counts))
