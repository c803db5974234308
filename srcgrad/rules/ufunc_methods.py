"""Rules for the ``reduce`` and ``accumulate`` methods of differentiable ufuncs:
``np.add.reduce``, ``np.multiply.reduce``, ``np.maximum.reduce`` (and minimum, fmax,
fmin), ``np.logaddexp.reduce``, ``np.logaddexp2.reduce``; ``np.add.accumulate``,
``np.multiply.accumulate``, ``np.maximum.accumulate`` and ``np.minimum.accumulate``
(reverse and forward rules side by side).

A bound method such as ``np.add.reduce`` is a new object on each access, but equal ones
hash alike, so the table finds the entry whichever access the code makes. Each method
means the same as a reduction with a rule already (``np.add.reduce(x, axis)`` is
``np.sum(x, axis)``), so most entries call that reduction's rules, read from the table.
``axis`` defaults to 0, as for the methods. ``initial`` and ``where`` are not covered.

>>> import numpy as np
>>> lookup(np.add.reduce) is lookup(np.add.reduce)
True
"""

from __future__ import annotations

import numpy as np

from .cumulative import cumprod_a, cumprod_da
from .helpers import expand_reduced
from .indexing import scatter_add
from .registry import UnsupportedDerivative, jvp_rule, lookup, nondifferentiable, vjp_rule


def _check_options(method, initial, where):
    if initial is not None or where is not True:
        raise UnsupportedDerivative(
            f"{method} with initial= or where= has no derivative rule in srcgrad; "
            "apply the initial value or mask outside the call"
        )


def _register_reduce(ufunc, reduction, name):
    """Rules for ``ufunc.reduce`` taken from ``reduction``'s entry (np.sum for np.add)."""
    entry = lookup(reduction)
    grad, tangent = entry.grads["x"], entry.tangents["x"]
    method = f"np.{ufunc.__name__}.reduce"

    @vjp_rule(ufunc.reduce, "a", name=name)
    def reduce_a(
        g, ans, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
    ):
        _check_options(method, initial, where)
        return grad(g, ans, a, axis=axis, keepdims=keepdims)

    @jvp_rule(ufunc.reduce, "a")
    def reduce_da(
        ans, da, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
    ):
        _check_options(method, initial, where)
        return tangent(ans, da, a, axis=axis, keepdims=keepdims)


_register_reduce(np.add, np.sum, "SumBackward1")
_register_reduce(np.multiply, np.prod, "ProdBackward1")
for _ufunc, _reduction in [(np.maximum, np.max), (np.fmax, np.max)]:
    _register_reduce(_ufunc, _reduction, "MaxBackward0")
for _ufunc, _reduction in [(np.minimum, np.min), (np.fmin, np.min)]:
    _register_reduce(_ufunc, _reduction, "MinBackward0")


def _log_shares(a, ans, axis, keepdims):
    """``a - ans``: the log of each entry's share of a logaddexp reduction."""
    return a - expand_reduced(ans, a, axis, keepdims)


@vjp_rule(np.logaddexp.reduce, "a", name="LogsumexpBackward0")
def logaddexp_reduce_a(
    g, ans, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
):
    _check_options("np.logaddexp.reduce", initial, where)
    return expand_reduced(g, a, axis, keepdims) * np.exp(_log_shares(a, ans, axis, keepdims))


@jvp_rule(np.logaddexp.reduce, "a")
def logaddexp_reduce_da(
    ans, da, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
):
    weights = np.exp(_log_shares(a, ans, axis, keepdims))
    return np.sum(da * weights, axis=axis, keepdims=keepdims)


@vjp_rule(np.logaddexp2.reduce, "a", name="LogsumexpBackward0")
def logaddexp2_reduce_a(
    g, ans, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
):
    _check_options("np.logaddexp2.reduce", initial, where)
    return expand_reduced(g, a, axis, keepdims) * np.exp2(_log_shares(a, ans, axis, keepdims))


@jvp_rule(np.logaddexp2.reduce, "a")
def logaddexp2_reduce_da(
    ans, da, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True
):
    weights = np.exp2(_log_shares(a, ans, axis, keepdims))
    return np.sum(da * weights, axis=axis, keepdims=keepdims)


# ---- accumulate -------------------------------------------------------------------------
@vjp_rule(np.add.accumulate, "a", name="CumsumBackward0")
def add_accumulate_a(g, ans, a, axis=0, dtype=None, out=None):
    return lookup(np.cumsum).grads["x"](g, ans, a, axis=axis)


@jvp_rule(np.add.accumulate, "a")
def add_accumulate_da(ans, da, a, axis=0, dtype=None, out=None):
    return np.add.accumulate(da, axis=axis)


@vjp_rule(np.multiply.accumulate, "a", name="CumprodBackward0")
def multiply_accumulate_a(g, ans, a, axis=0, dtype=None, out=None):
    return cumprod_a(g, ans, a, axis=axis)


@jvp_rule(np.multiply.accumulate, "a")
def multiply_accumulate_da(ans, da, a, axis=0, dtype=None, out=None):
    return cumprod_da(ans, da, a, axis=axis)


def _record_holders(a, ans, axis):
    """For each place of a running max/min, the place of ``a`` that set its value (the
    first of equal values)."""
    axis = int(axis) % np.ndim(a)
    first = (slice(None),) * axis + (slice(0, 1),)
    rest = (slice(None),) * axis + (slice(0, -1),)
    before = np.concatenate([ans[first], ans[rest]], axis=axis)
    places = np.arange(np.shape(a)[axis])
    places = np.reshape(places, (-1,) + (1,) * (np.ndim(a) - axis - 1))
    is_new = (ans != before) | (places == 0)  # the running value changed here
    return np.maximum.accumulate(np.where(is_new, places, 0), axis=axis), axis


def _running_extreme_grad(g, a, ans, axis):
    holders, axis = _record_holders(a, ans, axis)
    shape = np.shape(a)
    index = tuple(
        holders if d == axis else np.reshape(np.arange(n), (-1,) + (1,) * (len(shape) - d - 1))
        for d, n in enumerate(shape)
    )
    return scatter_add(g, index, shape)


def _running_extreme_tangent(da, a, ans, axis):
    holders, axis = _record_holders(a, ans, axis)
    return np.take_along_axis(da, holders, axis=axis)


@vjp_rule(np.maximum.accumulate, "a", name="CummaxBackward0")
def maximum_accumulate_a(g, ans, a, axis=0, dtype=None, out=None):
    return _running_extreme_grad(g, a, ans, axis)


@jvp_rule(np.maximum.accumulate, "a")
def maximum_accumulate_da(ans, da, a, axis=0, dtype=None, out=None):
    return _running_extreme_tangent(da, a, ans, axis)


@vjp_rule(np.minimum.accumulate, "a", name="CumminBackward0")
def minimum_accumulate_a(g, ans, a, axis=0, dtype=None, out=None):
    return _running_extreme_grad(g, a, ans, axis)


@jvp_rule(np.minimum.accumulate, "a")
def minimum_accumulate_da(ans, da, a, axis=0, dtype=None, out=None):
    return _running_extreme_tangent(da, a, ans, axis)


# Helpers that compute positions only: their results carry no gradient.
nondifferentiable(_record_holders)
