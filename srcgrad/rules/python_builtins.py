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
from .registry import jvp_rule, nondifferentiable, vjp_rule, vjp_rule_all


@vjp_rule_all(builtins.sum, name="SumBackward0")
def builtin_sum_grads(g, ans, iterable, start=None):
    if isinstance(iterable, (list, tuple)):
        items = [unbroadcast(g, item) for item in iterable]
    else:  # an array: sum() adds its rows
        items = np.broadcast_to(np.expand_dims(g, 0), np.shape(iterable))
    if start is None:
        return (items,)
    return (items, unbroadcast(g, start))


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


@vjp_rule_all(builtins.min, name="MinBackward0")
def builtin_min_grads(g, ans, *args):
    return _selection_grads(lambda a, b: a < b, g, args)


@vjp_rule(builtins.float, "x", name="CopyBackwards")
def float_x(g, ans, x):
    return np.reshape(g, np.shape(x))


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
