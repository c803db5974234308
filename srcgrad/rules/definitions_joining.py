"""Joining, defined by NumPy code (see ``definitions.py``): ``np.block`` (concatenations
of concatenations) and ``np.row_stack`` (NumPy's older name for ``np.vstack``).

``np.block`` follows NumPy's own recipe: the depth of the nested lists says along which
axis each level joins (the innermost along the last), and every block first gets leading
axes of length 1 up to the result's rank. Lists nested up to three deep (blocks of a
volume) are defined; deeper ones are refused. ``tests/rules/test_definitions_coverage.py``
checks each definition against NumPy's value and against finite differences.

>>> block([[np.ones((1, 1)), np.zeros((1, 2))]])
array([[1., 0., 0.]])
"""

from __future__ import annotations

import numpy as np

from .registry import UnsupportedDerivative, defined_by, nondifferentiable, primitive


@primitive
def block_depth(arrays):
    """How deep the lists nest: 0 for an array, 1 for a list of arrays, ..."""
    depth = 0
    while isinstance(arrays, list):
        if len(arrays) == 0:
            raise ValueError("np.block: lists cannot be empty")
        depth = depth + 1
        arrays = arrays[0]
    return depth


@primitive
def block_rank(arrays):
    """The rank of ``np.block(arrays)``: the lists' depth or the largest block rank. Raises
    NumPy's errors for lists nested unevenly and for tuples."""
    depth = block_depth(arrays)

    def deepest(item, level):
        if isinstance(item, tuple):
            raise TypeError("np.block: arrays are nested in lists, not tuples")
        nested = isinstance(item, list)
        if nested != (level < depth) or (nested and not item):
            raise ValueError("np.block: list depths are mismatched")
        if level == depth:
            return np.ndim(item)
        return max(deepest(part, level + 1) for part in item)

    return max(depth, deepest(arrays, 0))


nondifferentiable(block_depth, block_rank)


def _row(blocks, rank):
    """The blocks of the innermost list, given ``rank`` axes, joined along the last."""
    parts = []
    for item in blocks:
        for _ in range(rank - np.ndim(item)):
            item = np.expand_dims(item, 0)
        parts.append(item)
    return np.concatenate(parts, axis=-1)


@defined_by(np.block)
def block(arrays):
    depth = block_depth(arrays)
    if depth == 0:  # one block: a copy of it, as an array
        return np.array(arrays)
    rank = block_rank(arrays)
    if depth == 1:
        return _row(arrays, rank)
    if depth == 2:
        rows = []
        for blocks in arrays:
            rows.append(_row(blocks, rank))
        return np.concatenate(rows, axis=-2)
    if depth == 3:
        layers = []
        for layer in arrays:
            rows = []
            for blocks in layer:
                rows.append(_row(blocks, rank))
            layers.append(np.concatenate(rows, axis=-2))
        return np.concatenate(layers, axis=-3)
    raise UnsupportedDerivative(
        "np.block with lists nested more than three deep has no derivative definition in "
        "srcgrad; join the inner levels with np.concatenate first"
    )


if hasattr(np, "row_stack"):  # removed from NumPy's namespace in later releases

    @defined_by(np.row_stack)
    def row_stack(tup, *, dtype=None, casting="same_kind"):
        return np.vstack(tup, dtype=dtype, casting=casting)
