"""Recording: run a primitive on Tensors' arrays and attach its backward node.

Every differentiable operation goes through :func:`call` (or :func:`binary`, its fast
twin for operators). It computes the primitive on plain arrays, and when grad mode is on
and some input requires grad it looks the primitive up in :mod:`srcgrad.rules` and builds
an :class:`~srcgrad.tape.node.OpNode` that will call the rules at backward time. The rules
table is the only calculus: nothing here knows a derivative.
"""

from __future__ import annotations

import numpy as np

from ..rules import NoRuleError, lookup
from . import standin
from .complex_values import rule_for_call
from .grad_mode import _mode
from .node import node_class
from .plan import describe, no_rule_message, plan_for, snapshot
from .strict import stale_view_message, user_location
from .tensor_base import TensorBase

__all__ = [
    "call",
    "binary",
    "build_node",
    "describe",
    "unwrap",
    "unwrap_into",
    "unwrap_kwargs",
    "wrap_plain",
]


def unwrap_into(value, found: list):
    """``value`` with Tensors replaced by their arrays (inside lists/tuples too); the
    Tensors are appended to ``found``."""
    if isinstance(value, TensorBase):
        found.append(value)
        return value._data
    cls = type(value)
    if cls is list or cls is tuple:
        count = len(found)
        raw = [unwrap_into(item, found) for item in value]
        if len(found) == count:
            return value
        return raw if cls is list else tuple(raw)
    return value


def unwrap(value):
    """``value`` with every Tensor (also inside lists/tuples) replaced by its array."""
    return unwrap_into(value, [])


def unwrap_kwargs(kwargs: dict) -> dict:
    """``kwargs`` with Tensors replaced by their arrays."""
    return {key: unwrap_into(value, []) for key, value in kwargs.items()}


def call(primitive, args: tuple, kwargs: dict | None = None):
    """Run ``primitive(*args, **kwargs)`` on arrays; record it when a Tensor needs grad.
    Given no Tensor, it returns NumPy's result as it is."""
    found: list = []
    raw = tuple([unwrap_into(arg, found) for arg in args])
    if kwargs:
        raw_kwargs = {key: unwrap_into(value, found) for key, value in kwargs.items()}
        out = primitive(*raw, **raw_kwargs)
    else:
        kwargs = raw_kwargs = {}
        out = primitive(*raw)
    if type(out) is np.ndarray:
        for tensor in found:
            if tensor._data is out and not _cuts_gradient(primitive):
                return tensor  # NumPy gave the argument itself (np.real of a real array)
    if _mode.enabled:
        for tensor in found:
            if tensor._base is not None:
                refuse_stale_constant_view(tensor)
        for tensor in found:
            if tensor._requires_grad:
                return _record(primitive, args, raw, kwargs, raw_kwargs, out, found)
    return wrap_plain(out, found)


def refuse_stale_constant_view(tensor) -> None:
    """A view made while its base carried no gradient, used after a recorded write gave the
    base one (``row = buf[0]; buf[...] = x; row * 2``): its values came from that write, but
    its history says constant, so the gradient through it would be a silent zero."""
    if tensor._view_version == tensor._version[0] or tensor._requires_grad or not _mode.enabled:
        return
    base = tensor._base
    while base is not None:
        if base._requires_grad:
            raise RuntimeError(stale_view_message())
        base = base._base


def _cuts_gradient(primitive) -> bool:
    """True for a primitive whose result carries no gradient even when it is its argument
    (``stop_gradient``): the result is then a view of the argument, without its history."""
    rule = lookup(primitive)
    return rule is not None and rule.nondiff


