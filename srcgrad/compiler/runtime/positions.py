"""Where in-place NumPy calls write: ``np.put``, ``np.put_along_axis``, ``np.place`` and
``np.fill_diagonal`` as item writes."""

from __future__ import annotations

import numpy as np

from ...rules.helpers import along_axis_index, size_of
from .checks import Refused


def flat_positions(indices, array):
    """The coordinates ``np.put(array, indices, v)`` writes, as an index for ``array``.

    >>> flat_positions([0, -1], np.zeros((2, 2)))
    (array([0, 1]), array([0, 1]))
    """
    flat = np.asarray(indices).ravel()
    size = size_of(array)
    if flat.dtype.kind not in "iu" or np.any((flat < -size) | (flat >= size)):
        raise IndexError(f"np.put: index out of range for an array of size {size}")
    return np.unravel_index(flat % size, np.shape(array))


def place_positions(mask, array, values, where):
    """The coordinates ``np.place(array, mask, values)`` writes, in NumPy's order (C order of
    the true entries); the values must be one number or one per true entry (NumPy's
    repeating or cutting of other values is refused, naming the line ``where``)."""
    flat = np.flatnonzero(np.asarray(mask))
    if size_of(values) != 1 and (np.ndim(values) != 1 or size_of(values) != flat.size):
        raise Refused(
            f"srcgrad: {where}: np.place with {size_of(values)} values for {flat.size} true "
            "entries repeats or cuts the values, which the compiled gradient does not "
            "follow; pass one value, or one per true entry"
        )
    return np.unravel_index(flat, np.shape(array))


def along_axis_positions(indices, array, axis):
    """The coordinates ``np.put_along_axis(array, indices, v, axis)`` writes."""
    if axis is None:
        return flat_positions(indices, array)
    return along_axis_index(np.shape(array), np.asarray(indices), axis)


def diagonal_positions(array, wrap=False):
    """The coordinates ``np.fill_diagonal(array, v, wrap)`` writes."""
    shape = np.shape(array)
    if len(shape) < 2 or (len(shape) > 2 and len(set(shape)) != 1):
        raise ValueError("np.fill_diagonal needs a 2-d array, or all dimensions equal")
    if len(shape) == 2:
        step = shape[1] + 1
        end = None if wrap else shape[1] * shape[1]
    else:
        step = 1 + int(np.sum(np.cumprod(shape[:-1])))
        end = None
    flat = np.arange(np.prod(shape))[:end:step]
    return np.unravel_index(flat, shape)
