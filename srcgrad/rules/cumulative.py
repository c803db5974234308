"""Rules for cumulative products and differences: cumprod, diff, gradient, trapezoid and
polyval (reverse and forward rules side by side).

``cumprod`` is exact with zeros in the input: the gradient of ``cumprod(a)[j]`` for
``a[i]`` is the product of the other entries up to ``j``, which is not ``ans / a[i]``
where ``a[i]`` is 0. Only the first zero of a slice can get a nonzero gradient there
(every later entry's product contains that zero):

>>> import numpy as np
>>> a = np.array([2.0, 0.0, 3.0])
>>> cumprod_a(np.ones(3), np.cumprod(a), a)
array([1., 8., 0.])

``diff``, ``gradient`` and ``trapezoid`` are linear in the values. ``trapezoid``'s ``dx``
is differentiated; its sample points ``x`` and ``gradient``'s spacings are not (a gradient
reaching them is an error: the name ``dx`` of trapezoid's own parameter leaves no name for
the tangent of ``x``).
"""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .indexing import scatter_add
from .registry import jvp_rule, nondifferentiable, returns_tuple, vjp_rule

_NO_VALUE = np._NoValue


def _reverse_cumsum(x, axis):
    return np.flip(np.cumsum(np.flip(x, axis), axis), axis)


# ---- cumprod ----------------------------------------------------------------------------
def _first_zero(a, axis):
    """Where the first zero of each slice is, and the places from it on."""
    zero = a == 0
    seen = np.cumsum(zero, axis=axis)
    return zero & (seen == 1), seen >= 1


def _cumprod_parts(a, first, axis):
    """(``a`` with zeros as 1, the product of the entries before the first zero)."""
    safe = np.where(a == 0, 1, a)
    before = np.sum(np.where(first, np.cumprod(safe, axis=axis), 0), axis=axis, keepdims=True)
    return safe, before


@vjp_rule(np.cumprod, "a", name="CumprodBackward0")
def cumprod_a(g, ans, a, axis=None, dtype=None, out=None):
    if axis is None:
        flat = cumprod_a(np.ravel(g), np.ravel(ans), np.ravel(a), 0)
        return np.reshape(flat, np.shape(a))
    first, after = _first_zero(a, axis)
    safe, before = _cumprod_parts(a, first, axis)
    # Before the first zero a[i] != 0: sum_{j >= i} g[j] ans[j] / a[i] (ans is 0 from the
    # zero on). At the first zero z: prod(a[:z]) * sum_{j >= z} g[j] prod(a[z+1 : j+1]).
    plain = _reverse_cumsum(g * ans, axis) / safe
    later = np.cumprod(np.where(after & ~first, a, 1), axis=axis)
    at_zero = before * np.sum(np.where(after, g * later, 0), axis=axis, keepdims=True)
    return np.where(after, np.where(first, at_zero, 0), plain)


@jvp_rule(np.cumprod, "a")
def cumprod_da(ans, da, a, axis=None, dtype=None, out=None):
    if axis is None:
        return cumprod_da(np.ravel(ans), np.ravel(da), np.ravel(a), 0)
    first, after = _first_zero(a, axis)
    safe, before = _cumprod_parts(a, first, axis)
    plain = ans * np.cumsum(da / safe, axis=axis)
    da_zero = np.sum(np.where(first, da, 0), axis=axis, keepdims=True)
    later = np.cumprod(np.where(after & ~first, a, 1), axis=axis)
    return np.where(after, da_zero * before * later, plain)


# ---- diff -------------------------------------------------------------------------------
def _edge(value, a, axis):
    """``prepend``/``append`` as ``np.diff`` uses it: broadcast to one slice of ``a``."""
    if np.ndim(value) == 0:
        shape = list(np.shape(a))
        shape[axis] = 1
        return np.broadcast_to(value, tuple(shape))
    return value


def _edge_size(value, a, axis):
    return 0 if value is None else np.shape(_edge(value, a, axis))[axis]


def _diff_transposed(g, n, axis):
    """The adjoint of ``np.diff(., n, axis)`` applied to ``g``."""
    for _ in range(n):
        zero = np.zeros_like(np.take(g, [0], axis=axis))
        g = -np.diff(np.concatenate([zero, g, zero], axis=axis), axis=axis)
    return g


