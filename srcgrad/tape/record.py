"""Recording: run a primitive on Tensors' arrays and attach its backward node.

Every differentiable operation goes through :func:`call` (or :func:`binary`, its fast
twin for operators). It computes the primitive on plain arrays, and when grad mode is on
and some input requires grad it looks the primitive up in :mod:`srcgrad.rules` and builds
an :class:`~srcgrad.tape.node.OpNode` that will call the rules at backward time. The rules
table is the only calculus: nothing here knows a derivative.
"""

from __future__ import annotations

import dis

import numpy as np

from ..rules import NoRuleError, lookup
from .grad_mode import _mode
from .node import node_class

__all__ = ["call", "binary", "build_node", "describe", "unwrap", "unwrap_kwargs", "wrap_plain"]

# Installed by ``tensor.py`` once the class exists (the two modules need each other).
Tensor: type = None  # type: ignore[assignment]
make_tensor = None


def _unwrap_into(value, found: list):
    """``value`` with Tensors replaced by their arrays (inside lists/tuples too)."""
    if isinstance(value, Tensor):
        found.append(value)
        return value._data
    cls = type(value)
    if cls is list or cls is tuple:
        count = len(found)
        raw = [_unwrap_into(item, found) for item in value]
        if len(found) == count:
            return value
        return raw if cls is list else tuple(raw)
    return value


def unwrap(value):
    """``value`` with every Tensor (also inside lists/tuples) replaced by its array."""
    return _unwrap_into(value, [])


def unwrap_kwargs(kwargs: dict) -> dict:
    """``kwargs`` with Tensors replaced by their arrays."""
    return {key: _unwrap_into(value, []) for key, value in kwargs.items()}


def call(primitive, args: tuple, kwargs: dict | None = None):
    """Run ``primitive(*args, **kwargs)`` on arrays; record it when a Tensor needs grad."""
    found: list = []
    raw = tuple([_unwrap_into(arg, found) for arg in args])
    if kwargs:
        raw_kwargs = {key: _unwrap_into(value, found) for key, value in kwargs.items()}
        out = primitive(*raw, **raw_kwargs)
    else:
        kwargs = raw_kwargs = {}
        out = primitive(*raw)
    if _mode.enabled:
        for tensor in found:
            if tensor._requires_grad:
                return _record(primitive, args, raw, kwargs, raw_kwargs, out, found)
    return wrap_plain(out, found)


def binary(primitive, x, y):
    """``call(primitive, (x, y))`` for the operators, with less bookkeeping."""
    x_is = isinstance(x, Tensor)
    y_is = isinstance(y, Tensor)
    xd = x._data if x_is else x
    yd = y._data if y_is else y
    out = primitive(xd, yd)
    if _mode.enabled and ((x_is and x._requires_grad) or (y_is and y._requires_grad)):
        found = [x, y] if x_is and y_is else [x] if x_is else [y]
        return _record(primitive, (x, y), (xd, yd), {}, {}, out, found)
    if type(out) is np.ndarray and out.base is None:
        return make_tensor(out, None, False, 0)
    return wrap_plain(out, [t for t in (x, y) if isinstance(t, Tensor)])


def _alias_version(array, found):
    """The version counter of the input whose memory ``array`` views, if any."""
    if array.base is not None:
        for tensor in found:
            if np.may_share_memory(array, tensor._data):
                return tensor
    return None


def _wrap_one(value, found, grad_fn=None, nr=0, version=None):
    if isinstance(value, np.ndarray):
        tensor = make_tensor(value, grad_fn, grad_fn is not None, nr)
        base = _alias_version(value, found) if found else None
        if base is not None:
            tensor._version = base._version
            tensor._base = base
        elif version is not None:
            tensor._version = version
        return tensor
    if isinstance(value, np.generic):
        tensor = make_tensor(np.asarray(value), grad_fn, grad_fn is not None, nr)
        if version is not None:
            tensor._version = version
        return tensor
    return value


def wrap_plain(out, found):
    """Wrap a primitive's result as Tensor(s) that do not require grad."""
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
    multi = isinstance(out, (tuple, list))
    outputs = out if multi else (out,)
    if not any(_is_float(item) for item in outputs):
        return wrap_plain(out, found)  # integer/bool results never carry gradients
    rule = lookup(primitive)
    if rule is None:
        raise NoRuleError(_no_rule_message(primitive, None))
    if rule.nondiff:
        return wrap_plain(out, found)
    versions = [[0] for _ in outputs]
    node = build_node(rule, primitive, args, raw, kwargs, raw_kwargs, out, versions, found)
    items = []
    for nr, item in enumerate(outputs):
        if _is_float(item):
            items.append(_wrap_one(item, found, node, nr, versions[nr]))
        else:
            items.append(_wrap_one(item, found))
    if node._ans_version is not None:
        # An output that views an input shares that input's counter: follow it.
        node._ans_version = tuple(
            (item._version, item._version[0]) if isinstance(item, Tensor) else pair
            for item, pair in zip(items, node._ans_version, strict=True)
        )
    return _same_container(out, items) if multi else items[0]


