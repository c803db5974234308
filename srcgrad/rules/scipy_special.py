"""Rules for ``scipy.special``: expit, logit, erf, erfc, gammaln, digamma, polygamma, xlogy,
beta, betaln, the Bessel functions j0, j1, i0, i1, and logsumexp, softmax, log_softmax.

Imported only through ``scipy_rules.py`` (SciPy is optional). Most of these are ufuncs,
which also record on the tape; ``polygamma``, ``logsumexp``, ``softmax`` and
``log_softmax`` are Python functions, so they differentiate in compiled code only. Rules
that need ``polygamma`` call :func:`polygamma_of`, a primitive that also records on the
tape, so that their own derivatives exist.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.special as sc

from .helpers import expand_reduced, unbroadcast, unreduce
from .registry import UnsupportedDerivative, jvp_rule, primitive, vjp_rule
from .tangent_helpers import broadcast_like

TWO_OVER_ROOT_PI = float(2.0 / np.sqrt(np.pi))


@primitive
def polygamma_of(n, x):
    """``scipy.special.polygamma(n, x)`` as a primitive (it records on the tape), in
    ``x``'s float precision."""
    if isinstance(n, int) and n >= 1 and _other_array(x):
        # sc.polygamma converts x with np.asarray (computing a dask array, refusing CuPy);
        # psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) uses ufuncs, which those arrays run
        scale = (-1.0) ** (n + 1) * math.factorial(n)
        return (scale * sc.zeta(n + 1, x)).astype(np.result_type(x.dtype, np.float32))
    return np.asarray(sc.polygamma(n, x), dtype=np.result_type(np.asarray(x).dtype, np.float32))


def _other_array(x) -> bool:
    """An array of another library that runs NumPy's ufuncs (dask, CuPy)."""
    return hasattr(x, "__array_ufunc__") and not isinstance(x, (np.ndarray, np.generic))


# ---- one-argument functions: d f(x) = f'(x) dx ---------------------------------------------
def _j1_prime(ans, x):
    """j1'(x) = j0(x) - j1(x) / x, and 1/2 at 0."""
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 0.5, sc.j0(x) - ans / safe)


def _i1_prime(ans, x):
    """i1'(x) = i0(x) - i1(x) / x, and 1/2 at 0."""
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 0.5, sc.i0(x) - ans / safe)


@vjp_rule(sc.expit, "x", name="ExpitBackward0")
def expit_x(g, ans, x):
    return g * ans * (1 - ans)


@jvp_rule(sc.expit, "x")
def expit_dx(ans, dx, x):
    return dx * ans * (1 - ans)


@vjp_rule(sc.logit, "x", name="LogitBackward0")
def logit_x(g, ans, x):
    return g * 1 / (x * (1 - x))


@jvp_rule(sc.logit, "x")
def logit_dx(ans, dx, x):
    return dx * 1 / (x * (1 - x))


@vjp_rule(sc.erf, "x", name="ErfBackward0")
def erf_x(g, ans, x):
    return g * TWO_OVER_ROOT_PI * np.exp(-(x**2))


@jvp_rule(sc.erf, "x")
def erf_dx(ans, dx, x):
    return dx * TWO_OVER_ROOT_PI * np.exp(-(x**2))


@vjp_rule(sc.erfc, "x", name="ErfcBackward0")
def erfc_x(g, ans, x):
    return g * -TWO_OVER_ROOT_PI * np.exp(-(x**2))


@jvp_rule(sc.erfc, "x")
def erfc_dx(ans, dx, x):
    return dx * -TWO_OVER_ROOT_PI * np.exp(-(x**2))


@vjp_rule(sc.gammaln, "x", name="GammalnBackward0")
def gammaln_x(g, ans, x):
    return g * sc.digamma(x)


@jvp_rule(sc.gammaln, "x")
def gammaln_dx(ans, dx, x):
    return dx * sc.digamma(x)


@vjp_rule(sc.digamma, "x", name="DigammaBackward0")
def digamma_x(g, ans, x):
    return g * polygamma_of(1, x)


@jvp_rule(sc.digamma, "x")
def digamma_dx(ans, dx, x):
    return dx * polygamma_of(1, x)


@vjp_rule(sc.j0, "x", name="J0Backward0")
def j0_x(g, ans, x):
    return g * -sc.j1(x)


@jvp_rule(sc.j0, "x")
def j0_dx(ans, dx, x):
    return dx * -sc.j1(x)


@vjp_rule(sc.j1, "x", name="J1Backward0")
def j1_x(g, ans, x):
    return g * _j1_prime(ans, x)


@jvp_rule(sc.j1, "x")
def j1_dx(ans, dx, x):
    return dx * _j1_prime(ans, x)


@vjp_rule(sc.i0, "x", name="I0Backward0")
def i0_x(g, ans, x):
    return g * sc.i1(x)


@jvp_rule(sc.i0, "x")
def i0_dx(ans, dx, x):
    return dx * sc.i1(x)


@vjp_rule(sc.i1, "x", name="I1Backward0")
def i1_x(g, ans, x):
    return g * _i1_prime(ans, x)


@jvp_rule(sc.i1, "x")
def i1_dx(ans, dx, x):
    return dx * _i1_prime(ans, x)


@vjp_rule(sc.polygamma, "x", name="PolygammaBackward0")
def polygamma_x(g, ans, n, x):
    return unbroadcast(g * polygamma_of(n + 1, x), x)


@jvp_rule(sc.polygamma, "x")
def polygamma_dx(ans, dx, n, x):
    return dx * polygamma_of(n + 1, x)


