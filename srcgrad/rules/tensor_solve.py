"""``np.linalg.tensorsolve`` and ``np.linalg.tensorinv``, defined by NumPy code (see
``definitions.py``): both reshape the tensor into a square matrix, then solve or invert it
as NumPy does, so ``np.linalg.solve``'s and ``np.linalg.inv``'s rules carry the gradient.

>>> a = np.eye(6).reshape(6, 2, 3)
>>> tensorinv(a, ind=1).shape
(2, 3, 6)
"""

from __future__ import annotations

import math

import numpy as np

from .registry import defined_by


@defined_by(np.linalg.tensorsolve)
def tensorsolve(a, b, axes=None):
    rank = np.ndim(a)
    if axes is not None:
        order = [axis for axis in range(rank) if axis not in axes] + list(axes)
        a = np.transpose(a, order)
    solution_shape = np.shape(a)[np.ndim(b) :]
    size = math.prod(solution_shape)
    if np.size(a) != size**2:
        raise np.linalg.LinAlgError(
            "Input arrays must satisfy the requirement "
            "prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])"
        )
    solution = np.linalg.solve(np.reshape(a, (size, size)), np.ravel(b))
    return np.reshape(solution, solution_shape)


@defined_by(np.linalg.tensorinv)
def tensorinv(a, ind=2):
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    shape = np.shape(a)
    size = math.prod(shape[:ind])
    inverse = np.linalg.inv(np.reshape(a, (size, -1)))
    return np.reshape(inverse, shape[ind:] + shape[:ind])
