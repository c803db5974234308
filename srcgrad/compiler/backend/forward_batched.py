"""Forward mode over a batch of tangents: ``B`` Jacobian-vector products in one sweep.

From the same normal form as ``forward.py``, the generated function takes the batch size
first, then the function's parameters, then one batch of tangents per active parameter:
the tangent of ``x`` has shape ``(B,) + np.shape(x)``, row ``b`` being the tangent of the
``b``-th direction (for a list, a list of batches)::

    def f_jvp_batch(batch, x, w, x_dot):
        # line 2: y = np.sin(x) * w
        sin1 = np.sin(x)
        sin1_dot = lift(x_dot, sin1) * np.cos(x)
        y = sin1 * w
        y_dot = lift(sin1_dot, y) * w
        ...
        return result, result_dot

Control flow reads primal values only, so one sweep serves every row. A tangent rule is
used on the batch only where the rules table says it is right there: a batched form
written for the batch axis (``Rule.batched_tangents``), or a rule declared elementwise,
applied to the tangent lifted to the output's rank plus one so that it broadcasts as one
row does. Any other rule runs once per row (``per_row``), exactly as the one-tangent sweep
runs it. Reads and writes of items, zeros and calls of other user functions have their
own batched forms here. What this generator cannot batch raises :class:`BatchRefused`
when the code is generated, and the caller runs one sweep per direction instead.
"""

from __future__ import annotations

import ast

from ...rules.batch_helpers import as_batch, lift
from .. import ir
from ..cache import base_name, bind_callee, cached
from ..frontend.lifting import params_of
from ..frontend.source import TransformError
from ..frontend.stages import front_end
from ..runtime import batched as batched_runtime
from .forward import (
    CompiledJvp,
    ForwardGenerator,
    _all_inputs_carry,
    _is_number,
    _mentions,
    _seq,
    _sum,
    compile_jvp,
)
from .install import install

__all__ = ["BatchRefused", "compile_batched_jvp"]


class BatchRefused(TransformError):
    """The function's tangent code cannot run on a batch; one sweep per direction can."""


def compile_batched_jvp(fn, active: tuple[str, ...]) -> CompiledJvp:
    """The compiled batched Jacobian-vector product of ``fn``, tangents for ``active``:
    ``jvp(batch, *args, *active_tangent_batches)`` returns ``(output, output_tangents)``."""
    active = tuple(active)
    return cached(
        "batched jvp",
        fn,
        (active,),
        lambda: CompiledJvp(name=f"{base_name(fn)}_jvp_batch"),
        lambda compiled: _build(fn, active, compiled),
    )


def _build(fn, active, compiled: CompiledJvp):
    front = front_end(fn, active, compiled)

    def callee_name(stmt, callee_active):
        function = stmt.value.function
        if callee_active:
            callee = compile_batched_jvp(function, callee_active)
        else:  # no tangent flows in: the one-tangent code, for its output
            callee = compile_jvp(function, ())
        return bind_callee(compiled, callee, front.names, front.namespace)

    generator = BatchedForwardGenerator(front, list(active), callee_name)
    compiled.jvp = install(compiled, fn, front, generator.generate(compiled.name))


# The statements whose one-tangent code (forward.py) is right for a batch as it is.
_STATEMENTS = (ir.Assign, ir.SetItem, ir.Append, ir.ExprStmt, ir.If, ir.For, ir.While, ir.BreakIf)


