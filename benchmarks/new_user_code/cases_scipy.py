import numpy as np
from harness import reg
from scipy import signal, stats
from scipy.linalg import solve_triangular, sqrtm
from scipy.signal import convolve
from scipy.special import (
    betaln,
    digamma,
    erf,
    erfc,
    expit,
    gammaln,
    i0,
    i1,
    j0,
    j1,
    log_softmax,
    logit,
    logsumexp,
    polygamma,
    softmax,
    xlogy,
)
from scipy.stats import beta, dirichlet, multivariate_normal, norm, poisson, t


def mscipy_losses(x):

    return logsumexp(x) + np.sum(np.log(expit(x)))


reg(mscipy_losses, lambda r: (r.randn(4),))


def mscipy_norm_logpdf(mu, x):

    return np.sum(stats.norm.logpdf(x, loc=mu, scale=1.5))


reg(mscipy_norm_logpdf, lambda r: (float(r.randn()), r.randn(5)))


def mscipy_norm_scale(s, x):

    return np.sum(norm.logpdf(x, 0.3, s)) + np.sum(norm.cdf(x / s))


reg(mscipy_norm_scale, lambda r: (float(1 + r.rand()), r.randn(5)))


def mscipy_gammaln(a):

    return np.sum(gammaln(a) + digamma(a) * 0.5)


reg(mscipy_gammaln, lambda r: (r.rand(3) + 1.0,))


def mscipy_softmax_xent(z):

    p = softmax(z, axis=-1)
    return -np.sum(log_softmax(z, axis=-1)[:, 0]) + np.sum(p[:, 1] ** 2)


reg(mscipy_softmax_xent, lambda r: (r.randn(3, 4),))


def mscipy_mvn(mu):

    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    xs = np.array([[0.1, 0.2], [1.0, -0.5], [0.3, 0.3]])
    return np.sum(multivariate_normal.logpdf(xs, mean=mu, cov=cov))


reg(mscipy_mvn, lambda r: (r.randn(2),))


def mscipy_mvn_cov(L):

    cov = L @ L.T + np.eye(2)
    xs = np.array([[0.1, 0.2], [1.0, -0.5], [0.3, 0.3]])
    return np.sum(multivariate_normal.logpdf(xs, mean=np.zeros(2), cov=cov))


reg(mscipy_mvn_cov, lambda r: (r.randn(2, 2),))


def mscipy_frozen_dist(mu):

    d = stats.norm(mu, 2.0)
    return np.sum(d.logpdf(np.array([0.1, 0.5, -0.3])))


reg(mscipy_frozen_dist, lambda r: (float(r.randn()),))


def mscipy_gamma_shape(a):

    x = np.array([0.5, 1.2, 2.0])
    return np.sum(stats.gamma.logpdf(x, a, scale=1.5))


reg(mscipy_gamma_shape, lambda r: (float(1.5 + r.rand()),))


def mscipy_t_df(nu):

    return np.sum(t.logpdf(np.array([0.1, -1.0, 2.0]), nu))


reg(mscipy_t_df, lambda r: (float(3 + r.rand()),))


def mscipy_beta_ab(ab):

    x = np.array([0.2, 0.5, 0.7])
    return np.sum(beta.logpdf(x, ab[0], ab[1]))


reg(mscipy_beta_ab, lambda r: (r.rand(2) + 1.5,))


def mscipy_convolve(x):

    return np.sum(convolve(x, np.array([0.25, 0.5, 0.25]), mode="same") ** 2)


reg(mscipy_convolve, lambda r: (r.randn(6),))


def mscipy_convolve_kernel(k):

    x = np.array([1.0, -0.5, 0.3, 2.0, 0.1])
    return np.sum(signal.convolve(x, k, mode="valid") ** 2)


reg(mscipy_convolve_kernel, lambda r: (r.randn(3),))


def mscipy_solve_tri(L0, b):

    L = np.tril(L0) + 3 * np.eye(3)
    return np.sum(solve_triangular(L, b, lower=True) ** 2)


reg(mscipy_solve_tri, lambda r: (r.randn(3, 3), r.randn(3)))


def mscipy_solve_tri_trans(U0, b):

    U = np.triu(U0) + 3 * np.eye(3)
    return np.sum(solve_triangular(U, b, trans="T") ** 2)


reg(mscipy_solve_tri_trans, lambda r: (r.randn(3, 3), r.randn(3)))


def mscipy_sqrtm(A):

    S = A @ A.T + np.eye(2)
    return np.sum(sqrtm(S))


reg(mscipy_sqrtm, lambda r: (r.randn(2, 2),))


def mscipy_xlogy_entropy(p):

    q = p / p.sum()
    return -np.sum(xlogy(q, q))


reg(mscipy_xlogy_entropy, lambda r: (r.rand(4) + 0.2,))


def mscipy_poisson(lam):

    return np.sum(poisson.logpmf(np.array([0, 2, 5]), lam))


reg(mscipy_poisson, lambda r: (float(1.5 + r.rand()),))


def mscipy_dirichlet(alpha):

    return dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), alpha)


reg(mscipy_dirichlet, lambda r: (r.rand(3) + 1.0,))


def mscipy_bessel(x):

    return np.sum(j0(x) + j1(x) * i0(x) + i1(x))


reg(mscipy_bessel, lambda r: (r.rand(3) + 0.5,))


def mscipy_erfs(x):

    return np.sum(erf(x) * erfc(x) + logit(1 / (1 + np.exp(-x))))


reg(mscipy_erfs, lambda r: (r.randn(3),))


def mscipy_polygamma(a):

    return np.sum(polygamma(1, a)) + betaln(a[0], a[1])


reg(mscipy_polygamma, lambda r: (r.rand(2) + 1.0,))
