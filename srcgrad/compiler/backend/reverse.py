"""Reverse mode: the primal sweep with its saved values, then the adjoint sweep.

The generated function has the shape of a vector-Jacobian product::

    def f_vjp(x, w):
        ...primal statements (saving values that loops and branches overwrite)...
        def backward(result_grad):
            ...adjoint statements, last line first...
            return (x_grad, w_grad)
        return result, backward

While it writes the adjoint sweep the generator knows, for each variable, whether its
gradient variable holds a value yet ("live"). The first contribution to a gradient is an
assignment; later ones add. Where loops and branches meet, gradients that are live on one
path only are set to zeros on the other, so every path agrees.
"""

from __future__ import annotations

import ast
import re

from .. import ir
from ..analysis.activity import Activity
from ..analysis.shapes import is_elementwise, is_scalar_atom, known_numeric, known_scalars

__all__ = ["ReverseGenerator"]

_INDENT = "    "
_POP = re.compile(r"^\s*(?:\w+ -= 1; )?\w+ = (?:\w+\.pop\(\)|\w+\[\w+\])$")
_ZEROED = re.compile(r"runtime\.zeros_like\((\w+)\)")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class ReverseGenerator:
    def __init__(
        self,
        *,
        stmts,
        params,
        active_params,
        result,
        activity: Activity,
        names,
        rule_text,
        callee_name,
        source,
        scalar_params=(),
    ):
        self.stmts = stmts
        self.params = params
        self.active_params = active_params
        self.result = result
        self.activity = activity
        self.names = names
        self.rule_text = rule_text
        self.callee_name = callee_name  # UserCall -> name of the callee's vjp in the namespace
        self.source = source
        self.grad_names: dict[str, str] = {}
        self.backward_names: dict[int, str] = {}  # id(UserCall stmt) -> its backward closure
        self.numeric = known_numeric(stmts, params)  # gradients that add with +
        self.recorded = self._recorded()
        self.scalars = known_scalars(stmts, params, scalar_params)
        self.restored: set[str] = set()
        self.regions: dict[int, str] = {}
        self.uses_stack = False
        self.uses_redo = False
        self.counters: set[str] = set()  # loop counters and trip counts (always ints)
        self.owned: set[str] = set()  # gradients accumulated in place (fresh zero arrays)
        # The generated code's own variables, renamed where the user's code has the name.
        internal = names.internal
        self.saved, self.stack, self.redo = internal("saved"), internal("stack"), internal("redo")
        self.position, self.last = internal("position"), internal("last_values")
        self.backward = internal("backward")
        self.kept, self.kept_position = internal("kept"), internal("kept_position")
        self.uses_kept = False

    # ---- what to save -----------------------------------------------------------------
    def _recorded(self):
        needed = set()
        counts: dict[str, int] = dict.fromkeys(self.params, 1)  # a parameter's first value
        in_loop: set[str] = set()

        def visit(stmts, depth, looping):
            for stmt in stmts:
                if isinstance(stmt, ir.Assign):
                    counts[stmt.target] = counts.get(stmt.target, 0) + 1
                    if looping:
                        in_loop.add(stmt.target)
                if isinstance(stmt, (ir.Append, ir.SetItem)):
                    needed.add(stmt.obj)  # always undone: the list the adjoint finds
                if self.activity.is_active(stmt):
                    needed.update(stmt.reads())
                    if isinstance(stmt, ir.Assign):
                        needed.add(stmt.target)
                if isinstance(stmt, (ir.If, ir.For, ir.While)):
                    # The adjoint re-enters this block if anything in it is reversed:
                    # active statements, list appends and writes (always undone), and
                    # assignments whose old values it restores. The second pass of
                    # generate() drops the conditions it then finds unread.
                    if any(
                        self.activity.is_active(s)
                        or isinstance(s, (ir.Append, ir.SetItem, ir.Assign))
                        for s in ir.walk(ir.children(stmt))
                    ):
                        needed.update(stmt.reads())
                        if isinstance(stmt, ir.For):
                            needed.add(stmt.target)
                    looped = looping or isinstance(stmt, (ir.For, ir.While))
                    if isinstance(stmt, ir.For) and looped:
                        in_loop.add(stmt.target)
                    visit(ir.children(stmt), depth + 1, looped)

        visit(self.stmts, 0, False)
        needed |= self.activity.varied
        overwritten = {n for n, c in counts.items() if c > 1} | in_loop
        return (overwritten & needed) - set()

    # ---- the whole function -------------------------------------------------------------
    flat = False  # one plain function: primal, then adjoint, no closure and no state kept
    flat_callees = None  # (UserCall stmt, plain) -> name of the callee or its flat vjp

    def generate_flat(self, name, flat_callees) -> str:
        """``def name(*params, seed): primal; adjoint; return grads`` as one plain function
        that the compiler can read and transform again (for second derivatives)."""
        self.flat, self.flat_callees = True, flat_callees
        return self.generate(name)

    def generate(self, vjp_name) -> str:
        """The generated function's text.

        A first pass saves every overwritten value the adjoint might need; the second
        saves only those the first pass's adjoint lines actually read.
        """
        counters, taken = dict(self.names.counters), set(self.names.taken)
        first_recorded = set(self.recorded)
        text, adjoint = self._generate(vjp_name)
        reads = set()
        for line in adjoint:
            if not _POP.match(line) and not line.lstrip().startswith("#"):
                reads.update(_IDENTIFIER.findall(line.split("; ", 1)[-1]))
        needed = first_recorded & reads
        shaped = needed and not self.flat  # a flat function saves values, never shapes
        shape_only = _read_for_shape_only(text, self.backward) if shaped else set()
        self.shape_only = shape_only & needed
        if needed == first_recorded and not self.shape_only:
            return text
        self.names.counters, self.names.taken = counters, taken
        self.grad_names, self.backward_names, self.regions = {}, {}, {}
        self.restored = set()
        self.uses_stack = self.uses_redo = self.uses_kept = False
        self.recorded = needed
        return self._generate(vjp_name)[0]

    def _generate(self, vjp_name):
        primal = self._primal_block(self.stmts[:-1], depth=0)
        seed = self.grad_of(self.result) if ir.is_name(self.result) else "result_grad"
        live = set()
        if ir.is_name(self.result) and self.activity.active(self.result):
            live.add(self.result)
        adjoint, live = self._reverse_block(self.stmts[:-1], live)
        grads = []
        for param in self.active_params:
            grads.append(self.grad_of(param) if param in live else f"runtime.zeros_like({param})")
        returned = "(" + ", ".join(grads) + ("," if len(grads) == 1 else "") + ")"
        if self.flat:
            return self._assemble_flat(vjp_name, primal, adjoint, seed, returned), adjoint
        lines = [f"def {vjp_name}({', '.join(self.params)}):"]
        body = self._opening(adjoint) + primal
        # The backward pass may run more than once, so it changes none of the primal's
        # state: restored variables are its own locals, it pops from a copy of the stack,
        # and it puts back what it undid in the primal's lists and arrays.
        inner = []
        restored = set(self.restored)
        if len(adjoint) > _LARGE:
            # Python compiles a closure over thousands of variables in quadratic time: a
            # large backward receives the primal's values in one tuple instead.
            restored |= _free_names(adjoint, primal, self.params)
        restored = sorted(restored)
        if restored:
            body.append(f"{self.last} = ({', '.join(restored)},)")
            unpack = ", ".join(restored) + ("," if len(restored) == 1 else "")
            inner.append(f"{unpack} = {self.last}")
        body.append(f"def {self.backward}({seed}):")
        if self.uses_stack:
            inner.append(f"{self.stack} = list({self.saved})")
        if self.uses_redo:
            inner.append(f"{self.redo} = []")
        inner += adjoint
        if self.uses_redo:
            inner.append(f"runtime.replay({self.redo})")
        inner.append(f"return {returned}")
        body += [_INDENT + line for line in inner]
        body.append(f"return {self.result}, {self.backward}")
        lines += [_INDENT + line for line in body]
        return "\n".join(lines) + "\n", adjoint

    def _assemble_flat(self, name, primal, adjoint, seed, returned):
        body = self._opening(adjoint) + primal
        if self.uses_stack:
            body.append(f"{self.position} = len({self.saved})")
        if self.uses_kept:
            body.append(f"{self.kept_position} = len({self.kept})")
        body += adjoint
        body.append(f"return {returned}")
        header = f"def {name}({', '.join([*self.params, seed])}):"
        return "\n".join([header] + [_INDENT + line for line in body]) + "\n"

    prologue: list = []

    def _opening(self, adjoint) -> list:
        """The lines before the primal sweep: the prologue, the saved-value lists, and
        the variables that may be unbound when the primal saves them or when the adjoint
        takes their zero gradient (assigned only in a branch that did not run)."""
        lines = list(self.prologue)
        if self.uses_stack:
            lines.append(f"{self.saved} = []")
        if self.uses_kept:
            lines.append(f"{self.kept} = []")
        top_level = {s.target for s in self.stmts if isinstance(s, ir.Assign)}
        zeroed = set(_ZEROED.findall("\n".join(adjoint))) - top_level
        return lines + self._first_values(zeroed)

    def _first_values(self, zeroed):
        """``x = None`` for values saved (or given a zero gradient) before the primal
        assigns them; loop counters start at 0, so that they stay numbers."""
        shared = ir.guarded_names(self.stmts)
        first = sorted((self.recorded | zeroed | shared) - set(self.params))
        counters = [name for name in first if name in self.counters]
        others = [name for name in first if name not in self.counters]
        lines = []
        if others:
            lines.append(" = ".join(others) + " = None  # may be unassigned until later")
        if counters:
            lines.append(" = ".join(counters) + " = 0  # loop counters, before their loops")
        return lines

    def grad_of(self, name):
        grad = self.grad_names.get(name)
        if grad is None:
            grad = self.grad_names[name] = self.names.companion(f"{name}_grad")
        return grad

    # ---- primal sweep -----------------------------------------------------------------
    def _primal_block(self, stmts, depth, last_line=None):
        lines = []
        for stmt in stmts:
            chunk = self._primal(stmt, depth)
            line = getattr(stmt, "line", None)
            if chunk and line is not None and line != last_line:
                lines.append(self._line_comment(line))
            last_line = line
            lines += chunk
        return lines or ["pass"]

    def _line_comment(self, line):
        return f"# line {self.source.file_line(line)}: {self.source.text_of(line)}"

    shape_only: set = set()  # saved values the adjoint reads only for their shape

    def _save(self, name):
        if self.flat and name.isidentifier() and name not in self.activity.varied:
            self.uses_kept = True
            return f"{self.kept}.append({name})"
        self.uses_stack = True
        if name in self.shape_only:
            return f"{self.saved}.append(runtime.shape_of({name}))"
        return f"{self.saved}.append({name})"

    def _closure(self, stmt, depth, lines):
        """A name for the backward closure of a call; saved when the call is in a loop."""
        closure = self.names.fresh(f"{stmt.target}_backward")
        self.backward_names[id(stmt)] = closure
        if depth:
            lines.append(self._save(closure))
            self.recorded.add(closure)
        return closure

    def _primal(self, stmt, depth):
        if isinstance(stmt, ir.Assign):
            lines = stmt.guard(self.source)
            lines += [self._save(stmt.target)] if stmt.target in self.recorded else []
            value = stmt.value
            if isinstance(value, ir.UserCall) and self.flat:
                function = self.flat_callees(stmt, plain=True)
                return lines + [f"{stmt.target} = {function}({', '.join(value.args)})"]
            if isinstance(value, ir.TapeCall) and self.flat and self.activity.is_active(stmt):
                raise self.source.error(
                    stmt, "a call that runs on the tape cannot be differentiated a second time"
                )
            if isinstance(value, ir.UserCall):
                callee = self.callee_name(stmt)
                if self.activity.is_active(stmt):
                    closure = self._closure(stmt, depth, lines)
                    return lines + [
                        f"{stmt.target}, {closure} = {callee}({', '.join(value.args)})"
                    ]
                return lines + [f"{stmt.target} = {callee}({', '.join(value.args)})[0]"]
            wrt = ()
            if isinstance(value, ir.TapeCall):
                wrt = tuple(k for k, a in _call_arguments(value) if a in self.activity.varied)
            if wrt and self.activity.is_active(stmt):  # a tape island
                closure = self._closure(stmt, depth, lines)
                arguments = [value.function, repr(wrt), *value.args]
                arguments += [f"{k}={v}" for k, v in value.kwargs.items()]
                call = f"runtime.on_tape({', '.join(arguments)})"
                return lines + [
                    f"# on the tape: {value.why}",
                    f"{stmt.target}, {closure} = {call}",
                ]
            return lines + [f"{stmt.target} = {ir.primal_text(value)}"]
        if isinstance(stmt, ir.SetItem):
            lines = []
            if self.activity.is_active(stmt) or stmt.obj in self.activity.varied:
                region = f"runtime.region({stmt.obj}, {stmt.index})"
                if depth:
                    lines.append(self._save(region))
                else:
                    name = self.names.fresh(f"{stmt.obj}_overwritten")
                    self.regions[id(stmt)] = name
                    lines.append(f"{name} = {region}")
            return lines + [f"{stmt.obj}[{stmt.primal_index}] = {stmt.value}"]
        if isinstance(stmt, ir.Append):
            return [f"{stmt.obj}.append({stmt.value})"]
        if isinstance(stmt, ir.ExprStmt):
            return [stmt.primal]
        if isinstance(stmt, ir.If):
            body = self._primal_block(stmt.body, depth + 1, stmt.line)
            lines = [f"if {stmt.cond}:"] + _indent(body)
            if stmt.orelse:
                orelse = self._primal_block(stmt.orelse, depth + 1, stmt.line)
                lines += ["else:"] + _indent(orelse)
            return lines
        if isinstance(stmt, (ir.For, ir.While)):
            stmt.trips = self.names.fresh("trips")
            self.counters.add(stmt.trips)
            if isinstance(stmt, ir.For):
                self.counters.add(stmt.target)
            lines = [self._save(stmt.trips)] if depth else []
            if depth:
                self.recorded.add(stmt.trips)
            lines.append(f"{stmt.trips} = 0")
            header = (
                f"for {stmt.target} in {stmt.iterable}:"
                if isinstance(stmt, ir.For)
                else f"while {stmt.cond}:"
            )
            body = [f"{stmt.trips} += 1"] + self._primal_block(stmt.body, depth + 1, stmt.line)
            if isinstance(stmt, ir.For) and stmt.target in self.recorded:
                # Saved last, so that the reverse iteration restores it first.
                at = len(body) - (2 if stmt.body and isinstance(stmt.body[-1], ir.BreakIf) else 0)
                body.insert(at, self._save(stmt.target))
            return lines + [header] + _indent(body)
        if isinstance(stmt, ir.BreakIf):
            return [f"if {stmt.flag}:", _INDENT + "break"]
        raise ir.unknown_kind("primal sweep", stmt)

    # ---- adjoint sweep ----------------------------------------------------------------
    def _reverse_block(self, stmts, live):
        lines = []
        last_line = None
        for stmt in reversed(stmts):
            chunk, live = self._reverse(stmt, live)
            line = getattr(stmt, "line", None)
            if chunk and line != last_line and not isinstance(stmt, (ir.If, ir.For, ir.While)):
                lines.append(self._line_comment(line))
                last_line = line
            elif isinstance(stmt, (ir.If, ir.For, ir.While)):
                last_line = None
            lines += chunk
        return lines, live

    def _restore(self, name):
        self.restored.add(name)
        if self.flat:
            # Values that do not depend on the inputs (loop counters, conditions) come
            # back from a list of their own, so a second transform sees them as constants.
            if name not in self.activity.varied:
                return f"{self.kept_position} -= 1; {name} = {self.kept}[{self.kept_position}]"
            return f"{self.position} -= 1; {name} = {self.saved}[{self.position}]"
        return f"{name} = {self.stack}.pop()"

    def _accumulate(self, name, contribution, live):
        grad = self.grad_of(name)
        if name not in live:
            live.add(name)
            return [f"{grad} = {contribution}"]
        if name in self.owned:
            return [_plus(grad, contribution, in_place=True)]
        if name in self.numeric:
            return [f"{grad} = {_plus(grad, contribution)}"]
        return [f"{grad} = runtime.add_grads({grad}, {contribution})"]

    def _reverse(self, stmt, live):
        live = set(live)
        varied = self.activity.varied
        if isinstance(stmt, ir.Assign):
            lines = []
            if self.activity.is_active(stmt) and stmt.target in live:
                lines += self._contributions(stmt, live)
                live.discard(stmt.target)
            elif stmt.target in live:
                # A value that carries no gradient overwrites one whose gradient is live (in
                # a loop: the previous trip's): before this line that gradient is zero.
                grad = self.grad_of(stmt.target)
                lines.append(f"{grad} = runtime.zeros_like({grad})")
            if id(stmt) in self.backward_names and self.backward_names[id(stmt)] in self.recorded:
                lines.append(self._restore(self.backward_names[id(stmt)]))
            if stmt.target in self.recorded:
                lines.append(self._restore(stmt.target))
            return lines, live
        if isinstance(stmt, ir.SetItem):
            lines = []
            if self.activity.is_active(stmt) and stmt.obj in live:
                grad = self.grad_of(stmt.obj)
                if stmt.value in varied:
                    lines += self._accumulate(
                        stmt.value,
                        f"runtime.setitem_value_grad({grad}, {stmt.index}, {stmt.value})",
                        live,
                    )
                lines.append(f"{grad} = runtime.setitem_cleared_grad({grad}, {stmt.index})")
            if self.activity.is_active(stmt) or stmt.obj in varied:
                saved = self.regions.get(id(stmt))
                if saved is None:
                    self.uses_stack = True
                    top = f"{self.saved}[{self.position}]"
                    saved = top if self.flat else f"{self.stack}.pop()"
                if self.flat:
                    popped = saved.endswith(f"[{self.position}]")
                    step = f"{self.position} -= 1; " if popped else ""
                    lines.append(f"{step}{stmt.obj}[{stmt.index}] = {saved}")
                else:
                    self.uses_redo = True
                    restore = f"runtime.restore({self.redo}, {stmt.obj}, {stmt.index}, {saved})"
                    lines.append(restore)
            return lines, live
        if isinstance(stmt, ir.Append):
            lines = []
            if self.activity.is_active(stmt) and stmt.obj in live and stmt.value in varied:
                part = self.names.fresh(f"{stmt.value}_part")
                grad = self.grad_of(stmt.obj)
                if self.flat:  # two steps the compiler can differentiate again
                    lines.append(f"{part} = runtime.grad_item({grad}, -1, {stmt.value})")
                    lines.append(f"{grad} = {grad}[:-1]")
                else:
                    lines.append(f"{part}, {grad} = runtime.pop_grad({grad}, {stmt.value})")
                lines += self._accumulate(stmt.value, part, live)
            elif stmt.obj in live:
                # A constant was appended: its entry of the list's gradient is dropped too,
                # so that the entries of the earlier elements stay in place.
                grad = self.grad_of(stmt.obj)
                lines.append(f"{grad} = {grad}[:-1]")
            if self.flat:
                lines.append(f"{stmt.obj} = {stmt.obj}[:-1]")
            else:
                self.uses_redo = True
                lines.append(f"runtime.unappend({self.redo}, {stmt.obj})")
            return lines, live
        if isinstance(stmt, ir.If):
            return self._reverse_if(stmt, live)
        if isinstance(stmt, (ir.For, ir.While)):
            return self._reverse_loop(stmt, live)
        if isinstance(stmt, (ir.ExprStmt, ir.BreakIf)):  # no value, so no adjoint
            return [], live
        raise ir.unknown_kind("adjoint sweep", stmt)

    def _contributions(self, stmt, live):
        value, target = stmt.value, stmt.target
        g = self.grad_of(target)
        varied = self.activity.varied
        lines = []
        if isinstance(value, ir.Prim):
            rule = value.rule
            self._refuse_missing_rule(stmt, value)
            if rule.all_grads is not None and not rule.grads:
                grads = self.names.fresh(f"{target}_grads")
                args = [_seq(a) for a in value.positional]
                args += [f"{k}={v}" for k, v in value.args.items()]
                name = self.rule_text._bind_function(rule.all_grads)
                lines.append(f"{grads} = {name}({g}, {target}, {', '.join(args)})")
                for position, atom in enumerate(value.positional):
                    if isinstance(atom, str) and atom in varied:
                        part = f"runtime.grad_item({grads}, {position}, {atom})"
                        lines += self._accumulate(atom, part, live)
                return lines
            bindings = {k: _seq(v) for k, v in value.args.items()}
            bindings.update(g=g, ans=target)
            shaped = self._output_shaped(value)
            for param, fn in rule.grads.items():
                atom = value.args.get(param)
                if isinstance(atom, str) and atom in varied:
                    text = self.rule_text.apply(fn, bindings, shaped)
                    lines += self._accumulate(atom, text, live)
            return lines
        if isinstance(value, ir.Copy):
            if value.source in varied:
                lines += self._accumulate(value.source, g, live)
            return lines
        if isinstance(value, ir.Pack):
            keys = value.keys or [str(i) for i in range(len(value.items))]
            for key, atom in zip(keys, value.items):
                if atom in varied:
                    lines += self._accumulate(atom, f"runtime.grad_item({g}, {key}, {atom})", live)
            return lines
        if isinstance(value, ir.Index):
            if value.obj in varied:
                lines += self._accumulate(
                    value.obj, f"runtime.index_grad({g}, {value.obj}, {value.index})", live
                )
            return lines
        if isinstance(value, (ir.UserCall, ir.TapeCall)):
            inputs = [a for _, a in _call_arguments(value) if a in varied]
            if not inputs:  # constant arguments: the call's value carries no gradient back
                return lines
            parts = [self.names.fresh(f"{a}_part") for a in inputs]
            unpack = ", ".join(parts) + ("," if len(parts) == 1 else "")
            if self.flat:  # the callee's flat vjp recomputes its own primal values
                flat = self.flat_callees(stmt, plain=False)
                lines.append(f"{unpack} = {flat}({', '.join([*value.args, g])})")
            else:
                closure = self.backward_names[id(stmt)]
                lines.append(f"{unpack} = {closure}({g})")
            for atom, part in zip(inputs, parts):
                lines += self._accumulate(atom, part, live)
            return lines
        if isinstance(value, ir.Plain):  # gradient-free (the front end refuses the others)
            return lines
        raise ir.unknown_kind("adjoint sweep", value)

    def _refuse_missing_rule(self, stmt, value):
        """A differentiated argument that the rule gives no gradient is an error, never a
        silent zero (``q`` of ``np.quantile``, a keyword operand of a variadic rule)."""
        rule, varied = value.rule, self.activity.varied
        if rule.all_grads is not None and not rule.grads:
            unruled = [k for k, a in value.args.items() if _mentions_any(a, varied)]
        else:
            unruled = [
                p
                for p, a in value.args.items()
                if p not in rule.grads and p not in rule.shape_params and _mentions_any(a, varied)
            ]
        if unruled:
            raise self.source.error(
                stmt.line,
                f"{value.primal} has no derivative rule for its argument {unruled[0]!r}; "
                "pass a constant there (or, for a list-taking function, the value by "
                "position), or write the gradient with srcgrad.autograd.Function",
            )

    def _output_shaped(self, value):
        """Parameters of an elementwise primitive whose shape is the output's shape."""
        if not is_elementwise(value.rule.primitive) or value.positional:
            return frozenset()
        operands = value.args
        return frozenset(
            param
            for param in operands
            if all(
                is_scalar_atom(operands[other], self.scalars)
                or operands[other] == operands[param]  # x * x: the output has x's shape
                for other in operands
                if other != param
            )
        )

    def _zero(self, names):
        return [f"{self.grad_of(n)} = runtime.zeros_like({n})" for n in sorted(names)]

    def _reverse_if(self, stmt, live):
        body, body_live = self._reverse_block(stmt.body, live)
        orelse, else_live = self._reverse_block(stmt.orelse, live)
        merged = body_live | else_live
        body += self._zero(merged - body_live)
        orelse += self._zero(merged - else_live)
        if not body and not orelse:
            return [], merged
        lines = [f"if {stmt.cond}:"] + _indent(body or ["pass"])
        if orelse:
            lines += ["else:"] + _indent(orelse)
        return lines, merged

    def _reverse_loop(self, stmt, live):
        loop_live = set(live)
        while True:
            counters, taken = dict(self.names.counters), set(self.names.taken)
            _, out = self._reverse_block(stmt.body, loop_live)
            self.names.counters, self.names.taken = counters, taken | set(self.grad_names.values())
            if out <= loop_live:
                break
            loop_live |= out
        before = self._zero(loop_live - live)
        # Gradients this loop only adds to start as fresh zero arrays the generated code
        # owns, so they accumulate in place (``w_grad += ...``), as hand-written code does.
        assigned = {s.target for s in ir.walk(stmt.body) if isinstance(s, ir.Assign)}
        owned = {n for n in loop_live - live if n in self.numeric and n not in assigned}
        self.owned |= owned
        body, out = self._reverse_block(stmt.body, loop_live)
        self.owned -= owned
        body += self._zero(loop_live - out)
        head = []
        if isinstance(stmt, ir.For) and stmt.target in self.recorded:
            head.append(self._restore(stmt.target))
        step = "_" if "_" not in self.names.taken else self.names.fresh("step")
        lines = before + [f"for {step} in range({stmt.trips}):"]
        lines += _indent(head + (body or ["pass"]))
        if stmt.trips in self.recorded:
            lines.append(self._restore(stmt.trips))
        return lines, loop_live


