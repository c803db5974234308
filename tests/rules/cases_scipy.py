"""Cases for SciPy's rules (imported by ``cases.py`` only when SciPy is installed)."""

from __future__ import annotations

import numpy as np
import scipy.linalg as sl
import scipy.signal as ss
import scipy.special as sc
import scipy.stats as st

from srcgrad.rules.registry import load_optional_rules
from srcgrad.rules.scipy_special import polygamma_of

from .cases import case, pos, u, well_conditioned

load_optional_rules()  # every SciPy rule, so that each is checked for a case


def unit(*shape):
    return u(*shape, lo=0.1, hi=0.9)


for f, make in [
    (sc.expit, u),
    (sc.logit, unit),
    (sc.erf, u),
    (sc.erfc, u),
    (sc.gammaln, pos),
    (sc.digamma, pos),
    (sc.j0, u),
    (sc.j1, u),
    (sc.i0, u),
    (sc.i1, u),
]:
    case(f, make(3, 4))
    case(f, make())
case(sc.j1, np.array([0.0, 0.5]), label="zero")
case(sc.i1, np.array([0.0, 0.5]), label="zero")
case(sc.polygamma, 1, pos(3, 4))
case(polygamma_of, 2, pos(3))
case(sc.polygamma, np.array([0, 2, 3]), pos(2, 3))
case(sc.xlogy, u(3, 4), pos(3, 4))
case(sc.xlogy, u(3, 1), pos(4))
for f in (sc.beta, sc.betaln):
    case(f, pos(3, 4), pos(3, 4))
    case(f, pos(3, 1), pos(4))
case(sc.logsumexp, u(3, 4))
case(sc.logsumexp, u(3, 4), axis=1)
case(sc.logsumexp, u(2, 3, 4), axis=(0, 2), keepdims=True)
case(sc.logsumexp, u(3, 4), 0, pos(3, 4))
case(sc.logsumexp, u(3, 4), -1, pos(4))
for f in (sc.softmax, sc.log_softmax):
    case(f, u(3, 4))
    case(f, u(3, 4), axis=1)
    case(f, u(2, 3, 4), axis=(0, 2))

# Distributions: every parameter that has a rule, with broadcasting.
case(st.norm.logpdf, u(3, 4), u(4), pos(3, 1))
case(st.norm.pdf, u(3, 4), u(4), pos(3, 1))
case(st.norm.cdf, u(3, 4), u(4), pos(3, 1))
case(st.norm.logpdf, u(5))
case(st.t.logpdf, u(3, 4), pos(4) + 2, u(3, 1), pos())
case(st.t.pdf, u(3, 4), pos(4) + 2, u(3, 1), pos())
case(st.t.cdf, u(3, 4), 5, u(3, 1), pos())
case(st.gamma.logpdf, pos(3, 4) + 1, pos(4) + 1, u(3, 1, lo=-0.4, hi=0.4), pos())
case(st.gamma.pdf, pos(3, 4) + 1, pos(4) + 1, u(3, 1, lo=-0.4, hi=0.4), pos())
case(st.gamma.cdf, pos(3, 4) + 1, 3, u(3, 1, lo=-0.4, hi=0.4), pos())
case(st.beta.logpdf, unit(3, 4), pos(4) + 1, pos(3, 1) + 1, u(lo=-0.05, hi=0.0), pos() + 1)
case(st.beta.pdf, unit(3, 4), pos(4) + 1, pos(3, 1) + 1, u(lo=-0.05, hi=0.0), pos() + 1)
case(st.beta.cdf, unit(3, 4), 2, 3, u(lo=-0.05, hi=0.0), pos() + 1)
for f in (st.poisson.logpmf, st.poisson.pmf, st.poisson.cdf):
    case(f, np.array([[0, 1, 3], [2, 5, 4]]), pos(3) + 1)
case(st.multivariate_normal.logpdf, u(3), u(3), well_conditioned(3, 3))
case(st.multivariate_normal.logpdf, u(4, 3), u(3), well_conditioned(3, 3))
# x as a tuple: finite differences cannot leave the simplex SciPy checks x against.
case(st.dirichlet.logpdf, (0.2, 0.3, 0.5), pos(3))
case(st.dirichlet.logpdf, ((0.2, 0.6), (0.3, 0.1), (0.5, 0.3)), pos(3))

case(ss.convolve, u(5), u(3))
for mode in ("full", "same", "valid"):
    case(ss.convolve, u(5), u(3), mode=mode)
    case(ss.convolve, u(3), u(5), mode=mode)
    case(ss.convolve, u(4, 5), u(2, 3), mode=mode)
case(sl.solve_triangular, well_conditioned(3, 3), u(3))
case(sl.solve_triangular, well_conditioned(3, 3), u(3, 2), lower=True)
case(sl.solve_triangular, well_conditioned(3, 3), u(3, 2), trans=1)
case(sl.solve_triangular, well_conditioned(3, 3), u(3), trans="T", lower=True)
case(sl.solve_triangular, well_conditioned(3, 3), u(3), unit_diagonal=True)
case(sl.sqrtm, well_conditioned(3, 3))

# Rules the table cannot check by finite differences, and where they are checked instead.
UNTABLED = {
    (st.dirichlet.logpdf, "x"): "x must stay on the simplex: tests/corpus/scipy_functions.py "
    "differentiates it through a softmax",
}
