"""Functions using SciPy (imported by ``cases.py`` only where SciPy is installed)."""

import numpy as np
import scipy.linalg
import scipy.signal
import scipy.special
import scipy.stats
from scipy.special import expit, gammaln, logsumexp
from scipy.stats import norm

# ---- scipy.special ----------------------------------------------------------------------


def logistic_log_likelihood(w, x):
    p = expit(x @ w)
    return np.sum(scipy.special.xlogy(1.0, p) + scipy.special.xlogy(1.0, 1 - p))


def special_functions(x):
    total = np.sum(scipy.special.erf(x) * scipy.special.erfc(x / 2) + gammaln(x + 2))
    total = total + np.sum(scipy.special.digamma(x + 2) + scipy.special.polygamma(1, x + 2))
    total = total + np.sum(scipy.special.betaln(x + 2, 3.0) + scipy.special.beta(x + 2, 2.0))
    return total + np.sum(
        scipy.special.j0(x) * scipy.special.i1(x) + scipy.special.logit(x / 3 + 0.5)
    )


def log_partition(x):
    return logsumexp(x, axis=1)[0] + np.sum(scipy.special.log_softmax(x, axis=0) * x)


def softmax_attention(q, k):
    weights = scipy.special.softmax(q @ k.T, axis=-1)
    return np.sum(weights @ k)


def bessel_and_softmax(x):
    weights = scipy.special.softmax(x)
    return np.sum(weights * scipy.special.j1(x) + scipy.special.i0(x) * x)


# ---- scipy.stats ------------------------------------------------------------------------


def gaussian_fit(mu, sigma, data):
    return -np.sum(norm.logpdf(data, mu, sigma)) + np.sum(scipy.stats.norm.cdf(mu / sigma))


def student_t_and_gamma(x, df):
    total = np.sum(scipy.stats.t.logpdf(x, df, 0.0, 2.0))
    return total + np.sum(scipy.stats.gamma.logpdf(x * x + 0.5, df, 0.0, 1.5))


def beta_and_poisson(a, mu):
    total = np.sum(scipy.stats.beta.logpdf(np.array([0.2, 0.7]), a, 2.0))
    return total + np.sum(scipy.stats.poisson.logpmf(np.array([1, 3]), mu))


def densities_and_cdfs(x):
    total = np.sum(scipy.stats.norm.pdf(x, 0.2, 1.5) + scipy.stats.t.pdf(x, 4.0))
    total = total + np.sum(scipy.stats.t.cdf(x, 4) + scipy.stats.gamma.cdf(x + 1.5, 2))
    total = total + np.sum(
        scipy.stats.gamma.pdf(x + 1.5, 2.5) + scipy.stats.beta.pdf(x / 4 + 0.5, 2.0, 3.0)
    )
    total = total + np.sum(scipy.stats.beta.cdf(x / 4 + 0.5, 2, 3))
    mu = x * x + 1
    counts = np.array([0, 2, 1, 4])
    return total + np.sum(
        scipy.stats.poisson.pmf(counts, mu) + scipy.stats.poisson.cdf(counts, mu)
    )


def multivariate_gaussian(x, mean, scale):
    cov = scale @ scale.T + np.eye(3)
    return np.sum(scipy.stats.multivariate_normal.logpdf(x, mean, cov))


def dirichlet_on_softmax(z, alpha):
    x = scipy.special.softmax(z)
    return scipy.stats.dirichlet.logpdf(x, alpha)


# ---- scipy.signal and scipy.linalg ------------------------------------------------------


def smoothed_signal(signal, kernel):
    return np.sum(scipy.signal.convolve(signal, kernel, mode="same") ** 2)


def triangular_solve_and_root(a, b):
    well_conditioned = a + 3 * np.eye(3)
    x = scipy.linalg.solve_triangular(well_conditioned, b, lower=True)
    root = scipy.linalg.sqrtm(well_conditioned @ well_conditioned.T)
    return np.sum(x**2) + np.sum(root)
