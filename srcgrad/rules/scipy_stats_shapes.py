"""Rules for ``scipy.stats`` gamma and beta: logpdf, pdf, and cdf (not in the shape
parameters). Conventions as in ``scipy_stats.py``."""

from __future__ import annotations

import numpy as np
import scipy.special as sc
import scipy.stats as st

from .helpers import unbroadcast
from .registry import jvp_rule, vjp_rule
from .scipy_stats import standard_score
from .tangent_helpers import broadcast_like


def _gamma_dx(x, a, loc, scale):
    return ((a - 1) / standard_score(x, loc, scale) - 1) / scale


def _gamma_da(x, a, loc, scale):
    return np.log(standard_score(x, loc, scale)) - sc.digamma(a)


def _beta_dx(x, a, b, loc, scale):
    z = standard_score(x, loc, scale)
    return ((a - 1) / z - (b - 1) / (1 - z)) / scale


def _beta_da(x, a, b, loc, scale):
    return np.log(standard_score(x, loc, scale)) - sc.digamma(a) + sc.digamma(a + b)


def _beta_db(x, a, b, loc, scale):
    return np.log1p(-standard_score(x, loc, scale)) - sc.digamma(b) + sc.digamma(a + b)


def _location_scale_dscale(dx, x, loc, scale):
    """d logpdf / d scale from d logpdf / d x: -z dx - 1 / scale."""
    return -standard_score(x, loc, scale) * dx - 1 / scale


def _gamma_pdf(x, a, loc, scale):
    z = standard_score(x, loc, scale)
    return np.exp((a - 1) * np.log(z) - z - sc.gammaln(a)) / scale


def _beta_pdf(x, a, b, loc, scale):
    z = standard_score(x, loc, scale)
    return np.exp((a - 1) * np.log(z) + (b - 1) * np.log1p(-z) - sc.betaln(a, b)) / scale


# ---- registration: logpdf g * d, pdf g * ans * d, cdf g * pdf * (1, -1, -z) ----
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
    return unbroadcast(g * -_gamma_pdf(x, a, loc, scale) * standard_score(x, loc, scale), scale)


@jvp_rule(st.gamma.cdf, "x")
def gamma_cdf_dx(ans, dx, x, a, loc=0, scale=1):
    return broadcast_like(dx * _gamma_pdf(x, a, loc, scale), ans)


@jvp_rule(st.gamma.cdf, "loc")
def gamma_cdf_dloc(ans, dloc, x, a, loc=0, scale=1):
    return broadcast_like(dloc * -_gamma_pdf(x, a, loc, scale), ans)


@jvp_rule(st.gamma.cdf, "scale")
def gamma_cdf_dscale(ans, dscale, x, a, loc=0, scale=1):
    density = _gamma_pdf(x, a, loc, scale)
    return broadcast_like(-dscale * density * standard_score(x, loc, scale), ans)


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
    return unbroadcast(g * -_beta_pdf(x, a, b, loc, scale) * standard_score(x, loc, scale), scale)


@jvp_rule(st.beta.cdf, "x")
def beta_cdf_dx(ans, dx, x, a, b, loc=0, scale=1):
    return broadcast_like(dx * _beta_pdf(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.cdf, "loc")
def beta_cdf_dloc(ans, dloc, x, a, b, loc=0, scale=1):
    return broadcast_like(dloc * -_beta_pdf(x, a, b, loc, scale), ans)


@jvp_rule(st.beta.cdf, "scale")
def beta_cdf_dscale(ans, dscale, x, a, b, loc=0, scale=1):
    density = _beta_pdf(x, a, b, loc, scale)
    return broadcast_like(-dscale * density * standard_score(x, loc, scale), ans)
