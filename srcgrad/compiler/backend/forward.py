"""Forward mode: the primal code with a tangent line after each active line.

From the same normal form the reverse generator reads (``frontend.stages.front_end``), the
generated function computes a Jacobian-vector product in one sweep::

    def f_jvp(x, w, x_dot, w_dot):
        # line 2: y = np.sin(x) * w
        sin1 = np.sin(x)
        sin1_dot = x_dot * np.cos(x)
        y = sin1 * w
        y_dot = sin1_dot * w + sin1 * w_dot
        ...
        return result, result_dot

The parameters are the function's own, then one tangent per active parameter. A tangent
``v_dot`` has ``v``'s structure. Loops and branches are copied as they are: the tangent
of each value is computed right after the value, so nothing needs saving. Tangent rules
come from the rules table (``jvp_rule``); a rule whose body is one ``return`` expression
is written in with real names, as in reverse mode. A value with several tangent inputs
gets the sum of their parts. A call of another user function calls that function's own
compiled jvp; ``xs.append(v)`` appends ``v``'s tangent to ``xs``'s; ``y[i] = v`` writes
``v``'s tangent into a copy of ``y``'s. An active value assigned something without a
tangent (a constant, ``np.zeros(3)``, a comparison) gets a zero tangent there, so every
path through loops and branches defines it.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass

import numpy as np

from .. import ir
from ..cache import Compiled, base_name, bind_callee, cached
from ..frontend.lifting import params_of
from ..frontend.source import TransformError
from ..frontend.stages import FrontEnd, front_end
from ..runtime.tangents import copy_tangent, with_item, zero_tangent
from .inline import RuleText
from .install import install
from .nodes import copy_tree

__all__ = ["CompiledJvp", "compile_jvp", "ForwardGenerator", "TransformError"]

_INDENT = "    "


@dataclass(eq=False)
class CompiledJvp(Compiled):
    """A compiled Jacobian-vector product: ``jvp(*args, *active_tangents)`` returns
    ``(output, output_tangent)``; ``source`` is its generated code."""

    jvp: object = None

    @property
    def function(self):
        return self.jvp


def compile_jvp(fn, active: tuple[str, ...]) -> CompiledJvp:
    """The compiled Jacobian-vector product of ``fn`` with tangents for ``active``."""
    active = tuple(active)
    return cached(
        "jvp",
        fn,
        (active,),
        lambda: CompiledJvp(name=f"{base_name(fn)}_jvp"),
        lambda compiled: _build(fn, active, compiled),
    )


def _build(fn, active, compiled: CompiledJvp):
    front = front_end(fn, active, compiled)

    def callee_name(stmt, callee_active):
        callee = compile_jvp(stmt.value.function, callee_active)
        return bind_callee(compiled, callee, front.names, front.namespace)

    generator = ForwardGenerator(front, list(active), callee_name)
    compiled.jvp = install(compiled, fn, front, generator.generate(compiled.name))


class ForwardGenerator:
    def __init__(self, front: FrontEnd, active_params, callee_name):
        self.front = front
        self.stmts = front.stmts
        self.params = front.params
        self.active_params = active_params
        self.result = front.result
        self.activity = front.activity
        self.varied = front.activity.varied
        self.names = front.names
        self.source = front.source
        self.rule_text = RuleText(front.namespace, front.splitter.locals)
        self.callee_name = callee_name  # (UserCall stmt, active params) -> name in namespace
        self.dot_names: dict[str, str] = {}

    # ---- the whole function -------------------------------------------------------------
    def generate(self, jvp_name) -> str:
        for param in self.active_params:
            self.dot_of(param)
        tangent_params = [self.dot_of(p) for p in self.active_params]
        body = list(self.front.prologue)
        # Names the check before an in-place `+=` reads, bound even if not yet assigned.
        shared = sorted(ir.guarded_names(self.stmts) - set(self.params))
        if shared:
            body.append(" = ".join(shared) + " = None  # may be unassigned until later")
        # A parameter without a tangent that is later assigned a value with one.
        for param in self.params:
            if param not in self.active_params and self.activity.active(param):
                body.append(f"{self.dot_of(param)} = {self._zero(param)}")
        body += self._block(self.stmts[:-1])
        if ir.is_name(self.result) and self.activity.active(self.result):
            result_dot = self.dot_of(self.result)
        else:
            result_dot = self._zero(self.result)
        body.append(f"return {self.result}, {result_dot}")
        signature = ", ".join(self.params + tangent_params)
        return "\n".join([f"def {jvp_name}({signature}):"] + _indent(body)) + "\n"

    def dot_of(self, name):
        dot = self.dot_names.get(name)
        if dot is None:
            dot = self.dot_names[name] = self.names.companion(f"{name}_dot")
        return dot

    def _helper(self, fn):
        return self.rule_text._bind_function(fn)

    def _zero(self, atom):
        return f"{self._helper(zero_tangent)}({atom})"

    def _tangent(self, atom):
        """The tangent of an atom as text: its tangent variable, or zeros."""
        if isinstance(atom, list):
            return "[" + ", ".join(self._tangent(a) for a in atom) + "]"
        return self.dot_of(atom) if atom in self.varied else self._zero(atom)

    # ---- statements ---------------------------------------------------------------------
    def _block(self, stmts):
        lines = []
        last_line = None
        for stmt in stmts:
            chunk = self._statement(stmt)
            line = getattr(stmt, "line", None)
            if chunk and line is not None and line != last_line:
                lines.append(f"# line {self.source.file_line(line)}: {self.source.text_of(line)}")
            last_line = None if isinstance(stmt, (ir.If, ir.For, ir.While)) else line
            lines += chunk
        return lines or ["pass"]

    def _statement(self, stmt):
        if isinstance(stmt, ir.Assign):
            if isinstance(stmt.value, ir.UserCall):
                return self._user_call(stmt)
            lines = stmt.guard(self.source) + [f"{stmt.target} = {ir.primal_text(stmt.value)}"]
            if self.activity.active(stmt.target):
                lines.append(f"{self.dot_of(stmt.target)} = {self._assign_tangent(stmt)}")
            return lines
        if isinstance(stmt, ir.SetItem):
            lines = [f"{stmt.obj}[{stmt.primal_index}] = {stmt.value}"]
            if self.activity.is_active(stmt) and stmt.value in self.varied:
                lines.insert(0, f"runtime.refuse_truncation({stmt.obj})")
            if self.activity.is_active(stmt):
                dot = self.dot_of(stmt.obj)
                value = self.dot_of(stmt.value) if stmt.value in self.varied else "0"
                helper = self._helper(with_item)
                lines.append(f"{dot} = {helper}({dot}, {stmt.index}, {value})")
            return lines
        if isinstance(stmt, ir.Append):
            lines = [f"{stmt.obj}.append({stmt.value})"]
            if self.activity.is_active(stmt):
                lines.append(f"{self.dot_of(stmt.obj)}.append({self._tangent(stmt.value)})")
            return lines
        if isinstance(stmt, ir.ExprStmt):
            return [stmt.primal]
        if isinstance(stmt, ir.If):
            lines = [f"if {stmt.cond}:"] + _indent(self._block(stmt.body))
            if stmt.orelse:
                lines += ["else:"] + _indent(self._block(stmt.orelse))
            return lines
        if isinstance(stmt, ir.For):
            body = self._block(stmt.body)
            if stmt.target in self.varied:  # a counter: its tangent is zero
                body.insert(0, f"{self.dot_of(stmt.target)} = {self._zero(stmt.target)}")
            return [f"for {stmt.target} in {stmt.iterable}:"] + _indent(body)
        if isinstance(stmt, ir.While):
            return [f"while {stmt.cond}:"] + _indent(self._block(stmt.body))
        if isinstance(stmt, ir.BreakIf):
            return [f"if {stmt.flag}:", _INDENT + "break"]
        raise TransformError(
            f"forward mode cannot transform {type(stmt).__name__}",
            self.source.filename,
            self.source.file_line(getattr(stmt, "line", 0)),
        )

    def _user_call(self, stmt):
        call = stmt.value
        args = ", ".join(call.args)
        if not self.activity.active(stmt.target):
            return [f"{stmt.target} = {self.callee_name(stmt, ())}({args})[0]"]
        params = params_of(call.function)
        positions = [i for i, a in enumerate(call.args) if ir.is_name(a) and a in self.varied]
        callee = self.callee_name(stmt, tuple(params[i] for i in positions))
        dots = [self.dot_of(call.args[i]) for i in positions]
        arguments = ", ".join(call.args + dots)
        return [f"{stmt.target}, {self.dot_of(stmt.target)} = {callee}({arguments})"]

    def _assign_tangent(self, stmt):
        """The text of ``stmt.target``'s tangent after ``stmt``."""
        value, target = stmt.value, stmt.target
        if isinstance(value, ir.Prim):
            return self._prim_tangent(value, target)
        if isinstance(value, ir.Copy):
            if value.source == "None":
                return "None"
            if _is_number(value.source):
                return "0.0"
            if value.source not in self.varied:
                return self._zero(target)
            dot = self.dot_of(value.source)
            if value.primal is None:
                return dot
            if value.primal.startswith("runtime.as_indexable("):
                return f"runtime.as_indexable({dot})"
            return f"{self._helper(copy_tangent)}({dot})"
        if isinstance(value, ir.Pack):
            items = [self._tangent(a) for a in value.items]
            if value.kind == "dict":
                pairs = zip(value.keys, items, strict=True)
                return "{" + ", ".join(f"{k}: {t}" for k, t in pairs) + "}"
            if value.kind == "list":
                return "[" + ", ".join(items) + "]"
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if isinstance(value, ir.Index):
            if value.obj in self.varied:
                return f"{self.dot_of(value.obj)}[{value.primal_index}]"
            return self._zero(target)
        if isinstance(value, ir.Plain):  # gradient-free (the front end refuses the others)
            return self._zero(target)
        raise ir.unknown_kind("tangent sweep", value)

    def _prim_tangent(self, value: ir.Prim, target):
        rule = value.rule
        if rule.all_tangents is not None and not rule.tangents:
            # Operands are positional for variadic primitives, named for the others.
            if value.positional:
                operands, options = value.positional, value.args
            else:
                operands = [value.args[p] for p in rule.params if p in value.args]
                options = {}
            unruled = [k for k, a in options.items() if _mentions(a, self.varied)]
            if unruled:  # the rule takes tangents of positional operands only
                raise TransformError(
                    f"{value.primal}: no tangent rule for its argument {unruled[0]!r}; "
                    "pass it by position or as a constant",
                    self.source.filename,
                )
            if not any(_mentions(a, self.varied) for a in operands):
                return self._zero(target)
            tangents = [self._maybe_tangent(a) for a in operands]
            packed = "(" + ", ".join(tangents) + ("," if len(tangents) == 1 else "") + ")"
            args = [_seq(a) for a in operands]
            args += [f"{k}={_seq(v)}" for k, v in options.items()]
            name = self._helper(rule.all_tangents)
            return f"{name}({target}, {packed}, {', '.join(args)})"
        bindings = {k: _seq(v) for k, v in value.args.items()}
        bindings["ans"] = target
        parts = []
        for param, fn in rule.tangents.items():
            atom = value.args.get(param)
            if _mentions(atom, self.varied):
                parts.append(self._apply(fn, {**bindings, "d" + param: self._tangent(atom)}))
        missing = [
            p
            for p, a in value.args.items()
            if p not in rule.tangents and p not in rule.shape_params and _mentions(a, self.varied)
        ]
        if missing:
            raise TransformError(
                f"{value.primal}: no tangent rule for its argument {missing[0]!r}",
                self.source.filename,
            )
        if not parts:
            return self._zero(target)
        if len(parts) > 1:
            parts = _without_broadcasts(parts, target, _all_inputs_carry(rule, value, self.varied))
        return _sum(parts)

    def _apply(self, fn, bindings):
        """A tangent rule applied to atoms, inlined where it can be. Keyword arguments the
        user left at their defaults are left out of the text (``np.sum(x_dot)``, not
        ``np.sum(x_dot, axis=None, ...)``): rules pass options on under the primitive's
        own names, with its own defaults."""
        defaults = {}
        for name, param in inspect.signature(fn).parameters.items():
            if name not in bindings and param.default is not inspect.Parameter.empty:
                defaults[f"{_DEFAULT}{name}"] = ast.parse(repr(param.default), mode="eval").body
        sentinels = {k[len(_DEFAULT) :]: k for k in defaults}
        expr = copy_tree(self.rule_text.apply(fn, {**bindings, **sentinels}))
        return ast.unparse(_Defaults(defaults).visit(expr))

    def _maybe_tangent(self, atom):
        """A tangent for an all-arguments rule: the tangent, or None where there is none."""
        if isinstance(atom, list):
            return "[" + ", ".join(self._maybe_tangent(a) for a in atom) + "]"
        return self.dot_of(atom) if atom in self.varied else "None"


