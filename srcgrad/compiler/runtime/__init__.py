"""Helpers the generated code calls for Python containers and saved values.

Arrays and numbers get their gradients from inlined rules; lists, tuples and dicts get
them here. A container's gradient is a list (or dict) with one entry per element, where
``None`` stands for an element that received no gradient.
"""

from __future__ import annotations

import operator

import numpy as np

from ...arrays import refuse_other_arrays
from ...rules import assign_index, lookup, nondifferentiable, unbroadcast
from ...rules.helper_rules import broadcast_back
from ...rules.helpers import along_axis_index, size_of
from ...rules.indexing import written_last
from ...rules.registry import jvp_rule, jvp_rule_all, returns_view, shape_only, vjp_rule

__all__ = [
    "add_grads",
    "as_indexable",
    "grad_item",
    "on_tape",
    "index_grad",
    "pop_grad",
    "refuse_shared",
    "Refused",
    "refuse_truncation",
    "require_array",
    "require_list",
    "refuse_list_extend",
    "flat_positions",
    "diagonal_positions",
    "check_putmask",
    "region",
    "replay",
    "restore",
    "unappend",
    "setitem_cleared_grad",
    "setitem_value_grad",
    "shape_of",
    "zeros_like",
    "unbroadcast",
]

_getitem_x = lookup(operator.getitem).grads["x"]
_assign_index_value = lookup(assign_index).grads["value"]
_CONTAINERS = (list, tuple)


class Refused(TypeError, ValueError):
    """A check in generated code found a case the compiled gradient cannot follow (an array
    changed through a second name, a truncating write...). ``mode="auto"`` runs the call on
    the tape instead; ``mode="compile"`` raises it."""


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


def refuse_truncation(obj):
    """Before a write of a value that carries a gradient into ``obj``: an integer or
    boolean array would truncate the value, which the compiled gradient does not follow."""
    kind = getattr(getattr(obj, "dtype", None), "kind", "f")
    if kind in "biu":
        raise Refused(
            f"srcgrad: a value that carries a gradient is written into an array of dtype "
            f"{obj.dtype}, which truncates it; make the array float (np.zeros(n)), or round "
            "the value explicitly (np.round, np.floor) if truncation is what you mean"
        )


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


def on_tape(fn, wrt, *args, **kwargs):
    """Run ``fn(*args, **kwargs)`` on the tape engine: a tape island in compiled code.

    ``wrt`` lists the positions (ints) and keywords (strs) of the arguments that carry a
    gradient; they enter as Tensors (a list or tuple argument as a list or tuple of
    Tensors, one per element). Returns ``(value, backward)`` where ``backward(output_grad)``
    gives one gradient per ``wrt`` entry (a list of gradients for a list argument) and may
    run again. Converting one of those Tensors to a plain number or array inside ``fn``
    raises :class:`~srcgrad.tape.GradientLostError` instead of losing its gradient.
    """
    from ... import autograd
    from ...tape import Tensor
    from ...tape_runner import call_standing_in

    name = getattr(fn, "__qualname__", fn)
    refuse_other_arrays([args, kwargs], f"the call of {name!r} runs on the tape engine")
    args, kwargs = list(args), dict(kwargs)
    entries = []  # per wrt entry: [(leaf, value)], one pair per element for a sequence
    for key in wrt:
        value = args[key] if isinstance(key, int) else kwargs[key]
        pairs, copy = _tape_inputs(value)
        entries.append((pairs, isinstance(value, (list, tuple))))
        if isinstance(key, int):
            args[key] = copy
        else:
            kwargs[key] = copy
    out = call_standing_in(fn, args, kwargs, wrt)
    if not isinstance(out, (Tensor, np.ndarray, np.generic, int, float, complex)):
        raise Refused(
            f"srcgrad: {getattr(fn, '__qualname__', fn)!r} ran on the tape and returned a "
            f"{type(out).__name__}; a call that runs on the tape must return one array or number"
        )
    leaves = [leaf for pairs, _ in entries for leaf, _ in pairs]
    if not isinstance(out, Tensor) or not out.requires_grad:
        # Nothing fn computed from the Tensors reached its result: the gradient is zero.
        result = out.data if isinstance(out, Tensor) else out
        return result, lambda output_grad: _regroup(entries, [None] * len(leaves))

    def backward(output_grad):
        seed = Tensor(np.asarray(output_grad, dtype=out.dtype).reshape(out.shape))
        grads = autograd.grad([out], leaves, [seed], retain_graph=True, allow_unused=True)
        return _regroup(entries, grads)

    value = out.data
    return (value[()] if value.ndim == 0 else value), backward


