"""Normal form, NumPy functions that call functions they are given: ``np.piecewise`` and
``np.apply_over_axes``, written as the calls they make.

The compiler does not follow a function held as a value. Where the functions are written
in the call (lambdas, names of functions, numbers for ``np.piecewise``; a function's name
and a list of axes for ``np.apply_over_axes``), the call is lowered into the calls it
makes, and each of those is compiled as usual. ``np.piecewise(x, condlist, [f, g, c])``::

    conditions = piece_conditions(condlist, np.ndim(x), 3)   # no gradient
    y = np.zeros_like(x)
    if np.any(conditions[0]):
        y = assign_index(y, conditions[0], f(x[conditions[0]]))  # f compiled as a call
    if np.any(conditions[1]):
        y = assign_index(y, conditions[1], g(x[conditions[1]]))
    y = assign_index(y, conditions[2], c)

As in NumPy, a function is called only where its condition selects an entry.
``np.apply_over_axes(f, a, [0, 2])``::

    value = np.asarray(a)
    result = f(value, 0)
    value = result if np.ndim(result) == np.ndim(value) else np.expand_dims(result, 0)
    result = f(value, 2)
    value = result if np.ndim(result) == np.ndim(value) else np.expand_dims(result, 2)

Functions given any other way (a variable) are left to the definitions in
``rules/definitions_callables.py``, which run on the tape.
"""

from __future__ import annotations

import gast
import numpy as np

from ...rules.definitions_callables import piece_conditions
from ...rules.indexing import assign_index
from ..ir import Assign, Copy, If
from .inplace import _internal, _plain, _prim

__all__ = ["lower_apply_over_axes", "lower_piecewise"]

# Expressions that are values, not functions, in a list of pieces.
_VALUES = (gast.Constant, gast.BinOp, gast.UnaryOp)


def lower_piecewise(splitter, node):
    """``np.piecewise(x, condlist, [...], *args, **kw)`` as the calls it makes, or None
    where the pieces are not written in the call."""
    if len(node.args) < 3 or not isinstance(node.args[2], (gast.List, gast.Tuple)):
        return None
    kinds = [_kind(splitter, piece) for piece in node.args[2].elts]
    if None in kinds:
        return None
    x = _prim(splitter, np.asarray, node, splitter.atom(node.args[0], "x"))
    given = splitter.atom(node.args[1], "condlist")
    conditions = _plain(
        splitter,
        "conditions",
        f"{_internal(splitter, piece_conditions)}({given}, "
        f"{_internal(splitter, np.ndim)}({x}), {len(kinds)})",
        [given, x],
    )
    y = _plain(splitter, "pieces", f"{_internal(splitter, np.zeros_like)}({x})", [x])
    for i, (piece, kind) in enumerate(zip(node.args[2].elts, kinds)):
        condition = _plain(splitter, "condition", f"{conditions}[{i}]", [conditions])
        if kind == "value":
            value = splitter.atom(piece, "value")
            y = _prim(splitter, assign_index, node, y, condition, value)
            continue
        # as NumPy does, a function is called only where its condition selects entries
        selects = _plain(
            splitter, "selects", f"{_internal(splitter, np.any)}({condition})", [condition]
        )
        written = splitter.local(splitter.names.fresh("pieces"))
        saved, splitter.out = splitter.out, []
        value = splitter.atom(_called(splitter, piece, kind, x, condition, node), "piece")
        splitter.emit(
            Assign(
                written,
                Copy(_prim(splitter, assign_index, node, y, condition, value)),
                splitter.line,
            )
        )
        body, splitter.out = splitter.out, saved
        splitter.emit(If(selects, body, [Assign(written, Copy(y), splitter.line)], splitter.line))
        y = written
    return Copy(y)


def _kind(splitter, piece):
    """ "lambda", "function" (a name or attribute naming a function), "value", or None
    when which it is is known only when the code runs."""
    if isinstance(piece, gast.Lambda):
        return "lambda"
    if isinstance(piece, _VALUES):
        return "value"
    if isinstance(piece, gast.Name) and piece.id in splitter.local_functions:
        return "function"
    if isinstance(piece, gast.Name) and piece.id in splitter.locals:
        return None
    if isinstance(piece, (gast.Name, gast.Attribute)):
        target = splitter.resolver.resolve_expr(piece)
        if splitter.resolver.is_missing(target):
            return None
        return "function" if callable(target) else "value"
    return None


def _called(splitter, piece, kind, x, condition, node):
    """The call ``piece(x[condition], *args, **kw)`` as a node of the user's code."""
    if kind == "lambda":
        name = splitter.local(splitter.names.fresh("piece"))
        splitter.define_local_function(name, piece)
        piece = gast.Name(name, gast.Load(), None, None)
    selected = gast.Subscript(_load(x), _load(condition), gast.Load())
    call = gast.Call(piece, [selected, *node.args[3:]], list(node.keywords))
    for made in (selected, call):
        gast.copy_location(made, node)
    return call


def _integer(node):
    """The int a node writes (``2``, ``-1``), or None."""
    negative = isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub)
    number = node.operand if negative else node
    if not isinstance(number, gast.Constant) or type(number.value) is not int:
        return None
    return -number.value if negative else number.value


def _load(name):
    return gast.Name(name, gast.Load(), None, None)


def lower_apply_over_axes(splitter, node):
    """``np.apply_over_axes(f, a, axes)`` as the calls it makes, or None where ``f`` or the
    axes are not written in the call."""
    if len(node.args) != 3 or node.keywords or _kind(splitter, node.args[0]) != "function":
        return None
    axes = node.args[2]
    written = [
        _integer(a) for a in (axes.elts if isinstance(axes, (gast.List, gast.Tuple)) else [axes])
    ]
    if None in written:
        return None
    value = _prim(splitter, np.asarray, node, splitter.atom(node.args[1], "a"))
    ndim = _internal(splitter, np.ndim)
    for written_axis in written:
        axis = _plain(splitter, "axis", f"{written_axis} % {ndim}({value})", [value])
        call = gast.Call(node.args[0], [_load(value), _load(axis)], [])
        gast.copy_location(call, node)
        result = splitter.atom(call, "result")
        # the axis back (length 1) where the function dropped it
        same = _plain(splitter, "same", f"{ndim}({result}) == {ndim}({value})", [result, value])
        kept = splitter.local(splitter.names.fresh("value"))
        saved, splitter.out = splitter.out, []
        expanded = _prim(splitter, np.expand_dims, node, result, axis)
        splitter.emit(Assign(kept, Copy(expanded), splitter.line))
        body, splitter.out = splitter.out, saved
        splitter.emit(If(same, [Assign(kept, Copy(result), splitter.line)], body, splitter.line))
        value = kept
    return Copy(value)
