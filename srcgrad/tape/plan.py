"""Which rule functions a recorded call needs, and which values it must keep.

For a call ``f(x, y)`` where only ``x`` requires grad, the backward needs the rule for
``x`` alone, and keeps only the arguments that rule reads (found once per rule by
reading its bytecode), plus the output if the rule reads ``ans``. Not keeping the others
frees memory early and spares false "modified by an inplace operation" errors. A plan
depends only on the rule and on which arguments are Tensors requiring grad, so plans for
calls whose Tensors are plain positional arguments are cached.
"""

from __future__ import annotations

import dis

import numpy as np

from ..rules import NoRuleError
from .node import node_class
from .strict import is_strict, user_line
from .tensor_base import TensorBase

__all__ = ["Plan", "plan_for", "snapshot", "reads_of", "describe", "no_rule_message"]


class Plan:
    """``locs``: ``(position or keyword, list index or None, needs grad)`` per tensor input,
    in edge order; ``calls``: ``(edge index, rule fn, slot)``; ``kept``: per positional
    argument whether backward reads it (None: all); ``cls``: the node class (None when the
    name depends on the arguments)."""

    __slots__ = (
        "locs",
        "calls",
        "kept",
        "keep_ans",
        "cls",
        "simple",
        "positions",
        "saved_positions",
    )

    def __init__(self, locs, calls, kept, keep_ans, cls, simple):
        self.locs, self.calls, self.kept = locs, calls, kept
        self.keep_ans, self.cls, self.simple = keep_ans, cls, simple
        # For simple plans (every Tensor a positional argument): where the tensors are,
        # and which of them are kept for backward.
        self.positions = tuple((where, needs) for where, _, needs in locs)
        self.saved_positions = (
            tuple(where for where, _, _ in locs if kept is None or kept[where]) if simple else ()
        )


_PLANS: dict = {}


def plan_for(rule, primitive, args, kwargs, found) -> Plan:
    """The plan for this call, from the cache when its tensors are all positional."""
    codes = []
    for arg in args:
        if isinstance(arg, TensorBase):
            codes.append(2 if arg._requires_grad else 1)
        else:
            codes.append(0)
    if codes.count(1) + codes.count(2) != len(found):
        return _make_plan(rule, primitive, args, kwargs, found, False)
    key = (id(rule), id(rule.grads), len(rule.grads), rule.all_grads, tuple(codes))
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _make_plan(rule, primitive, args, kwargs, found, True)
    return plan


def _make_plan(rule, primitive, args, kwargs, found, simple) -> Plan:
    params = rule.params
    locs: list = []
    calls: list = []
    reads: frozenset | None = frozenset()
    for position, arg in enumerate(args):
        if isinstance(arg, TensorBase):
            param = params[position] if position < len(params) else None
            reads = _add(rule, primitive, arg, param, (position, None), locs, calls, reads)
        elif type(arg) is list or type(arg) is tuple:
            for item_nr, item in enumerate(arg):
                if isinstance(item, TensorBase):
                    slot = (position, item_nr)
                    reads = _add(rule, primitive, item, None, slot, locs, calls, reads)
    for key, value in kwargs.items():
        if isinstance(value, TensorBase):
            reads = _add(rule, primitive, value, key, (key, None), locs, calls, reads)
    reached = sum(needs for _, _, needs in locs)
    if reached != sum(tensor._requires_grad for tensor in found):
        raise NoRuleError(
            f"{describe(primitive)} was given Tensors that require grad nested more than one "
            "level deep in its arguments; srcgrad's tape cannot record that call"
        )
    if rule.all_grads is None and reads is not None:
        kept = tuple(params[i] in reads if i < len(params) else True for i in range(len(args)))
        keep_ans = "ans" in reads
    else:
        kept, keep_ans = None, True
    cls = node_class(rule.name) if rule.name_for is None else None
    return Plan(tuple(locs), tuple(calls), kept, keep_ans, cls, simple)


def _add(rule, primitive, tensor, param, slot, locs, calls, reads):
    """Note ``tensor``'s edge, and its rule call when it requires grad."""
    needs = tensor._requires_grad
    locs.append((slot[0], slot[1], needs))
    if not needs:
        return reads
    index = len(locs) - 1
    if rule.all_grads is not None and not isinstance(slot[0], str):
        calls.append((index, rule.all_grads, slot))
        return None
    fn = rule.grads.get(param) if param is not None else None
    if fn is None or slot[1] is not None:
        raise NoRuleError(no_rule_message(primitive, param or slot))
    calls.append((index, fn, None))
    names = reads_of(fn)
    return None if reads is None or names is None else reads | names


def snapshot(values, saved: list) -> None:
    """Append ``(tensor, version)`` for every Tensor in ``values`` (lists included)."""
    for value in values:
        if isinstance(value, TensorBase):
            saved.append((value, value._version[0]))
        elif type(value) is list or type(value) is tuple:
            snapshot(value, saved)


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


def no_rule_message(primitive, param, where: str = "") -> str:
    what = describe(primitive)
    if param is None:
        part = ""
    elif isinstance(param, str):
        part = f" for its argument {param!r}"
    else:
        part = f" for its argument at position {param[0]}"
    if is_strict():  # srcgrad runs the user's function on the tape: speak of their code
        location, line = user_line()
        called = f" (called at {location}: {line})" if location else ""
        return (
            f"{what} has no derivative rule{part}{called}. Hold the value constant with "
            "srcgrad.stop_gradient(...) if its gradient is not needed, give the function a "
            "rule with srcgrad.custom_vjp, or use a NumPy function that has one."
        )
    head = f"{what} has no derivative rule{part} in srcgrad{where if param is None else ''}"
    return (
        f"{head}; it was called on a Tensor that requires grad. If you do not need that "
        "gradient, pass x.detach() or run the call under srcgrad.no_grad(); otherwise write "
        "the backward yourself with srcgrad.autograd.Function."
    )
