"""Reverse mode: the primal sweep with its saved values, then the adjoint sweep.

The generated function has the shape of a vector-Jacobian product::

    def f_vjp(x, w):
        ...primal statements (saving values that loops and branches overwrite)...
        def backward(result_grad):
            ...adjoint statements, last line first...
            return (x_grad, w_grad)
        return result, backward

The generator builds it as a tree of ``ast`` nodes (:mod:`.nodes`), which the optimiser
rewrites and :func:`~.codeblocks.emit` prints once. While it writes the adjoint sweep it
knows, for each variable, whether its gradient variable holds a value yet ("live"). The
first contribution to a gradient is an assignment; later ones add. Where loops and
branches meet, gradients that are live on one path only are set to zeros on the other, so
every path agrees.
"""

from __future__ import annotations

import ast

from .. import ir
from ..analysis.activity import Activity
from ..analysis.shapes import (
    is_elementwise,
    is_scalar_atom,
    known_numeric,
    known_scalars,
    numeric_parameters,
)
from . import nodes as n
from .blocks import BlockNames, remove_tagged
from .codeblocks import Comment
from .recompute import recomputable

__all__ = ["ReverseGenerator"]


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
        # Gradients that add with +, and those that may also accumulate in place (+=).
        # Parameters taken as arrays (checked when the code runs: _array_checks).
        self.checked = numeric_parameters(stmts, params)
        self.numeric, self.in_place = known_numeric(stmts, params, self.checked)
        self.recorded = self._recorded()
        # Values of range loops the adjoint computes again instead of saving them.
        self.recomputed = recomputable(stmts, params)
        for loop in ir.walk(stmts):
            if id(loop) in self.recomputed:
                self.recorded -= {loop.target, *(s.target for s in self.recomputed[id(loop)])}
        self.scalars = known_scalars(stmts, params, scalar_params)
        self.restored: set[str] = set()
        self.described: dict[int, list] = {}  # id(line comment) -> the statements under it
        self.saves: list = []  # the primal's save statements
        self.regions: dict[int, str] = {}
        self.uses_redo = False
        self.counters: set[str] = set()  # loop counters and trip counts (always ints)
        self.owned: set[str] = set()  # gradients accumulated in place (fresh zero arrays)
        self.ever_owned: set[str] = set()
        # The generated code's own variables, renamed where the user's code has the name.
        internal = names.internal
        self.saved, self.stack, self.redo = internal("saved"), internal("stack"), internal("redo")
        self.position, self.last = internal("position"), internal("last_values")
        self.backward = internal("backward")
        self.kept, self.kept_position = internal("kept"), internal("kept_position")

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
                    # assignments whose old values it restores. generate() drops the
                    # saves of the conditions it then finds unread.
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
        overwritten = {name for name, c in counts.items() if c > 1} | in_loop
        return overwritten & needed

    # ---- the whole function -------------------------------------------------------------
    flat = False  # one plain function: primal, then adjoint, no closure and no state kept
    flat_callees = None  # (UserCall stmt, plain) -> name of the callee or its flat vjp
    # Gradients a loop only adds to accumulate with +=; off where the code is transformed
    # again (there each += on an array gets a check that no other name holds it, which a
    # gradient zeroed anew inside an outer loop would fail).
    in_place_sums = True

    def generate_flat(self, name, flat_callees) -> ast.Module:
        """``def name(*params, seed): primal; adjoint; return grads`` as one plain function
        that the compiler can read and transform again (for second derivatives)."""
        self.flat, self.flat_callees = True, flat_callees
        return self.generate(name)

    def generate(self, vjp_name) -> ast.Module:
        """The generated function, as a module tree holding it.

        The primal sweep saves every overwritten value the adjoint might need; once the
        adjoint is written, the saves (and restores) of values it never reads go, and a
        value it reads only for its shape is saved as its shape.
        """
        primal = self._primal_block(self.stmts[:-1], depth=0)
        seed = self.grad_of(self.result) if ir.is_name(self.result) else "result_grad"
        live = set()
        if ir.is_name(self.result) and self.activity.active(self.result):
            live.add(self.result)
        adjoint, live = self._reverse_block(self.stmts[:-1], live)
        grads = [
            self.grad_of(p) if p in live else n.call("runtime.zeros_like", p)
            for p in self.active_params
        ]
        returned = n.returns(grads, bare=False)
        self.adjoint_names = BlockNames(adjoint, returned)
        self._keep_read_saves(primal, adjoint)
        if self.flat:
            function = self._assemble_flat(vjp_name, primal, adjoint, seed, returned)
        else:
            function = self._assemble(vjp_name, primal, adjoint, seed, returned)
        n.numbered([function])
        return ast.Module(body=[function], type_ignores=[])

    def _keep_read_saves(self, primal, adjoint):
        """Drop the save and restore statements of values the adjoint never reads; save a
        value it reads only for its shape (outside the flat form) as that shape."""
        reads, shape_reads = self.adjoint_names.loads, self.adjoint_names.shape_loads
        candidates = set(self.recorded) - self.added_saves
        unread = candidates - reads - shape_reads
        shape_only = set() if self.flat else (candidates & shape_reads) - reads
        if unread:
            remove_tagged(primal, "saves", unread, self.described)
            remove_tagged(adjoint, "restores", unread, self.described)
            self.recorded -= unread
            self.restored -= unread
            self.saves = [s for s in self.saves if getattr(s, "saves", None) not in unread]
        for stmt in self.saves:
            if getattr(stmt, "saves", None) in shape_only:
                stmt.value.args = [n.call("runtime.shape_of", stmt.saves)]

    def _uses(self, values) -> bool:
        """Whether the primal sweep saves anything into the list ``values``."""
        return any(stmt.value.func.value.id == values for stmt in self.saves)

    def _assemble(self, vjp_name, primal, adjoint, seed, returned):
        uses_stack = self._uses(self.saved)
        body = self._opening(uses_stack, uses_kept=False) + primal
        # The backward pass may run more than once, so it changes none of the primal's
        # state: restored variables are its own locals, it pops from a copy of the stack,
        # and it puts back what it undid in the primal's lists and arrays.
        inner = []
        restored = set(self.restored)
        if self.adjoint_names.statements > _LARGE:
            # Python compiles a closure over thousands of variables in quadratic time: a
            # large backward receives the primal's values in one tuple instead.
            defined = BlockNames(primal).stores | set(self.params)
            restored |= self.adjoint_names.loads & defined
        restored = sorted(restored)
        if restored:
            body.append(n.assign(self.last, n.tuple_of(restored)))
            inner.append(n.assign(restored, self.last))
        if uses_stack:
            inner.append(n.assign(self.stack, n.call("list", self.saved)))
        if self.uses_redo:
            inner.append(n.assign(self.redo, ast.List(elts=[], ctx=ast.Load())))
        inner += adjoint
        if self.uses_redo:
            inner.append(ast.Expr(n.call("runtime.replay", self.redo)))
        inner.append(returned)
        body.append(n.function(self.backward, [seed], inner))
        body.append(n.returns([self.result, self.backward], bare=True))
        return n.function(vjp_name, self.params, body)

    def _assemble_flat(self, name, primal, adjoint, seed, returned):
        uses_stack, uses_kept = self._uses(self.saved), self._uses(self.kept)
        body = self._opening(uses_stack, uses_kept) + primal
        if uses_stack:
            body.append(n.assign(self.position, n.call("len", self.saved)))
        if uses_kept:
            body.append(n.assign(self.kept_position, n.call("len", self.kept)))
        body += adjoint
        body.append(returned)
        return n.function(name, [*self.params, seed], body)

    prologue: list = []

    def _opening(self, uses_stack, uses_kept) -> list:
        """The statements before the primal sweep: the prologue, the saved-value lists, and
        the variables that may be unbound when the primal saves them or when the adjoint
        takes their zero gradient (assigned only in a branch that did not run)."""
        body = [stmt for line in self.prologue for stmt in n.statements(line)]
        body += self._array_checks()
        if uses_stack:
            body.append(n.assign(self.saved, ast.List(elts=[], ctx=ast.Load())))
        if uses_kept:
            body.append(n.assign(self.kept, ast.List(elts=[], ctx=ast.Load())))
        top_level = {s.target for s in self.stmts if isinstance(s, ir.Assign)}
        return body + self._first_values(self.adjoint_names.zeroed - top_level)

    def _array_checks(self):
        """The check that the parameters whose gradients add as arrays are no lists."""
        checked = self.checked
        # A list's items only go wrong where its gradient adds up as an array's would: it
        # is read item by item, passed to a call, or accumulated in place (+=).
        itemised = set(self.ever_owned)
        for stmt in ir.assignments(self.stmts):
            if isinstance(stmt.value, ir.Index):
                itemised.add(stmt.value.obj)
            elif isinstance(stmt.value, (ir.UserCall, ir.TapeCall)):
                itemised.update(stmt.value.reads())
        names = [
            p
            for p in self.active_params
            if p in checked and p in itemised and p not in self.scalars
        ]
        if not names:
            return []
        where = f"{self.source.filename}:{self.source.file_line(checked[names[0]])}"
        call = n.call("runtime.require_arrays", repr(", ".join(names)), repr(where), *names)
        return [ast.Expr(call)]

    def _first_values(self, zeroed):
        """``x = None`` for values saved (or given a zero gradient) before the primal
        assigns them; loop counters start at 0, so that they stay numbers."""
        shared = ir.guarded_names(self.stmts)
        first = sorted((self.recorded | zeroed | shared) - set(self.params))
        counters = [name for name in first if name in self.counters]
        others = [name for name in first if name not in self.counters]
        body = []
        for names, value, why in (
            (others, None, "# may be unassigned until later"),
            (counters, 0, "# loop counters, before their loops"),
        ):
            if names:
                stmt = n.assign(names[0], ast.Constant(value))
                stmt.targets = [n.store(x) for x in names]
                stmt.trailing = why
                body.append(stmt)
        return body

    def grad_of(self, name):
        grad = self.grad_names.get(name)
        if grad is None:
            grad = self.grad_names[name] = self.names.companion(f"{name}_grad")
        return grad

    # ---- primal sweep -----------------------------------------------------------------
    def _primal_block(self, stmts, depth, last_line=None):
        body, comment = [], None
        for stmt in stmts:
            chunk = self._primal(stmt, depth)
            line = getattr(stmt, "line", None)
            if chunk and line is not None and line != last_line:
                comment = self._line_comment(line)
                body.append(comment)
            last_line = line
            if comment is not None:
                self.described[id(comment)] += chunk
            body += chunk
        return body or [ast.Pass()]

    def _line_comment(self, line):
        text = f"line {self.source.file_line(line)}: {self.source.text_of(line)}"
        comment = Comment(text.strip())
        self.described[id(comment)] = []  # the statements written for the line
        return comment

    added_saves: set = frozenset()  # saved values added while writing (closures, trips)

    def _save(self, name):
        """``saved.append(name)`` (in the flat form, values that do not depend on the
        inputs go to a list of their own); tagged with the name it saves."""
        values = self.saved
        if self.flat and name.isidentifier() and name not in self.activity.varied:
            values = self.kept
        stmt = self._save_into(values, name)
        if name.isidentifier():
            stmt.saves = name
        return stmt

    def _save_into(self, values, value):
        stmt = ast.Expr(n.call(f"{values}.append", value))
        self.saves.append(stmt)
        return stmt

    def _save_added(self, name, body):
        """Save ``name``, a value the generator itself made (a loop's trip count, a
        backward closure), whose restore the adjoint always reads."""
        body.append(self._save(name))
        self.recorded.add(name)
        self.added_saves = self.added_saves | {name}

    def _closure(self, stmt, depth, body):
        """A name for the backward closure of a call; saved when the call is in a loop."""
        closure = self.names.fresh(f"{stmt.target}_backward")
        self.backward_names[id(stmt)] = closure
        if depth:
            self._save_added(closure, body)
        return closure

    def _primal(self, stmt, depth):
        if isinstance(stmt, ir.Assign):
            return self._primal_assign(stmt, depth)
        if isinstance(stmt, ir.SetItem):
            body = []
            if self.activity.is_active(stmt) or stmt.obj in self.activity.varied:
                region = n.call("runtime.region", stmt.obj, stmt.index)
                if depth:  # a region is no name: its save is never dropped
                    body.append(self._save_into(self.saved, region))
                else:
                    name = self.names.fresh(f"{stmt.obj}_overwritten")
                    self.regions[id(stmt)] = name
                    body.append(n.assign(name, region))
            target = n.subscript(stmt.obj, stmt.primal_index)
            return body + [n.assign(target, stmt.value)]
        if isinstance(stmt, ir.Append):
            return [ast.Expr(n.call(f"{stmt.obj}.append", stmt.value))]
        if isinstance(stmt, ir.ExprStmt):
            return n.statements(stmt.primal)
        if isinstance(stmt, ir.If):
            body = self._primal_block(stmt.body, depth + 1, stmt.line)
            orelse = self._primal_block(stmt.orelse, depth + 1, stmt.line) if stmt.orelse else []
            return [ast.If(test=n.atom(stmt.cond), body=body, orelse=orelse)]
        if isinstance(stmt, (ir.For, ir.While)):
            return self._primal_loop(stmt, depth)
        if isinstance(stmt, ir.BreakIf):
            return [ast.If(test=n.load(stmt.flag), body=[ast.Break()], orelse=[])]
        raise ir.unknown_kind("primal sweep", stmt)

    def _primal_assign(self, stmt, depth):
        body = [s for line in stmt.guard(self.source) for s in n.statements(line)]
        if stmt.target in self.recorded:
            body.append(self._save(stmt.target))
        value = stmt.value
        if isinstance(value, ir.UserCall) and self.flat:
            function = self.flat_callees(stmt, plain=True)
            return body + [n.assign(stmt.target, n.call(function, *value.args))]
        if isinstance(value, ir.TapeCall) and self.flat and self.activity.is_active(stmt):
            raise self.source.error(
                stmt, "a call that runs on the tape cannot be differentiated a second time"
            )
        if isinstance(value, ir.UserCall):
            call = n.call(self.callee_name(stmt), *value.args)
            if self.activity.is_active(stmt):
                closure = self._closure(stmt, depth, body)
                return body + [n.assign([stmt.target, closure], call)]
            first = ast.Subscript(value=call, slice=ast.Constant(0), ctx=ast.Load())
            return body + [n.assign(stmt.target, first)]
        wrt = ()
        if isinstance(value, ir.TapeCall):
            wrt = tuple(k for k, a in _call_arguments(value) if a in self.activity.varied)
        if wrt and self.activity.is_active(stmt):  # a tape island
            closure = self._closure(stmt, depth, body)
            call = n.call(
                "runtime.on_tape", value.function, n.atom(repr(wrt)), *value.args, **value.kwargs
            )
            return body + [
                Comment(f"on the tape: {value.why}"),
                n.assign([stmt.target, closure], call),
            ]
        return body + [n.assign(stmt.target, ir.primal_text(value))]

    def _primal_loop(self, stmt, depth):
        stmt.trips = self.names.fresh("trips")
        self.counters.add(stmt.trips)
        if isinstance(stmt, ir.For):
            self.counters.add(stmt.target)
        body = []
        if depth:
            self._save_added(stmt.trips, body)
        body.append(n.assign(stmt.trips, ast.Constant(0)))
        inner = [n.augment(stmt.trips, ast.Add(), ast.Constant(1))]
        inner += self._primal_block(stmt.body, depth + 1, stmt.line)
        if isinstance(stmt, ir.For) and stmt.target in self.recorded:
            # Saved last, so that the reverse iteration restores it first.
            at = len(inner) - (1 if stmt.body and isinstance(stmt.body[-1], ir.BreakIf) else 0)
            inner.insert(at, self._save(stmt.target))
        if isinstance(stmt, ir.For):
            loop = n.for_loop(stmt.target, stmt.iterable, inner)
        else:
            loop = ast.While(test=n.atom(stmt.cond), body=inner, orelse=[])
        return body + [loop]

    # ---- adjoint sweep ----------------------------------------------------------------
    def _reverse_block(self, stmts, live):
        body, comment = [], None
        last_line = None
        for stmt in reversed(stmts):
            chunk, live = self._reverse(stmt, live)
            line = getattr(stmt, "line", None)
            if chunk and line != last_line and not isinstance(stmt, (ir.If, ir.For, ir.While)):
                comment = self._line_comment(line)
                body.append(comment)
                last_line = line
            elif isinstance(stmt, (ir.If, ir.For, ir.While)):
                last_line, comment = None, None
            if comment is not None:
                self.described[id(comment)] += chunk
            body += chunk
        return body, live

    def _restore(self, name):
        """The statements that give ``name`` back its saved value, tagged with it."""
        self.restored.add(name)
        if self.flat:
            # Values that do not depend on the inputs (loop counters, conditions) come
            # back from a list of their own, so a second transform sees them as constants.
            values, position = self.saved, self.position
            if name not in self.activity.varied:
                values, position = self.kept, self.kept_position
            stmts = [
                n.augment(position, ast.Sub(), ast.Constant(1)),
                n.assign(name, n.subscript(values, n.load(position))),
            ]
        else:
            stmts = [n.assign(name, n.call(f"{self.stack}.pop"))]
        for stmt in stmts:
            stmt.restores = name
        return stmts

    def _accumulate(self, name, contribution, live):
        grad = self.grad_of(name)
        if name not in live:
            live.add(name)
            return [n.assign(grad, contribution)]
        if name in self.owned:
            return [_plus(grad, contribution, in_place=True)]
        if name in self.numeric:
            return [n.assign(grad, _plus(grad, contribution))]
        return [n.assign(grad, n.call("runtime.add_grads", grad, contribution))]

    def _reverse(self, stmt, live):
        live = set(live)
        if isinstance(stmt, ir.Assign):
            body = []
            if self.activity.is_active(stmt) and stmt.target in live:
                body += self._contributions(stmt, live)
                live.discard(stmt.target)
            elif stmt.target in live:
                # A value that carries no gradient overwrites one whose gradient is live (in
                # a loop: the previous trip's): before this line that gradient is zero.
                grad = self.grad_of(stmt.target)
                body.append(n.assign(grad, n.call("runtime.zeros_like", grad)))
            closure = self.backward_names.get(id(stmt))
            if closure in self.recorded:
                body += self._restore(closure)
            if stmt.target in self.recorded:
                body += self._restore(stmt.target)
            return body, live
        if isinstance(stmt, ir.SetItem):
            return self._reverse_setitem(stmt, live), live
        if isinstance(stmt, ir.Append):
            return self._reverse_append(stmt, live), live
        if isinstance(stmt, ir.If):
            return self._reverse_if(stmt, live)
        if isinstance(stmt, (ir.For, ir.While)):
            return self._reverse_loop(stmt, live)
        if isinstance(stmt, (ir.ExprStmt, ir.BreakIf)):  # no value, so no adjoint
            return [], live
        raise ir.unknown_kind("adjoint sweep", stmt)

    def _reverse_setitem(self, stmt, live):
        body, varied = [], self.activity.varied
        if self.activity.is_active(stmt) and stmt.obj in live:
            grad = self.grad_of(stmt.obj)
            if stmt.value in varied:
                part = n.call("runtime.setitem_value_grad", grad, stmt.index, stmt.value)
                body += self._accumulate(stmt.value, part, live)
            body.append(n.assign(grad, n.call("runtime.setitem_cleared_grad", grad, stmt.index)))
        if not (self.activity.is_active(stmt) or stmt.obj in varied):
            return body
        region = self.regions.get(id(stmt))
        target = n.subscript(stmt.obj, stmt.index)
        if self.flat:
            if region is None:  # saved in a loop: the top of the list
                body.append(n.augment(self.position, ast.Sub(), ast.Constant(1)))
                region = n.subscript(self.saved, n.load(self.position))
            body.append(n.assign(target, region))
            return body
        if region is None:
            region = n.call(f"{self.stack}.pop")
        self.uses_redo = True
        restore = n.call("runtime.restore", self.redo, stmt.obj, stmt.index, region)
        body.append(ast.Expr(restore))
        return body

    def _reverse_append(self, stmt, live):
        body, varied = [], self.activity.varied
        if self.activity.is_active(stmt) and stmt.obj in live and stmt.value in varied:
            part = self.names.fresh(f"{stmt.value}_part")
            grad = self.grad_of(stmt.obj)
            if self.flat:  # two steps the compiler can differentiate again
                body.append(n.assign(part, n.call("runtime.grad_item", grad, "-1", stmt.value)))
                body.append(n.assign(grad, n.subscript(grad, ":-1")))
            else:
                body.append(n.assign([part, grad], n.call("runtime.pop_grad", grad, stmt.value)))
            body += self._accumulate(stmt.value, part, live)
        elif stmt.obj in live:
            # A constant was appended: its entry of the list's gradient is dropped too,
            # so that the entries of the earlier elements stay in place.
            grad = self.grad_of(stmt.obj)
            body.append(n.assign(grad, n.subscript(grad, ":-1")))
        if self.flat:
            body.append(n.assign(stmt.obj, n.subscript(stmt.obj, ":-1")))
        else:
            self.uses_redo = True
            body.append(ast.Expr(n.call("runtime.unappend", self.redo, stmt.obj)))
        return body

    def _contributions(self, stmt, live):
        value, target = stmt.value, stmt.target
        g = self.grad_of(target)
        varied = self.activity.varied
        body = []
        if isinstance(value, ir.Prim):
            rule = value.rule
            self._refuse_missing_rule(stmt, value)
            if rule.all_grads is not None and not rule.grads:
                grads = self.names.fresh(f"{target}_grads")
                args = [_seq(a) for a in value.positional]
                keywords = {k: _seq(v) for k, v in value.args.items()}
                name = self.rule_text._bind_function(rule.all_grads)
                body.append(n.assign(grads, n.call(name, g, target, *args, **keywords)))
                for position, atom in enumerate(value.positional):
                    if isinstance(atom, str) and atom in varied:
                        part = n.call("runtime.grad_item", grads, str(position), atom)
                        body += self._accumulate(atom, part, live)
                return body
            bindings = {k: _seq(v) for k, v in value.args.items()}
            bindings.update(g=g, ans=target)
            shaped = self._output_shaped(value)
            for param, fn in rule.grads.items():
                atom = value.args.get(param)
                if isinstance(atom, str) and atom in varied:
                    contribution = self.rule_text.apply(fn, bindings, shaped)
                    body += self._accumulate(atom, contribution, live)
            return body
        if isinstance(value, ir.Copy):
            if value.source in varied:
                body += self._accumulate(value.source, n.load(g), live)
            return body
        if isinstance(value, ir.Pack):
            keys = value.keys or [str(i) for i in range(len(value.items))]
            for key, atom in zip(keys, value.items):
                if atom in varied:
                    part = n.call("runtime.grad_item", g, key, atom)
                    body += self._accumulate(atom, part, live)
            return body
        if isinstance(value, ir.Index):
            if value.obj in varied:
                part = n.call("runtime.index_grad", g, value.obj, value.index)
                body += self._accumulate(value.obj, part, live)
            return body
        if isinstance(value, (ir.UserCall, ir.TapeCall)):
            inputs = [a for _, a in _call_arguments(value) if a in varied]
            if not inputs:  # constant arguments: the call's value carries no gradient back
                return body
            parts = [self.names.fresh(f"{a}_part") for a in inputs]
            if self.flat:  # the callee's flat vjp recomputes its own primal values
                call = n.call(self.flat_callees(stmt, plain=False), *value.args, g)
            else:
                call = n.call(self.backward_names[id(stmt)], g)
            body.append(n.assign(parts, call))
            for atom, part in zip(inputs, parts):
                body += self._accumulate(atom, n.load(part), live)
            return body
        if isinstance(value, ir.Plain):  # gradient-free (the front end refuses the others)
            return body
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
        return [
            n.assign(self.grad_of(name), n.call("runtime.zeros_like", name))
            for name in sorted(names)
        ]

    def _recompute(self, stmts, read):
        """The statements that compute again the values in ``read`` (and what they need)."""
        needed = set(read)
        for stmt in reversed(stmts):
            if stmt.target in needed:
                needed.update(stmt.reads())
        body, last_line = [], None
        for stmt in (s for s in stmts if s.target in needed):
            chunk = [n.assign(stmt.target, ir.primal_text(stmt.value))]
            if stmt.line != last_line:
                comment = self._line_comment(stmt.line)
                body.append(comment)
                last_line = stmt.line
            self.described[id(comment)] += chunk
            body += chunk
        return body

    def _reverse_if(self, stmt, live):
        body, body_live = self._reverse_block(stmt.body, live)
        orelse, else_live = self._reverse_block(stmt.orelse, live)
        merged = body_live | else_live
        body += self._zero(merged - body_live)
        orelse += self._zero(merged - else_live)
        if not body and not orelse:
            return [], merged
        return [ast.If(test=n.atom(stmt.cond), body=body or [ast.Pass()], orelse=orelse)], merged

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
        owned = {x for x in loop_live - live if x in self.in_place and x not in assigned}
        owned = owned if self.in_place_sums else set()
        self.owned |= owned
        self.ever_owned |= owned
        body, out = self._reverse_block(stmt.body, loop_live)
        self.owned -= owned
        body += self._zero(loop_live - out)
        head = []
        if isinstance(stmt, ir.For) and stmt.target in self.recorded:
            head += self._restore(stmt.target)
        recomputed = self.recomputed.get(id(stmt))
        if recomputed:
            # The trip's values computed again, the counter going back down.
            trips = n.call("reversed", n.call("range", stmt.trips))
            read = BlockNames(head + body)
            again = self._recompute(recomputed, read.loads | read.shape_loads)
            loop = n.for_loop(stmt.target, trips, again + head + body)
        else:
            step = "_" if "_" not in self.names.taken else self.names.fresh("step")
            trips = n.call("range", stmt.trips)
            loop = n.for_loop(step, trips, head + (body or [ast.Pass()]))
        after = self._restore(stmt.trips) if stmt.trips in self.recorded else []
        return before + [loop] + after, loop_live


_LARGE = 1000  # adjoint statements above which values pass to backward in a tuple


def _plus(grad, contribution, in_place=False):
    """``grad + contribution``, written ``grad - c`` when the contribution is ``-c``; with
    ``in_place``, the statement ``grad += contribution`` (or ``-=``)."""
    term = n.expression(contribution)
    negated = isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.USub)
    operand = term.operand if negated else term
    op = ast.Sub() if negated else ast.Add()
    if in_place:
        return n.augment(grad, op, operand)
    return ast.BinOp(left=n.load(grad), op=op, right=operand)


def _call_arguments(call):
    """(position or keyword, atom) for each argument of a call, positional first."""
    pairs = list(enumerate(call.args))
    return pairs + list(getattr(call, "kwargs", {}).items())


def _seq(atom):
    return "[" + ", ".join(atom) + "]" if isinstance(atom, list) else atom


def _mentions_any(atom, names) -> bool:
    """True when ``atom`` (a name, or a list/tuple of atoms) mentions one of ``names``."""
    if isinstance(atom, (list, tuple)):
        return any(_mentions_any(a, names) for a in atom)
    return isinstance(atom, str) and atom in names