def binary(primitive, x, y):
    """``call(primitive, (x, y))`` for the operators, with less bookkeeping."""
    x_is = isinstance(x, TensorBase)
    y_is = isinstance(y, TensorBase)
    xd = x._data if x_is else x
    yd = y._data if y_is else y
    out = primitive(xd, yd)
    if x_is and x._base is not None:
        refuse_stale_constant_view(x)
    if y_is and y._base is not None:
        refuse_stale_constant_view(y)
    if _mode.enabled and ((x_is and x._requires_grad) or (y_is and y._requires_grad)):
        found = [x, y] if x_is and y_is else [x] if x_is else [y]
        result = _record(primitive, (x, y), (xd, yd), {}, {}, out, found)
    elif type(out) is np.ndarray and out.base is None:
        return (x if x_is else y)._new_tensor(out)
    else:
        result = wrap_plain(out, [x, y] if x_is and y_is else [x] if x_is else [y])
    if type(out) is not np.ndarray and standin._state.depth:
        standin.python_result(result, x, y)
    return result


def _alias_version(array, found):
    """The input whose memory ``array`` views (or is), if any."""
    for tensor in found:
        if array is tensor._data:
            return tensor
    if array.base is not None:
        for tensor in found:
            if np.may_share_memory(array, tensor._data):
                return tensor
    return None


def _wrap_one(value, found, grad_fn=None, nr=0, version=None):
    """``value`` as a Tensor made by ``found[0]`` (one of the call's Tensors), sharing the
    version counter of the input it views."""
    if isinstance(value, np.ndarray):
        tensor = found[0]._new_tensor(value, grad_fn, grad_fn is not None, nr)
        base = _alias_version(value, found)
        if base is not None:
            tensor._version = base._version
            tensor._base = base
            tensor._view_version = base._version[0]
        elif version is not None:
            tensor._version = version
        return tensor
    if isinstance(value, np.generic):
        tensor = found[0]._new_tensor(np.asarray(value), grad_fn, grad_fn is not None, nr)
        if version is not None:
            tensor._version = version
        if standin._state.depth:
            tensor._scalar_type = type(value)  # NumPy gave a scalar: immutable, as it is
        return tensor
    return value


def wrap_plain(out, found):
    """Wrap a primitive's result as Tensor(s) that do not require grad; ``found``: the
    Tensors among its arguments (given none, the result is returned as it is)."""
    if not found:
        return out
    if isinstance(out, (np.ndarray, np.generic)):
        return _wrap_one(out, found)
    if isinstance(out, (tuple, list)):
        items = [_wrap_one(item, found) for item in out]
        return _same_container(out, items)
    return out


def _same_container(original, items):
    if type(original) is list:
        return items
    if type(original) is tuple:
        return tuple(items)
    return type(original)(*items)  # a named tuple such as np.linalg's results


def _is_float(value) -> bool:
    return isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "fc"


def _record(primitive, args, raw, kwargs, raw_kwargs, out, found):
    if out is None and lookup(primitive) is None:  # it wrote into an argument, unrecorded
        raise NoRuleError(
            f"{describe(primitive)} returns nothing: it changes an argument in place, which "
            f"the tape cannot record{user_location()}; compute a new array instead"
        )
    if isinstance(out, (np.ndarray, np.generic)):
        if out.dtype.kind not in "fc":
            return wrap_plain(out, found)  # integer/bool results never carry gradients
        rule = _rule(primitive)
        if rule.nondiff:
            return wrap_plain(out, found)
        rule = rule_for_call(rule, primitive, raw, raw_kwargs, (out,), found)
        scalar_type = None
        if type(out) is not np.ndarray:
            scalar_type = type(out)
            out = np.asarray(out)
        version = [0]
        node = build_node(rule, primitive, args, raw, kwargs, raw_kwargs, out, [version], found)
        result = _wrap_one(out, found, node, 0, version)
        if scalar_type is not None and standin._state.depth:
            result._scalar_type = scalar_type  # NumPy gave a scalar: immutable, as it is
        if result._version is not version and node._ans is not None:
            node._ans_version = ((result._version, result._version[0]),)
        return result
    if not isinstance(out, (tuple, list)) or not any(_is_float(item) for item in out):
        return wrap_plain(out, found)
    rule = _rule(primitive)
    if rule.nondiff:
        return wrap_plain(out, found)
    rule = rule_for_call(rule, primitive, raw, raw_kwargs, out, found)  # np.linalg.eig...
    versions = [[0] for _ in out]
    node = build_node(rule, primitive, args, raw, kwargs, raw_kwargs, out, versions, found)
    items = [
        _wrap_one(item, found, node, nr, versions[nr])
        if _is_float(item)
        else _wrap_one(item, found)
        for nr, item in enumerate(out)
    ]
    if node._ans_version is not None:
        # An output that views an input shares that input's counter: follow it.
        node._ans_version = tuple(
            (item._version, item._version[0]) if isinstance(item, TensorBase) else pair
            for item, pair in zip(items, node._ans_version, strict=True)
        )
    return _same_container(out, items)


