"""Small NumPy helpers that derivative rules share. They run on arrays and on Tensors."""

from __future__ import annotations

import numpy as np


def unbroadcast(g, x):
    """Sum ``g`` down to the shape of ``x``, undoing NumPy broadcasting.

    >>> unbroadcast(np.ones((3, 2)), np.zeros(2))
    array([3., 3.])
    """
    shape = np.shape(x)
    if np.shape(g) == shape:
        return g
    extra = np.ndim(g) - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(shape) if n == 1 and np.shape(g)[extra + i] != 1
    )
    if axes:
        g = np.sum(g, axis=axes)
    return np.reshape(g, shape)


def is_float_like(x) -> bool:
    """True when ``x`` can carry a gradient (floating or complex dtype, or Python float)."""
    kind = np.result_type(x).kind
    return kind in "fc"
