"""Rules for ``scipy.signal.convolve`` and ``scipy.linalg.solve_triangular``/``sqrtm``.

Imported only through ``scipy_rules.py``. These are Python functions: they differentiate in
compiled code, not on the tape.

- ``convolve`` (every ``mode``, real inputs): the gradient of each input is a correlation
  of the output's gradient (placed in the ``"full"`` output) with the other input.
- ``solve_triangular(a, b, trans, lower, unit_diagonal)``: only the triangle of ``a`` that
  is read gets a gradient (not the diagonal with ``unit_diagonal=True``).
- ``sqrtm``: ``X @ X = A``; the derivative solves ``X dX + dX X = dA`` (a Sylvester
  equation, here by an ``n^2`` linear system, so for small matrices). The principal
  square root of a matrix with negative eigenvalues is complex: refused.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sl
import scipy.signal as ss

from .indexing import scatter_add
from .matrix_helpers import eye, mT, strictly_lower
from .registry import UnsupportedDerivative, jvp_rule, nondifferentiable, primitive, vjp_rule


# ---- convolve -----------------------------------------------------------------------------
def _output_start(n1, n2, mode):
    """Where the output of ``convolve`` of inputs shaped ``n1`` and ``n2`` starts in the
    full convolution."""
    if mode == "full":
        return tuple(0 for _ in n1)
    if mode == "same":
        return tuple((m - 1) // 2 for m in n2)
    return tuple(min(a, b) - 1 for a, b in zip(n1, n2))


def _full_gradient(g, in1, in2, mode):
    """``g`` placed where the output sits in the full convolution, zeros elsewhere."""
    n1, n2 = np.shape(in1), np.shape(in2)
    full = tuple(a + b - 1 for a, b in zip(n1, n2))
    if np.shape(g) == full:
        return g
    start = _output_start(n1, n2, mode)
    place = tuple(slice(s, s + n) for s, n in zip(start, np.shape(g)))
    return scatter_add(g, place, full)


def _correlate_valid(big, kernel):
    """``correlate(big, kernel, "valid")`` written as a convolution with ``kernel`` flipped."""
    return ss.convolve(big, np.flip(kernel), mode="valid")


@vjp_rule(ss.convolve, "in1", name="ConvolutionBackward0")
def convolve_in1(g, ans, in1, in2, mode="full", method="auto"):
    return _correlate_valid(_full_gradient(g, in1, in2, mode), in2)


@vjp_rule(ss.convolve, "in2")
def convolve_in2(g, ans, in1, in2, mode="full", method="auto"):
    return _correlate_valid(_full_gradient(g, in1, in2, mode), in1)


@jvp_rule(ss.convolve, "in1")
def convolve_din1(ans, din1, in1, in2, mode="full", method="auto"):
    return ss.convolve(din1, in2, mode=mode, method=method)


@jvp_rule(ss.convolve, "in2")
def convolve_din2(ans, din2, in1, in2, mode="full", method="auto"):
    return ss.convolve(in1, din2, mode=mode, method=method)


# ---- solve_triangular ---------------------------------------------------------------------
def _transposed(trans):
    return trans in (1, 2, "T", "C")


def _read_mask(n, lower, unit_diagonal):
    """The entries of ``a`` that solve_triangular reads."""
    below = strictly_lower(n)
    mask = below if lower else mT(below)
    return mask if unit_diagonal else mask | eye(n)


def _as_columns(b):
    return np.expand_dims(b, -1) if np.ndim(b) == 1 else b


@vjp_rule(sl.solve_triangular, "a", name="SolveTriangularBackward0")
def solve_triangular_a(
    g, ans, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True
):
    flipped = 0 if _transposed(trans) else 1
    grad_b = sl.solve_triangular(a, _as_columns(g), flipped, lower, unit_diagonal)
    x = _as_columns(ans)
    grad = -x @ mT(grad_b) if _transposed(trans) else -grad_b @ mT(x)
    return grad * _read_mask(np.shape(a)[-1], lower, unit_diagonal)


@vjp_rule(sl.solve_triangular, "b")
def solve_triangular_b(
    g, ans, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True
):
    flipped = 0 if _transposed(trans) else 1
    return sl.solve_triangular(a, g, flipped, lower, unit_diagonal)


@jvp_rule(sl.solve_triangular, "a")
def solve_triangular_da(
    ans, da, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True
):
    change = da * _read_mask(np.shape(a)[-1], lower, unit_diagonal)
    change = mT(change) if _transposed(trans) else change
    x = _as_columns(ans)
    dx = -sl.solve_triangular(a, change @ x, trans, lower, unit_diagonal)
    return np.reshape(dx, np.shape(ans))


@jvp_rule(sl.solve_triangular, "b")
def solve_triangular_db(
    ans, db, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True
):
    return sl.solve_triangular(a, db, trans, lower, unit_diagonal)


# ---- sqrtm --------------------------------------------------------------------------------
def _sylvester(x, rhs):
    """The solution ``d`` of ``x d + d x = rhs`` (real ``x``), via its vectorised form."""
    n = np.shape(x)[-1]
    identity = eye(n)
    # vec(x d) = kron(x, I) vec(d) and vec(d x) = kron(I, x^T) vec(d), row-major.
    system = np.einsum("ik,jl->ijkl", x, identity) + np.einsum("ik,jl->ijkl", identity, mT(x))
    solved = np.linalg.solve(np.reshape(system, (n * n, n * n)), np.reshape(rhs, (n * n,)))
    return np.reshape(solved, (n, n))


@primitive
def _check_real(root):
    if np.iscomplexobj(np.asarray(root)):
        raise UnsupportedDerivative(
            "scipy.linalg.sqrtm: the square root is complex (the matrix has negative "
            "eigenvalues); srcgrad differentiates real square roots only"
        )


nondifferentiable(_check_real)


@vjp_rule(sl.sqrtm, "A", name="SqrtmBackward0")
def sqrtm_A(g, ans, A):
    _check_real(ans)
    return _sylvester(mT(ans), g)


@jvp_rule(sl.sqrtm, "A")
def sqrtm_dA(ans, dA, A):
    _check_real(ans)
    return _sylvester(ans, dA)
