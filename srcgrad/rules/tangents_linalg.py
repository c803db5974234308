"""Tangent (forward-mode) rules for reductions, products, linear algebra and einsum.

A product is linear in each operand, so its tangent from one operand is the product with
that operand replaced by its tangent (``dx @ y``); a sum or mean applies itself to the
tangent. The conventions match the gradient rules: ``max``/``min`` average the tangents
of tied entries; ``prod`` is exact with zeros in the input. (``norm``'s tangent is in
``norms.py``, the decompositions' in ``decompositions.py``.)
"""

from __future__ import annotations

import numpy as np

from .einsum import as_subscripts
from .helpers import expand_reduced, reduced_size
from .registry import jvp_rule, jvp_rule_all


# ---- reductions ---------------------------------------------------------------------------
@jvp_rule(np.sum, "x")
def sum_dx(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx, axis=axis, dtype=dtype, keepdims=keepdims)


@jvp_rule(np.mean, "x")
def mean_dx(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.mean(dx, axis=axis, dtype=dtype, keepdims=keepdims)


def product_of_others(x, axis=None):
    """For each entry of ``x``, the product of the other entries of its slice along
    ``axis``, computed without dividing by zero."""
    is_zero = x == 0
    nonzero_x = np.where(is_zero, 1, x)
    nonzero_prod = np.prod(nonzero_x, axis=axis, keepdims=True)
    zeros = np.sum(is_zero, axis=axis, keepdims=True)
    return np.where(
        is_zero,
        np.where(zeros == 1, nonzero_prod, 0),
        np.where(zeros == 0, nonzero_prod / nonzero_x, 0),
    )


@jvp_rule(np.prod, "x")
def prod_dx(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx * product_of_others(x, axis), axis=axis, keepdims=keepdims)


def extreme_tangent(ans, dx, x, axis, keepdims):
    """The tangent of max or min: the mean tangent of the entries equal to the extreme."""
    at_extreme = x == expand_reduced(ans, x, axis, keepdims)
    total = np.sum(np.where(at_extreme, dx, 0), axis=axis, keepdims=keepdims)
    return total / np.sum(at_extreme, axis=axis, keepdims=keepdims)


@jvp_rule(np.max, "x")
def max_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@jvp_rule(np.min, "x")
def min_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@jvp_rule(np.amax, "x")
def amax_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@jvp_rule(np.amin, "x")
def amin_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


# d var = 2 / (n - ddof) * sum((x - mean) dx): the mean's own tangent sums to zero there.
@jvp_rule(np.var, "x")
def var_dx(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return np.sum(centred * dx, axis=axis, keepdims=keepdims) * (2 / (reduced_size(x, ans) - ddof))


@jvp_rule(np.std, "x")
def std_dx(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return np.sum(centred * dx, axis=axis, keepdims=keepdims) / (
        (reduced_size(x, ans) - ddof) * ans
    )


@jvp_rule(np.cumsum, "x")
def cumsum_dx(ans, dx, x, axis=None, dtype=None, out=None):
    return np.cumsum(dx, axis=axis, dtype=dtype)


# ---- products -----------------------------------------------------------------------------
@jvp_rule(np.matmul, "x")
def matmul_dx(ans, dx, x, y):
    return dx @ y


@jvp_rule(np.matmul, "y")
def matmul_dy(ans, dy, x, y):
    return x @ dy


@jvp_rule(np.tensordot, "x")
def tensordot_dx(ans, dx, x, y, axes=2):
    return np.tensordot(dx, y, axes=axes)


@jvp_rule(np.tensordot, "y")
def tensordot_dy(ans, dy, x, y, axes=2):
    return np.tensordot(x, dy, axes=axes)


@jvp_rule(np.dot, "x")
def dot_dx(ans, dx, x, y):
    return np.dot(dx, y)


@jvp_rule(np.dot, "y")
def dot_dy(ans, dy, x, y):
    return np.dot(x, dy)


@jvp_rule(np.inner, "x")
def inner_dx(ans, dx, x, y):
    return np.inner(dx, y)


@jvp_rule(np.inner, "y")
def inner_dy(ans, dy, x, y):
    return np.inner(x, dy)


@jvp_rule(np.outer, "x")
def outer_dx(ans, dx, x, y):
    return np.outer(dx, y)


@jvp_rule(np.outer, "y")
def outer_dy(ans, dy, x, y):
    return np.outer(x, dy)


@jvp_rule(np.diagonal, "x")
def diagonal_dx(ans, dx, x, offset=0, axis1=0, axis2=1):
    return np.diagonal(dx, offset=offset, axis1=axis1, axis2=axis2)


@jvp_rule(np.trace, "x")
def trace_dx(ans, dx, x, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    return np.trace(dx, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)


@jvp_rule(np.diag, "v")
def diag_dv(ans, dv, v, k=0):
    return np.diag(dv, k=k)


# ---- linear algebra -----------------------------------------------------------------------
# d inv(x) = -inv(x) dx inv(x)
@jvp_rule(np.linalg.inv, "x")
def inv_dx(ans, dx, x):
    return -ans @ dx @ ans


# d det(x) = det(x) trace(inv(x) dx)
@jvp_rule(np.linalg.det, "x")
def det_dx(ans, dx, x):
    return ans * np.trace(np.linalg.solve(x, dx), axis1=-2, axis2=-1)


# ans = solve(a, b): a ans = b, so a d(ans) = db - da ans.
@jvp_rule(np.linalg.solve, "a")
def solve_da(ans, da, a, b):
    if np.ndim(b) == 1:  # one vector (per matrix in a stack): as a column, then back
        return -np.linalg.solve(a, da @ ans[..., None])[..., 0]
    return -np.linalg.solve(a, da @ ans)


@jvp_rule(np.linalg.solve, "b")
def solve_db(ans, db, a, b):
    return np.linalg.solve(a, db)


# ---- einsum -------------------------------------------------------------------------------
@jvp_rule_all(np.einsum)
def einsum_tangent(ans, tangents, subscripts, *operands, **kwargs):
    subscripts, operands, tangents = as_subscripts(subscripts, operands, tangents)
    # Linear in each operand: one einsum per operand that has a tangent, summed.
    total = np.zeros(np.shape(ans), dtype=np.result_type(ans, float))
    for i, t in enumerate(tangents[1:]):
        if t is not None:
            swapped = operands[:i] + (t,) + operands[i + 1 :]
            total = total + np.einsum(subscripts, *swapped, **kwargs)
    return total