@vjp_rule(polygamma_of, "x", name="PolygammaBackward0")
def polygamma_of_x(g, ans, n, x):
    return unbroadcast(g * polygamma_of(n + 1, x), x)


@jvp_rule(polygamma_of, "x")
def polygamma_of_dx(ans, dx, n, x):
    return dx * polygamma_of(n + 1, x)


# ---- two-argument functions ---------------------------------------------------------------
# xlogy(x, y) = x log(y): d/dx = log(y), d/dy = x / y.
@vjp_rule(sc.xlogy, "x", name="XlogyBackward0")
def xlogy_x(g, ans, x, y):
    return unbroadcast(g * np.log(y), x)


@vjp_rule(sc.xlogy, "y")
def xlogy_y(g, ans, x, y):
    return unbroadcast(g * x / y, y)


@jvp_rule(sc.xlogy, "x")
def xlogy_dx(ans, dx, x, y):
    return broadcast_like(dx * np.log(y), ans)


@jvp_rule(sc.xlogy, "y")
def xlogy_dy(ans, dy, x, y):
    return broadcast_like(dy * x / y, ans)


# betaln(a, b) = gammaln(a) + gammaln(b) - gammaln(a + b): d/da = psi(a) - psi(a + b).
def _beta_log_derivative(p, a, b):
    return sc.digamma(p) - sc.digamma(a + b)


@vjp_rule(sc.betaln, "a", name="BetalnBackward0")
def betaln_a(g, ans, a, b):
    return unbroadcast(g * _beta_log_derivative(a, a, b), a)


@vjp_rule(sc.betaln, "b")
def betaln_b(g, ans, a, b):
    return unbroadcast(g * _beta_log_derivative(b, a, b), b)


@jvp_rule(sc.betaln, "a")
def betaln_da(ans, da, a, b):
    return broadcast_like(da * _beta_log_derivative(a, a, b), ans)


@jvp_rule(sc.betaln, "b")
def betaln_db(ans, db, a, b):
    return broadcast_like(db * _beta_log_derivative(b, a, b), ans)


@vjp_rule(sc.beta, "a", name="BetaBackward0")
def beta_a(g, ans, a, b):
    return unbroadcast(g * ans * _beta_log_derivative(a, a, b), a)


@vjp_rule(sc.beta, "b")
def beta_b(g, ans, a, b):
    return unbroadcast(g * ans * _beta_log_derivative(b, a, b), b)


@jvp_rule(sc.beta, "a")
def beta_da(ans, da, a, b):
    return da * ans * _beta_log_derivative(a, a, b)


@jvp_rule(sc.beta, "b")
def beta_db(ans, db, a, b):
    return db * ans * _beta_log_derivative(b, a, b)


# ---- reductions: logsumexp, softmax, log_softmax ------------------------------------------
def _check_sign(return_sign):
    if return_sign:
        raise UnsupportedDerivative("scipy.special.logsumexp: return_sign=True has no rule")


def _shares(ans, a, b, axis, keepdims):
    """``exp(a - logsumexp)``, shaped like the terms ``b * exp(a)``, and those terms' shape
    as an array (``a`` broadcast against ``b``)."""
    terms = a if b is None else a + b * 0
    return np.exp(terms - expand_reduced(ans, terms, axis, keepdims)), terms


# logsumexp(a, b) = log(sum(b exp(a))): d/da = b exp(a - ans), d/db = exp(a - ans).
@vjp_rule(sc.logsumexp, "a", name="LogsumexpBackward0")
def logsumexp_a(g, ans, a, axis=None, b=None, keepdims=False, return_sign=False):
    _check_sign(return_sign)
    shares, terms = _shares(ans, a, b, axis, keepdims)
    weighted = unreduce(g, terms, axis, keepdims) * shares
    return unbroadcast(weighted if b is None else weighted * b, a)


@vjp_rule(sc.logsumexp, "b")
def logsumexp_b(g, ans, a, axis=None, b=None, keepdims=False, return_sign=False):
    _check_sign(return_sign)
    shares, terms = _shares(ans, a, b, axis, keepdims)
    return unbroadcast(unreduce(g, terms, axis, keepdims) * shares, b)


@jvp_rule(sc.logsumexp, "a")
def logsumexp_da(ans, da, a, axis=None, b=None, keepdims=False, return_sign=False):
    _check_sign(return_sign)
    shares, _ = _shares(ans, a, b, axis, keepdims)
    return np.sum(shares * (da if b is None else b * da), axis=axis, keepdims=keepdims)


@jvp_rule(sc.logsumexp, "b")
def logsumexp_db(ans, db, a, axis=None, b=None, keepdims=False, return_sign=False):
    _check_sign(return_sign)
    shares, _ = _shares(ans, a, b, axis, keepdims)
    return np.sum(shares * db, axis=axis, keepdims=keepdims)


@vjp_rule(sc.softmax, "x", name="SoftmaxBackward0")
def softmax_x(g, ans, x, axis=None):
    return ans * (g - np.sum(g * ans, axis=axis, keepdims=True))


@jvp_rule(sc.softmax, "x")
def softmax_dx(ans, dx, x, axis=None):
    return ans * (dx - np.sum(dx * ans, axis=axis, keepdims=True))


@vjp_rule(sc.log_softmax, "x", name="LogSoftmaxBackward0")
def log_softmax_x(g, ans, x, axis=None):
    return g - np.exp(ans) * np.sum(g, axis=axis, keepdims=True)


@jvp_rule(sc.log_softmax, "x")
def log_softmax_dx(ans, dx, x, axis=None):
    return dx - np.sum(np.exp(ans) * dx, axis=axis, keepdims=True)
