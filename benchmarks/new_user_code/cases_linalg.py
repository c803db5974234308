import numpy as np
from harness import reg


def spd(A):
    return A @ A.T + 3.0 * np.eye(A.shape[0])


def chol_logdet(A):
    L = np.linalg.cholesky(spd(A))
    return 2 * np.sum(np.log(np.diag(L)))


reg(chol_logdet, lambda r: (r.randn(3, 3),))


def chol_solve_manual(A, b):
    L = np.linalg.cholesky(spd(A))
    y = np.linalg.solve(L, b)
    x = np.linalg.solve(L.T, y)
    return np.sum(x**2) + np.sum(L[1:, 0])


reg(chol_solve_manual, lambda r: (r.randn(3, 3), r.randn(3)))


def chol_sample(A):
    z = np.array([0.3, -1.2, 0.5])
    L = np.linalg.cholesky(spd(A))
    s = L @ z
    return np.sum(np.sin(s))


reg(chol_sample, lambda r: (r.randn(3, 3),))


def slogdet_sign(A):
    sign, ld = np.linalg.slogdet(A)
    return sign * ld


reg(slogdet_sign, lambda r: (r.randn(3, 3) + 2 * np.eye(3),))


def eigh_top_vec(A):
    S = A + A.T
    w, V = np.linalg.eigh(S)
    v = V[:, -1]
    return w[-1] + np.sum(v**4)


reg(eigh_top_vec, lambda r: (r.randn(3, 3),))


def eigh_all_values(A):
    w = np.linalg.eigvalsh(A @ A.T)
    return np.sum(np.log(w + 1.0))


reg(eigh_all_values, lambda r: (r.randn(3, 3),))


def eigh_projector(A):
    S = spd(A)
    w, V = np.linalg.eigh(S)
    P = np.outer(V[:, 0], V[:, 0])
    return np.sum(P * np.arange(9).reshape(3, 3))


reg(eigh_projector, lambda r: (r.randn(3, 3),))


def eigh_reconstruct(A):
    S = A + A.T
    w, V = np.linalg.eigh(S)
    M = V @ np.diag(np.exp(w)) @ V.T
    return np.trace(M) + M[0, 1]


reg(eigh_reconstruct, lambda r: (r.randn(3, 3),))


def eigh_uplo_nonsym(A):
    w, V = np.linalg.eigh(A, UPLO="L")
    return np.sum(w * np.array([1.0, 2.0, 3.0]))


reg(eigh_uplo_nonsym, lambda r: (r.randn(3, 3) + np.diag([0.0, 3.0, 6.0]),))


def eigh_lower_only_input(A):
    w = np.linalg.eigvalsh(A)
    return np.sum(w**2 * np.array([1.0, 2.0, 3.0]))


reg(eigh_lower_only_input, lambda r: (np.tril(r.randn(3, 3)) + np.diag([0.0, 3.0, 6.0]),))


def eig_real_nonsym(A):
    w, V = np.linalg.eig(A)
    return np.sum(np.sort(w.real) * np.array([1.0, 2.0, 3.0]))


reg(
    eig_real_nonsym,
    lambda r: (np.triu(r.randn(3, 3)) + np.diag([0.0, 2.0, 5.0]) + 0.1 * r.randn(3, 3),),
)


def eig_vals_sum(A):
    w = np.linalg.eigvals(A)
    return np.real(np.sum(w**2))


reg(eig_vals_sum, lambda r: (r.randn(3, 3),))