def build_node(rule, primitive, args, raw, kwargs, raw_kwargs, out, versions, found):
    """The backward node for one recorded call. ``versions``: one counter per output."""
    per_param = rule.all_grads is None
    params = rule.params
    edges: list = []
    calls: list = []
    reads: set | None = set()
    reached = 0
    for position, arg in enumerate(args):
        if isinstance(arg, Tensor):
            param = params[position] if position < len(params) else None
            reads = _add_call(rule, primitive, arg, param, (position, None), edges, calls, reads)
            reached += arg._requires_grad
        elif type(arg) is list or type(arg) is tuple:
            for item_nr, item in enumerate(arg):
                if isinstance(item, Tensor):
                    slot = (position, item_nr)
                    reads = _add_call(rule, primitive, item, None, slot, edges, calls, reads)
                    reached += item._requires_grad
    for key, value in kwargs.items():
        if isinstance(value, Tensor):
            reads = _add_call(rule, primitive, value, key, (key, None), edges, calls, reads)
            reached += value._requires_grad
    if reached != sum(tensor._requires_grad for tensor in found):
        raise NoRuleError(
            f"{describe(primitive)} was given Tensors that require grad nested more than one "
            "level deep in its arguments; srcgrad's tape cannot record that call"
        )

    if per_param and reads is not None:
        kept = [params[i] in reads if i < len(params) else True for i in range(len(args))]
        saved_args = tuple(a if keep else None for a, keep in zip(args, kept, strict=True))
        saved_raw = tuple(a if keep else None for a, keep in zip(raw, kept, strict=True))
        keep_ans = "ans" in reads
    else:
        saved_args, saved_raw, keep_ans = args, raw, True
    saved = []
    _snapshot(saved_args, saved)
    _snapshot(tuple(kwargs.values()), saved)

    multi = isinstance(out, (tuple, list))
    outputs = out if multi else (out,)
    name = rule.backward_name(raw, raw_kwargs) if rule.name_for is not None else rule.name
    cls = node_class(name)
    node = cls.__new__(cls)
    node._edges = tuple(edges)
    node._pre_hooks = node._retained = None
    node._out_meta = tuple((np.shape(item), getattr(item, "dtype", None)) for item in outputs)
    node._rule = rule
    node._calls = tuple(calls)
    node._args, node._raw = saved_args, saved_raw
    node._kwargs, node._raw_kwargs = kwargs, raw_kwargs
    node._saved = tuple(saved)
    if keep_ans:
        node._ans = tuple(np.asarray(item) for item in outputs) if multi else np.asarray(out)
        node._ans_version = tuple((version, version[0]) for version in versions)
    else:
        node._ans = node._ans_version = None
    node._holds = bool(saved) or keep_ans
    return node


def _add_call(rule, primitive, tensor, param, slot, edges, calls, reads):
    """Append the edge for ``tensor`` (and its rule call when it requires grad)."""
    if not tensor._requires_grad:
        edges.append(None)
        return reads
    fn_ = tensor._grad_fn
    edges.append((fn_, tensor._nr) if fn_ is not None else (tensor, 0))
    index = len(edges) - 1
    if rule.all_grads is not None and not isinstance(slot[0], str):
        calls.append((index, rule.all_grads, slot))
        return None
    fn = rule.grads.get(param) if param is not None else None
    if fn is None or slot[1] is not None:
        raise NoRuleError(_no_rule_message(primitive, param or slot))
    calls.append((index, fn, None))
    names = reads_of(fn)
    return None if reads is None or names is None else reads | names


def _snapshot(values, saved: list) -> None:
    for value in values:
        if isinstance(value, Tensor):
            saved.append((value, value._version[0]))
        elif type(value) is list or type(value) is tuple:
            _snapshot(value, saved)


_LOADS = {
    "LOAD_FAST",
    "LOAD_FAST_CHECK",
    "LOAD_FAST_AND_CLEAR",
    "LOAD_FAST_LOAD_FAST",
    "LOAD_DEREF",
    "LOAD_CLOSURE",
}
_READS: dict = {}


def reads_of(fn) -> frozenset | None:
    """The parameter names a rule function reads (None: cannot tell, assume all)."""
    try:
        return _READS[fn]
    except KeyError:
        pass
    code = getattr(fn, "__code__", None)
    names = None
    if code is not None and not code.co_flags & (0x04 | 0x08):  # no *args / **kwargs
        found = set(code.co_cellvars)
        for instruction in dis.get_instructions(code):
            if instruction.opname in _LOADS:
                value = instruction.argval
                found.update(value if isinstance(value, tuple) else (value,))
        names = frozenset(found)
    _READS[fn] = names
    return names


def describe(primitive) -> str:
    """A readable name for a primitive: ``np.sin``, ``np.add.reduce``, ``np.fft.fft``."""
    if isinstance(primitive, np.ufunc):
        return f"np.{primitive.__name__}"
    owner = getattr(primitive, "__self__", None)
    if isinstance(owner, np.ufunc):
        return f"np.{owner.__name__}.{primitive.__name__}"
    module = getattr(primitive, "__module__", None) or ""
    name = getattr(primitive, "__qualname__", None) or getattr(primitive, "__name__", None)
    name = name or repr(primitive)
    if module == "numpy" or module.startswith("numpy."):
        parts = [part for part in module.split(".")[1:] if not part.startswith("_")]
        return ".".join(["np", *parts, name])
    return f"{module}.{name}" if module else name


def _no_rule_message(primitive, param) -> str:
    what = describe(primitive)
    if param is None:
        head = f"{what} has no derivative rule in srcgrad"
    elif isinstance(param, str):
        head = f"{what} has no derivative rule for its argument {param!r} in srcgrad"
    else:
        head = f"{what} has no derivative rule for its argument at position {param[0]} in srcgrad"
    return (
        f"{head}; it was called on a Tensor that requires grad. If you do not need that "
        "gradient, pass x.detach() or run the call under srcgrad.no_grad(); otherwise write "
        "the backward yourself with srcgrad.autograd.Function."
    )
