"""Rules for ``scipy.stats``: the logpdf/pdf/cdf of norm, t, gamma and beta, the
logpmf/pmf/cdf of poisson, and the logpdf of multivariate_normal and dirichlet.

Imported only through ``scipy_rules.py``. The primitives are the bound methods
(``scipy.stats.norm.logpdf``), called with positional or keyword parameters in SciPy's
order: ``norm(x, loc, scale)``, ``t(x, df, loc, scale)``, ``gamma(x, a, loc, scale)``,
``beta(x, a, b, loc, scale)``, ``poisson(k, mu, loc)``. They are Python functions, so they
differentiate in compiled code (not on the tape). Not covered, and refused as a missing
rule: the cdf's derivative in a shape parameter (``df``, ``a``, ``b``), the count ``k``,
``dirichlet``'s ``x`` (it must stay on the simplex). A ``multivariate_normal`` covariance
must be a 2-D matrix; SciPy reads its lower triangle, and so does the gradient.
"""

from __future__ import annotations

import numpy as np
import scipy.special as sc
import scipy.stats as st

from .helpers import unbroadcast
from .matrix_helpers import mT, read_triangle, triangle_gradient
from .registry import jvp_rule, vjp_rule
from .tangent_helpers import broadcast_like

LOG_ROOT_TWO_PI = 0.5 * np.log(2 * np.pi)


def _z(x, loc, scale):
    return (x - loc) / scale


# ---- d logpdf / d parameter, per family ----------------------------------------------------
def _norm_dx(x, loc, scale):
    return -_z(x, loc, scale) / scale


def _norm_dscale(x, loc, scale):
    return (_z(x, loc, scale) ** 2 - 1) / scale


def _t_dx(x, df, loc, scale):
    z = _z(x, loc, scale)
    return -(df + 1) * z / (scale * (df + z**2))


def _t_dscale(x, df, loc, scale):
    z = _z(x, loc, scale)
    return ((df + 1) * z**2 / (df + z**2) - 1) / scale


def _t_ddf(x, df, loc, scale):
    z = _z(x, loc, scale)
    digammas = sc.digamma((df + 1) / 2) - sc.digamma(df / 2)
    return 0.5 * (digammas - 1 / df - np.log1p(z**2 / df) + (df + 1) * z**2 / (df * (df + z**2)))


def _gamma_dx(x, a, loc, scale):
    return ((a - 1) / _z(x, loc, scale) - 1) / scale


def _gamma_da(x, a, loc, scale):
    return np.log(_z(x, loc, scale)) - sc.digamma(a)


def _beta_dx(x, a, b, loc, scale):
    z = _z(x, loc, scale)
    return ((a - 1) / z - (b - 1) / (1 - z)) / scale


def _beta_da(x, a, b, loc, scale):
    return np.log(_z(x, loc, scale)) - sc.digamma(a) + sc.digamma(a + b)


def _beta_db(x, a, b, loc, scale):
    return np.log1p(-_z(x, loc, scale)) - sc.digamma(b) + sc.digamma(a + b)


def _location_scale_dscale(dx, x, loc, scale):
    """d logpdf / d scale from d logpdf / d x: -z dx - 1 / scale."""
    return -_z(x, loc, scale) * dx - 1 / scale


# ---- densities, in NumPy (for the cdf rules) ----------------------------------------------
def _norm_pdf(x, loc, scale):
    return np.exp(-0.5 * _z(x, loc, scale) ** 2 - LOG_ROOT_TWO_PI) / scale


def _t_pdf(x, df, loc, scale):
    z = _z(x, loc, scale)
    log_norm = sc.gammaln((df + 1) / 2) - sc.gammaln(df / 2) - 0.5 * np.log(df * np.pi)
    return np.exp(log_norm - (df + 1) / 2 * np.log1p(z**2 / df)) / scale


def _gamma_pdf(x, a, loc, scale):
    z = _z(x, loc, scale)
    return np.exp((a - 1) * np.log(z) - z - sc.gammaln(a)) / scale


def _beta_pdf(x, a, b, loc, scale):
    z = _z(x, loc, scale)
    return np.exp((a - 1) * np.log(z) + (b - 1) * np.log1p(-z) - sc.betaln(a, b)) / scale