def _tape_inputs(value):
    """([(leaf, value)], the value ``fn`` is given): one leaf per element of a sequence."""
    from ...tape_runner import leaf_and_copy

    if isinstance(value, (list, tuple)):
        pairs, copies = [], []
        for item in value:
            leaf, copy = leaf_and_copy(item)
            pairs.append((leaf, item))
            copies.append(copy)
        return pairs, type(value)(copies) if type(value) in (list, tuple) else copies
    leaf, copy = leaf_and_copy(value)
    return [(leaf, value)], copy


def _regroup(entries, grads):
    """One plain gradient per wrt entry (a list of them for a sequence argument)."""
    grads, result = list(grads), []
    for pairs, is_sequence in entries:
        plain = []
        for _, value in pairs:
            grad = grads.pop(0)
            plain.append(zeros_like(value) if grad is None else _plain(grad.data, value))
        result.append(plain if is_sequence else plain[0])
    return tuple(result)


def _plain(gradient, value):
    """A gradient from the tape in the form the compiled code uses for ``value``."""
    if isinstance(value, np.ndarray):
        return gradient
    return gradient[()] if gradient.ndim == 0 else gradient


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


def require_array(value, method, where):
    """Before ``obj.sum()``-style calls compiled with NumPy's rule: ``obj`` must be an
    array or a number (a model object's own ``.dot`` or ``.copy`` means something else)."""
    kind = type(value)
    if (
        isinstance(value, (np.ndarray, np.generic, int, float, complex, list, tuple, dict))
        or hasattr(kind, "__srcgrad_primitive__")
        or kind.__module__.split(".")[0] in ("dask", "cupy")
    ):
        return
    raise Refused(
        f"srcgrad: {where}: .{method}() is called on a {kind.__name__}, not an array, so "
        "NumPy's derivative rule for it does not apply; call a function with source or a "
        'NumPy function on arrays, or use mode="tape"'
    )


def require_list(value, where):
    """Before ``obj.append(v)`` compiled as a list's append: ``obj`` must be a list (a user
    object's own ``append`` may store something else, or elsewhere)."""
    if isinstance(value, list):
        return
    raise Refused(
        f"srcgrad: {where}: .append() is called on a {type(value).__name__}, not a list, so "
        "the compiled gradient cannot follow what it stores; use a list, or "
        'mode="tape"'
    )


def refuse_list_extend(value, where):
    """Before ``items += other`` (or ``*=``) compiled as ``items = items + other``: on a
    list, ``+=`` and ``*=`` change it in place, which every other name of the list sees."""
    if isinstance(value, list):
        raise Refused(
            f"srcgrad: {where}: '+=' or '*=' changes a list in place, which the compiled "
            "gradient does not follow; append the items (items.append(v)), or use "
            'mode="tape"'
        )


def flat_positions(indices, array):
    """The coordinates ``np.put(array, indices, v)`` writes, as an index for ``array``.

    >>> flat_positions([0, -1], np.zeros((2, 2)))
    (array([0, 1]), array([0, 1]))
    """
    flat = np.asarray(indices).ravel()
    size = size_of(array)
    if flat.dtype.kind not in "iu" or np.any((flat < -size) | (flat >= size)):
        raise IndexError(f"np.put: index out of range for an array of size {size}")
    return np.unravel_index(flat % size, np.shape(array))


