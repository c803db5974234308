"""Rules for reductions: sum, mean, prod, max/min (and amax/amin), var, std, cumsum.
(``np.linalg.norm`` is in ``norms.py``.)

``axis`` may be None, an int (negative counts from the end) or a tuple of ints, and
``keepdims`` either way: every rule broadcasts its gradient back to the input's shape
(``unreduce``).

Conventions:

- ``max``/``min``/``amax``/``amin``: where several entries tie for the extreme value,
  the gradient is split evenly among them (as PyTorch does for a full reduction), so the
  gradient always sums to ``g``.
- ``prod`` is exact with zeros in the input: an entry's gradient is the product of the
  other entries, even where it or another entry is 0.
- ``var``/``std`` honour ``ddof``; ``std``'s gradient is infinite/NaN where ``std`` is 0.
"""

from __future__ import annotations

import numpy as np

from .batch_helpers import batch_axis
from .helpers import expand_reduced, reduced_size, unreduce
from .registry import batched_jvp_rule, jvp_rule, reduction, vjp_rule


def _reduction_name(stem):
    """PyTorch's names: ``SumBackward0`` for a full reduction, ``SumBackward1`` with axes."""

    def name_for(x, axis=None, *args, **kwargs):
        return f"{stem}Backward0" if axis is None else f"{stem}Backward1"

    return name_for


def _max_name(x, axis=None, *args, **kwargs):
    return "MaxBackward1" if axis is None else "MaxBackward0"


def _min_name(x, axis=None, *args, **kwargs):
    return "MinBackward1" if axis is None else "MinBackward0"


@vjp_rule(np.sum, "x", name="SumBackward0", name_for=_reduction_name("Sum"))
def sum_x(g, ans, x, axis=None, dtype=None, out=None, keepdims=False):
    return unreduce(g, x, axis, keepdims)


@batched_jvp_rule(np.sum, "x")
def sum_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx, axis=batch_axis(axis, x), dtype=dtype, keepdims=keepdims)


@jvp_rule(np.sum, "x")
def sum_dx(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx, axis=axis, dtype=dtype, keepdims=keepdims)


@vjp_rule(np.mean, "x", name="MeanBackward0", name_for=_reduction_name("Mean"))
def mean_x(g, ans, x, axis=None, dtype=None, out=None, keepdims=False):
    return unreduce(g, x, axis, keepdims) / reduced_size(x, ans)


@batched_jvp_rule(np.mean, "x")
def mean_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.mean(dx, axis=batch_axis(axis, x), dtype=dtype, keepdims=keepdims)


@jvp_rule(np.mean, "x")
def mean_dx(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.mean(dx, axis=axis, dtype=dtype, keepdims=keepdims)


@vjp_rule(np.prod, "x", name="ProdBackward0", name_for=_reduction_name("Prod"))
def prod_x(g, ans, x, axis=None, dtype=None, out=None, keepdims=False):
    # d prod / d x_i is the product of the other entries. With no zero in the slice that
    # is ans / x_i; with exactly one zero it is nonzero only at the zero; with more, 0.
    is_zero = x == 0
    nonzero_x = np.where(is_zero, 1, x)
    nonzero_prod = np.prod(nonzero_x, axis=axis, keepdims=True)
    zeros = np.sum(is_zero, axis=axis, keepdims=True)
    others = np.where(
        is_zero,
        np.where(zeros == 1, nonzero_prod, 0),
        np.where(zeros == 0, nonzero_prod / nonzero_x, 0),
    )
    return unreduce(g, x, axis, keepdims) * others


@batched_jvp_rule(np.prod, "x")
def prod_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, keepdims=False):
    return np.sum(dx * product_of_others(x, axis), axis=batch_axis(axis, x), keepdims=keepdims)


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


def _extreme_x(g, ans, x, axis, keepdims):
    """The gradient of max or min: to the entries equal to the extreme, split at ties."""
    # 1 at the extreme entries, 0 elsewhere, in x's float type (a float32 gradient stays).
    weights = np.where(x == expand_reduced(ans, x, axis, keepdims), np.ones_like(x), 0)
    return unreduce(g, x, axis, keepdims) * weights / np.sum(weights, axis=axis, keepdims=True)


@vjp_rule(np.max, "x", name="MaxBackward1", name_for=_max_name)
def max_x(g, ans, x, axis=None, out=None, keepdims=False):
    return _extreme_x(g, ans, x, axis, keepdims)


