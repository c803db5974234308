"""Rules for ``scipy.stats`` poisson (logpmf, pmf, cdf in ``mu``), multivariate_normal
(logpdf in ``x``, ``mean``, ``cov``) and dirichlet (logpdf in ``x`` and ``alpha``).
Conventions as in ``scipy_stats.py``."""

from __future__ import annotations

import numpy as np
import scipy.special as sc
import scipy.stats as st

from .helpers import unbroadcast
from .matrix_helpers import mT, read_triangle, triangle_gradient
from .registry import UnsupportedDerivative, jvp_rule, vjp_rule
from .tangent_helpers import broadcast_like


# ---- poisson: d logpmf / d mu = k / mu - 1; d cdf / d mu = -pmf(floor(k - loc)) ---------
def _poisson_dmu(k, mu, loc):
    return (k - loc) / mu - 1


def _poisson_cdf_dmu(k, mu, loc):
    count = np.floor(k - loc)
    return -np.exp(count * np.log(mu) - mu - sc.gammaln(count + 1))


@vjp_rule(st.poisson.logpmf, "mu", name="PoissonLogpmfBackward0")
def poisson_logpmf_mu(g, ans, k, mu, loc=0):
    return unbroadcast(g * _poisson_dmu(k, mu, loc), mu)


@jvp_rule(st.poisson.logpmf, "mu")
def poisson_logpmf_dmu(ans, dmu, k, mu, loc=0):
    return broadcast_like(dmu * _poisson_dmu(k, mu, loc), ans)


@vjp_rule(st.poisson.pmf, "mu", name="PoissonPmfBackward0")
def poisson_pmf_mu(g, ans, k, mu, loc=0):
    return unbroadcast(g * ans * _poisson_dmu(k, mu, loc), mu)


@jvp_rule(st.poisson.pmf, "mu")
def poisson_pmf_dmu(ans, dmu, k, mu, loc=0):
    return broadcast_like(dmu * ans * _poisson_dmu(k, mu, loc), ans)


@vjp_rule(st.poisson.cdf, "mu", name="PoissonCdfBackward0")
def poisson_cdf_mu(g, ans, k, mu, loc=0):
    return unbroadcast(g * _poisson_cdf_dmu(k, mu, loc), mu)


@jvp_rule(st.poisson.cdf, "mu")
def poisson_cdf_dmu(ans, dmu, k, mu, loc=0):
    return broadcast_like(dmu * _poisson_cdf_dmu(k, mu, loc), ans)


# ---- multivariate normal: logpdf = -(d log 2pi + log det C + r^T C^-1 r) / 2, r = x - mean
def _check_covariance(cov):
    if np.ndim(cov) != 2:
        raise UnsupportedDerivative(
            "scipy.stats.multivariate_normal.logpdf: srcgrad differentiates a covariance "
            "given as a 2-D matrix; pass cov=np.diag(...) or cov * np.eye(d)"
        )


def _solved(x, mean, cov):
    """C^-1 (x - mean), one row per point (C: the lower triangle of ``cov``, mirrored)."""
    residual = x if mean is None else x - mean
    return mT(np.linalg.solve(read_triangle(cov, "L"), mT(np.atleast_2d(residual))))


def _per_point(g, x):
    """``g`` with one row per point of ``x`` (SciPy squeezes one point to a number)."""
    return np.reshape(g, (-1, 1))


@vjp_rule(st.multivariate_normal.logpdf, "x", name="MultivariateNormalLogpdfBackward0")
def mvn_logpdf_x(g, ans, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    return np.reshape(-_per_point(g, x) * _solved(x, mean, cov), np.shape(x))


@vjp_rule(st.multivariate_normal.logpdf, "mean")
def mvn_logpdf_mean(g, ans, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    return unbroadcast(np.reshape(_per_point(g, x) * _solved(x, mean, cov), np.shape(x)), mean)


@vjp_rule(st.multivariate_normal.logpdf, "cov")
def mvn_logpdf_cov(g, ans, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    weights = _per_point(g, x)
    solved = _solved(x, mean, cov)
    outer = mT(solved * weights) @ solved
    grad = -0.5 * (np.sum(weights) * np.linalg.inv(read_triangle(cov, "L")) - outer)
    return triangle_gradient(grad, "L")


@jvp_rule(st.multivariate_normal.logpdf, "x")
def mvn_logpdf_dx(ans, dx, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    solved = _solved(x, mean, cov)
    return np.reshape(-np.sum(solved * np.atleast_2d(dx), axis=-1), np.shape(ans))


@jvp_rule(st.multivariate_normal.logpdf, "mean")
def mvn_logpdf_dmean(ans, dmean, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    solved = _solved(x, mean, cov)
    return np.reshape(np.sum(solved * dmean, axis=-1), np.shape(ans))


@jvp_rule(st.multivariate_normal.logpdf, "cov")
def mvn_logpdf_dcov(ans, dcov, x, mean=None, cov=1, allow_singular=False):
    _check_covariance(cov)
    change = read_triangle(dcov, "L")
    solved = _solved(x, mean, cov)
    log_det = np.trace(np.linalg.solve(read_triangle(cov, "L"), change))
    quadratic = np.sum((solved @ change) * solved, axis=-1)
    return np.reshape(-0.5 * (log_det - quadratic), np.shape(ans))


# ---- dirichlet: d logpdf / d alpha = psi(sum alpha) - psi(alpha) + log x ------------------
def _dirichlet_base(alpha):
    return sc.digamma(np.sum(alpha)) - sc.digamma(alpha)


# d logpdf / d x = (alpha - 1) / x: SciPy requires x on the simplex, where only the part
# of the gradient along the simplex counts (any extension off it agrees there).
def _dirichlet_dx(x, alpha):
    return (alpha - 1) / x if np.ndim(x) == 1 else np.expand_dims(alpha - 1, -1) / x


@vjp_rule(st.dirichlet.logpdf, "x", name="DirichletLogpdfBackward0")
def dirichlet_logpdf_x(g, ans, x, alpha):
    return _dirichlet_dx(x, alpha) * g


@jvp_rule(st.dirichlet.logpdf, "x")
def dirichlet_logpdf_dx(ans, dx, x, alpha):
    return np.sum(_dirichlet_dx(x, alpha) * dx, axis=0)


@vjp_rule(st.dirichlet.logpdf, "alpha")
def dirichlet_logpdf_alpha(g, ans, x, alpha):
    if np.ndim(x) == 1:
        return g * (_dirichlet_base(alpha) + np.log(x))
    return _dirichlet_base(alpha) * np.sum(g) + np.log(x) @ g


@jvp_rule(st.dirichlet.logpdf, "alpha")
def dirichlet_logpdf_dalpha(ans, dalpha, x, alpha):
    if np.ndim(x) == 1:
        return np.sum(dalpha * (_dirichlet_base(alpha) + np.log(x)))
    return np.sum(dalpha * _dirichlet_base(alpha)) + dalpha @ np.log(x)
