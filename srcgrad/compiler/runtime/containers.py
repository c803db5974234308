"""Gradients of Python containers, and the saved values of the reverse sweep.

Arrays and numbers get their gradients from inlined rules; lists, tuples and dicts get
them here. A container's gradient is a list (or dict) with one entry per element, where
``None`` stands for an element that received no gradient. ``restore``, ``unappend`` and
``replay`` let a backward closure undo the primal's writes and redo them, so it can run
again.
"""

from __future__ import annotations

import operator

import numpy as np

from ...rules import assign_index, lookup, nondifferentiable
from ...rules.helpers import broadcast_back
from ...rules.indexing import written_last
from ...rules.registry import jvp_rule, jvp_rule_all, returns_view, shape_only, vjp_rule
from .checks import Refused, refuse_truncation

_getitem_x = lookup(operator.getitem).grads["x"]
_assign_index_value = lookup(assign_index).grads["value"]
_CONTAINERS = (list, tuple)


class ShapeOf:
    """A saved stand-in for an array whose adjoint needs only its shape (and dtype)."""

    __slots__ = ("shape", "dtype")

    def __init__(self, array):
        self.shape, self.dtype = array.shape, array.dtype

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape))


def shape_of(value):
    """What to save of ``value`` when the adjoint reads only its shape."""
    return ShapeOf(value) if isinstance(value, np.ndarray) else value


def zeros_like(x):
    """The zero gradient of ``x``: a float zero array, 0.0, or an empty container gradient."""
    if isinstance(x, (np.ndarray, np.generic, ShapeOf)):
        dtype = x.dtype if x.dtype.kind in "fc" else np.float64
        return np.zeros(np.shape(x), dtype=dtype)
    if isinstance(x, _CONTAINERS):
        return [None] * len(x)
    if isinstance(x, dict):
        return {}
    if hasattr(x, "shape") and hasattr(x, "dtype"):  # array-likes such as tape Tensors
        return np.zeros_like(x)
    return 0.0