def along_axis_positions(indices, array, axis):
    """The coordinates ``np.put_along_axis(array, indices, v, axis)`` writes."""
    if axis is None:
        return flat_positions(indices, array)
    return along_axis_index(np.shape(array), np.asarray(indices), axis)


def diagonal_positions(array, wrap=False):
    """The coordinates ``np.fill_diagonal(array, v, wrap)`` writes."""
    shape = np.shape(array)
    if len(shape) < 2 or (len(shape) > 2 and len(set(shape)) != 1):
        raise ValueError("np.fill_diagonal needs a 2-d array, or all dimensions equal")
    if len(shape) == 2:
        step = shape[1] + 1
        end = None if wrap else shape[1] * shape[1]
    else:
        step = 1 + int(np.sum(np.cumprod(shape[:-1])))
        end = None
    flat = np.arange(np.prod(shape))[:end:step]
    return np.unravel_index(flat, shape)


def check_putmask(array, values, where):
    """``np.putmask(a, m, v)`` is compiled as ``np.where(m, v, a)``: the same when ``v`` is
    one number or shaped like ``a``; NumPy's repeating of shorter ``v`` is refused."""
    if size_of(values) != 1 and np.shape(values) != np.shape(array):
        raise Refused(
            f"srcgrad: {where}: np.putmask with values shaped {np.shape(values)} for an array "
            f"shaped {np.shape(array)} repeats the values, which the compiled gradient does "
            "not follow; pass one value or values shaped like the array"
        )


def refuse_shared(value, others, where, container=None, outside=False):
    """Before ``x += a`` (or ``y[i] += a``): raise if the array ``x`` (the element ``y[i]``)
    shares memory with one of ``others`` (or, for an element of a list or dict ``y``, with
    another of its elements).

    ``x += a`` changes an array in place, so every other name for it changes too, which
    the compiled gradient (treating ``x += a`` as ``x = x + a``) cannot follow. Numbers
    are never changed in place, so they pass; so does ``y[i] += a`` on an array ``y``,
    which is an ordinary write into ``y``.
    """
    if not isinstance(value, np.ndarray) or isinstance(container, np.ndarray):
        return
    if outside:
        raise Refused(
            f"srcgrad: {where}: '+=' changes in place an array the function was given (the "
            "caller's array, which it then sees changed), which the compiled gradient cannot "
            'follow; write x = x + a instead, or use mode="tape"'
        )
    items = list(others)
    if isinstance(container, (list, tuple, dict)):
        entries = list(container.values() if isinstance(container, dict) else container)
        own = next((i for i, item in enumerate(entries) if item is value), len(entries))
        items.append(entries[:own] + entries[own + 1 :])  # its own slot aside, any holder
    for other in items:
        if any(_same_memory(value, item) for item in _held_by(other)):
            raise Refused(
                f"srcgrad: {where}: '+=' changes in place an array that another name "
                "also holds, which the compiled gradient cannot follow; write x = x + a "
                'instead (for a list element, y[i] = y[i] + a), or use mode="tape"'
            )


def _held_by(other):
    if isinstance(other, (list, tuple)):
        return [held for item in other for held in _held_by(item)]
    if isinstance(other, dict):
        return [held for item in other.values() for held in _held_by(item)]
    return [other]


def _same_memory(value, other) -> bool:
    return other is value or (isinstance(other, np.ndarray) and np.may_share_memory(value, other))


# Checks the generated code makes: they return nothing (or raise), so code that calls them
# is differentiated again (second order) without a gradient through them.
nondifferentiable(
    require_array,
    require_list,
    refuse_list_extend,
    refuse_shared,
    refuse_truncation,
    check_putmask,
)
