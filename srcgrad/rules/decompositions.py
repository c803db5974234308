"""Rules for the decompositions of ``np.linalg``: eigh, eigvalsh, eig, svd, cholesky, qr.

Most return a tuple (a named tuple) of arrays. For such a primitive ``g`` is a sequence
with one entry per output: the compiler passes ``None`` for an output the function never
used, the tape passes zeros. A tangent rule returns a tuple of tangents, one per output.

Conventions, as NumPy computes:
- ``eigh``, ``eigvalsh`` and ``cholesky`` read one triangle of ``a`` (``UPLO``, or the
  lower one for ``cholesky``; the upper one with ``upper=True``): the other triangle gets a
  zero gradient, and the read off-diagonal entries count twice.
- Eigenvectors and singular vectors of a repeated value are not unique: where a gradient
  would depend on them the rules raise ``ValueError`` rather than return nan.
- ``eig`` covers real eigenvalues (complex ones are refused); its eigenvectors have unit
  length, as NumPy normalises them.
- ``svd`` covers ``full_matrices=False`` (or a square matrix), ``compute_uv`` either way;
  ``qr`` covers ``mode="reduced"``/``"complete"`` with at least as many rows as columns.
"""

from __future__ import annotations

import numpy as np

from .matrix_helpers import (
    diag_embed,
    eye,
    gaps,
    inverse_gaps,
    mT,
    read_triangle,
    refuse_complex,
    refuse_degenerate,
    refuse_nonzero,
    refuse_small,
    strictly_lower,
    triangle_gradient,
)
from .registry import UnsupportedDerivative, jvp_rule, returns_tuple, vjp_rule

returns_tuple(np.linalg.eigh, ("eigenvalues", "eigenvectors"))
returns_tuple(np.linalg.eig, ("eigenvalues", "eigenvectors"))
returns_tuple(np.linalg.svd, ("U", "S", "Vh"))
returns_tuple(np.linalg.qr, ("Q", "R"))


# ---- symmetric eigenproblem ---------------------------------------------------------------
# With a = V diag(w) V^T and a symmetric change da: dw = diag(V^T da V) and
# dV = V (F * (V^T da V)), F[i, j] = 1 / (w[j] - w[i]) off the diagonal.
def _eigenvector_part(w, v, gv, what):
    """The eigenvectors' share of ``V^T grad_a V``: F * (V^T gv), refused where F is
    undefined and the (antisymmetric part of the) weight is not zero."""
    weights = mT(v) @ gv
    differences = gaps(w)
    refuse_degenerate(w, differences, weights - mT(weights), what)
    return inverse_gaps(w, differences) * weights


@vjp_rule(np.linalg.eigh, "a", name="LinalgEighBackward0")
def eigh_a(g, ans, a, UPLO="L"):
    w, v = ans
    gw, gv = g
    inner = diag_embed(w * 0.0 if gw is None else gw)
    if gw is not None:  # equal eigenvalues must get equal gradients
        refuse_degenerate(w, gaps(w), gaps(gw), "np.linalg.eigh")
    if gv is not None:
        inner = inner + _eigenvector_part(w, v, gv, "np.linalg.eigh")
    return triangle_gradient(v @ inner @ mT(v), UPLO)


@jvp_rule(np.linalg.eigh, "a")
def eigh_da(ans, da, a, UPLO="L"):
    w, v = ans
    inner = mT(v) @ read_triangle(da, UPLO) @ v
    differences = gaps(w)
    refuse_degenerate(w, differences, inner, "np.linalg.eigh")
    dv = v @ (inverse_gaps(w, differences) * inner)
    return (np.diagonal(inner, axis1=-2, axis2=-1), dv)


@vjp_rule(np.linalg.eigvalsh, "a", name="LinalgEigvalshBackward0")
def eigvalsh_a(g, ans, a, UPLO="L"):
    refuse_degenerate(ans, gaps(ans), gaps(g), "np.linalg.eigvalsh")
    v = np.linalg.eigh(a, UPLO)[1]
    return triangle_gradient(v @ diag_embed(g) @ mT(v), UPLO)


@jvp_rule(np.linalg.eigvalsh, "a")
def eigvalsh_da(ans, da, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO)[1]
    inner = mT(v) @ read_triangle(da, UPLO) @ v
    refuse_degenerate(ans, gaps(ans), inner, "np.linalg.eigvalsh")
    return np.diagonal(inner, axis1=-2, axis2=-1)


# ---- general eigenproblem (real eigenvalues) ----------------------------------------------
# a = V diag(w) V^-1 with unit columns: dw = diag(Y) with Y = V^-1 da V; before
# normalising, dV = V (F * Y); normalising removes each column's component along itself.
def _unit_columns_adjoint(v, gv):
    """The adjoint of keeping V's columns of unit length: remove ``v_j (v_j . gv_j)``."""
    return gv - v * np.sum(v * gv, axis=-2, keepdims=True)