# ---- registration -------------------------------------------------------------------------
# For each family and parameter: log-density rules g * d, density rules g * ans * d, and
# cdf rules g * pdf * (1, -1, -z) for x, loc, scale.
@vjp_rule(st.norm.logpdf, "x", name="NormLogpdfBackward0")
def norm_logpdf_x(g, ans, x, loc=0, scale=1):
    return unbroadcast(g * _norm_dx(x, loc, scale), x)


@vjp_rule(st.norm.logpdf, "loc")
def norm_logpdf_loc(g, ans, x, loc=0, scale=1):
    return unbroadcast(-g * _norm_dx(x, loc, scale), loc)


@vjp_rule(st.norm.logpdf, "scale")
def norm_logpdf_scale(g, ans, x, loc=0, scale=1):
    return unbroadcast(g * _norm_dscale(x, loc, scale), scale)


@jvp_rule(st.norm.logpdf, "x")
def norm_logpdf_dx(ans, dx, x, loc=0, scale=1):
    return broadcast_like(dx * _norm_dx(x, loc, scale), ans)


@jvp_rule(st.norm.logpdf, "loc")
def norm_logpdf_dloc(ans, dloc, x, loc=0, scale=1):
    return broadcast_like(-dloc * _norm_dx(x, loc, scale), ans)


@jvp_rule(st.norm.logpdf, "scale")
def norm_logpdf_dscale(ans, dscale, x, loc=0, scale=1):
    return broadcast_like(dscale * _norm_dscale(x, loc, scale), ans)


@vjp_rule(st.norm.pdf, "x", name="NormPdfBackward0")
def norm_pdf_x(g, ans, x, loc=0, scale=1):
    return unbroadcast(g * ans * _norm_dx(x, loc, scale), x)


@vjp_rule(st.norm.pdf, "loc")
def norm_pdf_loc(g, ans, x, loc=0, scale=1):
    return unbroadcast(-g * ans * _norm_dx(x, loc, scale), loc)


@vjp_rule(st.norm.pdf, "scale")
def norm_pdf_scale(g, ans, x, loc=0, scale=1):
    return unbroadcast(g * ans * _norm_dscale(x, loc, scale), scale)


@jvp_rule(st.norm.pdf, "x")
def norm_pdf_dx(ans, dx, x, loc=0, scale=1):
    return dx * ans * _norm_dx(x, loc, scale)


@jvp_rule(st.norm.pdf, "loc")
def norm_pdf_dloc(ans, dloc, x, loc=0, scale=1):
    return -dloc * ans * _norm_dx(x, loc, scale)


@jvp_rule(st.norm.pdf, "scale")
def norm_pdf_dscale(ans, dscale, x, loc=0, scale=1):
    return dscale * ans * _norm_dscale(x, loc, scale)


@vjp_rule(st.norm.cdf, "x", name="NormCdfBackward0")
def norm_cdf_x(g, ans, x, loc=0, scale=1):
    return unbroadcast(g * _norm_pdf(x, loc, scale), x)


@vjp_rule(st.norm.cdf, "loc")
def norm_cdf_loc(g, ans, x, loc=0, scale=1):
    return unbroadcast(-g * _norm_pdf(x, loc, scale), loc)


@vjp_rule(st.norm.cdf, "scale")
def norm_cdf_scale(g, ans, x, loc=0, scale=1):
    return unbroadcast(-g * _norm_pdf(x, loc, scale) * _z(x, loc, scale), scale)


@jvp_rule(st.norm.cdf, "x")
def norm_cdf_dx(ans, dx, x, loc=0, scale=1):
    return broadcast_like(dx * _norm_pdf(x, loc, scale), ans)


@jvp_rule(st.norm.cdf, "loc")
def norm_cdf_dloc(ans, dloc, x, loc=0, scale=1):
    return broadcast_like(-dloc * _norm_pdf(x, loc, scale), ans)


@jvp_rule(st.norm.cdf, "scale")
def norm_cdf_dscale(ans, dscale, x, loc=0, scale=1):
    return broadcast_like(-dscale * _norm_pdf(x, loc, scale) * _z(x, loc, scale), ans)


@vjp_rule(st.t.logpdf, "x", name="TLogpdfBackward0")
def t_logpdf_x(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * _t_dx(x, df, loc, scale), x)


@vjp_rule(st.t.logpdf, "df")
def t_logpdf_df(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * _t_ddf(x, df, loc, scale), df)


@vjp_rule(st.t.logpdf, "loc")
def t_logpdf_loc(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * -_t_dx(x, df, loc, scale), loc)