def svd_nuclear(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.sum(s)


reg(svd_nuclear, lambda r: (r.randn(3, 2),))


def svd_lowrank(A):
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    A1 = s[0] * np.outer(U[:, 0], Vt[0])
    return np.sum((A - A1) ** 2) + np.sum(A1 * np.arange(6).reshape(3, 2))


reg(svd_lowrank, lambda r: (r.randn(3, 2),))


def svd_full(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum(s**3) + np.sum((U[:, :2] * s) @ Vt)


reg(svd_full, lambda r: (r.randn(3, 2),))


def pinv_solve(A, b):
    return np.sum((np.linalg.pinv(A) @ b) ** 2)


reg(pinv_solve, lambda r: (r.randn(4, 2), r.randn(4)))


def pinv_wide(A):
    return np.sum(np.linalg.pinv(A) * np.arange(6).reshape(3, 2))


reg(pinv_wide, lambda r: (r.randn(2, 3),))


def matrix_power_loss(A):
    return np.sum(np.linalg.matrix_power(A, 3)) + np.trace(np.linalg.matrix_power(A, 0))


reg(matrix_power_loss, lambda r: (r.randn(2, 2) * 0.7,))


def matrix_power_neg(A):
    return np.sum(np.linalg.matrix_power(A + 3 * np.eye(2), -2))


reg(matrix_power_neg, lambda r: (r.randn(2, 2) * 0.5,))


def matrix_power_one_alias(A):
    B = np.linalg.matrix_power(A, 1)
    return np.sum(B * A)


reg(matrix_power_one_alias, lambda r: (r.randn(2, 2),))


def qr_loss(A):
    Q, R = np.linalg.qr(A)
    return np.sum(np.abs(np.diag(R)) ** 1.5) + np.sum((Q @ R) * A)


reg(qr_loss, lambda r: (r.randn(4, 3),))


def qr_gram_schmidt_check(A):
    Q, R = np.linalg.qr(A)
    s = np.sign(np.diag(R))
    return np.sum((Q * s)[:, 0] * np.array([1.0, 2.0, 3.0]))


reg(qr_gram_schmidt_check, lambda r: (r.randn(3, 3),))


def qr_complete(A):
    Q, R = np.linalg.qr(A, mode="complete")
    return np.sum(R**2)


reg(qr_complete, lambda r: (r.randn(4, 2),))


def lstsq_fit(y, X):
    w, res, rank, sv = np.linalg.lstsq(X, y, rcond=None)
    return np.sum(w**2) + np.sum(res)


reg(lstsq_fit, lambda r: (r.randn(5), r.randn(5, 2)))


def lstsq_wrt_X(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return np.sum((X @ w - y) ** 2) + np.sum(w)


reg(lstsq_wrt_X, lambda r: (r.randn(5, 2), r.randn(5)))


def norm_matrix_ords(A):
    return (
        np.linalg.norm(A, 2)
        + np.linalg.norm(A, -2)
        + np.linalg.norm(A, "nuc")
        + np.linalg.norm(A, 1)
        + np.linalg.norm(A, -np.inf)
    )


reg(norm_matrix_ords, lambda r: (r.randn(3, 3),))


def norm_vector_ords(x):
    return (
        np.linalg.norm(x, 0.5)
        + np.linalg.norm(x, -1)
        + np.linalg.norm(x, -np.inf)
        + np.linalg.norm(x, 4)
    )


reg(norm_vector_ords, lambda r: (r.randn(4),))


def norm_axis_tuple(X):
    a = np.sum(np.linalg.norm(X, axis=(1, 2)))
    return a + np.sum(np.linalg.norm(X, ord="fro", axis=(0, 2)))


reg(norm_axis_tuple, lambda r: (r.randn(2, 3, 2),))


def norm_spectral_batched(X):
    return np.sum(np.linalg.norm(X, ord=2, axis=(1, 2)))


reg(norm_spectral_batched, lambda r: (r.randn(2, 3, 3),))


def eigh_batched(A):
    S = A + np.swapaxes(A, -1, -2)
    w, V = np.linalg.eigh(S)
    return np.sum(w[:, -1]) + np.sum(V[:, :, 0] ** 4)


reg(eigh_batched, lambda r: (r.randn(2, 3, 3),))


def chol_batched(A):
    S = A @ np.swapaxes(A, -1, -2) + 2 * np.eye(2)
    return np.sum(np.linalg.cholesky(S))


reg(chol_batched, lambda r: (r.randn(3, 2, 2),))


def svd_named_fields(A):
    res = np.linalg.svd(A)
    return np.sum(res.S) + np.sum(res.U[:, 0] ** 4)


reg(svd_named_fields, lambda r: (r.randn(3, 3),))


def eigh_named_fields(A):
    res = np.linalg.eigh(A + A.T)
    ev = res.eigenvalues
    return np.sum(ev**2)


reg(eigh_named_fields, lambda r: (r.randn(3, 3),))


def gaussian_entropy(L):
    S = L @ L.T + np.eye(3)
    sign, ld = np.linalg.slogdet(S)
    return 0.5 * ld + 1.5 * (1 + np.log(2 * np.pi))


reg(gaussian_entropy, lambda r: (r.randn(3, 3),))


def procrustes(R0):
    A = np.array([[1.0, 0.2], [0.1, 0.9], [0.4, -0.3]])
    M = A.T @ (A @ R0)
    U, s, Vt = np.linalg.svd(M)
    Rot = U @ Vt
    return np.sum(Rot * np.array([[1.0, 2.0], [3.0, 4.0]]))


reg(procrustes, lambda r: (r.randn(2, 2),))


def power_iteration(A):
    S = A @ A.T
    v = np.ones(3) / np.sqrt(3)
    for _ in range(50):
        v = S @ v
        v = v / np.linalg.norm(v)
    return v @ S @ v


reg(power_iteration, lambda r: (r.randn(3, 3),))


def inv_via_solve(A):
    return np.sum(np.linalg.solve(A, np.eye(3)) ** 2)


reg(inv_via_solve, lambda r: (r.randn(3, 3) + 3 * np.eye(3),))


def triangular_solve_loop(L0, b):
    L = np.tril(L0) + 3 * np.eye(3)
    x = np.zeros(3)
    for i in range(3):
        x[i] = (b[i] - L[i, :i] @ x[:i]) / L[i, i]
    return np.sum(x**2)


reg(triangular_solve_loop, lambda r: (r.randn(3, 3), r.randn(3)))


def scipy_losses(x):
    from scipy.special import expit, logsumexp

    return logsumexp(x) + np.sum(np.log(expit(x)))


reg(scipy_losses, lambda r: (r.randn(4),))


def scipy_norm_logpdf(mu, x):
    from scipy import stats

    return np.sum(stats.norm.logpdf(x, loc=mu, scale=1.5))


reg(scipy_norm_logpdf, lambda r: (float(r.randn()), r.randn(5)))


def scipy_norm_scale(s, x):
    from scipy.stats import norm

    return np.sum(norm.logpdf(x, 0.3, s)) + np.sum(norm.cdf(x / s))


reg(scipy_norm_scale, lambda r: (float(1 + r.rand()), r.randn(5)))


def scipy_gammaln(a):
    from scipy.special import digamma, gammaln

    return np.sum(gammaln(a) + digamma(a) * 0.5)


reg(scipy_gammaln, lambda r: (r.rand(3) + 1.0,))


def scipy_softmax_xent(z):
    from scipy.special import log_softmax, softmax

    p = softmax(z, axis=-1)
    return -np.sum(log_softmax(z, axis=-1)[:, 0]) + np.sum(p[:, 1] ** 2)


reg(scipy_softmax_xent, lambda r: (r.randn(3, 4),))


def scipy_mvn(mu):
    from scipy.stats import multivariate_normal

    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    xs = np.array([[0.1, 0.2], [1.0, -0.5], [0.3, 0.3]])
    return np.sum(multivariate_normal.logpdf(xs, mean=mu, cov=cov))


reg(scipy_mvn, lambda r: (r.randn(2),))


def scipy_mvn_cov(L):
    from scipy.stats import multivariate_normal

    cov = L @ L.T + np.eye(2)
    xs = np.array([[0.1, 0.2], [1.0, -0.5], [0.3, 0.3]])
    return np.sum(multivariate_normal.logpdf(xs, mean=np.zeros(2), cov=cov))


reg(scipy_mvn_cov, lambda r: (r.randn(2, 2),))


def scipy_frozen_dist(mu):
    from scipy import stats

    d = stats.norm(mu, 2.0)
    return np.sum(d.logpdf(np.array([0.1, 0.5, -0.3])))


reg(scipy_frozen_dist, lambda r: (float(r.randn()),))


def scipy_gamma_shape(a):
    from scipy import stats

    x = np.array([0.5, 1.2, 2.0])
    return np.sum(stats.gamma.logpdf(x, a, scale=1.5))


reg(scipy_gamma_shape, lambda r: (float(1.5 + r.rand()),))


def scipy_t_df(nu):
    from scipy.stats import t

    return np.sum(t.logpdf(np.array([0.1, -1.0, 2.0]), nu))


reg(scipy_t_df, lambda r: (float(3 + r.rand()),))


def scipy_beta_ab(ab):
    from scipy.stats import beta

    x = np.array([0.2, 0.5, 0.7])
    return np.sum(beta.logpdf(x, ab[0], ab[1]))


reg(scipy_beta_ab, lambda r: (r.rand(2) + 1.5,))


def scipy_convolve(x):
    from scipy.signal import convolve

    return np.sum(convolve(x, np.array([0.25, 0.5, 0.25]), mode="same") ** 2)


reg(scipy_convolve, lambda r: (r.randn(6),))


def scipy_convolve_kernel(k):
    from scipy import signal

    x = np.array([1.0, -0.5, 0.3, 2.0, 0.1])
    return np.sum(signal.convolve(x, k, mode="valid") ** 2)


reg(scipy_convolve_kernel, lambda r: (r.randn(3),))


def scipy_solve_tri(L0, b):
    from scipy.linalg import solve_triangular

    L = np.tril(L0) + 3 * np.eye(3)
    return np.sum(solve_triangular(L, b, lower=True) ** 2)


reg(scipy_solve_tri, lambda r: (r.randn(3, 3), r.randn(3)))


def scipy_solve_tri_trans(U0, b):
    from scipy.linalg import solve_triangular

    U = np.triu(U0) + 3 * np.eye(3)
    return np.sum(solve_triangular(U, b, trans="T") ** 2)


reg(scipy_solve_tri_trans, lambda r: (r.randn(3, 3), r.randn(3)))


def scipy_sqrtm(A):
    from scipy.linalg import sqrtm

    S = A @ A.T + np.eye(2)
    return np.sum(sqrtm(S))


reg(scipy_sqrtm, lambda r: (r.randn(2, 2),))


def scipy_xlogy_entropy(p):
    from scipy.special import xlogy

    q = p / p.sum()
    return -np.sum(xlogy(q, q))


reg(scipy_xlogy_entropy, lambda r: (r.rand(4) + 0.2,))


def scipy_poisson(lam):
    from scipy.stats import poisson

    return np.sum(poisson.logpmf(np.array([0, 2, 5]), lam))


reg(scipy_poisson, lambda r: (float(1.5 + r.rand()),))


def scipy_dirichlet(alpha):
    from scipy.stats import dirichlet

    return dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), alpha)


reg(scipy_dirichlet, lambda r: (r.rand(3) + 1.0,))


def scipy_bessel(x):
    from scipy.special import i0, i1, j0, j1

    return np.sum(j0(x) + j1(x) * i0(x) + i1(x))


reg(scipy_bessel, lambda r: (r.rand(3) + 0.5,))


def scipy_erfs(x):
    from scipy.special import erf, erfc, logit

    return np.sum(erf(x) * erfc(x) + logit(1 / (1 + np.exp(-x))))


reg(scipy_erfs, lambda r: (r.randn(3),))


def scipy_polygamma(a):
    from scipy.special import betaln, polygamma

    return np.sum(polygamma(1, a)) + betaln(a[0], a[1])


reg(scipy_polygamma, lambda r: (r.rand(2) + 1.0,))
