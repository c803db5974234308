"""Functions using np.linalg's decompositions, matrix functions and norms.

Uses of eigenvectors and singular vectors are sign-free (``v * v``, ``u[:, 0] v[0]``):
LAPACK may pick either sign, and a function of the sign alone has no derivative.
"""

import functools

import numpy as np

WEIGHTS = np.arange(1.0, 10.0).reshape(3, 3)


# ---- eigenvalues and singular values -------------------------------------------------


def eigh_values_and_vectors(a):
    sym = (a + a.T) / 2
    w, v = np.linalg.eigh(sym)
    return np.sum(w**2 * np.array([1.0, 2.0, 3.0])) + np.sum(v[:, -1] ** 2 * np.arange(3.0))


def eigh_upper_triangle(a):
    w, v = np.linalg.eigh(a, UPLO="U")
    return np.sum(np.exp(w)) + np.sum(v * v * WEIGHTS)


def eigvalsh_log_sum_exp(a):
    return np.log(np.sum(np.exp(np.linalg.eigvalsh(a @ a.T))))


def eig_real_spectrum(a):
    w, v = np.linalg.eig(a)
    return np.sum(w**3) + np.sum(v**2 * WEIGHTS)


def svd_thin(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.sum(s**2) + np.sum(np.outer(u[:, 0], vh[0]) * np.arange(12.0).reshape(4, 3))


def named_result_fields(a):
    # NumPy's named tuples: result.S is result[1].
    result = np.linalg.svd(a, full_matrices=False)
    sign_and_log = np.linalg.slogdet(a.T @ a)
    return (
        np.sum(result.S**2) + sign_and_log.logabsdet + np.sum(np.linalg.eigh(a.T @ a).eigenvalues)
    )


def svd_values_only(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 3)


# ---- factorisations, matrix functions and norms ----------------------------------------


def cholesky_log_det(a):
    chol = np.linalg.cholesky(a @ a.T + np.eye(3))
    return 2 * np.sum(np.log(np.diagonal(chol))) + np.sum(chol * WEIGHTS)


def slogdet_of_product(a, b):
    sign, logdet = np.linalg.slogdet(a @ b)
    return sign * logdet + np.linalg.slogdet(a)[1]


def qr_factors(a):
    q, r = np.linalg.qr(a)
    return np.sum(q * q[::-1]) + np.sum(np.diagonal(r) ** 2)


def pinv_and_power(a):
    return np.sum(np.linalg.pinv(a) * WEIGHTS) + np.sum(np.linalg.matrix_power(a / 3, 3))


def inverse_power(a):
    return np.sum(np.linalg.matrix_power(a, -2) * WEIGHTS)


def least_squares(a, b):
    x, residuals, rank, s = np.linalg.lstsq(a, b, rcond=None)
    return np.sum(x**2) + residuals[0] + np.sum(s)


def norms_of_every_order(a):
    vector = a[0]
    total = np.linalg.norm(vector, 1) + np.linalg.norm(vector, 3) + np.linalg.norm(vector, np.inf)
    total = total + np.linalg.norm(a, "nuc") + np.linalg.norm(a, 2) + np.linalg.norm(a, -2)
    total = total + np.linalg.norm(a, 1) + np.linalg.norm(a, -np.inf)
    return total + np.sum(np.linalg.norm(a, ord=0.5, axis=1))


# ---- functools.reduce over products ---------------------------------------------------


def reduce_dot_chain(a, b, c):
    # Written out in the call: the compiler unrolls it into dot(dot(a, b), c).
    return np.sum(functools.reduce(np.dot, [a, b, c]) ** 2)


def reduce_matmul_with_start(a, b):
    return np.sum(functools.reduce(np.matmul, (a, b, a), np.eye(3)))
