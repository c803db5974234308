"""Random NumPy programs as Python source text, for checking compiled gradients.

``programs()`` is a hypothesis strategy. Each example is a :class:`Program`: the text of a
module with zero to two helper functions and a function ``f`` whose arguments are all float
(Python floats or float64 arrays of shape (3,), (2, 3) or (2, 1)) and whose result is a
scalar. The generator tracks the shape of every expression, so every program runs, and an
upper bound on every value's magnitude, wrapping an expression in ``np.tanh`` when the bound
grows large, so nothing overflows. Logarithms, square roots, fractional powers and divisions
only see arguments bounded away from zero or positive.

Points where the function is not differentiable are avoided by construction: every
``np.max`` reduces ``e + spread`` where ``spread`` is a constant with distinct entries along
the reduced axis (so values broadcast along that axis never tie), and there is no ``abs``.
Branch conditions and the gaps between the two largest values of each ``np.max`` are
recorded by an instrumented copy of the program (``Program.instrumented``) so that a finite
difference check can skip inputs that lie within a step of a discontinuity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from tests.fuzz.hazards import AliasHazards
from tests.fuzz.model import (
    COL,
    INPUT_BOUND,
    INTO,
    MAT,
    OPERANDS,
    PARAM_BOUND,
    SCALAR,
    SHAPES,
    SIZES,
    VEC,
    WRAP_BOUND,
    Expr,
    Helper,
    ListVar,
    Scope,
    Var,
    broadcast,
)
from tests.fuzz.scoping import ScopeHazards
from tests.fuzz.values import MODEL_CLASS, ValueHazards
from tests.fuzz.views import ViewHazards

__all__ = ["Program", "programs", "SHAPES", "render"]

# Markers around instrumented sub-expressions: \x02name|argument|expression\x04. The plain
# program keeps the expression; the instrumented one calls name(expression, argument).
_MARK = re.compile("\x02([A-Za-z_]+)\\|([^\x02\x04|]*)\\|([^\x02\x04]*)\x04")


def _mark(name, argument, text):
    return f"\x02{name}|{argument}|{text}\x04"


def render(text, instrumented=False):
    """The marked text as plain Python, or with the recording calls."""
    replacement = r"\1(\3, \2)" if instrumented else r"\3"
    while True:
        text, count = _MARK.subn(replacement, text)
        if not count:
            return text


@dataclass
class Program:
    """A generated module: ``f`` is the function to differentiate."""

    marked: str
    shapes: tuple  # of f's arguments, () meaning a Python float
    seed: int
    # The hazard classes the program uses (see hazards.py and scoping.py); empty for a
    # program every engine must differentiate without an error.
    hazards: frozenset = frozenset()

    @property
    def source(self) -> str:
        return render(self.marked)

    @property
    def instrumented(self) -> str:
        return render(self.marked, instrumented=True)

    def arguments(self):
        rng = np.random.default_rng(self.seed)
        values = []
        for shape in self.shapes:
            value = rng.uniform(-INPUT_BOUND, INPUT_BOUND, size=shape)
            values.append(float(value) if shape == SCALAR else value)
        return tuple(values)

    def __repr__(self):
        return f"Program(seed={self.seed}, shapes={self.shapes}) with source:\n{self.source}"


def _paren(text):
    return f"({text})"


CONSTANTS = ("0.5", "2.0", "-1.5", "0.25", "3.0", "-0.75")
THRESHOLDS = ("0.0", "0.5", "-0.5", "1.0")
SPREAD_VALUES = (0.0, 0.3, 0.6)


class Generator(AliasHazards, ScopeHazards, ValueHazards, ViewHazards):
    def __init__(self, draw, hazards=True):
        self.draw = draw
        self.counter = 0
        self.helpers: list[Helper] = []
        self.hazards = hazards  # whether to write the statements of hazards.py, scoping.py
        self.used: set[str] = set()  # hazard classes written so far
        self.module_helpers: set[str] = set()  # of MODULE_HELPERS, which the module defines
        self.in_helper = False  # writes into a helper's arrays may change its caller's

    # ---- choices ----------------------------------------------------------------------
    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def number(self, low, high):
        return self.draw(st.integers(low, high))

    def chance(self, percent):
        """True with about ``percent`` % probability; shrinks to False."""
        return self.draw(st.integers(0, 99)) >= 100 - percent

    def fresh_name(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    # ---- expressions ------------------------------------------------------------------
    def expr(self, scope: Scope, shape, depth) -> Expr:
        e = self._expr(scope, shape, depth)
        if e.bound > WRAP_BOUND:
            e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
        return e

    def _leaf(self, scope, shape):
        names = [n for n, v in scope.variables.items() if v.shape == shape]
        if names and not self.chance(10):
            name = self.pick(sorted(names))
            var = scope.variables[name]
            return Expr(name, var.bound, frozenset([name]), varied=var.varied)
        others = sorted(scope.variables)
        if others and not self.chance(10):
            return self._reshaped(scope, self.pick(others), shape)
        return self._constant(shape)

    def _constant(self, shape):
        if shape == SCALAR:
            c = self.pick(CONSTANTS)
            return Expr(c, abs(float(c)))
        low = self.pick([-0.8, -0.3, 0.2])
        values = np.round(np.linspace(low, low + 1.7, SIZES[shape]), 2).reshape(shape).tolist()
        return Expr(f"np.array({values})", 0.9, frozenset(), True)

    def _reshaped(self, scope, name, shape):
        """Variable ``name`` (of another shape) turned into an expression of ``shape``."""
        var = scope.variables[name]
        names = frozenset([name])
        if var.shape == MAT and shape in (VEC, COL) and self.chance(70):
            axis = ", axis=0" if shape == VEC else ", axis=1, keepdims=True"
            return Expr(f"np.mean({name}{axis})", var.bound, names, True, varied=var.varied)
        c = self._constant(shape)
        op = self.pick(["+", "*"])
        if broadcast(var.shape, shape) == shape:
            bound = var.bound + c.bound if op == "+" else var.bound * c.bound
            owned = op == "+" and var.varied
            return Expr(f"{name} {op} {c.text}", bound, names, True, owned, var.varied)
        bound = var.bound + c.bound if op == "+" else var.bound * c.bound
        return Expr(f"np.mean({name}) {op} {c.text}", bound, names, True, varied=var.varied)

    def _expr(self, scope: Scope, shape, depth) -> Expr:
        if depth <= 0:
            return self._leaf(scope, shape)
        kinds = ["leaf", "binary", "binary", "unary", "unary", "divide", "power", "reduce"]
        if shape != MAT:
            kinds.append("subscript")
        kinds += ["ifexp", "call", "list"]
        if self.hazards:
            kinds.append("construct")
        kind = self.pick(kinds)
        sub = depth - 1
        if kind == "binary":
            a_shape, b_shape = self.pick(OPERANDS[shape])
            a, b = self.expr(scope, a_shape, sub), self.expr(scope, b_shape, sub)
            op = self.pick(["+", "-", "*"])
            bound = a.bound * b.bound if op == "*" else a.bound + b.bound
            varied = a.varied or b.varied
            owned = op != "*" and varied
            text = f"{_paren(a.text)} {op} {_paren(b.text)}"
            return Expr(text, bound, a.names | b.names, True, owned, varied)
        if kind == "unary":
            a = self.expr(scope, shape, sub)
            form = self.pick(
                ["sin", "cos", "tanh", "exp_tanh", "gauss", "log1p2", "sqrt1p2", "neg"]
            )
            t, b = a.text, a.bound
            text, bound = {
                "sin": (f"np.sin({t})", min(1.0, b)),
                "cos": (f"np.cos({t})", 1.0),
                "tanh": (f"np.tanh({t})", min(1.0, b)),
                "exp_tanh": (f"np.exp(np.tanh({t}))", np.e),
                "gauss": (f"np.exp(-{_paren(t)} ** 2)", 1.0),
                "log1p2": (f"np.log(1.0 + {_paren(t)} ** 2)", np.log1p(b * b)),
                "sqrt1p2": (f"np.sqrt(1.0 + {_paren(t)} ** 2)", np.sqrt(1 + b * b)),
                "neg": (f"-{_paren(t)}", b),
            }[form]
            return Expr(text, bound, a.names, True, varied=a.varied)
        if kind == "divide":
            a_shape, b_shape = self.pick(OPERANDS[shape])
            form = self.pick(["tanh", "square", "constant"])
            a = self.expr(scope, shape if form == "constant" else a_shape, sub)
            if form == "constant":
                c = self.pick(["2.0", "-4.0", "0.5"])
                bound = a.bound / abs(float(c))
                return Expr(f"{_paren(a.text)} / {c}", bound, a.names, True, varied=a.varied)
            b = self.expr(scope, b_shape, sub)
            if form == "tanh":
                text, low = f"{_paren(a.text)} / (1.5 + np.tanh({b.text}))", 0.5
            else:
                text, low = f"{_paren(a.text)} / (1.0 + {_paren(b.text)} ** 2)", 1.0
            return Expr(text, a.bound / low, a.names | b.names, True, varied=a.varied or b.varied)
        if kind == "power":
            a = self.expr(scope, shape, sub)
            form = self.pick(["2", "3", "0.5", "1.5", "-1", "-0.5"])
            if form in ("2", "3"):
                text, bound = f"{_paren(a.text)} ** {form}", a.bound ** int(form)
                return Expr(text, bound, a.names, True, varied=a.varied)
            p = float(form)
            bound = (1 + a.bound**2) ** p if p > 0 else 1.0
            text = f"(1.0 + {_paren(a.text)} ** 2) ** {_paren(form) if p < 0 else form}"
            return Expr(text, bound, a.names, True, varied=a.varied)
        if kind == "reduce":
            return self._reduce(scope, shape, sub)
        if kind == "construct" and (shape != SCALAR or self.chance(20)):
            return self.construct(scope, shape, sub)
        if kind == "subscript":
            return self._subscript(scope, shape, sub)
        if kind == "ifexp":
            a, b = self.expr(scope, shape, sub), self.expr(scope, shape, sub)
            c = self.cond(scope)
            return Expr(
                f"({_paren(a.text)} if {c.text} else {_paren(b.text)})",
                max(a.bound, b.bound),
                a.names | b.names | c.names,
            )
        if kind == "call":
            helpers = [h for h in self.helpers if h.result == shape]
            if helpers:
                return self._call(scope, self.pick(helpers), sub)
        if kind == "list":
            lists = [n for n, v in scope.lists.items() if v.count > 0]
            if lists:
                return self._from_list(scope, self.pick(sorted(lists)), shape)
        return self._leaf(scope, shape)

    def _spread(self, shape, axis):
        """A constant with distinct entries along ``axis`` (None: all entries distinct)."""
        if axis is None:
            n = SIZES[shape]
            order = self.draw(st.permutations(range(n)))
            values = (np.array(order, dtype=float) * 0.2).reshape(shape)
        else:
            n = shape[axis]
            order = self.draw(st.permutations(SPREAD_VALUES[:n]))
            view = [1] * len(shape)
            view[axis] = n
            values = np.array(order).reshape(view)
        return f"np.array({np.round(values, 2).tolist()})"

    def _reduce(self, scope, shape, depth):
        if shape == SCALAR:
            source = self.pick([VEC, MAT, COL, SCALAR])
            form = self.pick(["sum", "mean", "max", "method"] if source else ["sum", "mean"])
            axis, keep = None, False
        elif shape == VEC:
            source, axis, keep = MAT, 0, False
            form = self.pick(["sum", "mean", "max", "method"])
        elif shape == COL:
            source, axis, keep = MAT, 1, True
            form = self.pick(["sum", "mean", "max", "method"])
        else:
            return self._leaf(scope, shape)
        a = self.expr(scope, source, depth)
        extra = "" if axis is None else f", axis={axis}" + (", keepdims=True" if keep else "")
        n = SIZES[source] if axis is None else source[axis]
        if form == "max":
            spread = self._spread(source, axis)
            inner = _mark("_gap_", str(axis), f"{_paren(a.text)} + {spread}")
            return Expr(f"np.max({inner}{extra})", a.bound + 1.2, a.names, True, varied=a.varied)
        if form == "method":
            text = f"{_paren(a.text)}.sum({extra[2:]})"
            return Expr(text, a.bound * n, a.names, True, varied=a.varied)
        bound = a.bound * n if form == "sum" else a.bound
        return Expr(f"np.{form}({a.text}{extra})", bound, a.names, True, varied=a.varied)

    def _subscript(self, scope, shape, depth):
        if shape == SCALAR:
            source = self.pick([VEC, COL])
            index = self.pick(["0", "1", "-1"] if source == VEC else ["0, 0", "1, 0", "-1, 0"])
        elif shape == VEC:
            source, index = MAT, self.pick(["0", "1", "-1"])
        else:  # COL
            source = MAT
            index = self.pick([":, 0:1", ":, 1:2", ":, 2:3", ":, -1:"])
        a = self.expr(scope, source, depth)
        return Expr(f"{_paren(a.text)}[{index}]", a.bound, a.names, varied=a.varied)

    def _call(self, scope, helper: Helper, depth):
        args = []
        for name, shape in helper.params:
            a = self.expr(scope, shape, depth)
            if a.bound > PARAM_BOUND:
                a = Expr(f"np.tanh({a.text})", 1.0, a.names, True)
            args.append((name, a))
        if helper.default is not None and self.chance(60):
            a = self.expr(scope, SCALAR, depth)
            if a.bound > PARAM_BOUND:
                a = Expr(f"np.tanh({a.text})", 1.0, a.names, True)
            args.append((helper.default[0], a))
        split = self.number(0, len(args))  # arguments from here on are passed by keyword
        parts = [a.text if i < split else f"{n}={a.text}" for i, (n, a) in enumerate(args)]
        names = frozenset().union(*[a.names for _, a in args]) if args else frozenset()
        return Expr(f"{helper.name}({', '.join(parts)})", helper.bound, names)

    def _from_list(self, scope, name, shape):
        lst = scope.lists[name]
        names = frozenset([name])
        stacked = f"np.stack({name})"
        if shape == SCALAR and lst.shape != SCALAR and self.chance(30):
            return Expr(f"np.sum({stacked})", lst.bound * SIZES[lst.shape] * 8, names, True)
        if lst.shape != shape:
            return self._leaf(scope, shape)
        form = self.pick(["sum", "stack_sum", "stack_mean", "last", "first"])
        if form == "sum":
            return Expr(f"sum({name})", lst.bound * 8, names, True)
        if form == "stack_sum":
            return Expr(f"np.sum({stacked}, axis=0)", lst.bound * 8, names, True)
        if form == "stack_mean":
            return Expr(f"np.mean({stacked}, axis=0)", lst.bound, names, True)
        return Expr(f"{name}[{'-1' if form == 'last' else '0'}]", lst.bound, names)

    def cond(self, scope, depth=1) -> Expr:
        """A data-dependent condition (whose margin the instrumented program records)."""
        shape = self.pick([VEC, MAT, COL, SCALAR])
        a = self.expr(scope, shape, self.number(0, 1))
        if shape == SCALAR:
            lhs = _paren(a.text)
        else:
            lhs = f"np.{self.pick(['sum', 'mean'])}({a.text})"
        threshold = self.pick(THRESHOLDS)
        op = self.pick([">", "<"])
        text = f"{_mark('_margin_', threshold, lhs)} {op} {threshold}"
        names = a.names
        if depth > 0 and self.chance(15):
            other = self.cond(scope, depth - 1)
            text = f"{text} {self.pick(['and', 'or'])} {other.text}"
            names |= other.names
        elif self.chance(10):
            text = f"not {_paren(text)}"
        return Expr(text, 1.0, names)

    # ---- statements -------------------------------------------------------------------
    def read(self, scope, e: Expr):
        scope.augmentable -= e.names

    def assign(self, scope, name, e: Expr, shape):
        self.read(scope, e)
        scope.variables[name] = Var(shape, e.bound, varied=e.varied)
        if e.owned:
            scope.augmentable.add(name)
        else:
            scope.augmentable.discard(name)

    def block(self, scope: Scope, count, indent, nesting, in_main, loop_outer=None):
        """``count`` statements; ``loop_outer`` holds the outer variables of a loop body."""
        lines = []
        for _ in range(count):
            lines += self.statement(scope, indent, nesting, in_main, loop_outer)
        return lines

    def expr_depth(self):
        return self.number(1, 3)

    def statement(self, scope: Scope, indent, nesting, in_main, loop_outer):
        pad = "    " * indent
        kinds = ["new", "new", "reassign"]
        if self.hazards:
            kinds += ["hazard", "hazard"]
        if scope.augmentable:
            kinds.append("augment")
        if scope.lists:
            kinds.append("append")
        if nesting < 2:
            kinds += ["if", "for", "while"]
            if in_main and nesting == 0:
                kinds += ["list", "return"]
        kind = self.pick(kinds)
        differentiable = [n for n, v in scope.variables.items() if v.differentiable]
        if kind == "reassign" and differentiable:
            name = self.pick(sorted(differentiable))
            var = scope.variables[name]
            e = self.expr(scope, var.shape, self.expr_depth())
            if loop_outer is not None and name in loop_outer:
                # A loop-carried value stays within max(its bound, 1) on every iteration.
                wrap = self.pick(["tanh", "sin", "cos", "mix"])
                if wrap == "mix":
                    text = f"0.5 * {name} + 0.5 * np.tanh({e.text})"
                    varied = e.varied or var.varied
                    e = Expr(text, max(var.bound, 1.0), e.names | {name}, True, varied=varied)
                else:
                    e = Expr(f"np.{wrap}({e.text})", 1.0, e.names, True, varied=e.varied)
                e.bound = max(var.bound, 1.0)
            self.assign(scope, name, e, var.shape)
            return [f"{pad}{name} = {e.text}"]
        if kind == "augment":
            name = self.pick(sorted(scope.augmentable))
            var = scope.variables[name]
            hidden = scope.copy()
            del hidden.variables[name]
            e = self.expr(hidden, self.pick(INTO[var.shape]), self.expr_depth())
            op = self.pick(["+=", "-=", "*="])
            if op == "*=":
                c = self.pick(CONSTANTS)
                e, bound = Expr(c, abs(float(c))), var.bound * abs(float(c))
            else:
                bound = var.bound + e.bound
            self.read(scope, e)
            if loop_outer is not None and name in loop_outer:
                bound = var.bound  # not reached: augmentable names are local to the body
            scope.variables[name] = Var(var.shape, bound, varied=var.varied)
            return [f"{pad}{name} {op} {e.text}"]
        if kind == "append":
            name = self.pick(sorted(scope.lists))
            lst = scope.lists[name]
            e = self.expr(scope, lst.shape, self.expr_depth())
            if e.bound > lst.bound:
                e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
            self.read(scope, e)
            lst.count += 1
            return [f"{pad}{name}.append({e.text})"]
        if kind == "hazard":
            return self.hazard_statement(scope, pad, loop_outer is not None)
        if kind == "if":
            return self.if_statement(scope, indent, nesting, in_main, loop_outer)
        if kind == "for":
            return self.for_statement(scope, indent, nesting, in_main)
        if kind == "while":
            return self.while_statement(scope, indent, nesting, in_main)
        if kind == "list":
            return self.list_statement(scope, indent, nesting)
        if kind == "return":
            c = self.cond(scope)
            e = self.expr(scope, self.pick(SHAPES), self.expr_depth())
            self.read(scope, c)
            self.read(scope, e)
            return [f"{pad}if {c.text}:", f"{pad}    return np.sum({e.text})"]
        # a new variable
        shape = self.pick(SHAPES)
        e = self.expr(scope, shape, self.expr_depth())
        name = self.fresh_name("v")
        self.assign(scope, name, e, shape)
        return [f"{pad}{name} = {e.text}"]

    def hazard_statement(self, scope, pad, in_loop):
        kind = self.pick(
            [
                "inplace",
                "alias",
                "alias",
                "out",
                "definition",
                "rebind_iterable",
                "shadow",
                "python_number",
                "value",
                "value",
                "view",
                "view",
            ]
        )
        make = {
            "inplace": self.inplace_statement,
            "alias": self.alias_statement,
            "out": self.out_statement,
            "definition": self.definition_statement,
            "rebind_iterable": self.rebind_iterable_statement,
            "shadow": self.shadow_statement,
            "python_number": self.python_number_statement,
            "value": self.value_statement,
            "view": self.view_statement,
        }[kind]
        return make(scope, pad, in_loop)

    def _merge(self, scope, branches, keep):
        """After a branch: variables of ``keep`` and list counts common to all branches."""
        scope.augmentable = set()
        for name in keep:
            scope.variables[name] = Var(
                branches[0].variables[name].shape,
                max(b.variables[name].bound for b in branches),
                varied=all(b.variables[name].varied for b in branches),
            )
        for name, lst in scope.lists.items():
            lst.count = min(b.lists[name].count for b in branches)
            lst.bound = max(b.lists[name].bound for b in branches)
        for name in scope.variables:
            if scope.variables[name].differentiable:
                bound = max(b.variables[name].bound for b in branches)
                varied = all(b.variables[name].varied for b in branches)
                scope.variables[name] = Var(scope.variables[name].shape, bound, varied=varied)

    def if_statement(self, scope, indent, nesting, in_main, loop_outer):
        pad = "    " * indent
        c = self.cond(scope)
        self.read(scope, c)
        lines = [f"{pad}if {c.text}:"]
        # A variable assigned on both sides is defined afterwards.
        out_shape = self.pick(SHAPES) if self.chance(60) else None
        out_name = self.fresh_name("y") if out_shape is not None else None
        branches = []
        arms = ["if", "else"] if self.chance(70) else ["if"]
        if len(arms) == 2 and self.chance(20):
            arms = ["if", "elif", "else"]
        if out_name is not None and "else" not in arms:
            arms.append("else")
        for arm in arms:
            inner = scope.copy()
            inner.augmentable = set()
            if arm == "elif":
                c2 = self.cond(scope)
                lines.append(f"{pad}elif {c2.text}:")
            elif arm == "else":
                lines.append(f"{pad}else:")
            body = self.block(
                inner, self.number(0, 2), indent + 1, nesting + 1, in_main, loop_outer
            )
            if out_name is not None:
                e = self.expr(inner, out_shape, self.expr_depth())
                if loop_outer is not None:
                    e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
                self.assign(inner, out_name, e, out_shape)
                body.append(f"{pad}    {out_name} = {e.text}")
            lines += body or [f"{pad}    pass"]
            branches.append(inner)
        if "else" not in arms:
            branches.append(scope.copy())
        self._merge(scope, branches, [out_name] if out_name else [])
        return lines

    def _loop_body(self, scope, indent, nesting, in_main, index=None, index_bound=0):
        inner = scope.copy()
        inner.augmentable = set()
        outer = set(scope.variables)
        # Loop-carried values get their fixed-point bound before the body is generated; a
        # later iteration may see them reassigned to constants, so they count as not varied.
        for name, var in inner.variables.items():
            if var.differentiable:
                inner.variables[name] = Var(var.shape, max(var.bound, 1.0))
                scope.variables[name] = Var(var.shape, max(var.bound, 1.0), varied=var.varied)
        for lst in inner.lists.values():
            lst.bound = max(lst.bound, 1.0)
        if index is not None:
            inner.variables[index] = Var(SCALAR, index_bound, differentiable=False)
        body = self.block(inner, self.number(1, 3), indent + 1, nesting + 1, in_main, outer)
        return inner, body

    def for_statement(self, scope, indent, nesting, in_main, appends=None):
        pad = "    " * indent
        k = self.number(1, 4)
        index = self.fresh_name("i")
        inner, body = self._loop_body(scope, indent, nesting, in_main, index, k)
        if appends is not None:
            e = self.expr(inner, scope.lists[appends].shape, self.expr_depth())
            e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
            inner.lists[appends].count += 1
            body.append(f"{pad}    {appends}.append({e.text})")
        if self.chance(15):
            c = self.cond(inner)
            body += [f"{pad}    if {c.text}:", f"{pad}        break"]
        # The first iteration runs the whole body, so its definitions and appends stand.
        del inner.variables[index]
        scope.augmentable = set()
        scope.variables.update(
            {n: v for n, v in inner.variables.items() if v.differentiable or n in scope.variables}
        )
        for name, lst in scope.lists.items():
            lst.count, lst.bound = inner.lists[name].count, inner.lists[name].bound
        return [f"{pad}for {index} in range({k}):", *body]

    def while_statement(self, scope, indent, nesting, in_main):
        pad = "    " * indent
        counter = self.fresh_name("n")
        limit = self.number(1, 4)
        c = self.cond(scope)
        self.read(scope, c)
        inner, body = self._loop_body(scope, indent, nesting, in_main)
        if self.chance(50):
            condition = f"{counter} < {limit} and ({c.text})"
        else:
            condition = f"({c.text}) and {counter} < {limit}"
        # The body may not run: only the bounds of outer variables carry over.
        scope.augmentable = set()
        for name, var in scope.variables.items():
            after = inner.variables[name]
            after.varied = after.varied and var.varied
            scope.variables[name] = after
        for name, lst in scope.lists.items():
            lst.bound = inner.lists[name].bound
        return [
            f"{pad}{counter} = 0",
            f"{pad}while {condition}:",
            *body,
            f"{pad}    {counter} = {counter} + 1",
        ]

    def list_statement(self, scope, indent, nesting):
        pad = "    " * indent
        name = self.fresh_name("hs")
        scope.lists[name] = ListVar(self.pick(SHAPES), 1.0)
        lines = [f"{pad}{name} = []"]
        return lines + self.for_statement(scope, indent, nesting, True, appends=name)

    # ---- functions --------------------------------------------------------------------
    def helper(self, index):
        name = f"g{index}"
        params = [(f"p{i}", self.pick(SHAPES)) for i in range(self.number(1, 3))]
        default = ("scale", self.pick(["0.5", "2.0", "-1.0"])) if self.chance(50) else None
        scope = Scope()
        for p, shape in params:
            scope.variables[p] = Var(shape, PARAM_BOUND)
        if default is not None:
            scope.variables["scale"] = Var(SCALAR, PARAM_BOUND)
        self.in_helper = True
        lines = self.block(scope, self.number(0, 3), 1, 1, False)
        self.in_helper = False
        result = self.pick(SHAPES)
        e = self.expr(scope, result, self.expr_depth())
        signature = [p for p, _ in params] + ([f"scale={default[1]}"] if default else [])
        text = "\n".join([f"def {name}({', '.join(signature)}):", *lines, f"    return {e.text}"])
        self.helpers.append(Helper(name, params, default, result, e.bound))
        return text

    def main(self, shapes):
        scope = Scope()
        params = [f"x{i}" for i in range(len(shapes))]
        for p, shape in zip(params, shapes):
            scope.variables[p] = Var(shape, INPUT_BOUND, varied=True)
        lines = self.block(scope, self.number(1, 6), 1, 0, True)
        e = self.expr(scope, self.pick(SHAPES), self.expr_depth())
        terms = [f"np.sum({e.text})"]
        extra = sorted(n for n, v in scope.variables.items() if v.differentiable)
        for name in self.draw(st.lists(st.sampled_from(extra), max_size=3, unique=True)):
            terms.append(f"np.sum({name})")
        body = [*lines, f"    return {' + '.join(terms)}"]
        return "\n".join([f"def f({', '.join(params)}):", *body])


MODULE_HELPERS = {
    "same": "def same(v):\n    return v",
    "add_into": "def add_into(v, a):\n    v += a\n    return v",
    "Model": MODEL_CLASS,
}


@st.composite
def programs(draw, hazards=True):
    """Random programs with their arguments (drawn from a seed).

    ``hazards=False`` leaves out the statements of hazards.py and scoping.py, so every
    engine must differentiate each program without an error.
    """
    gen = Generator(draw, hazards)
    helpers = [gen.helper(i) for i in range(draw(st.integers(0, 2)))]
    shapes = tuple(draw(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=4)))
    main = gen.main(shapes)
    imports = ["import numpy as np"]
    if "nested_grad" in gen.used:
        imports.append("\nimport srcgrad")
    helpers[:0] = [MODULE_HELPERS[name] for name in sorted(gen.module_helpers)]
    marked = "\n\n\n".join(["\n".join(imports), *helpers, main]) + "\n"
    seed = draw(st.integers(0, 2**32 - 1))
    return Program(marked, shapes, seed, frozenset(gen.used))
