"""Rules for ``np.linalg.slogdet``, ``pinv``, ``matrix_power`` and ``lstsq``.

``slogdet`` returns ``(sign, logabsdet)``; only ``logabsdet`` has a gradient (the sign is
piecewise constant). ``pinv`` and ``lstsq`` are differentiated where the rank is constant
(a full-rank matrix, or one whose small singular values stay below the cutoff): the
pseudo-inverse jumps where the rank changes. ``lstsq`` returns ``(x, residuals, rank,
s)``: ``x``, the residuals and the singular values ``s`` carry gradients, ``rank`` none.
``matrix_power(a, n)`` takes an integer ``n``; a negative one inverts ``a`` first.
"""

from __future__ import annotations

import numpy as np

from .matrix_helpers import diag_embed, eye, mT
from .registry import (
    UnsupportedDerivative,
    jvp_rule,
    jvp_rule_all,
    returns_tuple,
    returns_view,
    vjp_rule,
)

returns_tuple(np.linalg.slogdet, ("sign", "logabsdet"))
returns_tuple(np.linalg.lstsq)
returns_view(np.linalg.matrix_power)  # matrix_power(a, 1) is a itself


# ---- slogdet ------------------------------------------------------------------------------
# d log|det a| = trace(inv(a) da)
@vjp_rule(np.linalg.slogdet, "a", name="LinalgSlogdetBackward0")
def slogdet_a(g, ans, a):
    g_log = g[1]
    if g_log is None:
        return a * 0.0
    return np.expand_dims(g_log, (-2, -1)) * mT(np.linalg.inv(a))


@jvp_rule(np.linalg.slogdet, "a")
def slogdet_da(ans, da, a):
    sign = ans[0]
    return (sign * 0.0, np.trace(np.linalg.solve(a, da), axis1=-2, axis2=-1))


# ---- pinv ---------------------------------------------------------------------------------
# With X = pinv(a): dX = -X da X + X X^T da^T (I - a X) + (I - X a) da^T X^T X.
def _pinv_adjoint(g, x, a):
    """The gradient of ``a`` from the gradient ``g`` of ``x = pinv(a)``."""
    xt = mT(x)
    left = eye(np.shape(a)[-2]) - a @ x
    right = eye(np.shape(a)[-1]) - x @ a
    return -xt @ g @ xt + left @ mT(g) @ x @ xt + xt @ x @ mT(g) @ right


def _pinv_tangent(x, da, a):
    left = eye(np.shape(a)[-2]) - a @ x
    right = eye(np.shape(a)[-1]) - x @ a
    return -x @ da @ x + x @ mT(x) @ mT(da) @ left + right @ mT(da) @ mT(x) @ x


def _check_pinv(hermitian):
    if hermitian:
        raise UnsupportedDerivative("np.linalg.pinv: hermitian=True has no rule; leave it False")


@vjp_rule(np.linalg.pinv, "a", name="LinalgPinvBackward0")
def pinv_a(g, ans, a, rcond=None, hermitian=False):
    _check_pinv(hermitian)
    return _pinv_adjoint(g, ans, a)


@jvp_rule(np.linalg.pinv, "a")
def pinv_da(ans, da, a, rcond=None, hermitian=False):
    _check_pinv(hermitian)
    return _pinv_tangent(ans, da, a)


# ---- matrix_power -------------------------------------------------------------------------
# d(a^n) = sum_k a^k da a^(n-1-k); for n < 0, a^n = inv(a)^|n|.
@vjp_rule(np.linalg.matrix_power, "a", name="LinalgMatrixPowerBackward0")
def matrix_power_a(g, ans, a, n):
    base = np.linalg.inv(a) if n < 0 else a
    count = abs(n)
    grad = a * 0.0
    for k in range(count):
        before = np.linalg.matrix_power(mT(base), k)
        after = np.linalg.matrix_power(mT(base), count - 1 - k)
        grad = grad + before @ g @ after
    if n < 0:
        return -mT(base) @ grad @ mT(base)
    return grad


@jvp_rule(np.linalg.matrix_power, "a")
def matrix_power_da(ans, da, a, n):
    base = np.linalg.inv(a) if n < 0 else a
    d_base = -base @ da @ base if n < 0 else da
    count = abs(n)
    tangent = ans * 0.0
    for k in range(count):
        before = np.linalg.matrix_power(base, k)
        after = np.linalg.matrix_power(base, count - 1 - k)
        tangent = tangent + before @ d_base @ after
    return tangent


# ---- lstsq --------------------------------------------------------------------------------
# x = pinv(a) b. At the minimum the residuals r = |a x - b|^2 move only through a and b
# (their derivative in x is zero): dr = 2 (a x - b) . (da x - db), column by column.
def _columns(b, x):
    """``b`` and ``x`` as matrices (a 1-D right-hand side is one column)."""
    if np.ndim(b) == 1:
        return np.expand_dims(b, -1), np.expand_dims(x, -1)
    return b, x


def _lstsq_gradient_parts(g, ans, a, b):
    """The gradients of ``a`` and ``b`` from those of lstsq's x, residuals and s."""
    x, residuals, _, s = ans
    gx, g_res, _, gs = g
    b2, x2 = _columns(b, x)
    grad_a = a * 0.0
    grad_b = b2 * 0.0
    if gx is not None:
        gx2 = np.expand_dims(gx, -1) if np.ndim(b) == 1 else gx
        pinv = np.linalg.pinv(a)
        grad_a = grad_a + _pinv_adjoint(gx2 @ mT(b2), pinv, a)
        grad_b = grad_b + mT(pinv) @ gx2
    if g_res is not None and np.size(residuals) > 0:
        misfit = a @ x2 - b2
        weighted = 2.0 * misfit * g_res
        grad_a = grad_a + weighted @ mT(x2)
        grad_b = grad_b - weighted
    if gs is not None:
        u, _, vh = np.linalg.svd(a, full_matrices=False)
        grad_a = grad_a + u @ diag_embed(gs) @ vh
    return grad_a, np.reshape(grad_b, np.shape(b))


@vjp_rule(np.linalg.lstsq, "a", name="LinalgLstsqBackward0")
def lstsq_a(g, ans, a, b, rcond=None):
    return _lstsq_gradient_parts(g, ans, a, b)[0]


@vjp_rule(np.linalg.lstsq, "b")
def lstsq_b(g, ans, a, b, rcond=None):
    return _lstsq_gradient_parts(g, ans, a, b)[1]


@jvp_rule_all(np.linalg.lstsq)
def lstsq_tangent(ans, tangents, a, b, rcond=None):
    x, residuals, _, _ = ans
    da, db = tangents[0], tangents[1]
    b2, x2 = _columns(b, x)
    da = a * 0.0 if da is None else da
    db2 = b2 * 0.0 if db is None else _columns(db, x)[0]
    pinv = np.linalg.pinv(a)
    dx2 = _pinv_tangent(pinv, da, a) @ b2 + pinv @ db2
    d_res = residuals * 0.0
    if np.size(residuals) > 0:
        d_res = np.sum(2.0 * (a @ x2 - b2) * (da @ x2 - db2), axis=0)
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    ds = np.sum(u * (da @ mT(vh)), axis=-2)
    return (np.reshape(dx2, np.shape(x)), d_res, 0.0, ds)  # rank: an integer
