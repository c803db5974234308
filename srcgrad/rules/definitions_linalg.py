"""Functions of ``np.linalg`` defined by NumPy code (see ``definitions.py``): each is a
short composition of functions that have rules.

- ``eigvals`` is the eigenvalues of ``eig``, whose rule covers real eigenvalues; a matrix
  with complex eigenvalues is refused there, with an error naming ``np.linalg.eig``.
- ``cond`` (``p=None`` or 2) is the ratio of the largest to the smallest singular value.
- ``multi_dot`` multiplies left to right (NumPy picks the cheapest order; the value is the
  same up to rounding).
- ``vector_norm``, ``matrix_norm``, ``vecdot`` and ``outer`` are the array-API spellings
  of ``norm`` over flattened axes, ``norm`` over the last two, ``sum(conj(a) * b)`` and
  ``np.outer``.

>>> float(cond(np.diag([4.0, 2.0])))
2.0
"""

from __future__ import annotations

import numpy as np

from .registry import defined_by


@defined_by(np.linalg.eigvals)
def eigvals(a):
    return np.linalg.eig(a)[0]


@defined_by(np.linalg.cond)
def cond(x, p=None):
    if p is not None and p != 2:
        raise TypeError(f"np.linalg.cond with p={p!r} has no derivative definition in srcgrad")
    singular = np.linalg.svd(x, compute_uv=False)
    return singular[..., 0] / singular[..., -1]


@defined_by(np.linalg.multi_dot)
def multi_dot(arrays, *, out=None):
    result = arrays[0]
    for array in arrays[1:]:
        result = result @ array
    return result


def vector_norm(x, *, axis=None, keepdims=False, ord=2):
    shape = np.shape(x)
    if axis is None:
        axis = tuple(range(len(shape)))
    axes = tuple(a % len(shape) for a in ((axis,) if np.ndim(axis) == 0 else axis))
    rest = [k for k in range(len(shape)) if k not in axes]
    moved = np.transpose(x, rest + list(axes))
    flat = np.reshape(moved, tuple(shape[k] for k in rest) + (-1,))
    norm = np.linalg.norm(flat, ord=ord, axis=-1)
    if keepdims:
        return np.reshape(norm, tuple(1 if k in axes else shape[k] for k in range(len(shape))))
    return norm


def matrix_norm(x, *, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)


def vecdot(x1, x2, *, axis=-1):
    return np.sum(np.conj(x1) * x2, axis=axis)


def outer(x1, x2):
    return np.outer(x1, x2)


if hasattr(np.linalg, "vector_norm"):  # NumPy 2.0 and later
    defined_by(np.linalg.vector_norm)(vector_norm)
    defined_by(np.linalg.matrix_norm)(matrix_norm)
    defined_by(np.linalg.vecdot)(vecdot)
    defined_by(np.linalg.outer)(outer)