class BatchedForwardGenerator(ForwardGenerator):
    """The tangent code of :class:`ForwardGenerator`, over a batch of tangents."""

    def __init__(self, front, active_params, callee_name):
        super().__init__(front, active_params, callee_name)
        self.batch = front.names.internal("batch")
        front.names.reserve(self.batch)
        self.line = 0  # the user's line being generated, for refusals

    def generate(self, jvp_name) -> str:
        text = super().generate(jvp_name)
        header = f"def {jvp_name}("
        return text.replace(header, f"{header}{self.batch}, ", 1)

    def _zero(self, atom):
        return f"{self._helper(batched_runtime.zeros)}({self.batch}, {atom})"

    def _refused(self, why):
        line = self.source.file_line(self.line) if self.line else 0
        return BatchRefused(why, self.source.filename, line)

    def _statement(self, stmt):
        self.line = getattr(stmt, "line", None) or self.line
        if isinstance(stmt, ir.SetItem) and self.activity.is_active(stmt):
            lines = [f"{stmt.obj}[{stmt.primal_index}] = {stmt.value}"]
            if stmt.value in self.varied:
                lines.insert(0, f"runtime.refuse_truncation({stmt.obj})")
            dot = self.dot_of(stmt.obj)
            value = self.dot_of(stmt.value) if stmt.value in self.varied else "0"
            with_item = self._helper(batched_runtime.with_item)
            lines.append(f"{dot} = {with_item}({dot}, {stmt.index}, {value})")
            return lines
        if isinstance(stmt, _STATEMENTS):
            return super()._statement(stmt)
        raise self._refused(f"no batched tangent code for {type(stmt).__name__}")

    def _user_call(self, stmt):
        if not self.activity.active(stmt.target):
            return super()._user_call(stmt)
        call = stmt.value
        params = params_of(call.function)
        positions = [i for i, a in enumerate(call.args) if ir.is_name(a) and a in self.varied]
        callee = self.callee_name(stmt, tuple(params[i] for i in positions))
        dots = [self.dot_of(call.args[i]) for i in positions]
        arguments = ", ".join([self.batch, *call.args, *dots])
        return [f"{stmt.target}, {self.dot_of(stmt.target)} = {callee}({arguments})"]

    def _assign_tangent(self, stmt):
        value = stmt.value
        if isinstance(value, ir.Copy) and _is_number(value.source):
            return self._zero(stmt.target)
        if isinstance(value, ir.Index) and value.obj in self.varied:
            take = self._helper(batched_runtime.take)
            return f"{take}({self.dot_of(value.obj)}, {value.index})"
        return super()._assign_tangent(stmt)

    def _prim_tangent(self, value: ir.Prim, target):
        rule = value.rule
        if rule.variadic is not None and rule.variadic in value.args:
            raise self._refused(f"{value.primal}: its tangent rule takes *{rule.variadic}")
        if rule.all_tangents is not None and not rule.tangents:
            return self._all_tangent(value, target)
        bindings = {k: _seq(v) for k, v in value.args.items()}
        bindings["ans"] = target
        parts = []
        for param, fn in rule.tangents.items():
            atom = value.args.get(param)
            if not _mentions(atom, self.varied):
                continue
            tangent, key = self._tangent(atom), "d" + param
            batched = rule.batched_tangents.get(param)
            if batched is not None:
                as_array = self._helper(as_batch)
                parts.append(self._apply(batched, {**bindings, key: f"{as_array}({tangent})"}))
            elif fn in rule.elementwise_tangents:
                lifted = f"{self._helper(lift)}({tangent}, {target})"
                parts.append(self._apply(fn, {**bindings, key: lifted}))
            else:
                arguments = ", ".join(f"{k}={v}" for k, v in bindings.items())
                per_row = self._helper(batched_runtime.per_row)
                rule_name = self._helper(fn)
                parts.append(
                    f"{per_row}({rule_name}, {self.batch}, {key!r}, {tangent}, {arguments})"
                )
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
            parts = self._lifted_parts(parts, target, _all_inputs_carry(rule, value, self.varied))
        return _sum(parts)

    def _all_tangent(self, value: ir.Prim, target):
        """The tangent from a rule for every positional tangent (``jvp_rule_all``)."""
        rule = value.rule
        if value.positional:
            operands, options = value.positional, value.args
        else:
            operands = [value.args[p] for p in rule.params if p in value.args]
            options = {}
        unruled = [k for k, a in options.items() if _mentions(a, self.varied)]
        if unruled:
            raise TransformError(
                f"{value.primal}: no tangent rule for its argument {unruled[0]!r}; "
                "pass it by position or as a constant",
                self.source.filename,
            )
        if not any(_mentions(a, self.varied) for a in operands):
            return self._zero(target)
        tangents = [self._maybe_tangent(a) for a in operands]
        packed = "(" + ", ".join(tangents) + ("," if len(tangents) == 1 else "") + ")"
        args = [_seq(a) for a in operands] + [f"{k}={_seq(v)}" for k, v in options.items()]
        if rule.batched_all_tangents is not None:
            name = self._helper(rule.batched_all_tangents)
            return f"{name}({target}, {packed}, {', '.join(args)})"
        per_row = self._helper(batched_runtime.per_row_all)
        name = self._helper(rule.all_tangents)
        return f"{per_row}({name}, {self.batch}, {target}, {packed}, {', '.join(args)})"

    def _lifted_parts(self, parts, target, all_inputs):
        """In a sum of tangent parts, ``broadcast_batch(e, target)`` can be
        ``lift(e, target)`` where the sum broadcasts anyway (as ``broadcast_like`` in the
        one-tangent code): when another part has the output's shape, or when every input
        of an elementwise primitive contributes a part."""
        trees = [ast.parse(p, mode="eval").body for p in parts]

        def wrapped(tree):
            return (
                isinstance(tree, ast.Call)
                and isinstance(tree.func, ast.Name)
                and tree.func.id == "broadcast_batch"
                and len(tree.args) == 2
                and ast.unparse(tree.args[1]) == target
            )

        if not all_inputs and all(wrapped(t) for t in trees):
            return parts
        lifted = self._helper(lift)
        return [
            f"{lifted}({ast.unparse(t.args[0])}, {target})" if wrapped(t) else p
            for t, p in zip(trees, parts)
        ]