@vjp_rule(np.linalg.eig, "a", name="LinalgEigBackward0")
def eig_a(g, ans, a):
    w, v = ans
    gw, gv = g
    refuse_complex(w, "np.linalg.eig")
    inner = diag_embed(w * 0.0 if gw is None else gw)
    if gw is not None:  # equal eigenvalues must get equal gradients
        refuse_degenerate(w, gaps(w), gaps(gw), "np.linalg.eig")
    if gv is not None:
        weights = mT(v) @ _unit_columns_adjoint(v, gv)
        differences = gaps(w)
        refuse_degenerate(w, differences, weights, "np.linalg.eig")
        inner = inner + inverse_gaps(w, differences) * weights
    return np.linalg.solve(mT(v), inner @ mT(v))


@jvp_rule(np.linalg.eig, "a")
def eig_da(ans, da, a):
    w, v = ans
    refuse_complex(w, "np.linalg.eig")
    inner = np.linalg.solve(v, da @ v)
    differences = gaps(w)
    refuse_degenerate(w, differences, inner, "np.linalg.eig")
    dv = v @ (inverse_gaps(w, differences) * inner)
    dv = dv - v * np.sum(v * dv, axis=-2, keepdims=True)
    return (np.diagonal(inner, axis1=-2, axis2=-1), dv)


# ---- singular value decomposition ---------------------------------------------------------
# a = U diag(s) Vh (m x n, k = min(m, n)). With P = U^T da V and F[i, j] = 1/(s_j^2 - s_i^2):
# ds = diag(P); dU = U (F * (P S + S P^T)) + (I - U U^T) da V / s;
# dV = V (F * (S P + P^T S)) + (I - V V^T) da^T U / s.
def _refuse_hermitian(hermitian):
    if hermitian:
        raise UnsupportedDerivative(
            "np.linalg.svd: hermitian=True has no rule; use np.linalg.eigh"
        )


def _refuse_extra_vectors(a, full_matrices):
    """Forward mode computes every output's tangent, the arbitrary extra vectors' too."""
    m, n = np.shape(a)[-2:]
    if full_matrices and m != n:
        raise UnsupportedDerivative(
            "np.linalg.svd: with full_matrices=True the extra singular vectors of a "
            f"{m}x{n} matrix are arbitrary and have no derivative; pass full_matrices=False"
        )


def _thin(u, vh, gu, gvh):
    """The first k = min(m, n) singular vectors and their gradients; the extra vectors of
    ``full_matrices=True`` must get no gradient (they are arbitrary)."""
    k = min(np.shape(u)[-2], np.shape(vh)[-1])
    extra = [grad[..., :, k:] for grad in [gu] if grad is not None]
    extra += [grad[..., k:, :] for grad in [gvh] if grad is not None]
    for part in extra:
        refuse_nonzero(part, "np.linalg.svd with full_matrices=True: the extra singular vectors")
    gu = None if gu is None else gu[..., :, :k]
    gvh = None if gvh is None else gvh[..., :k, :]
    return u[..., :, :k], vh[..., :k, :], gu, gvh


@vjp_rule(np.linalg.svd, "a", name="LinalgSvdBackward0")
def svd_a(g, ans, a, full_matrices=True, compute_uv=True, hermitian=False):
    _refuse_hermitian(hermitian)
    if not compute_uv:
        refuse_degenerate(ans, gaps(ans), gaps(g), "np.linalg.svd")
        u, _, vh = np.linalg.svd(a, full_matrices=False)
        return u @ diag_embed(g) @ vh
    u, s, vh = ans
    gu, gs, gvh = g
    if gs is not None:  # equal singular values must get equal gradients
        refuse_degenerate(s, gaps(s), gaps(gs), "np.linalg.svd")
    u, vh, gu, gvh = _thin(u, vh, gu, gvh)
    v = mT(vh)
    inner = diag_embed(s * 0.0 if gs is None else gs)
    if gu is None and gvh is None:
        return u @ inner @ vh
    gu = u * 0.0 if gu is None else gu
    gv = v * 0.0 if gvh is None else mT(gvh)
    refuse_small(s, "np.linalg.svd")
    left, right = mT(u) @ gu, mT(v) @ gv
    left, right = left - mT(left), right - mT(right)
    squares = s * s
    differences = gaps(squares)
    refuse_degenerate(squares, differences, left + right, "np.linalg.svd")
    s_row, s_col = np.expand_dims(s, -2), np.expand_dims(s, -1)
    inner = inner + inverse_gaps(squares, differences) * (left * s_row + s_col * right)
    grad = u @ inner @ vh
    grad = grad + (gu - u @ (mT(u) @ gu)) / s_row @ vh
    return grad + u @ ((mT(gv) - (mT(gv) @ v) @ vh) / s_col)


