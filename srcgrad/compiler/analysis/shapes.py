"""Which variables certainly hold one number (shape ``()``), for tidier adjoint code.

``unbroadcast(g, x)`` sums a gradient back to the shape of ``x``. For an elementwise
operation whose other operands are single numbers the output already has the shape of
``x``, so the call is left out. A variable counts as a number when every assignment to
it gives one: a numeric constant, a full reduction (``np.sum(x)``), ``len(...)``, a
``math`` function, a loop counter, or an elementwise operation on numbers. Parameters
are never assumed to be numbers: the same code runs for arrays.
"""

from __future__ import annotations

import math

import numpy as np

from ...rules import lookup
from .. import ir

__all__ = [
    "known_scalars",
    "known_numeric",
    "numeric_parameters",
    "is_scalar_atom",
    "is_elementwise",
]


def is_elementwise(primitive) -> bool:
    """True for operations whose output has the broadcast shape of their operands."""
    if isinstance(primitive, np.ufunc):
        return primitive.signature is None  # a gufunc (np.matmul) has core dimensions
    rule = lookup(primitive)
    return rule is not None and rule.elementwise


def is_scalar_atom(atom, scalars) -> bool:
    if not isinstance(atom, str):
        return False
    if atom in scalars:
        return True
    try:
        value = complex(atom)
    except ValueError:
        return atom in ("True", "False")
    return value.imag == 0


def known_scalars(stmts, params, scalar_params=()) -> set[str]:
    """Names that certainly hold one number. ``scalar_params``: parameters the code is
    specialised for being Python numbers."""
    values = _assigned_values(stmts)
    for param in scalar_params:
        values.setdefault(param, []).append(_COUNTER)
    written = {s.obj for s in ir.walk(stmts) if isinstance(s, (ir.SetItem, ir.Append))}
    never = (set(params) - set(scalar_params)) | written
    return _holding(set(values) - never, values, _gives_scalar)


_COUNTER = object()  # the value of a loop counter: always an int


def known_numeric(stmts, params, checked=None) -> tuple[set[str], set[str]]:
    """``(added, accumulated)``: the names whose gradients add with ``+``, and those of
    them that also accumulate in place (``+=``); every other gradient adds with
    ``runtime.add_grads``, which follows lists, tuples and dicts.

    A name certainly holds a number or an array, and its gradient may accumulate in place,
    when every assignment to it gives a NumPy function's result, an operator's on such
    names or numbers, a numeric constant, or a copy or element of such a name; and a
    parameter does when the code uses it as an operand of a primitive (``x * 2``,
    ``np.sin(x)``) outside every ``if`` (a branch may run only for some kinds of value:
    ``items * 1.0`` where a recursion reaches an array, ``items[0]`` where it holds a list),
    which the generated code checks when it runs (NumPy takes a list for an array too:
    :func:`numeric_parameters`, or ``checked`` where the caller has them). Another name
    used as such an operand may still hold a list (a call's result): its gradient adds
    with ``+`` (NumPy adds a list of zeros and an array as arrays) unless the code also
    reads its items, whose gradients would join as lists.
    """
    values = _assigned_values(stmts)
    checked = set(numeric_parameters(stmts, params) if checked is None else checked)
    lists = {s.obj for s in ir.walk(stmts) if isinstance(s, ir.Append)}
    certain = checked | _holding(
        set(values) - lists, values, lambda value, names: _gives_numeric(value, names, checked)
    )
    itemised = {s.value.obj for s in ir.assignments(stmts) if isinstance(s.value, ir.Index)}
    itemised |= {n for n, vals in values.items() if any(isinstance(v, ir.Pack) for v in vals)}
    operands = {atom for atom, _ in _operand_uses(stmts)}
    return certain | (operands - lists - itemised - set(params)), certain