def _diff_part(g, a, n, axis, prepend, append, start, length):
    axis = int(axis) % np.ndim(a)
    full = _diff_transposed(g, n, axis)
    begin = _edge_size(prepend, a, axis) + start
    index = (slice(None),) * axis + (slice(begin, begin + length),)
    return full[index]


@vjp_rule(np.diff, "a", name="DiffBackward0")
def diff_a(g, ans, a, n=1, axis=-1, prepend=None, append=None):
    size = np.shape(a)[int(axis)]
    return _diff_part(g, a, n, axis, prepend, append, 0, size)


@vjp_rule(np.diff, "prepend")
def diff_prepend(g, ans, a, n=1, axis=-1, prepend=None, append=None):
    size = _edge_size(prepend, a, int(axis) % np.ndim(a))
    return unbroadcast(_diff_part(g, a, n, axis, prepend, append, -size, size), prepend)


@vjp_rule(np.diff, "append")
def diff_append(g, ans, a, n=1, axis=-1, prepend=None, append=None):
    axis = int(axis) % np.ndim(a)
    size, start = _edge_size(append, a, axis), np.shape(a)[axis]
    return unbroadcast(_diff_part(g, a, n, axis, prepend, append, start, size), append)


def _diff_of(parts, n, axis):
    return np.diff(np.concatenate(parts, axis=axis), n=n, axis=axis)


def _zero_edge(value, a, axis):
    return [] if value is None else [np.zeros(np.shape(_edge(value, a, axis)))]


@jvp_rule(np.diff, "a")
def diff_da(ans, da, a, n=1, axis=-1, prepend=None, append=None):
    axis = int(axis) % np.ndim(a)
    parts = _zero_edge(prepend, a, axis) + [da] + _zero_edge(append, a, axis)
    return _diff_of(parts, n, axis)


@jvp_rule(np.diff, "prepend")
def diff_dprepend(ans, dprepend, a, n=1, axis=-1, prepend=None, append=None):
    axis = int(axis) % np.ndim(a)
    parts = [_edge(dprepend, a, axis), np.zeros(np.shape(a))] + _zero_edge(append, a, axis)
    return _diff_of(parts, n, axis)


@jvp_rule(np.diff, "append")
def diff_dappend(ans, dappend, a, n=1, axis=-1, prepend=None, append=None):
    axis = int(axis) % np.ndim(a)
    parts = _zero_edge(prepend, a, axis) + [np.zeros(np.shape(a)), _edge(dappend, a, axis)]
    return _diff_of(parts, n, axis)


# ---- gradient ---------------------------------------------------------------------------
# np.gradient along one axis is a banded linear map: output i reads inputs i-2 .. i+2 at
# most (second-order edges). Applying it to the combs e_c = [k % 5 == c] finds every
# coefficient, since each window of five holds exactly one tooth of each comb.
_BAND = 5


def _gradient_axes(f, axis):
    if axis is None:
        return tuple(range(np.ndim(f)))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(int(a) % np.ndim(f) for a in axes)


def _spacing_for(varargs, k):
    """The spacing argument(s) np.gradient uses along its k-th axis."""
    if len(varargs) == 0:
        return ()
    return (varargs[0],) if len(varargs) == 1 else (varargs[k],)


def _gradient_adjoint(g, n, axis, spacing, edge_order):
    """The adjoint of ``np.gradient`` along ``axis`` (length ``n``) applied to ``g``."""
    places = np.arange(n)
    shape = [1] * np.ndim(g)
    shape[axis] = n
    total = None
    for c in range(_BAND):
        comb = (places % _BAND == c).astype(float)
        coefficient = np.gradient(comb, *spacing, edge_order=edge_order)
        source = places + (c - places + 2) % _BAND - 2
        valid = (source >= 0) & (source < n)
        weight = np.reshape(np.where(valid, coefficient, 0.0), shape).astype(np.result_type(g))
        index = (slice(None),) * axis + (np.clip(source, 0, n - 1),)
        part = scatter_add(g * weight, index, np.shape(g))
        total = part if total is None else total + part
    return total


@vjp_rule(np.gradient, "f", name="GradientBackward0")
def gradient_f(g, ans, f, *varargs, axis=None, edge_order=1):
    axes = _gradient_axes(f, axis)
    grads = list(g) if isinstance(ans, (list, tuple)) else [g]
    total = None
    for k, (ax, gk) in enumerate(zip(axes, grads, strict=True)):
        if gk is None:
            continue
        spacing = _spacing_for(varargs, k)
        part = _gradient_adjoint(gk, np.shape(f)[ax], ax, spacing, edge_order)
        total = part if total is None else total + part
    return np.zeros(np.shape(f)) if total is None else total


