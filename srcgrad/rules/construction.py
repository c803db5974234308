"""Rules for building arrays from differentiated values: full and full_like (the fill
value), linspace (the end points) (reverse and forward rules side by side).

``np.full(shape, v)`` copies ``v`` (a number, or an array broadcast to ``shape``) to every
place, so ``v``'s gradient sums the output's gradient. ``np.linspace(start, stop, num)`` is
``start + (stop - start) * t`` for fixed fractions ``t``:

>>> import numpy as np
>>> linspace_stop(np.ones(3), np.linspace(0.0, 1.0, 3), 0.0, 1.0, 3)
np.float64(1.5)
"""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .registry import UnsupportedDerivative, jvp_rule, vjp_rule


@vjp_rule(np.full, "fill_value", name="FillBackward0")
def full_fill_value(g, ans, shape, fill_value, dtype=None, order="C", device=None, like=None):
    return unbroadcast(g, fill_value)


@jvp_rule(np.full, "fill_value")
def full_dfill_value(
    ans, dfill_value, shape, fill_value, dtype=None, order="C", device=None, like=None
):
    return np.broadcast_to(dfill_value, np.shape(ans))


@vjp_rule(np.full_like, "a", name="FillBackward0")
def full_like_a(g, ans, a, fill_value, dtype=None, order="K", subok=True, shape=None, device=None):
    return np.zeros_like(a)  # only a's shape and type are read: the derivative is 0


@jvp_rule(np.full_like, "a")
def full_like_da(
    ans, da, a, fill_value, dtype=None, order="K", subok=True, shape=None, device=None
):
    return np.zeros_like(ans)


@vjp_rule(np.full_like, "fill_value")
def full_like_fill_value(
    g, ans, a, fill_value, dtype=None, order="K", subok=True, shape=None, device=None
):
    return unbroadcast(g, fill_value)


@jvp_rule(np.full_like, "fill_value")
def full_like_dfill_value(
    ans, dfill_value, a, fill_value, dtype=None, order="K", subok=True, shape=None, device=None
):
    return np.broadcast_to(dfill_value, np.shape(ans))


def _fractions(ans, start, stop, num, endpoint, axis):
    """The fractions ``t`` of ``linspace``, shaped to broadcast against its output."""
    t = np.linspace(0.0, 1.0, num, endpoint=endpoint).astype(np.result_type(ans, 1.0))
    shape = [1] * np.ndim(ans)
    shape[int(axis) % np.ndim(ans)] = num
    return np.reshape(t, shape)


def _end_point_grad(g, weights, end, axis, ans):
    summed = np.sum(g * weights, axis=int(axis) % np.ndim(ans))
    return unbroadcast(summed, end)


def _check_retstep(retstep):
    if retstep:
        raise UnsupportedDerivative(
            "np.linspace(..., retstep=True) has no derivative rule in srcgrad; "
            "compute the step as (stop - start) / (num - 1)"
        )


@vjp_rule(np.linspace, "start", name="LinspaceBackward0")
def linspace_start(
    g, ans, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, device=None
):
    _check_retstep(retstep)
    t = _fractions(ans, start, stop, num, endpoint, axis)
    return _end_point_grad(g, 1 - t, start, axis, ans)


@vjp_rule(np.linspace, "stop")
def linspace_stop(
    g, ans, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, device=None
):
    _check_retstep(retstep)
    t = _fractions(ans, start, stop, num, endpoint, axis)
    return _end_point_grad(g, t, stop, axis, ans)


def _along(tangent, ans, axis):
    """A tangent of an end point, given the output's linspace axis of length 1."""
    return np.expand_dims(tangent, int(axis) % np.ndim(ans)) if np.ndim(tangent) else tangent


@jvp_rule(np.linspace, "start")
def linspace_dstart(
    ans, dstart, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, device=None
):
    t = _fractions(ans, start, stop, num, endpoint, axis)
    return np.broadcast_to(_along(dstart, ans, axis) * (1 - t), np.shape(ans))


@jvp_rule(np.linspace, "stop")
def linspace_dstop(
    ans, dstop, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, device=None
):
    t = _fractions(ans, start, stop, num, endpoint, axis)
    return np.broadcast_to(_along(dstop, ans, axis) * t, np.shape(ans))