@vjp_rule(st.t.logpdf, "scale")
def t_logpdf_scale(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * _t_dscale(x, df, loc, scale), scale)


@jvp_rule(st.t.logpdf, "x")
def t_logpdf_dx(ans, dx, x, df, loc=0, scale=1):
    return broadcast_like(dx * _t_dx(x, df, loc, scale), ans)


@jvp_rule(st.t.logpdf, "df")
def t_logpdf_ddf(ans, ddf, x, df, loc=0, scale=1):
    return broadcast_like(ddf * _t_ddf(x, df, loc, scale), ans)


@jvp_rule(st.t.logpdf, "loc")
def t_logpdf_dloc(ans, dloc, x, df, loc=0, scale=1):
    return broadcast_like(dloc * -_t_dx(x, df, loc, scale), ans)


@jvp_rule(st.t.logpdf, "scale")
def t_logpdf_dscale(ans, dscale, x, df, loc=0, scale=1):
    return broadcast_like(dscale * _t_dscale(x, df, loc, scale), ans)


@vjp_rule(st.t.pdf, "x", name="TPdfBackward0")
def t_pdf_x(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * ans * _t_dx(x, df, loc, scale), x)


@vjp_rule(st.t.pdf, "df")
def t_pdf_df(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * ans * _t_ddf(x, df, loc, scale), df)


@vjp_rule(st.t.pdf, "loc")
def t_pdf_loc(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * ans * -_t_dx(x, df, loc, scale), loc)


@vjp_rule(st.t.pdf, "scale")
def t_pdf_scale(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * ans * _t_dscale(x, df, loc, scale), scale)


@jvp_rule(st.t.pdf, "x")
def t_pdf_dx(ans, dx, x, df, loc=0, scale=1):
    return broadcast_like(dx * ans * _t_dx(x, df, loc, scale), ans)


@jvp_rule(st.t.pdf, "df")
def t_pdf_ddf(ans, ddf, x, df, loc=0, scale=1):
    return broadcast_like(ddf * ans * _t_ddf(x, df, loc, scale), ans)


@jvp_rule(st.t.pdf, "loc")
def t_pdf_dloc(ans, dloc, x, df, loc=0, scale=1):
    return broadcast_like(dloc * ans * -_t_dx(x, df, loc, scale), ans)


@jvp_rule(st.t.pdf, "scale")
def t_pdf_dscale(ans, dscale, x, df, loc=0, scale=1):
    return broadcast_like(dscale * ans * _t_dscale(x, df, loc, scale), ans)


@vjp_rule(st.t.cdf, "x", name="TCdfBackward0")
def t_cdf_x(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * _t_pdf(x, df, loc, scale), x)


@vjp_rule(st.t.cdf, "loc")
def t_cdf_loc(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * -_t_pdf(x, df, loc, scale), loc)


@vjp_rule(st.t.cdf, "scale")
def t_cdf_scale(g, ans, x, df, loc=0, scale=1):
    return unbroadcast(g * -_t_pdf(x, df, loc, scale) * _z(x, loc, scale), scale)


@jvp_rule(st.t.cdf, "x")
def t_cdf_dx(ans, dx, x, df, loc=0, scale=1):
    return broadcast_like(dx * _t_pdf(x, df, loc, scale), ans)


@jvp_rule(st.t.cdf, "loc")
def t_cdf_dloc(ans, dloc, x, df, loc=0, scale=1):
    return broadcast_like(dloc * -_t_pdf(x, df, loc, scale), ans)


@jvp_rule(st.t.cdf, "scale")
def t_cdf_dscale(ans, dscale, x, df, loc=0, scale=1):
    return broadcast_like(dscale * -_t_pdf(x, df, loc, scale) * _z(x, loc, scale), ans)


@vjp_rule(st.gamma.logpdf, "x", name="GammaLogpdfBackward0")
def gamma_logpdf_x(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * _gamma_dx(x, a, loc, scale), x)


@vjp_rule(st.gamma.logpdf, "a")
def gamma_logpdf_a(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * _gamma_da(x, a, loc, scale), a)


@vjp_rule(st.gamma.logpdf, "loc")
def gamma_logpdf_loc(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * -_gamma_dx(x, a, loc, scale), loc)


