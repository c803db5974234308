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

__all__ = ["known_scalars", "known_numeric", "is_scalar_atom", "is_elementwise"]


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


def known_numeric(stmts, params) -> set[str]:
    """Names that certainly hold a number or an array (never a list, tuple or dict), so
    that their gradients add with ``+``.

    A name counts when the code uses it directly as an operand of a primitive
    (``x * 2``, ``np.sin(x)``), or when every assignment to it gives a primitive's result,
    a numeric constant, or a copy or element of a numeric variable.
    """
    values = _assigned_values(stmts)
    operands, lists = set(), set()
    for stmt in ir.walk(stmts):
        value = getattr(stmt, "value", None)
        if (
            isinstance(stmt, ir.Assign)
            and isinstance(value, ir.Prim)
            and value.rule.grads
            and not value.positional
            and not _handles_containers(value.rule.primitive)
        ):
            operands.update(a for a in value.args.values() if isinstance(a, str))
        elif isinstance(stmt, ir.Append):
            lists.add(stmt.obj)
        elif isinstance(stmt, ir.SetItem):
            values.setdefault(stmt.obj, []).append(None)  # written into: an array or a list
    numeric = operands - lists
    candidates = set(values) - numeric - lists
    return numeric | _holding(
        candidates, values, lambda value, names: _gives_numeric(value, names | numeric)
    )


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


def _gives_numeric(value, numeric) -> bool:
    if isinstance(value, ir.Prim):
        if _handles_containers(value.rule.primitive):
            return False  # add_grads, index_grad...: a list's or dict's gradient is one too
        return not value.rule.tuple_output
    if value is _COUNTER:
        return True
    if isinstance(value, ir.Copy):
        return value.source in numeric or is_scalar_atom(value.source, ())
    if isinstance(value, ir.Index):
        return value.obj in numeric
    return False


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
