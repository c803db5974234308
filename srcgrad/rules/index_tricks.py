"""Rules for ``np.r_[...]`` and ``np.c_[...]``: arrays built by indexing an index-trick
object with values, slices (ranges) and numbers (reverse and forward rules side by side).

The compiler turns ``np.r_[a, b, 0:3]`` into ``index_concatenate(np.r_, [a, b, slice(0,
3)])``. Every output entry is a copy of one entry of one item (a slice gives a range of
constants). Which one is found by building the same array from numbered items: each item
replaced by the positions of its entries, offset so that they differ between items.

>>> import numpy as np
>>> index_concatenate(np.r_, [np.array([1.0, 2.0]), 3.0])
array([1., 2., 3.])
"""

from __future__ import annotations

import numpy as np

from .indexing import scatter_add
from .registry import jvp_rule_all, nondifferentiable, primitive, vjp_rule_all
from .tangent_helpers import tangent_or_zero


@primitive
def index_concatenate(maker, items):
    """``maker[items[0], items[1], ...]`` for ``maker`` np.r_ or np.c_."""
    return maker[tuple(items)]


def _is_value(item) -> bool:
    return not isinstance(item, (slice, str))


def _sources(maker, items):
    """For each output entry, the flat position of its source among the value items (-1
    for entries from slices); each item's first position (None for a slice or a
    directive string) and size; and the number of value entries."""
    numbered, starts, sizes, offset = [], [], [], 0
    for item in items:
        if _is_value(item):
            size = int(np.size(item))
            numbered.append(np.reshape(np.arange(offset, offset + size), np.shape(item)))
            starts.append(offset)
            sizes.append(size)
            offset += size
        else:
            numbered.append(item)
            starts.append(None)
            sizes.append(0)
    sources = maker[tuple(numbered)]
    # Slices give ranges of their own numbers: mark the places that come from values.
    marked = [np.full(np.shape(i), np.nan) if _is_value(i) else i for i in items]
    from_values = np.isnan(maker[tuple(marked)])
    return np.where(from_values, sources, -1).astype(int), starts, sizes, offset


@vjp_rule_all(index_concatenate, name="CatBackward0")
def index_concatenate_all(g, ans, maker, items):
    sources, starts, sizes, total = _sources(maker, items)
    taken = sources >= 0
    flat = scatter_add(g[taken], sources[taken], (total,))
    grads = []
    for k in range(len(items)):
        start = starts[k]
        if start is None:
            grads.append(None)
        else:
            part = np.reshape(flat[start : start + sizes[k]], np.shape(items[k]))
            if isinstance(items[k], float) and isinstance(part, (np.ndarray, np.generic)):
                part = float(part)  # a Python number gets a number back
            grads.append(part)
    return (None, grads)


@jvp_rule_all(index_concatenate)
def index_concatenate_tangent(ans, tangents, maker, items):
    sources, starts, sizes, total = _sources(maker, items)
    item_tangents = [None] * len(items) if tangents[1] is None else tangents[1]
    parts = []
    for k in range(len(items)):
        if starts[k] is not None:
            parts.append(np.ravel(tangent_or_zero(item_tangents[k], items[k])) * 1.0)
    flat = np.concatenate(parts) if parts else np.zeros(0)
    return np.where(sources >= 0, flat[np.maximum(sources, 0)], 0)


# A helper that computes positions only: its result carries no gradient.
nondifferentiable(_sources)