@jvp_rule(np.linalg.svd, "a")
def svd_da(ans, da, a, full_matrices=True, compute_uv=True, hermitian=False):
    _refuse_hermitian(hermitian)
    _refuse_extra_vectors(a, full_matrices and compute_uv)
    if not compute_uv:
        u, _, vh = np.linalg.svd(a, full_matrices=False)
        p = mT(u) @ da @ mT(vh)
        refuse_degenerate(ans, gaps(ans), p + mT(p), "np.linalg.svd")
        return np.diagonal(p, axis1=-2, axis2=-1)
    u, s, vh = ans
    v = mT(vh)
    refuse_small(s, "np.linalg.svd")
    p = mT(u) @ da @ v
    s_row, s_col = np.expand_dims(s, -2), np.expand_dims(s, -1)
    squares = s * s
    differences = gaps(squares)
    weights = inverse_gaps(squares, differences)
    refuse_degenerate(squares, differences, p + mT(p), "np.linalg.svd")
    du = u @ (weights * (p * s_row + s_col * mT(p))) + (da @ v - u @ p) / s_row
    dv = v @ (weights * (s_col * p + mT(p) * s_row)) + (mT(da) @ u - v @ mT(p)) / s_row
    return (du, np.diagonal(p, axis1=-2, axis2=-1), mT(dv))


# ---- Cholesky -----------------------------------------------------------------------------
# a = L L^T: X = L^-1 da L^-T, dL = L phi(X), phi = lower triangle with half the diagonal.
def _phi(x):
    n = np.shape(x)[-1]
    return x * strictly_lower(n) + 0.5 * (x * eye(n))


def _cholesky_uplo(upper):
    return "U" if upper else "L"


@vjp_rule(np.linalg.cholesky, "a", name="LinalgCholeskyExBackward0")
def cholesky_a(g, ans, a, upper=False):
    lower, g_lower = (mT(ans), mT(g)) if upper else (ans, g)
    inner = _phi(mT(lower) @ g_lower)
    # grad of the symmetric matrix: L^-T inner L^-1, by two triangular solves.
    grad = mT(np.linalg.solve(mT(lower), mT(np.linalg.solve(mT(lower), inner))))
    return triangle_gradient(grad, _cholesky_uplo(upper))


@jvp_rule(np.linalg.cholesky, "a")
def cholesky_da(ans, da, a, upper=False):
    lower = mT(ans) if upper else ans
    sym = read_triangle(da, _cholesky_uplo(upper))
    x = mT(np.linalg.solve(lower, mT(np.linalg.solve(lower, sym))))
    d_lower = lower @ _phi(x)
    return mT(d_lower) if upper else d_lower


# ---- QR -----------------------------------------------------------------------------------
# a = Q R (m >= n): with X = Q^T da R^-1, Omega = Q^T dQ = tril(X, -1) - tril(X, -1)^T,
# dR = (X - Omega) R and dQ = (da - Q dR) R^-1.
def _check_qr(a, mode):
    m, n = np.shape(a)[-2:]
    if mode not in ("reduced", "complete") or m < n or (mode == "complete" and m != n):
        raise UnsupportedDerivative(
            f"np.linalg.qr: srcgrad differentiates mode='reduced' with at least as many rows "
            f"as columns, not mode={mode!r} on a {m}x{n} matrix"
        )


def _right_solve(x, r):
    """``x @ inv(r)``."""
    return mT(np.linalg.solve(mT(r), mT(x)))


@vjp_rule(np.linalg.qr, "a", name="LinalgQrBackward0")
def qr_a(g, ans, a, mode="reduced"):
    _check_qr(a, mode)
    q, r = ans
    gq, gr = g
    gq = q * 0.0 if gq is None else gq
    gr = r * 0.0 if gr is None else gr
    m = r @ mT(gr) - mT(gq) @ q
    lower = m * strictly_lower(np.shape(m)[-1])
    copied = lower + mT(lower) + m * eye(np.shape(m)[-1])
    return _right_solve(gq + q @ copied, mT(r))


@jvp_rule(np.linalg.qr, "a")
def qr_da(ans, da, a, mode="reduced"):
    _check_qr(a, mode)
    q, r = ans
    x = _right_solve(mT(q) @ da, r)
    below = x * strictly_lower(np.shape(x)[-1])
    dr = (x - below + mT(below)) @ r
    return (_right_solve(da - q @ dr, r), dr)