def _rule(primitive):
    rule = lookup(primitive)
    if rule is None:
        raise NoRuleError(no_rule_message(primitive, None, user_location()))
    return rule


def build_node(rule, primitive, args, raw, kwargs, raw_kwargs, out, versions, found):
    """The backward node for one recorded call. ``versions``: one counter per output."""
    if kwargs and rule.grads:
        for key in kwargs:
            if key not in rule.params:  # as the compiler refuses it (frontend/expressions.py)
                raise TypeError(
                    f"the rule for {describe(primitive)} takes no argument {key!r}"
                    f"{user_location()}; leave {key}= out (compute its effect with other "
                    "NumPy calls) to differentiate this call"
                )
    plan = plan_for(rule, primitive, args, kwargs, found)
    edges = []
    kept = plan.kept
    if plan.simple:
        for position, needs in plan.positions:
            if needs:
                tensor = args[position]
                if tensor._base is not None and tensor._view_version != tensor._version[0]:
                    raise RuntimeError(stale_view_message())
                fn = tensor._grad_fn
                edges.append((fn, tensor._nr) if fn is not None else (tensor, 0))
            else:
                edges.append(None)
        saved = [(args[p], args[p]._version[0]) for p in plan.saved_positions]
    else:
        for where, item, needs in plan.locs:
            if not needs:
                edges.append(None)
                continue
            if type(where) is str:
                tensor = kwargs[where]
            else:
                tensor = args[where] if item is None else args[where][item]
            if tensor._base is not None and tensor._view_version != tensor._version[0]:
                raise RuntimeError(stale_view_message())
            fn = tensor._grad_fn
            edges.append((fn, tensor._nr) if fn is not None else (tensor, 0))
        saved = []
        snapshot(
            args if kept is None else [a for a, k in zip(args, kept, strict=True) if k], saved
        )
        snapshot(tuple(kwargs.values()), saved)
    if kept is None:
        saved_args, saved_raw = args, raw
    else:
        saved_args = tuple([a if keep else None for a, keep in zip(args, kept, strict=True)])
        saved_raw = tuple([a if keep else None for a, keep in zip(raw, kept, strict=True)])
    cls = plan.cls
    if cls is None:
        cls = node_class(rule.backward_name(raw, raw_kwargs))
    node = cls.__new__(cls)
    node._edges = tuple(edges)
    node._pre_hooks = node._retained = None
    node._rule = rule
    node._calls = plan.calls
    node._args, node._raw = saved_args, saved_raw
    node._kwargs, node._raw_kwargs = kwargs, raw_kwargs
    node._saved = tuple(saved)
    if isinstance(out, (tuple, list)):
        node._out_meta = tuple((np.shape(item), getattr(item, "dtype", None)) for item in out)
        ans = tuple(np.asarray(item) for item in out) if plan.keep_ans else None
    else:
        node._out_meta = ((out.shape, out.dtype),)
        ans = out if plan.keep_ans else None
    if ans is not None:
        node._ans = ans
        node._ans_version = tuple((version, version[0]) for version in versions)
    else:
        node._ans = node._ans_version = None
    return node
