"""Rules for ``np.linalg.norm``: every ``ord`` NumPy accepts, for vectors and matrices.

NumPy's cases: with ``axis=None`` a 1-D ``x`` is a vector and a 2-D one a matrix (with
``ord=None`` any ``x`` is flattened: the 2-norm of all entries); an int ``axis`` means
vectors along it, a pair of axes means matrices on them.

- vector ``ord``: ``None``/``2`` (Euclidean), ``1``, ``inf``/``-inf`` (largest/smallest
  magnitude; tied entries share the gradient, as for ``max``), ``0`` (a count: zero
  gradient), any other ``p`` (``(sum |x|^p)^(1/p)``);
- matrix ``ord``: ``None``/``"fro"``, ``"nuc"`` (sum of singular values: ``U V^T``), ``2``/
  ``-2`` (largest/smallest singular value; tied ones share the gradient), ``1``/``-1``
  (largest/smallest column sum of magnitudes), ``inf``/``-inf`` (the same for rows).

At a kink (a zero entry for ``ord=1``, a zero vector for the 2-norm) the rules give the
one-sided convention ``sign(0) = 0``.
"""

from __future__ import annotations

import numpy as np

from .helpers import expand_reduced, unreduce
from .matrix_helpers import GAP_RTOL
from .registry import jvp_rule, vjp_rule


def _matrix_axes(ndim, ord, axis):
    """The two matrix axes (non-negative) when ``norm`` of an ``ndim``-dimensional array
    computes a matrix norm, else None."""
    if axis is None:
        if ord is None or ndim != 2:
            return None
        return (0, 1)
    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        return (axis[0] % ndim, axis[1] % ndim)
    return None


def _vector_axis(axis):
    return axis[0] if isinstance(axis, (tuple, list)) else axis


def _marks(like, where):
    """1 where ``where`` holds, 0 elsewhere, in ``like``'s float dtype (float32 stays)."""
    zeros = like * 0
    return np.where(where, zeros + 1, zeros)


# ---- vector norms -------------------------------------------------------------------------
def _vector_weights(ans, x, ord, axis):
    """d norm / d x for a vector norm, shaped like ``x`` (``ans`` has kept dimensions)."""
    if ord is None or ord == 2:
        return x / np.where(ans == 0, 1.0, ans)
    if ord == 0:
        return x * 0.0
    if ord == 1:
        return np.sign(x)
    if ord == np.inf or ord == -np.inf:
        extreme = _marks(x, np.abs(x) == ans)
        return np.sign(x) * extreme / np.sum(extreme, axis=axis, keepdims=True)
    magnitude = np.abs(x)
    return np.sign(x) * (magnitude / ans) ** (ord - 1)


def _vector_grad(g, ans, x, ord, axis, keepdims):
    axis = _vector_axis(axis)
    kept = expand_reduced(ans, x, axis, keepdims)
    return unreduce(g, x, axis, keepdims) * _vector_weights(kept, x, ord, axis)


def _vector_tangent(ans, dx, x, ord, axis, keepdims):
    axis = _vector_axis(axis)
    kept = expand_reduced(ans, x, axis, keepdims)
    return np.sum(_vector_weights(kept, x, ord, axis) * dx, axis=axis, keepdims=keepdims)


# ---- matrix norms -------------------------------------------------------------------------
def _singular_weights(stack, ord):
    """d norm / d stack for the singular-value norms: ``U diag(share) V^T``. For ``2``/``-2``
    equal extreme singular values share the gradient evenly (as ``max`` does), and for
    ``"nuc"`` zero singular values get none: both choices do not depend on the basis SVD
    picks for repeated singular values."""
    u, s, vh = np.linalg.svd(stack, full_matrices=False)
    largest = s[..., :1]
    if ord == "nuc":
        share = _marks(s, s > GAP_RTOL * largest)
    else:
        extreme = largest if ord == 2 else s[..., -1:]
        tied = _marks(s, np.abs(s - extreme) <= GAP_RTOL * largest)
        share = tied / np.sum(tied, axis=-1, keepdims=True)
    return (u * np.expand_dims(share, -2)) @ vh


def _sum_weights(stack, norms, ord):
    """d norm / d stack for the column (ord 1/-1) and row (ord inf/-inf) sum norms."""
    over = -2 if ord in (1, -1) else -1  # columns sum over rows, rows over columns
    sums = np.sum(np.abs(stack), axis=over, keepdims=True)
    extreme = _marks(sums, sums == np.expand_dims(norms, (-2, -1)))
    share = extreme / np.sum(extreme, axis=(-2, -1), keepdims=True)
    return np.sign(stack) * share


def _matrix_weights(x, ans, ord, axes, keepdims):
    """d norm / d x for a matrix norm over ``axes``, shaped like ``x``."""
    stack = np.moveaxis(x, axes, (-2, -1))
    norms = np.reshape(ans, np.shape(stack)[:-2])
    if ord is None or ord == "fro":
        weights = stack / np.expand_dims(np.where(norms == 0, 1.0, norms), (-2, -1))
    elif ord in ("nuc", 2, -2):
        weights = _singular_weights(stack, ord)
    elif ord in (1, -1, np.inf, -np.inf):
        weights = _sum_weights(stack, norms, ord)
    else:
        raise ValueError(f"np.linalg.norm: invalid norm order {ord!r} for matrices")
    return np.moveaxis(weights, (-2, -1), axes)


def _matrix_grad(g, ans, x, ord, axes, keepdims):
    weights = _matrix_weights(x, ans, ord, axes, keepdims)
    return unreduce(g, x, axes, keepdims) * weights


@vjp_rule(np.linalg.norm, "x", name="LinalgNormBackward0")
def norm_x(g, ans, x, ord=None, axis=None, keepdims=False):
    axes = _matrix_axes(np.ndim(x), ord, axis)
    if axes is None:
        return _vector_grad(g, ans, x, ord, axis, keepdims)
    return _matrix_grad(g, ans, x, ord, axes, keepdims)


@jvp_rule(np.linalg.norm, "x")
def norm_dx(ans, dx, x, ord=None, axis=None, keepdims=False):
    axes = _matrix_axes(np.ndim(x), ord, axis)
    if axes is None:
        return _vector_tangent(ans, dx, x, ord, axis, keepdims)
    weights = _matrix_weights(x, ans, ord, axes, keepdims)
    return np.sum(weights * dx, axis=axes, keepdims=keepdims)