def add_grads(a, b):
    """``a + b`` for gradients, element by element for containers."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, _CONTAINERS):
        return [add_grads(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict):
        merged = dict(a)
        for key, value in b.items():
            merged[key] = add_grads(merged.get(key), value)
        return merged
    return a + b


def grad_item(grad, key, item):
    """Entry ``key`` of a container gradient, as zeros when the entry got none."""
    entry = grad.get(key) if isinstance(grad, dict) else grad[key]
    return zeros_like(item) if entry is None else entry


def index_grad(grad, obj, index):
    """Gradient of ``obj`` from the gradient of ``obj[index]``."""
    if isinstance(obj, _CONTAINERS):
        out = [None] * len(obj)
        out[index] = grad
        return out
    if isinstance(obj, dict):
        return {index: grad}
    return _getitem_x(grad, None, obj, index)


def setitem_value_grad(grad, index, value):
    """Gradient of ``value`` in ``obj[index] = value``, from the gradient of ``obj``."""
    if isinstance(grad, (*_CONTAINERS, dict)):
        return grad_item(grad, index, value)
    return _assign_index_value(grad, None, grad, index, value)


def setitem_cleared_grad(grad, index):
    """Gradient of ``obj`` before ``obj[index] = value``: the overwritten part gets none."""
    if isinstance(grad, _CONTAINERS):
        cleared = list(grad)
        cleared[index] = None
        return cleared
    if isinstance(grad, dict):
        return {key: value for key, value in grad.items() if key != index}
    return assign_index(grad, index, 0)


_MISSING = object()  # a dict key that was not there before the write


def region(obj, index):
    """A copy of ``obj[index]`` to restore after the reverse sweep passes the write."""
    if isinstance(obj, dict):
        return obj.get(index, _MISSING)
    if isinstance(obj, list) and not isinstance(index, (int, np.integer)):
        raise Refused(
            "srcgrad: a write into a slice of a list (which may change its length) cannot "
            "be compiled; build a new list instead (a = [new] + a[1:])"
        )
    refuse_truncation(obj)
    part = obj[index]
    return np.copy(part) if isinstance(part, np.ndarray) else part


def _put(obj, index, part):
    if part is _MISSING:
        del obj[index]
    else:
        obj[index] = part


def pop_grad(grad, value):
    """Split a list gradient into (gradient of its last element, the rest)."""
    last = grad[-1]
    return (zeros_like(value) if last is None else last), grad[:-1]


def as_indexable(iterable):
    """A sequence with ``len`` and integer indexing that iterates like ``iterable``."""
    if isinstance(iterable, (list, tuple, np.ndarray)):
        return iterable
    if hasattr(iterable, "__getitem__") and hasattr(iterable, "__len__"):
        if not isinstance(iterable, (dict, str)):
            return iterable
    return list(iterable)


def restore(redo, obj, index, old):
    """``obj[index] = old`` in the reverse sweep, remembering the newer values for ``replay``."""
    redo.append((_put, obj, index, region(obj, index)))
    _put(obj, index, old)


def unappend(redo, items):
    """Take the last element off a list in the reverse sweep, remembering it for ``replay``."""
    redo.append((list.append, items, items.pop()))


def replay(redo):
    """Redo, newest last, what ``restore`` and ``unappend`` undid: the primal state is back."""
    for action, *args in reversed(redo):
        action(*args)


# ---- rules for the helpers above, so that generated code can be differentiated again ----
nondifferentiable(zeros_like, shape_of)
returns_view(as_indexable, grad_item, setitem_value_grad)  # may return an argument itself
shape_only(index_grad, "obj", "index")
shape_only(grad_item, "item", "key")
shape_only(setitem_cleared_grad, "index")


@vjp_rule(add_grads, "a", name="AddBackward0")
def add_grads_a(g, ans, a, b):
    return g


@vjp_rule(add_grads, "b")
def add_grads_b(g, ans, a, b):
    return g


@jvp_rule_all(add_grads)
def add_grads_tangents(ans, tangents, a, b):
    return add_grads(*tangents)  # container tangents add entry by entry, as gradients do


@vjp_rule(as_indexable, "iterable", name="CloneBackward0")
def as_indexable_iterable(g, ans, iterable):
    return g


@jvp_rule(as_indexable, "iterable")
def as_indexable_diterable(ans, diterable, iterable):
    return as_indexable(diterable)


@vjp_rule(index_grad, "grad", name="IndexGradBackward")
def index_grad_grad(g, ans, grad, obj, index):
    return grad_item(g, index, grad)


@jvp_rule(index_grad, "grad")
def index_grad_dgrad(ans, dgrad, grad, obj, index):
    return index_grad(dgrad, obj, index)


@vjp_rule(grad_item, "grad", name="GradItemBackward")
def grad_item_grad(g, ans, grad, key, item):
    return index_grad(g, grad, key)


@jvp_rule(grad_item, "grad")
def grad_item_dgrad(ans, dgrad, grad, key, item):
    return grad_item(dgrad, key, item)


@vjp_rule(setitem_cleared_grad, "grad", name="ClearedGradBackward")
def setitem_cleared_grad_grad(g, ans, grad, index):
    return setitem_cleared_grad(g, index)


@jvp_rule(setitem_cleared_grad, "grad")
def setitem_cleared_grad_dgrad(ans, dgrad, grad, index):
    return setitem_cleared_grad(dgrad, index)


shape_only(region, "index")
shape_only(setitem_value_grad, "index", "value")


@vjp_rule(region, "obj", name="RegionBackward")
def region_obj(g, ans, obj, index):
    return index_grad(g, obj, index)


@jvp_rule(region, "obj")
def region_dobj(ans, dobj, obj, index):
    return region(dobj, index)


@vjp_rule(setitem_value_grad, "grad", name="SetitemValueGradBackward")
def setitem_value_grad_grad(g, ans, grad, index, value):
    if isinstance(grad, (*_CONTAINERS, dict)):
        return index_grad(g, grad, index)
    part = broadcast_back(g, grad[index])
    kept = written_last(np.shape(grad), index)
    return assign_index(np.zeros_like(grad), index, part if kept is None else part * kept)


@jvp_rule(setitem_value_grad, "grad")
def setitem_value_grad_dgrad(ans, dgrad, grad, index, value):
    return setitem_value_grad(dgrad, index, value)
