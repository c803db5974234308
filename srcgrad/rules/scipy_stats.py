"""Rules for ``scipy.stats``: the logpdf/pdf/cdf of norm and t. (gamma and beta are in
``scipy_stats_shapes.py``; poisson, multivariate_normal and dirichlet in
``scipy_stats_joint.py``.)

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
from .registry import jvp_rule, vjp_rule
from .tangent_helpers import broadcast_like

LOG_ROOT_TWO_PI = 0.5 * np.log(2 * np.pi)


def standard_score(x, loc, scale):
    """(x - loc) / scale."""
    return (x - loc) / scale


# ---- d logpdf / d parameter, per family ----------------------------------------------------
def _norm_dx(x, loc, scale):
    return -standard_score(x, loc, scale) / scale


def _norm_dscale(x, loc, scale):
    return (standard_score(x, loc, scale) ** 2 - 1) / scale


def _t_dx(x, df, loc, scale):
    z = standard_score(x, loc, scale)
    return -(df + 1) * z / (scale * (df + z**2))


def _t_dscale(x, df, loc, scale):
    z = standard_score(x, loc, scale)
    return ((df + 1) * z**2 / (df + z**2) - 1) / scale


def _t_ddf(x, df, loc, scale):
    z = standard_score(x, loc, scale)
    digammas = sc.digamma((df + 1) / 2) - sc.digamma(df / 2)
    return 0.5 * (digammas - 1 / df - np.log1p(z**2 / df) + (df + 1) * z**2 / (df * (df + z**2)))


# ---- densities, in NumPy (for the cdf rules) ----------------------------------------------
def _norm_pdf(x, loc, scale):
    return np.exp(-0.5 * standard_score(x, loc, scale) ** 2 - LOG_ROOT_TWO_PI) / scale


def _t_pdf(x, df, loc, scale):
    z = standard_score(x, loc, scale)
    log_norm = sc.gammaln((df + 1) / 2) - sc.gammaln(df / 2) - 0.5 * np.log(df * np.pi)
    return np.exp(log_norm - (df + 1) / 2 * np.log1p(z**2 / df)) / scale


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
    return unbroadcast(-g * _norm_pdf(x, loc, scale) * standard_score(x, loc, scale), scale)


@jvp_rule(st.norm.cdf, "x")
def norm_cdf_dx(ans, dx, x, loc=0, scale=1):
    return broadcast_like(dx * _norm_pdf(x, loc, scale), ans)


@jvp_rule(st.norm.cdf, "loc")
def norm_cdf_dloc(ans, dloc, x, loc=0, scale=1):
    return broadcast_like(-dloc * _norm_pdf(x, loc, scale), ans)


@jvp_rule(st.norm.cdf, "scale")
def norm_cdf_dscale(ans, dscale, x, loc=0, scale=1):
    return broadcast_like(-dscale * _norm_pdf(x, loc, scale) * standard_score(x, loc, scale), ans)


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
    return unbroadcast(g * -_t_pdf(x, df, loc, scale) * standard_score(x, loc, scale), scale)


@jvp_rule(st.t.cdf, "x")
def t_cdf_dx(ans, dx, x, df, loc=0, scale=1):
    return broadcast_like(dx * _t_pdf(x, df, loc, scale), ans)


@jvp_rule(st.t.cdf, "loc")
def t_cdf_dloc(ans, dloc, x, df, loc=0, scale=1):
    return broadcast_like(dloc * -_t_pdf(x, df, loc, scale), ans)


@jvp_rule(st.t.cdf, "scale")
def t_cdf_dscale(ans, dscale, x, df, loc=0, scale=1):
    return broadcast_like(dscale * -_t_pdf(x, df, loc, scale) * standard_score(x, loc, scale), ans)
