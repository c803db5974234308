"""Cases for the decompositions, matrix functions and norms of ``np.linalg``.

Imported at the end of ``cases.py`` (it appends to the same table). Inputs are chosen
where the functions are smooth: distinct eigenvalues and singular values, full rank,
positive definite matrices for ``cholesky``. ``eigh``, ``eigvalsh`` and ``cholesky`` get
unsymmetric matrices too: they read one triangle, and the rules say so.
"""

from __future__ import annotations

import numpy as np

from .cases import away, case, rng, u, well_conditioned


def real_spectrum(n, *stack):
    """A matrix with distinct real eigenvalues that is not symmetric: P diag(d) P^-1."""
    p = well_conditioned(*stack, n, n)
    d = np.arange(1.0, n + 1) + rng.uniform(-0.2, 0.2, size=(*stack, n))
    return p @ (d[..., :, None] * np.linalg.inv(p))


def symmetric(*shape):
    a = u(*shape)
    return (a + np.swapaxes(a, -1, -2)) / 2


negative_det = well_conditioned(3, 3) * np.array([[-1.0], [1.0], [1.0]])

case(np.linalg.cholesky, well_conditioned(3, 3))
case(np.linalg.cholesky, well_conditioned(2, 3, 3))
case(np.linalg.cholesky, well_conditioned(3, 3), upper=True)
case(np.linalg.slogdet, well_conditioned(3, 3))
case(np.linalg.slogdet, negative_det, label="negative")
case(np.linalg.slogdet, well_conditioned(2, 3, 3))
for make in (u, symmetric):
    case(np.linalg.eigh, make(3, 3))
    case(np.linalg.eigvalsh, make(3, 3))
case(np.linalg.eigh, u(4, 4), UPLO="U")
case(np.linalg.eigh, u(2, 3, 3))
case(np.linalg.eigvalsh, u(4, 4), "U")
case(np.linalg.eigvalsh, u(2, 3, 3))
case(np.linalg.eig, real_spectrum(3))
case(np.linalg.eig, real_spectrum(3, 2))
case(np.linalg.svd, u(4, 3), full_matrices=False)
case(np.linalg.svd, u(3, 4), full_matrices=False)
case(np.linalg.svd, u(3, 3))
case(np.linalg.svd, u(2, 4, 3), full_matrices=False)
case(np.linalg.svd, u(4, 3), compute_uv=False)
case(np.linalg.pinv, u(4, 3))
case(np.linalg.pinv, u(3, 4))
case(np.linalg.pinv, well_conditioned(2, 3, 3))
for n in (0, 1, 3, -2):
    case(np.linalg.matrix_power, well_conditioned(3, 3) / 3, n)
case(np.linalg.matrix_power, well_conditioned(2, 3, 3) / 3, 2)
case(np.linalg.qr, u(4, 3))
case(np.linalg.qr, u(3, 3))
case(np.linalg.qr, u(2, 4, 3))
case(np.linalg.lstsq, u(5, 3), u(5))
case(np.linalg.lstsq, u(5, 3), u(5, 2))
case(np.linalg.lstsq, u(3, 5), u(3), label="underdetermined")

# Every norm NumPy computes: vector orders, matrix orders, axis forms, keepdims.
for order in (None, 2, 1, 0.5, 3, np.inf, -np.inf, -1.5):
    case(np.linalg.norm, away(5), ord=order)
    case(np.linalg.norm, away(3, 4), ord=order, axis=1)
    case(np.linalg.norm, away(3, 4), ord=order, axis=0, keepdims=True)
case(np.linalg.norm, away(2, 3, 4), axis=-1)
case(np.linalg.norm, away(2, 3, 4), ord=1, axis=(2,))
for order in (None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf):
    case(np.linalg.norm, u(3, 4), ord=order)
    case(np.linalg.norm, u(2, 3, 4), ord=order, axis=(0, 2))
    case(np.linalg.norm, u(2, 4, 3), ord=order, axis=(-1, -2), keepdims=True)
case(np.linalg.norm, u(2, 3, 4))
case(np.linalg.norm, u(2, 3, 4), keepdims=True)