@vjp_rule(st.gamma.logpdf, "scale")
def gamma_logpdf_scale(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(
        g * _location_scale_dscale(_gamma_dx(x, a, loc, scale), x, loc, scale), scale
    )


@jvp_rule(st.gamma.logpdf, "x")
def gamma_logpdf_dx(ans, dx, x, a, loc=0, scale=1):
    return broadcast_like(dx * _gamma_dx(x, a, loc, scale), ans)


@jvp_rule(st.gamma.logpdf, "a")
def gamma_logpdf_da(ans, da, x, a, loc=0, scale=1):
    return broadcast_like(da * _gamma_da(x, a, loc, scale), ans)


@jvp_rule(st.gamma.logpdf, "loc")
def gamma_logpdf_dloc(ans, dloc, x, a, loc=0, scale=1):
    return broadcast_like(dloc * -_gamma_dx(x, a, loc, scale), ans)


@jvp_rule(st.gamma.logpdf, "scale")
def gamma_logpdf_dscale(ans, dscale, x, a, loc=0, scale=1):
    return broadcast_like(
        dscale * _location_scale_dscale(_gamma_dx(x, a, loc, scale), x, loc, scale), ans
    )


@vjp_rule(st.gamma.pdf, "x", name="GammaPdfBackward0")
def gamma_pdf_x(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * ans * _gamma_dx(x, a, loc, scale), x)


@vjp_rule(st.gamma.pdf, "a")
def gamma_pdf_a(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * ans * _gamma_da(x, a, loc, scale), a)


@vjp_rule(st.gamma.pdf, "loc")
def gamma_pdf_loc(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * ans * -_gamma_dx(x, a, loc, scale), loc)


@vjp_rule(st.gamma.pdf, "scale")
def gamma_pdf_scale(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(
        g * ans * _location_scale_dscale(_gamma_dx(x, a, loc, scale), x, loc, scale), scale
    )


@jvp_rule(st.gamma.pdf, "x")
def gamma_pdf_dx(ans, dx, x, a, loc=0, scale=1):
    return broadcast_like(dx * ans * _gamma_dx(x, a, loc, scale), ans)


@jvp_rule(st.gamma.pdf, "a")
def gamma_pdf_da(ans, da, x, a, loc=0, scale=1):
    return broadcast_like(da * ans * _gamma_da(x, a, loc, scale), ans)


@jvp_rule(st.gamma.pdf, "loc")
def gamma_pdf_dloc(ans, dloc, x, a, loc=0, scale=1):
    return broadcast_like(dloc * ans * -_gamma_dx(x, a, loc, scale), ans)


@jvp_rule(st.gamma.pdf, "scale")
def gamma_pdf_dscale(ans, dscale, x, a, loc=0, scale=1):
    return broadcast_like(
        dscale * ans * _location_scale_dscale(_gamma_dx(x, a, loc, scale), x, loc, scale), ans
    )


@vjp_rule(st.gamma.cdf, "x", name="GammaCdfBackward0")
def gamma_cdf_x(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * _gamma_pdf(x, a, loc, scale), x)


@vjp_rule(st.gamma.cdf, "loc")
def gamma_cdf_loc(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * -_gamma_pdf(x, a, loc, scale), loc)


@vjp_rule(st.gamma.cdf, "scale")
def gamma_cdf_scale(g, ans, x, a, loc=0, scale=1):
    return unbroadcast(g * -_gamma_pdf(x, a, loc, scale) * _z(x, loc, scale), scale)


@jvp_rule(st.gamma.cdf, "x")
def gamma_cdf_dx(ans, dx, x, a, loc=0, scale=1):
    return broadcast_like(dx * _gamma_pdf(x, a, loc, scale), ans)


@jvp_rule(st.gamma.cdf, "loc")
def gamma_cdf_dloc(ans, dloc, x, a, loc=0, scale=1):
    return broadcast_like(dloc * -_gamma_pdf(x, a, loc, scale), ans)


@jvp_rule(st.gamma.cdf, "scale")
def gamma_cdf_dscale(ans, dscale, x, a, loc=0, scale=1):
    return broadcast_like(dscale * -_gamma_pdf(x, a, loc, scale) * _z(x, loc, scale), ans)


@vjp_rule(st.beta.logpdf, "x", name="BetaLogpdfBackward0")
def beta_logpdf_x(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * _beta_dx(x, a, b, loc, scale), x)


@vjp_rule(st.beta.logpdf, "a")
def beta_logpdf_a(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * _beta_da(x, a, b, loc, scale), a)


@vjp_rule(st.beta.logpdf, "b")
def beta_logpdf_b(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * _beta_db(x, a, b, loc, scale), b)


@vjp_rule(st.beta.logpdf, "loc")
def beta_logpdf_loc(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * -_beta_dx(x, a, b, loc, scale), loc)


@vjp_rule(st.beta.logpdf, "scale")
def beta_logpdf_scale(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(
        g * _location_scale_dscale(_beta_dx(x, a, b, loc, scale), x, loc, scale), scale
    )


@jvp_rule(st.beta.logpdf, "x")
def beta_logpdf_dx(ans, dx, x, a, b, loc=0, scale=1):
    return broadcast_like(dx * _beta_dx(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.logpdf, "a")
def beta_logpdf_da(ans, da, x, a, b, loc=0, scale=1):
    return broadcast_like(da * _beta_da(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.logpdf, "b")
def beta_logpdf_db(ans, db, x, a, b, loc=0, scale=1):
    return broadcast_like(db * _beta_db(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.logpdf, "loc")
def beta_logpdf_dloc(ans, dloc, x, a, b, loc=0, scale=1):
    return broadcast_like(dloc * -_beta_dx(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.logpdf, "scale")
def beta_logpdf_dscale(ans, dscale, x, a, b, loc=0, scale=1):
    return broadcast_like(
        dscale * _location_scale_dscale(_beta_dx(x, a, b, loc, scale), x, loc, scale), ans
    )


@vjp_rule(st.beta.pdf, "x", name="BetaPdfBackward0")
def beta_pdf_x(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * ans * _beta_dx(x, a, b, loc, scale), x)


@vjp_rule(st.beta.pdf, "a")
def beta_pdf_a(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * ans * _beta_da(x, a, b, loc, scale), a)


@vjp_rule(st.beta.pdf, "b")
def beta_pdf_b(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * ans * _beta_db(x, a, b, loc, scale), b)


@vjp_rule(st.beta.pdf, "loc")
def beta_pdf_loc(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * ans * -_beta_dx(x, a, b, loc, scale), loc)


@vjp_rule(st.beta.pdf, "scale")
def beta_pdf_scale(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(
        g * ans * _location_scale_dscale(_beta_dx(x, a, b, loc, scale), x, loc, scale), scale
    )


@jvp_rule(st.beta.pdf, "x")
def beta_pdf_dx(ans, dx, x, a, b, loc=0, scale=1):
    return broadcast_like(dx * ans * _beta_dx(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.pdf, "a")
def beta_pdf_da(ans, da, x, a, b, loc=0, scale=1):
    return broadcast_like(da * ans * _beta_da(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.pdf, "b")
def beta_pdf_db(ans, db, x, a, b, loc=0, scale=1):
    return broadcast_like(db * ans * _beta_db(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.pdf, "loc")
def beta_pdf_dloc(ans, dloc, x, a, b, loc=0, scale=1):
    return broadcast_like(dloc * ans * -_beta_dx(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.pdf, "scale")
def beta_pdf_dscale(ans, dscale, x, a, b, loc=0, scale=1):
    return broadcast_like(
        dscale * ans * _location_scale_dscale(_beta_dx(x, a, b, loc, scale), x, loc, scale), ans
    )


@vjp_rule(st.beta.cdf, "x", name="BetaCdfBackward0")
def beta_cdf_x(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * _beta_pdf(x, a, b, loc, scale), x)


@vjp_rule(st.beta.cdf, "loc")
def beta_cdf_loc(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * -_beta_pdf(x, a, b, loc, scale), loc)


@vjp_rule(st.beta.cdf, "scale")
def beta_cdf_scale(g, ans, x, a, b, loc=0, scale=1):
    return unbroadcast(g * -_beta_pdf(x, a, b, loc, scale) * _z(x, loc, scale), scale)


@jvp_rule(st.beta.cdf, "x")
def beta_cdf_dx(ans, dx, x, a, b, loc=0, scale=1):
    return broadcast_like(dx * _beta_pdf(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.cdf, "loc")
def beta_cdf_dloc(ans, dloc, x, a, b, loc=0, scale=1):
    return broadcast_like(dloc * -_beta_pdf(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.cdf, "scale")
def beta_cdf_dscale(ans, dscale, x, a, b, loc=0, scale=1):
    return broadcast_like(dscale * -_beta_pdf(x, a, b, loc, scale) * _z(x, loc, scale), ans)


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
        raise ValueError(
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