def _operand_uses(stmts):
    """``(atom, line)`` for each operand of a primitive outside every ``if`` (loops
    included), in the order the code runs them."""
    for stmt in stmts:
        value = getattr(stmt, "value", None)
        if (
            isinstance(stmt, ir.Assign)
            and isinstance(value, ir.Prim)
            and value.rule.grads
            and not value.positional
            and not _handles_containers(value.rule.primitive)
        ):
            for atom in value.args.values():
                if isinstance(atom, str):
                    yield atom, stmt.line
        if isinstance(stmt, (ir.For, ir.While)):
            yield from _operand_uses(stmt.body)


def numeric_parameters(stmts, params) -> dict:
    """Parameter -> the line of the first primitive outside every ``if`` that takes it as
    an operand, for the parameters the code never assigns, appends to or writes into."""
    changed = {s.target for s in ir.walk(stmts) if isinstance(s, ir.Assign)}
    changed |= {s.obj for s in ir.walk(stmts) if isinstance(s, (ir.Append, ir.SetItem))}
    candidates = set(params) - changed
    found: dict[str, int] = {}
    for atom, line in _operand_uses(stmts):
        if atom in candidates:
            found.setdefault(atom, line)
    return found


def _assigned_values(stmts) -> dict:
    """Name -> every value the code assigns to it (a loop counter's: ``_COUNTER``)."""
    values: dict[str, list] = {}
    for stmt in ir.walk(stmts):
        if isinstance(stmt, ir.Assign):
            values.setdefault(stmt.target, []).append(stmt.value)
        elif isinstance(stmt, ir.For):
            values.setdefault(stmt.target, []).append(_COUNTER)
    return values


def _holding(candidates, values, gives) -> set:
    """The largest subset of ``candidates`` whose every value ``gives(value, subset)``."""
    names = set(candidates)
    changed = True
    while changed:
        changed = False
        for name in sorted(names):
            if not all(gives(value, names) for value in values[name]):
                names.discard(name)
                changed = True
    return names


def _handles_containers(primitive) -> bool:
    """The runtime's own helpers (``add_grads``...) take lists and dicts as well."""
    return (getattr(primitive, "__module__", None) or "").startswith("srcgrad.compiler")


def _gives_numeric(value, numeric, more=frozenset()) -> bool:
    """Whether ``value`` is certainly a number or an array when the names in ``numeric``
    and ``more`` are (two sets, so that no union is built per value)."""
    if isinstance(value, ir.Prim):
        if _handles_containers(value.rule.primitive):
            return False  # add_grads, index_grad...: a list's or dict's gradient is one too
        if value.rule.tuple_output:
            return False
        # A NumPy function returns an array; an operator or a method on a list makes a
        # list (``[0.0] * n``, ``a + b``), so its operands must be numeric themselves.
        return not _is_operator(value.primal) or all(
            a in numeric or a in more or is_scalar_atom(a, ())
            for a in value.args.values()
            if isinstance(a, str)
        )
    if value is _COUNTER:
        return True
    if isinstance(value, ir.Copy):
        source = value.source
        return source in numeric or source in more or is_scalar_atom(source, ())
    if isinstance(value, ir.Index):
        return value.obj in numeric or value.obj in more
    return False


def _is_operator(primal: str) -> bool:
    """Whether a primitive's primal text may run a Python operator or a method, which on a
    list gives a list (``a * 2``, ``a.copy()``): anything but a call of ``np.``/``math.``."""
    return not primal.startswith(("np.", "numpy.", "math."))


def _gives_scalar(value, scalars) -> bool:
    if value is _COUNTER:
        return True
    if isinstance(value, ir.Copy):
        return is_scalar_atom(value.source, scalars)
    if isinstance(value, ir.Plain):
        return value.scalar
    if not isinstance(value, ir.Prim):
        return False
    primitive = value.rule.primitive
    if _is_reduction(primitive):
        return value.args.get("axis", "None") == "None" and value.args.get("keepdims") in (
            None,
            "False",
        )
    if getattr(primitive, "__module__", None) == "math" or primitive in (float, math.fsum):
        return True
    if is_elementwise(primitive):
        operands = list(value.args.values()) + list(value.positional)
        return all(is_scalar_atom(atom, scalars) for atom in operands)
    return False


def _is_reduction(primitive) -> bool:
    rule = lookup(primitive)
    return rule is not None and rule.reduction
