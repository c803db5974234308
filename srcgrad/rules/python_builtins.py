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
from .registry import vjp_rule, vjp_rule_all


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
