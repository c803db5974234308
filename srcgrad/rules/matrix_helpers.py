"""Helpers the decomposition rules share: transposes, triangles, eigenvalue gaps, refusals.

They are plain NumPy code (they run on tape Tensors too, for gradients of gradients),
except :func:`refuse_degenerate`, a primitive with no gradient that raises a clear error
where a derivative is undefined (repeated eigenvalues or singular values).
"""

from __future__ import annotations

import numpy as np

from .registry import UnsupportedDerivative, nondifferentiable, primitive

# Relative size below which two eigenvalues (or singular values) count as equal.
GAP_RTOL = 1e-10


def mT(a):
    """The (batched) matrix transpose."""
    return np.swapaxes(a, -1, -2)


def eye(n):
    """The n-by-n identity as booleans: multiplying by it keeps a float32 array float32."""
    return np.eye(n, dtype=bool)


def diag_embed(v):
    """Square matrices with ``v`` (last axis) on their diagonal.

    >>> diag_embed(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    return np.expand_dims(v, -1) * eye(np.shape(v)[-1])


def strictly_lower(n):
    """The boolean mask of the entries below the diagonal of an n-by-n matrix."""
    return np.tri(n, k=-1, dtype=bool)


def read_triangle(a, uplo="L"):
    """The symmetric matrix LAPACK sees when it reads only one triangle of ``a``.

    ``np.linalg.eigh``, ``eigvalsh`` and ``cholesky`` read the lower triangle (``"L"``)
    or the upper one (``"U"``); the other triangle never reaches the result.
    """
    lower = strictly_lower(np.shape(a)[-1])
    if uplo.upper() == "U":
        lower = mT(lower)
    kept = a * lower
    return kept + mT(kept) + a * eye(np.shape(a)[-1])


def triangle_gradient(grad, uplo="L"):
    """The gradient of ``a`` from the gradient of ``read_triangle(a, uplo)``.

    An entry of the read triangle feeds two places of the symmetric matrix (one on the
    diagonal feeds one): its gradient is ``grad[i, j] + grad[j, i]``; the unread triangle
    gets zero.
    """
    lower = strictly_lower(np.shape(grad)[-1])
    if uplo.upper() == "U":
        lower = mT(lower)
    return (grad + mT(grad)) * lower + grad * eye(np.shape(grad)[-1])


def gaps(values):
    """``gaps[..., i, j] = values[..., j] - values[..., i]``."""
    return np.expand_dims(values, -2) - np.expand_dims(values, -1)


def degenerate(values, differences):
    """True where two entries of ``values`` are equal to rounding (the diagonal included)."""
    scale = np.max(np.abs(values), axis=-1, keepdims=True)
    return np.abs(differences) <= GAP_RTOL * np.expand_dims(scale, -1)


def inverse_gaps(values, differences):
    """``1 / differences`` off the degenerate places, 0 on them (and on the diagonal)."""
    scale = np.expand_dims(np.max(np.abs(values), axis=-1, keepdims=True), -1)
    same = np.abs(differences) <= GAP_RTOL * scale
    return np.where(same, 0.0, 1.0 / np.where(same, 1.0, differences))


@primitive
def refuse_degenerate(values, differences, weights, what):
    """Raise where ``weights`` is nonzero at a pair of equal ``values``: there the
    derivative ``what`` asks for depends on an arbitrary choice of basis (the eigenvectors
    of a repeated eigenvalue, or which of two equal eigenvalues is which), so no gradient
    exists. Returns None otherwise."""
    values, weights = np.asarray(values), np.asarray(weights)
    same = np.asarray(degenerate(values, np.asarray(differences)))
    same = same & ~np.eye(np.shape(same)[-1], dtype=bool)
    scale = np.max(np.abs(weights)) if np.size(weights) else 0.0
    if np.any(same & (np.abs(weights) > 1e-9 * scale)):
        raise UnsupportedDerivative(
            f"{what}: the derivative is undefined because of repeated values "
            f"({values.tolist() if values.ndim == 1 else 'in a stacked matrix'}); there it "
            f"would depend on an arbitrary choice of basis for them. Differentiate only "
            f"functions that treat the repeated values alike and do not depend on that "
            f"choice (their sum, or the projector onto their vectors)."
        )


@primitive
def refuse_complex(values, what):
    """Raise when ``values`` is complex: those rules cover real results only."""
    if np.iscomplexobj(np.asarray(values)):
        raise UnsupportedDerivative(
            f"{what}: the matrix has complex eigenvalues; srcgrad differentiates np.linalg.eig "
            f"only where every eigenvalue is real (use np.linalg.eigh for a symmetric matrix)"
        )


@primitive
def refuse_small(values, what):
    """Raise when some of ``values`` (singular values) are zero to rounding."""
    values = np.asarray(values)
    scale = np.max(np.abs(values)) if np.size(values) else 0.0
    if np.any(np.abs(values) <= GAP_RTOL * scale):
        raise UnsupportedDerivative(
            f"{what}: the matrix is singular (a zero singular value), so the derivative of "
            f"its singular vectors is undefined; differentiate only the singular values"
        )


@primitive
def refuse_nonzero(gradient, what):
    """Raise when ``gradient`` reaches a result that has no derivative (``what``)."""
    if np.any(np.asarray(gradient) != 0):
        raise UnsupportedDerivative(
            f"{what} have no derivative (they are an arbitrary basis), but the function's "
            f"value depends on them; pass full_matrices=False"
        )


nondifferentiable(refuse_degenerate, refuse_complex, refuse_small, refuse_nonzero)