# Calls that read only the shape of one argument: function name -> argument position.
_SHAPE_READERS = {"unbroadcast": 1, "unreduce": 1, "zeros_like": 0}


def _read_for_shape_only(text, backward_name) -> set:
    """Names that the backward closure in generated ``text`` reads only for their shape."""
    backward = next(
        node
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef) and node.name == backward_name
    )
    at_shape_position = set()  # ids of Name nodes passed where only the shape is read
    for node in ast.walk(backward):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            position = _SHAPE_READERS.get(called)
            if position is not None and len(node.args) > position:
                at_shape_position.add(id(node.args[position]))
    shape_uses, other_uses = set(), set()
    for node in ast.walk(backward):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            (shape_uses if id(node) in at_shape_position else other_uses).add(node.id)
    return shape_uses - other_uses


_LARGE = 1000  # adjoint lines above which values pass to backward in a tuple
_TARGETS = re.compile(r"^\s*(?:for\s+)?([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:=(?!=)|in\b)")


def _free_names(adjoint, primal, params) -> set:
    """Names the adjoint lines read that the primal lines (or parameters) define."""
    defined = set(params)
    for line in primal:
        match = _TARGETS.match(line)
        if match:
            defined.update(name.strip() for name in match.group(1).split(","))
    read = set()
    for line in adjoint:
        if not line.lstrip().startswith("#"):
            read.update(_IDENTIFIER.findall(line))
    return read & defined


def _plus(grad, contribution, in_place=False):
    """``grad + contribution``, written ``grad - c`` when the contribution is ``-c``; with
    ``in_place``, the statement ``grad += contribution`` (or ``-=``)."""
    term = ast.parse(contribution, mode="eval").body
    negated = isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.USub)
    if in_place:
        operand = ast.unparse(term.operand) if negated else contribution
        return f"{grad} {'-=' if negated else '+='} {operand}"
    if negated:
        return ast.unparse(ast.BinOp(ast.Name(grad), ast.Sub(), term.operand))
    return f"{grad} + {contribution}"


def _call_arguments(call):
    """(position or keyword, atom) for each argument of a call, positional first."""
    pairs = list(enumerate(call.args))
    return pairs + list(getattr(call, "kwargs", {}).items())


def _seq(atom):
    return "[" + ", ".join(atom) + "]" if isinstance(atom, list) else atom


def _indent(lines):
    return [_INDENT + line for line in lines]


def _mentions_any(atom, names) -> bool:
    """True when ``atom`` (a name, or a list/tuple of atoms) mentions one of ``names``."""
    if isinstance(atom, (list, tuple)):
        return any(_mentions_any(a, names) for a in atom)
    return isinstance(atom, str) and atom in names
