"""Rules for Python builtins that user code calls on numbers, arrays and lists:
``sum``, ``max``, ``min`` and ``float``.

``max``/``min`` pass the gradient to the element Python returns (the first of equal
candidates), as the function is piecewise the identity of that element.
"""

from __future__ import annotations

import builtins

import numpy as np

from .helpers import unbroadcast
from .indexing import scatter_add
from .registry import jvp_rule, jvp_rule_all, nondifferentiable, vjp_rule, vjp_rule_all
from .tangent_helpers import broadcast_like, tangent_or_zero, tangents_or_zeros


@vjp_rule_all(builtins.sum, name="SumBackward0")
def builtin_sum_grads(g, ans, iterable, start=None):
    if isinstance(iterable, (list, tuple)):
        items = [unbroadcast(g, item) for item in iterable]
    else:  # an array: sum() adds its rows
        items = np.broadcast_to(np.expand_dims(g, 0), np.shape(iterable))
    if start is None:
        return (items,)
    return (items, unbroadcast(g, start))


@jvp_rule_all(builtins.sum)
def builtin_sum_tangent(ans, tangents, iterable, start=None):
    """``sum(iterable)`` or ``sum(iterable, start)`` (``start`` by position or keyword:
    its tangent comes second either way)."""
    if isinstance(iterable, (list, tuple)):
        total = sum(tangents_or_zeros(tangents[0], iterable), 0.0)
    else:  # an array: sum() adds its rows
        total = np.sum(tangent_or_zero(tangents[0], iterable), axis=0)
    if start is not None and len(tangents) > 1:
        total = total + tangent_or_zero(tangents[1], start)
    return broadcast_like(total, ans)


def _chosen(pick, args):
    candidates = args[0] if len(args) == 1 else args
    best = 0
    for position, value in enumerate(candidates):
        if pick(value, candidates[best]):
            best = position
    return best


def _selection_grads(pick, g, args):
    position = _chosen(pick, args)
    candidates = args[0] if len(args) == 1 else args
    if len(args) == 1 and not isinstance(candidates, (list, tuple)):
        # An array: max() compares its rows; the chosen row gets g, the others zero.
        return (scatter_add(g, position, np.shape(candidates)),)
    grads = [g if i == position else np.zeros(np.shape(c)) for i, c in enumerate(candidates)]
    return (grads,) if len(args) == 1 else tuple(grads)


@vjp_rule_all(builtins.max, name="MaxBackward0")
def builtin_max_grads(g, ans, *args):
    return _selection_grads(lambda a, b: a > b, g, args)


def _picked_tangent(pick, tangents, args):
    """The tangent of the candidate that ``pick`` (builtins max or min) returns."""
    if len(args) == 1:
        candidates, ts = args[0], tangents[0]
        ts = [None] * len(candidates) if ts is None else ts
    else:
        candidates, ts = args, tangents
    position = pick(range(len(candidates)), key=candidates.__getitem__)
    return tangent_or_zero(ts[position], candidates[position])


@jvp_rule_all(builtins.max)
def builtin_max_tangent(ans, tangents, *args):
    return _picked_tangent(builtins.max, tangents, args)


@vjp_rule_all(builtins.min, name="MinBackward0")
def builtin_min_grads(g, ans, *args):
    return _selection_grads(lambda a, b: a < b, g, args)


@jvp_rule_all(builtins.min)
def builtin_min_tangent(ans, tangents, *args):
    return _picked_tangent(builtins.min, tangents, args)


@vjp_rule(builtins.float, "x", name="CopyBackwards")
def float_x(g, ans, x):
    return np.reshape(g, np.shape(x))


@jvp_rule(builtins.float, "x")
def float_dx(ans, dx, x):
    return float(dx)


# ``max(iterable)`` and ``min(iterable)`` with one argument, as primitives of fixed arity:
# their rules are plain code the compiler can transform again (second derivatives).
def max_of(iterable):
    """``max(iterable)``."""
    return builtins.max(iterable)


def min_of(iterable):
    """``min(iterable)``."""
    return builtins.min(iterable)


def max_position(items) -> int:
    """Where ``max(items)`` is: the first of equal largest items."""
    return builtins.max(range(len(items)), key=items.__getitem__)


def min_position(items) -> int:
    """Where ``min(items)`` is: the first of equal smallest items."""
    return builtins.min(range(len(items)), key=items.__getitem__)


nondifferentiable(max_position, min_position)


def picked_grad(g, position, items):
    """The gradient of ``items`` when only the item at ``position`` was picked."""
    if isinstance(items, (list, tuple)):  # the items max() compares have g's shape
        return [g if i == position else g * 0.0 for i in range(len(items))]
    return scatter_add(g, position, np.shape(items))


@vjp_rule(max_of, "iterable", name="MaxBackward0")
def max_of_iterable(g, ans, iterable):
    return picked_grad(g, max_position(iterable), iterable)


@vjp_rule(min_of, "iterable", name="MinBackward0")
def min_of_iterable(g, ans, iterable):
    return picked_grad(g, min_position(iterable), iterable)


@jvp_rule(max_of, "iterable")
def max_of_diterable(ans, diterable, iterable):
    return diterable[max_position(iterable)]


@jvp_rule(min_of, "iterable")
def min_of_diterable(ans, diterable, iterable):
    return diterable[min_position(iterable)]
