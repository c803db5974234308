"""Normal form, expressions: split nested expressions into one operation per statement.

Each method returns an *atom* (a variable name or a constant's source) or a right-hand
side from :mod:`.ir`, and emits the statements that compute its sub-expressions first.
Names are resolved here: a free name that denotes a module, function or class is bound
at transform time; one that denotes data is read when the gradient runs.
"""

from __future__ import annotations

import inspect
from collections import Counter

import gast
import numpy as np

from ...rules import ARRAY_ATTRIBUTES, BINARY_OPERATORS, UNARY_OPERATORS, lookup
from ...rules.index_tricks import index_concatenate
from ..ir import Assign, Copy, If, Index, Pack, Plain, Prim, UserCall, is_name, names_of
from .calls import split_call
from .comprehensions import desugar
from .source import unparse

__all__ = ["ExpressionSplitter", "unparse", "names_of"]

_OPS = {
    gast.Add: "+",
    gast.Sub: "-",
    gast.Mult: "*",
    gast.Div: "/",
    gast.Pow: "**",
    gast.MatMult: "@",
    gast.FloorDiv: "//",
    gast.Mod: "%",
}
_BIT_OPS = {gast.BitAnd: "&", gast.BitOr: "|", gast.BitXor: "^", gast.LShift: "<<"}
_BIT_OPS[gast.RShift] = ">>"
_CMP = {
    gast.Eq: "==",
    gast.NotEq: "!=",
    gast.Lt: "<",
    gast.LtE: "<=",
    gast.Gt: ">",
    gast.GtE: ">=",
    gast.Is: "is",
    gast.IsNot: "is not",
    gast.In: "in",
    gast.NotIn: "not in",
}
_GRADIENT_FREE_ATTRIBUTES = {"shape", "ndim", "size", "dtype", "itemsize", "nbytes"}