@jvp_rule(np.gradient, "f")
def gradient_df(ans, df, f, *varargs, axis=None, edge_order=1):
    return np.gradient(df, *varargs, axis=axis, edge_order=edge_order)


# ---- trapezoid --------------------------------------------------------------------------
def _widths(y, x, dx, axis):
    """The interval widths along ``axis``, shaped to broadcast against ``y``'s intervals."""
    if x is None:
        return np.ones(_interval_shape(y, axis), dtype=np.result_type(y, 1.0)) * dx
    d = np.diff(x, axis=axis if np.ndim(x) > 1 else -1)
    if np.ndim(x) == 1:
        shape = [1] * np.ndim(y)
        shape[axis] = np.shape(d)[0]
        d = np.reshape(d, shape)
    return d


def _trapezoid_axis(y, axis):
    return int(axis) % np.ndim(y)


def _interval_means(y, axis):
    lower = (slice(None),) * axis + (slice(None, -1),)
    upper = (slice(None),) * axis + (slice(1, None),)
    return (y[lower] + y[upper]) / 2


@vjp_rule(np.trapezoid, "y", name="TrapezoidBackward0")
def trapezoid_y(g, ans, y, x=None, dx=1.0, axis=-1):
    axis = _trapezoid_axis(y, axis)
    widths = np.broadcast_to(_widths(y, x, dx, axis), _interval_shape(y, axis))
    return np.expand_dims(g, axis) * _pad_sum(widths, axis) / 2


def _interval_shape(y, axis):
    shape = list(np.shape(y))
    shape[axis] -= 1
    return tuple(shape)


def _pad_sum(widths, axis):
    """``w[i-1] + w[i]`` for every point i (missing neighbours count as 0)."""
    pad = np.zeros_like(np.take(widths, [0], axis=axis))
    return np.concatenate([pad, widths], axis=axis) + np.concatenate([widths, pad], axis=axis)


@vjp_rule(np.trapezoid, "dx")
def trapezoid_dx(g, ans, y, x=None, dx=1.0, axis=-1):
    axis = _trapezoid_axis(y, axis)
    return unbroadcast(np.sum(_interval_means(y, axis), axis=axis) * g, dx)


@jvp_rule(np.trapezoid, "y")
def trapezoid_dy(ans, dy, y, x=None, dx=1.0, axis=-1):
    return np.trapezoid(dy, x, dx, axis=axis)


@jvp_rule(np.trapezoid, "dx")
def trapezoid_ddx(ans, ddx, y, x=None, dx=1.0, axis=-1):
    axis = _trapezoid_axis(y, axis)
    return np.sum(_interval_means(y, axis), axis=axis) * ddx


# ---- polyval ----------------------------------------------------------------------------
def _powers(p, x):
    """``x ** k`` for the exponents of ``p``'s coefficients (highest first), on a last axis."""
    exponents = np.arange(np.shape(p)[0] - 1, -1, -1).astype(np.result_type(x, 1.0))
    return np.power(np.expand_dims(x, -1), exponents)


def _derivative_coefficients(p):
    n = np.shape(p)[0]
    if n == 1:
        return np.zeros_like(p)
    return p[:-1] * np.arange(n - 1, 0, -1).astype(np.result_type(p, 1.0))


@vjp_rule(np.polyval, "p", name="PolyvalBackward0")
def polyval_p(g, ans, p, x):
    terms = np.reshape(np.expand_dims(g, -1) * _powers(p, x), (-1, np.shape(p)[0]))
    return np.sum(terms, axis=0)


@vjp_rule(np.polyval, "x")
def polyval_x(g, ans, p, x):
    return unbroadcast(g * np.polyval(_derivative_coefficients(p), x), x)


@jvp_rule(np.polyval, "p")
def polyval_dp(ans, dp, p, x):
    return np.broadcast_to(np.polyval(dp, x), np.shape(ans))


@jvp_rule(np.polyval, "x")
def polyval_dx(ans, dx, p, x):
    return dx * np.polyval(_derivative_coefficients(p), x)


returns_tuple(np.gradient)
# Helpers that compute positions and sizes only: their results carry no gradient.
nondifferentiable(_first_zero, _edge_size, _trapezoid_axis, _interval_shape)