_DEFAULT = "_srcgrad_default_"


class _Defaults(ast.NodeTransformer):
    """Drops ``name=<default>`` keywords and spells out other uses of a default."""

    def __init__(self, defaults):
        self.defaults = defaults

    def visit_Call(self, node):
        node.keywords = [
            k
            for k in node.keywords
            if not (isinstance(k.value, ast.Name) and k.value.id in self.defaults)
        ]
        return self.generic_visit(node)

    def visit_Name(self, node):
        return self.defaults.get(node.id, node)


def _all_inputs_carry(rule, value, varied) -> bool:
    """True for a ufunc (output shape = the inputs' broadcast shape) whose every input
    has a tangent."""
    return isinstance(rule.primitive, np.ufunc) and all(
        _mentions(value.args.get(p), varied) for p in rule.params
    )


def _without_broadcasts(parts, target, all_inputs):
    """In a sum of tangent parts, ``broadcast_like(e, target)`` can be ``e`` where the sum
    broadcasts anyway: when another part has the output's shape, or when every input of
    an elementwise primitive contributes a part."""
    trees = [ast.parse(p, mode="eval").body for p in parts]

    def wrapped(tree):
        return (
            isinstance(tree, ast.Call)
            and isinstance(tree.func, ast.Name)
            and tree.func.id == "broadcast_like"
            and len(tree.args) == 2
            and ast.unparse(tree.args[1]) == target
        )

    if not all_inputs and all(wrapped(t) for t in trees):
        return parts
    return [ast.unparse(t.args[0]) if wrapped(t) else p for t, p in zip(trees, parts)]


def _mentions(atom, names) -> bool:
    if isinstance(atom, list):
        return any(a in names for a in atom)
    return isinstance(atom, str) and atom in names


def _sum(parts):
    """``a + b + ...`` of expression texts, parenthesised where precedence needs it."""
    tree = ast.parse(parts[0], mode="eval").body
    for part in parts[1:]:
        term = ast.parse(part, mode="eval").body
        if isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.USub):
            tree = ast.BinOp(tree, ast.Sub(), term.operand)
        else:
            tree = ast.BinOp(tree, ast.Add(), term)
    return ast.unparse(tree)


def _is_number(atom) -> bool:
    try:
        return isinstance(ast.literal_eval(atom), (int, float)) and atom not in ("True", "False")
    except (ValueError, SyntaxError):
        return False


def _seq(atom):
    return "[" + ", ".join(atom) + "]" if isinstance(atom, list) else atom


def _indent(lines):
    return [_INDENT + line for line in lines]