class ExpressionSplitter:
    def __init__(self, source, resolver, names, params):
        self.source = source
        self.resolver = resolver
        self.names = names
        self.params = list(params)
        self.sequences: set[str] = set()  # names that hold a list or tuple built here
        self.rebound_in_loop: set[str] = set()  # names the loop being read rebinds
        self.arrays: set[str] = set()  # names that certainly hold a primitive's result
        self.locals = set(params) | _assignednames_of(source.node)
        self.out: list = []
        self.line = getattr(source.node, "lineno", 1)
        self.static: dict[str, object] = {}  # free names bound at transform time
        self.dynamic: dict[str, str] = {}  # free data names: "global" or "closure"
        self.local_functions: dict[str, object] = {}
        self.constants: dict[str, object] = {}  # default values bound into the namespace
        # Names holding a primitive's named-tuple result -> its field names.
        self.named_results: dict[str, tuple] = {}
        self.stores = Counter(
            n.id
            for n in gast.walk(source.node)
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
        )

    def emit(self, stmt):
        self.out.append(stmt)
        if isinstance(stmt, Assign):
            value = stmt.value
            if isinstance(value, Prim):
                self.arrays.add(stmt.target)
            else:
                self.arrays.discard(stmt.target)
            if isinstance(value, Prim) and value.rule.output_fields:
                self.named_results[stmt.target] = value.rule.output_fields
            if (isinstance(value, Pack) and value.kind in ("list", "tuple")) or (
                isinstance(value, Copy) and value.source in self.sequences
            ):
                self.sequences.add(stmt.target)

    def local(self, name):
        self.locals.add(name)
        return name

    def constant(self, value, hint):
        """A fresh name bound to ``value`` in the generated code's namespace."""
        name = self.names.fresh(hint)
        self.constants[name] = value
        return name

    # ---- atoms ------------------------------------------------------------------------
    def atom(self, node, hint="t"):
        if isinstance(node, gast.Constant):
            return "..." if node.value is Ellipsis else repr(node.value)
        if isinstance(node, gast.Name):
            return self.name(node)
        if isinstance(node, gast.Attribute):
            dotted = self.static_value(node)
            if dotted is not None:
                return dotted
        rhs = self.rhs(node, hint)
        if isinstance(rhs, Copy) and rhs.primal is None:
            return rhs.source
        target = self.names.fresh(_hint_for(rhs, hint))
        self.locals.add(target)
        self.emit(Assign(target, rhs, self.line))
        return target

    def name(self, node):
        name = node.id
        if name in self.locals:
            if name in self.local_functions:
                raise self.source.error(
                    node,
                    f"the local function {name} is used as a value; only calls to it "
                    "can be transformed",
                )
            return name
        value = self.resolver.lookup(name)
        if self.resolver.is_missing(value):
            raise self.source.error(node, f"name {name!r} is not defined")
        if _is_static(value):
            self.static[name] = value
        else:
            self.dynamic[name] = "closure" if name in self.resolver.closure else "global"
        return name

    def static_value(self, node):
        """Source text for ``np.pi``/``np.linalg`` style dotted names, or None."""
        root = node
        while isinstance(root, gast.Attribute):
            root = root.value
        if not isinstance(root, gast.Name) or root.id in self.locals:
            return None
        value = self.resolver.resolve_expr(node)
        if self.resolver.is_missing(value):
            return None
        self.name(root)
        return unparse(node)

    def plainnames_of(self, node):
        names = []
        for sub in gast.walk(node):
            if isinstance(sub, gast.Name) and isinstance(sub.ctx, gast.Load):
                if sub.id in self.locals or not self.resolver.is_missing(
                    self.resolver.lookup(sub.id)
                ):
                    self.name(sub)
                    names.append(sub.id)
        return [n for n in names if n in self.locals]

    # ---- right-hand sides -------------------------------------------------------------
    def rhs(self, node, hint="t"):
        handler = getattr(self, "expr_" + type(node).__name__, None)
        if handler is None:
            raise self.source.error(
                node, f"{type(node).__name__} expressions cannot be transformed"
            )
        return handler(node, hint)

    def expr_Constant(self, node, hint):
        return Copy(self.atom(node))

    def expr_Name(self, node, hint):
        return Copy(self.name(node))

    def expr_BinOp(self, node, hint):
        left = self.atom(node.left, "left")
        right = self.atom(node.right, "right")
        symbol = _OPS.get(type(node.op))
        if symbol is None:
            symbol = _BIT_OPS[type(node.op)]
            return Plain(f"{left} {symbol} {right}", names_of(left, right))
        if symbol in ("+", "*") and (left in self.sequences or right in self.sequences):
            # Concatenation or repetition: fine for shapes; an error if a gradient flows.
            return Plain(
                f"{left} {symbol} {right}",
                names_of(left, right),
                False,
                f"{symbol} on a list or tuple (concatenation or repetition) has no derivative "
                "rule; build the list with append, or use np.concatenate",
            )
        rule = lookup(BINARY_OPERATORS[symbol])
        return self.prim(rule, f"{left} {symbol} {right}", [left, right], {}, node)

    def expr_UnaryOp(self, node, hint):
        operand = self.atom(node.operand, "operand")
        if isinstance(node.op, gast.Not):
            return Plain(f"not {operand}", names_of(operand))
        if isinstance(node.op, gast.Invert):
            return Plain(f"~{operand}", names_of(operand))
        symbol = "-" if isinstance(node.op, gast.USub) else "+"
        rule = lookup(UNARY_OPERATORS[symbol])
        return self.prim(rule, f"{symbol}{operand}", [operand], {}, node)

    def expr_Compare(self, node, hint):
        parts = [self.atom(node.left, "left")]
        for op, comparator in zip(node.ops, node.comparators):
            parts += [_CMP[type(op)], self.atom(comparator, "right")]
        return Plain(" ".join(parts), names_of(*parts[::2]))

    def expr_BoolOp(self, node, hint):
        target = self.names.fresh(hint if is_name(hint) else "either")
        self.locals.add(target)
        is_and = isinstance(node.op, gast.And)
        self.emit(Assign(target, Copy(self.atom(node.values[0], "left")), self.line))
        for value in node.values[1:]:
            saved, self.out = self.out, []
            self.emit(Assign(target, Copy(self.atom(value, "right")), self.line))
            body, self.out = self.out, saved
            # The branch reassigns target, so the condition gets a name of its own: the
            # reverse sweep must see the value the primal branched on.
            test = self.names.fresh("truthy" if is_and else "falsy")
            self.locals.add(test)
            text = f"bool({target})" if is_and else f"not {target}"
            self.emit(Assign(test, Plain(text, [target]), self.line))
            self.emit(If(test, body, [], self.line))
        return Copy(target)

    def expr_IfExp(self, node, hint):
        target = self.names.fresh(hint if is_name(hint) else "chosen")
        self.locals.add(target)
        cond = self.atom(node.test, "cond")
        bodies = []
        for branch in (node.body, node.orelse):
            saved, self.out = self.out, []
            self.emit(Assign(target, Copy(self.atom(branch, hint)), self.line))
            bodies.append(self.out)
            self.out = saved
        self.emit(If(cond, bodies[0], bodies[1], self.line))
        return Copy(target)

    def expr_Tuple(self, node, hint):
        return Pack("tuple", [self.atom(e, "item") for e in _no_starred(self, node.elts)])

    def expr_List(self, node, hint):
        return Pack("list", [self.atom(e, "item") for e in _no_starred(self, node.elts)])

    def expr_Dict(self, node, hint):
        keys = []
        for key in node.keys:
            if not isinstance(key, gast.Constant):
                raise self.source.error(node, "dict keys must be constants to be transformed")
            keys.append(repr(key.value))
        return Pack("dict", [self.atom(v, "item") for v in node.values], keys)

    def expr_JoinedStr(self, node, hint):
        return Plain(unparse(node), self.plainnames_of(node))

    def expr_Attribute(self, node, hint):
        dotted = self.static_value(node)
        if dotted is not None:
            return Copy(dotted)
        obj = self.atom(node.value, "obj")
        fields = self.named_results.get(obj, ())
        if node.attr in fields and self.stores[obj] <= 1:  # result.eigenvalues: result[0]
            position = str(fields.index(node.attr))
            return Index(obj, position, [], position)
        if node.attr in ARRAY_ATTRIBUTES:
            rule = lookup(ARRAY_ATTRIBUTES[node.attr])
            if rule.definition is not None:  # y.mT: np.matrix_transpose's NumPy definition
                return UserCall(None, rule.definition, [obj], f"{obj}.{node.attr}")
            return self.prim(rule, f"{obj}.{node.attr}", [obj], {}, node)
        if node.attr in _GRADIENT_FREE_ATTRIBUTES:
            return Plain(f"{obj}.{node.attr}", names_of(obj))
        return Plain(
            f"{obj}.{node.attr}", names_of(obj), False, f"the attribute .{node.attr} has no rule"
        )

    def expr_Subscript(self, node, hint):
        maker = self._index_trick(node.value)
        if maker is not None:
            return self._index_concatenate(node, maker)
        obj = self.atom(node.value, "obj")
        index, reads, primal_index = self.index(node.slice)
        return Index(obj, index, reads, primal_index)

    def _index_trick(self, node):
        """``np.r_``/``np.c_`` as written, when ``node`` names one of them, else None."""
        if not isinstance(node, gast.Attribute):
            return None
        dotted = self.static_value(node)
        value = self.resolver.resolve_expr(node)
        return dotted if dotted is not None and (value is np.r_ or value is np.c_) else None

    def _index_concatenate(self, node, maker):
        """``np.r_[a, b, 0:3]`` as ``index_concatenate(np.r_, [a, b, slice(0, 3)])``."""
        parts = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
        items = []
        for part in parts:
            if isinstance(part, gast.Slice):
                bounds = [
                    b or gast.Constant(None, None) for b in (part.lower, part.upper, part.step)
                ]
                part = gast.Call(gast.Name("slice", gast.Load(), None, None), bounds, [])
            items.append(part)
        atoms = []
        for item in items:
            for sub in gast.walk(item):
                if getattr(sub, "lineno", None) is None:
                    gast.copy_location(sub, node)
            atoms.append(self.atom(item, "item"))
        items_atom = self.names.fresh("items")
        self.locals.add(items_atom)
        self.emit(Assign(items_atom, Pack("list", atoms), self.line))
        primal = f"{maker}[{', '.join(atoms)}]"
        return self.prim(lookup(index_concatenate), primal, [maker, items_atom], {}, node)

    def index(self, node):
        """(index value source, names read, index as written) for a subscript."""
        if isinstance(node, gast.Tuple):
            parts = [self.index(e) for e in node.elts]
            value = "(" + ", ".join(p[0] for p in parts) + ("," if len(parts) == 1 else "") + ")"
            return value, [n for p in parts for n in p[1]], ", ".join(p[2] for p in parts)
        if isinstance(node, gast.Slice):
            bounds = [
                self.atom(b, "bound") if b is not None else "None"
                for b in (node.lower, node.upper, node.step)
            ]
            written = ":".join("" if b == "None" else b for b in bounds).rstrip(":")
            written = written if ":" in written else written + ":"
            return f"slice({', '.join(bounds)})", names_of(*bounds), written
        atom = self.atom(node, "index")
        return atom, names_of(atom), atom

    def expr_ListComp(self, node, hint):
        return Copy(self.comprehension(node, hint))

    expr_GeneratorExp = expr_ListComp

    def comprehension(self, node, hint):

        return desugar(self, node, hint)

    def expr_Lambda(self, node, hint):
        raise self.source.error(
            node, "a lambda used as a value (not called) cannot be transformed"
        )

    # ---- calls ------------------------------------------------------------------------
    def expr_Call(self, node, hint):

        return split_call(self, node, hint)

    def prim(self, rule, primal, args, kwargs, node):
        """A Prim binding ``args``/``kwargs`` to the rule's parameters."""
        if rule.nondiff:
            return Plain(primal, names_of(*args, *kwargs.values()), view=rule.view)
        if rule.all_grads is not None and not rule.grads:
            return Prim(rule, primal, dict(kwargs), list(args))
        params = rule.params
        if rule.variadic is not None:  # f(a, *rest, option=...): the rest binds as one list
            fixed = params.index(rule.variadic)
            bound = dict(zip(params[:fixed], args[:fixed]))
            if len(args) > fixed:
                bound[rule.variadic] = list(args[fixed:])
            params = params[:fixed] + params[fixed + 1 :]
        elif len(args) > len(params):
            raise self.source.error(node, f"too many arguments for {primal}")
        else:
            bound = dict(zip(params, args))
        for key, value in kwargs.items():
            if key not in params:
                raise self.source.error(node, f"the rule for {primal} takes no argument {key!r}")
            bound[key] = value
        return Prim(rule, primal, bound)

    def is_builtin(self, func, obj):
        if isinstance(func, gast.Name) and func.id not in self.locals:
            return self.resolver.lookup(func.id) is obj
        return False

    def define_local_function(self, name, node):
        self.local_functions[name] = node
        self.locals.add(name)


def _assignednames_of(fn):
    names = set()
    for node in gast.walk(fn):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store):
            names.add(node.id)
        elif isinstance(node, gast.FunctionDef) and node is not fn:
            names.add(node.name)
    return names


def _no_starred(splitter, elts):
    for e in elts:
        if isinstance(e, gast.Starred):
            raise splitter.source.error(e, "starred expressions cannot be transformed")
    return elts


def _hint_for(rhs, hint):
    if isinstance(rhs, Prim):
        name = getattr(rhs.rule.primitive, "__name__", "") or hint
        short = {
            "true_divide": "div",
            "multiply": "mul",
            "subtract": "sub",
            "negative": "neg",
            "power": "pow",
            "getitem": "item",
        }
        return short.get(name, name)
    if isinstance(rhs, Index):
        return hint if hint not in ("t", "value") else "item"
    if isinstance(rhs, UserCall):
        return getattr(rhs.function, "__name__", hint)
    return hint


def _is_static(value) -> bool:
    return (
        inspect.ismodule(value)
        or inspect.isclass(value)
        or callable(value)
        or value is None
        or isinstance(value, (type(Ellipsis),))
    )