def extreme_tangent_batched(ans, dx, x, axis, keepdims):
    """``extreme_tangent`` (max, min) of every row."""
    at_extreme = x == expand_reduced(ans, x, axis, keepdims)
    total = np.sum(np.where(at_extreme, dx, 0), axis=batch_axis(axis, x), keepdims=keepdims)
    return total / np.sum(at_extreme, axis=axis, keepdims=keepdims)


@batched_jvp_rule(np.max, "x")
def max_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


def extreme_tangent(ans, dx, x, axis, keepdims):
    """The tangent of max or min: the mean tangent of the entries equal to the extreme."""
    at_extreme = x == expand_reduced(ans, x, axis, keepdims)
    total = np.sum(np.where(at_extreme, dx, 0), axis=axis, keepdims=keepdims)
    return total / np.sum(at_extreme, axis=axis, keepdims=keepdims)


@jvp_rule(np.max, "x")
def max_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@vjp_rule(np.min, "x", name="MinBackward1", name_for=_min_name)
def min_x(g, ans, x, axis=None, out=None, keepdims=False):
    return _extreme_x(g, ans, x, axis, keepdims)


@batched_jvp_rule(np.min, "x")
def min_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@jvp_rule(np.min, "x")
def min_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


# In NumPy 2 np.amax/np.amin are separate functions from np.max/np.min (same maths).
@vjp_rule(np.amax, "x", name="AmaxBackward0")
def amax_x(g, ans, x, axis=None, out=None, keepdims=False):
    return _extreme_x(g, ans, x, axis, keepdims)


@batched_jvp_rule(np.amax, "x")
def amax_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@jvp_rule(np.amax, "x")
def amax_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@vjp_rule(np.amin, "x", name="AminBackward0")
def amin_x(g, ans, x, axis=None, out=None, keepdims=False):
    return _extreme_x(g, ans, x, axis, keepdims)


@batched_jvp_rule(np.amin, "x")
def amin_dx_batched(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent_batched(ans, dx, x, axis, keepdims)


@jvp_rule(np.amin, "x")
def amin_dx(ans, dx, x, axis=None, out=None, keepdims=False):
    return extreme_tangent(ans, dx, x, axis, keepdims)


@vjp_rule(np.var, "x", name="VarBackward0")
def var_x(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return unreduce(g, x, axis, keepdims) * centred * (2 / (reduced_size(x, ans) - ddof))


@batched_jvp_rule(np.var, "x")
def var_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    total = np.sum(centred * dx, axis=batch_axis(axis, x), keepdims=keepdims)
    return total * (2 / (reduced_size(x, ans) - ddof))


@jvp_rule(np.var, "x")
def var_dx(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return np.sum(centred * dx, axis=axis, keepdims=keepdims) * (2 / (reduced_size(x, ans) - ddof))


@vjp_rule(np.std, "x", name="StdBackward0")
def std_x(g, ans, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return unreduce(g / ans, x, axis, keepdims) * centred / (reduced_size(x, ans) - ddof)


@batched_jvp_rule(np.std, "x")
def std_dx_batched(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    total = np.sum(centred * dx, axis=batch_axis(axis, x), keepdims=keepdims)
    return total / ((reduced_size(x, ans) - ddof) * ans)


@jvp_rule(np.std, "x")
def std_dx(ans, dx, x, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    centred = x - np.mean(x, axis=axis, keepdims=True)
    return np.sum(centred * dx, axis=axis, keepdims=keepdims) / (
        (reduced_size(x, ans) - ddof) * ans
    )


@vjp_rule(np.cumsum, "x", name="CumsumBackward0")
def cumsum_x(g, ans, x, axis=None, dtype=None, out=None):
    # Each x[i] feeds ans[i:], so its gradient is the reversed cumulative sum of g.
    if axis is None:
        return np.reshape(np.flip(np.cumsum(np.flip(g))), np.shape(x))
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


@batched_jvp_rule(np.cumsum, "x")
def cumsum_dx_batched(ans, dx, x, axis=None, dtype=None, out=None):
    if axis is None:  # over the flattened array
        return np.cumsum(np.reshape(dx, (len(dx), -1)), axis=1, dtype=dtype)
    return np.cumsum(dx, axis=batch_axis(axis, x), dtype=dtype)


@jvp_rule(np.cumsum, "x")
def cumsum_dx(ans, dx, x, axis=None, dtype=None, out=None):
    return np.cumsum(dx, axis=axis, dtype=dtype)


# One number without axis and keepdims (np.amax and np.amin are np.max and np.min).
reduction(np.sum, np.mean, np.max, np.min, np.amax, np.amin, np.prod, np.var, np.std)
