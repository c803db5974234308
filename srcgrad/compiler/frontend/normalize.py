"""Normal form, statements: one operation per statement, loops counted, sugar removed.

``Normalizer.function`` turns a (jump-lowered) gast function into the statements of
:mod:`.ir`. Expressions are split by :class:`.expressions.ExpressionSplitter`; this
module handles assignment forms, loops, branches and the statements that are not allowed.
"""

from __future__ import annotations

import re

import gast

from .. import ir
from ..ir import (
    Append,
    Assign,
    BreakIf,
    Copy,
    ExprStmt,
    For,
    If,
    Index,
    Plain,
    Return,
    SetItem,
    names_of,
)
from .expressions import ExpressionSplitter
from .inplace import lower_method
from .source import MutatesArgument, unparse

__all__ = ["Normalizer"]

_NOT_SUPPORTED = {
    gast.Try: "try/except/finally",
    gast.With: "a with statement",
    gast.AsyncWith: "async with",
    gast.AsyncFor: "async for",
    gast.AsyncFunctionDef: "an async function",
    gast.Global: "a global statement",
    gast.Nonlocal: "a nonlocal statement",
    gast.ClassDef: "a class definition",
    gast.Delete: "del",
    gast.Import: "an import inside the function",
    gast.ImportFrom: "an import inside the function",
}


class Normalizer(ExpressionSplitter):
    """Builds the normal form of one function body."""

    def function(self, node: gast.FunctionDef) -> list:
        for sub in gast.walk(node):
            if isinstance(sub, (gast.Yield, gast.YieldFrom)):
                raise self.source.error(sub, "a generator (yield) cannot be transformed")
            if isinstance(sub, gast.Await):
                raise self.source.error(sub, "await cannot be transformed")
            if isinstance(sub, gast.Call) and isinstance(sub.func, gast.Name):
                if sub.func.id in ("exec", "eval") and sub.func.id not in self.locals:
                    raise self.source.error(sub, f"{sub.func.id}() cannot be transformed")
        self.bindings = bindings_of(node)
        return self.block(node.body)

    def block(self, stmts) -> list:
        saved, self.out = self.out, []
        try:
            for stmt in stmts:
                self.line = getattr(stmt, "lineno", None) or self.line
                self.statement(stmt)
            return self.out
        finally:
            self.out = saved

    # ---- statements -------------------------------------------------------------------
    def statement(self, stmt):
        for kind, what in _NOT_SUPPORTED.items():
            if isinstance(stmt, kind):
                raise self.source.error(stmt, f"{what} cannot be transformed")
        handler = getattr(self, "stmt_" + type(stmt).__name__, None)
        if handler is None:
            raise self.source.error(
                stmt, f"{type(stmt).__name__} statements cannot be transformed"
            )
        handler(stmt)

    def stmt_Pass(self, stmt):
        pass

    def stmt_Expr(self, stmt):
        value = stmt.value
        if isinstance(value, gast.Constant):  # a docstring or a bare constant
            return
        if (
            isinstance(value, gast.Call)
            and isinstance(value.func, gast.Attribute)
            and isinstance(value.func.value, gast.Name)
            and value.func.value.id in self.locals
        ):
            # A method called for its effect changes its object in place.
            name, method = value.func.value.id, value.func.attr
            writes_out = any(k.arg == "out" for k in value.keywords)  # into out=, not name
            if name in self.params and not writes_out:
                raise self.source.error(
                    stmt,
                    f"{name}.{method}(...) changes the argument {name} in place, which a "
                    "compiled gradient cannot follow; build a new list or array instead",
                    MutatesArgument,
                )
            if lower_method(self, value, name, method):
                return
            if method != "append" or len(value.args) != 1 or value.keywords:
                raise self.source.error(
                    stmt,
                    f"{name}.{method}(...) changes {name} in place and cannot be transformed; "
                    "of the in-place list methods only append(item) is supported",
                )
            if name not in self.sequences or self.stores[name] > 1:
                # A user object's own .append is not a list's: checked when the code runs.
                where = f"{self.source.filename}:{self.source.file_line(value)}"
                check = f"runtime.require_list({name}, {where!r})"
                self.emit(ExprStmt(check, [name], self.line))
            item = self.atom(value.args[0], "item")
            self.emit(Append(self.local(name), item, self.line))
            return
        rhs = self.rhs(value, "value")
        if isinstance(rhs, Plain):
            self.emit(ExprStmt(rhs.primal, rhs.names, self.line, rhs.gradient_free, rhs.why))
        elif isinstance(rhs, ir.TapeCall):
            # Called for its effect: it may change an argument in place.
            why = (
                f"{rhs.function} is called for its effect (its value is not used), so it may "
                "change an argument in place, which a compiled gradient cannot follow"
            )
            self.emit(ExprStmt(rhs.primal, rhs.reads(), self.line, False, why))
        else:
            self.emit(Assign(self.names.fresh("unused"), rhs, self.line))

    def stmt_Assert(self, stmt):
        names = self.plainnames_of(stmt)
        self.emit(ExprStmt(unparse(stmt).strip(), names, self.line))

    def stmt_Raise(self, stmt):
        self.emit(ExprStmt(unparse(stmt).strip(), self.plainnames_of(stmt), self.line))

    def stmt_FunctionDef(self, stmt):
        self.define_local_function(stmt.name, stmt)

    def define_local_function(self, name, node):
        """A nested def or lambda. A call is compiled to the one definition the name has;
        a name bound more than once (definitions chosen in a branch, redefined in a loop,
        or also assigned a value) could call another one when the code runs: refused."""
        lines = self.bindings.get(name, [])
        if len(lines) > 1:
            where = ", ".join(str(self.source.file_line(line)) for line in lines)
            raise self.source.error(
                node,
                f"{name} is bound to a function here and bound again elsewhere in this "
                f"function (lines {where}); a compiled call would always use one definition, "
                "but which one applies is decided when the code runs. Give each definition "
                'its own name, or use mode="auto" to run it on the tape',
            )
        super().define_local_function(name, node)

    def stmt_AnnAssign(self, stmt):
        if stmt.value is not None:
            self.assign_to(stmt.target, stmt.value)

    def stmt_Assign(self, stmt):
        targets = stmt.targets
        if len(targets) > 1:
            first = self.atom(stmt.value, "value")
            for target in targets:
                self.assign_atom(target, first)
            return
        self.assign_to(targets[0], stmt.value)

    def stmt_AugAssign(self, stmt):
        target = stmt.target
        if isinstance(stmt.op, gast.Add) and isinstance(target, gast.Name):
            if isinstance(stmt.value, gast.List):  # items += [a, b] extends items in place
                for item in stmt.value.elts:
                    method = gast.Attribute(_as_load(target), "append", gast.Load())
                    call = gast.copy_location(gast.Call(method, [item], []), stmt)
                    self.stmt_Expr(gast.copy_location(gast.Expr(call), stmt))
                return
        if (
            isinstance(stmt.op, (gast.Add, gast.Mult))
            and isinstance(target, gast.Name)
            and target.id in self.sequences
            and target.id in _named_twice(self.source.node)
        ):  # on a list, += and *= change it in place, which another name would see
            where = f"{self.source.filename}:{self.source.file_line(stmt)}"
            check = f"runtime.refuse_list_extend({target.id}, {where!r})"
            self.emit(ExprStmt(check, [target.id], self.line))
        load = _as_load(stmt.target)
        start = len(self.out)
        self.assign_to(stmt.target, gast.BinOp(load, stmt.op, stmt.value))
        if not isinstance(stmt.target, (gast.Name, gast.Subscript)):
            return
        # The operation itself (x += a is x = x + a): the last one emitted, after a's parts.
        operations = [
            s for s in self.out[start:] if isinstance(s, Assign) and isinstance(s.value, ir.Prim)
        ]
        if operations:
            operations[-1].augmented = True
            # y[i] += a reads y[i], then writes it back: an ordinary write into an array
            # y, but an array held in a list or dict y changes in place.
            operations[-1].element = isinstance(stmt.target, gast.Subscript)

    def stmt_If(self, stmt):
        if len(stmt.body) == 1 and isinstance(stmt.body[0], gast.Break) and not stmt.orelse:
            self.emit(BreakIf(self.atom(stmt.test, "stop"), self.line))
            return
        cond = self.atom(stmt.test, "cond")
        line = self.line
        body = self.block(stmt.body)
        orelse = self.block(stmt.orelse)
        self.arrays -= _stored_names(stmt.body + stmt.orelse)  # either side may have run
        self.emit(If(cond, body, orelse, line))

    def stmt_While(self, stmt):
        line = self.line
        self.arrays -= _stored_names(stmt.body)  # a later iteration sees the body's values
        cond = self.names.fresh("keep_going")
        self.emit(Assign(cond, self.rhs(stmt.test, cond), line))
        body = self.block(stmt.body)
        saved, self.out = self.out, body
        self.line = line
        self.emit(Assign(cond, self.rhs(stmt.test, cond), line))
        self.out = saved
        self.emit(ir.While(cond, body, line))

    def stmt_For(self, stmt):
        line = self.line
        self.rebound_in_loop = _stored_names(stmt.body)
        self.arrays -= self.rebound_in_loop  # a later iteration sees the body's values
        _refuse_growing_iterable(self, stmt)
        counter, iterable, reads, element = self.loop_header(stmt.iter)
        saved, self.out = self.out, []
        if element is None:  # range(...): the counter is the user's own variable
            if not isinstance(stmt.target, gast.Name):
                raise self.source.error(stmt, "unpacking the loop variable of range()")
            self.locals.add(stmt.target.id)
            counter = stmt.target.id
        else:
            self.assign_atom(stmt.target, None, value=element(counter))
        body = self.out + self.block(stmt.body)
        self.out = saved
        self.emit(For(counter, iterable, reads, body, line))

    def stmt_Return(self, stmt):
        value = self.atom(stmt.value, "result") if stmt.value is not None else "None"
        self.emit(Return(value, self.line))

    # ---- loops ------------------------------------------------------------------------
    def loop_header(self, node):
        """(counter, iterable text, reads, element maker or None) for a for-loop's iterable."""
        if isinstance(node, gast.Call) and self.is_builtin(node.func, range) and not node.keywords:
            args = [self.atom(a, "bound") for a in node.args]
            return None, f"range({', '.join(args)})", [a for a in args if ir.is_name(a)], None
        counter = self.names.fresh("k")
        length, element = self.sequence(node)
        return counter, f"range({length})", [n for n in _names_in(length)], element

    def sequence(self, node):
        """(length text, element maker) for iterating over ``node`` by index."""
        if isinstance(node, gast.Call) and self.is_builtin(node.func, enumerate):
            start = _enumerate_start(node)
            if start is not _NOT_ENUMERATE:
                length, element = self.sequence(node.args[0])
                if start is None:
                    return length, lambda k: ("tuple", [k, element(k)])
                first = self.atom(start, "start")
                counter = lambda k: ("plain", f"{k} + {first}", names_of(k, first))  # noqa: E731
                return length, lambda k: ("tuple", [counter(k), element(k)])
        if isinstance(node, gast.Call) and not node.keywords:
            if self.is_builtin(node.func, zip) and node.args:
                parts = [self.sequence(arg) for arg in node.args]
                lengths = [p[0] for p in parts]
                length = lengths[0] if len(lengths) == 1 else f"min({', '.join(lengths)})"
                return length, lambda k: ("tuple", [p[1](k) for p in parts])
        seq = self.atom(node, "seq")
        if ir.is_name(seq) and seq in self.rebound_in_loop:
            # Python iterates the object the name held when the loop started, not the one
            # the body binds to it later (for v in x: ...; x = x * 0.9).
            start = self.names.fresh(f"{seq}_at_start")
            self.emit(Assign(start, Copy(seq), self.line))
            self.locals.add(start)
            # a name the checks before in-place writes compare with (xs *= 0.5 in the loop
            # changes the array the loop iterates)
            self.names.user_names.add(start)
            if seq in self.sequences:
                self.sequences.add(start)
            seq = start
        # Parameters and lists built here index as they are; anything else (a zip or map
        # object, say) becomes a list first.
        if not ir.is_name(seq) or (seq not in self.params and seq not in self.sequences):
            seq_name = self.names.fresh("seq")
            self.emit(Assign(seq_name, Copy(seq, f"runtime.as_indexable({seq})"), self.line))
            self.locals.add(seq_name)
            seq = seq_name
        return f"len({seq})", lambda k: ("index", seq, k)

    # ---- assignment ---------------------------------------------------------------------
    def assign_to(self, target, value_node):
        if isinstance(target, gast.Name):
            name = self.local(target.id)
            if isinstance(value_node, gast.Lambda):
                self.define_local_function(name, value_node)
                return
            rhs = self.rhs(value_node, name)
            if name in rhs.reads():  # keep a statement's target out of its own inputs
                temp = self.names.fresh(name)
                self.emit(Assign(temp, rhs, self.line))
                rhs = Copy(temp)
            self.emit(Assign(name, rhs, self.line))
        elif isinstance(target, (gast.Tuple, gast.List)):
            if isinstance(value_node, (gast.Tuple, gast.List)) and len(value_node.elts) == len(
                target.elts
            ):
                atoms = [self.atom(v, "item") for v in value_node.elts]
                stored = {n.id for n in gast.walk(target) if isinstance(n, gast.Name)}
                atoms = [self.copied(a) if a in stored else a for a in atoms]
                for sub, atom in zip(target.elts, atoms):
                    self.assign_atom(sub, atom)
            else:
                self.assign_atom(target, self.atom(value_node, "values"))
        elif isinstance(target, gast.Subscript):
            self.set_item(target, self.atom(value_node, "value"))
        elif isinstance(target, gast.Attribute):
            raise self.source.error(target, "assigning to an attribute cannot be transformed")
        else:
            raise self.source.error(target, f"assigning to {type(target).__name__}")

    def copied(self, atom):
        temp = self.names.fresh(atom)
        self.emit(Assign(temp, Copy(atom), self.line))
        return temp

    def assign_atom(self, target, atom, value=None):
        """Assign an atom (or an element description from ``sequence``) to a target."""
        if isinstance(value, str):
            atom = value
        elif value is not None:
            if value[0] == "tuple":
                if not isinstance(target, (gast.Tuple, gast.List)):
                    atoms = [self._element_atom(v) for v in value[1]]
                    self.emit(Assign(self.local(target.id), ir.Pack("tuple", atoms), self.line))
                    return
                for sub, part in zip(target.elts, value[1]):
                    self.assign_atom(sub, None, value=part)
                return
            atom = self._element_atom(value)
        if isinstance(target, gast.Name):
            self.emit(Assign(self.local(target.id), Copy(atom), self.line))
        elif isinstance(target, (gast.Tuple, gast.List)):
            for position, sub in enumerate(target.elts):
                if isinstance(sub, gast.Starred):
                    raise self.source.error(sub, "starred unpacking cannot be transformed")
                item = self.names.fresh("item") if not isinstance(sub, gast.Name) else None
                index = Index(atom, str(position), [], str(position))
                if item is None:
                    self.emit(Assign(self.local(sub.id), index, self.line))
                else:
                    self.emit(Assign(item, index, self.line))
                    self.assign_atom(sub, item)
        elif isinstance(target, gast.Subscript):
            self.set_item(target, atom)
        else:
            raise self.source.error(target, f"assigning to {type(target).__name__}")

    def _element_atom(self, value):
        if isinstance(value, str):
            return value
        if value[0] == "index":
            _, seq, k = value
            name = self.names.fresh("item")
            self.emit(Assign(name, Index(seq, k, [k], k), self.line))
            return name
        if value[0] == "plain":  # a loop counter plus enumerate's start
            _, text, reads = value
            name = self.names.fresh("count")
            self.emit(Assign(name, Plain(text, reads, scalar=True), self.line))
            return name
        atoms = [self._element_atom(v) for v in value[1]]
        name = self.names.fresh("items")
        self.emit(Assign(name, ir.Pack("tuple", atoms), self.line))
        return name

    def set_item(self, target, value_atom):
        if not isinstance(target.value, gast.Name):
            raise self.source.error(
                target,
                "writing through an expression (y.real[i] = v, y.T[i] = v, y[i][j] = v) "
                "cannot be transformed; write into the array by its name (y[i] = v, "
                "y[i, j] = v), or name the view first (w = y.T; w[i] = v)",
            )
        if target.value.id not in self.locals:
            raise self.source.error(
                target, "writing into an array the function did not create cannot be transformed"
            )
        if target.value.id in self.params:
            raise self.source.error(
                target,
                f"writing into the argument {target.value.id} changes the caller's object, "
                "which a compiled gradient cannot follow; write into a copy instead",
                MutatesArgument,
            )
        obj = self.local(target.value.id)
        index, reads, primal_index = self.index(target.slice)
        self.emit(SetItem(obj, index, reads, primal_index, value_atom, self.line))


_NOT_ENUMERATE = object()


def bindings_of(function) -> dict:
    """Name -> the lines of every statement that binds it in ``function``'s own scope
    (parameters, assignments, loop targets, nested defs), not in nested scopes."""
    lines = {}
    for arg in function.args.args:
        lines.setdefault(arg.id, []).append(function.lineno)

    def visit(node):
        if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
            lines.setdefault(node.name, []).append(node.lineno)
            return  # its body is its own scope
        if isinstance(node, (gast.Lambda, gast.ListComp, gast.SetComp, gast.DictComp)):
            return
        if isinstance(node, gast.GeneratorExp):
            return
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store):
            lines.setdefault(node.id, []).append(getattr(node, "lineno", function.lineno))
        for child in gast.iter_child_nodes(node):
            visit(child)

    for stmt in function.body:
        visit(stmt)
    return lines


def _enumerate_start(call):
    """The ``start`` node of ``enumerate(seq[, start])``, None without one, or
    ``_NOT_ENUMERATE`` for any other form of the call."""
    keywords = {k.arg: k.value for k in call.keywords}
    if len(call.args) == 1 and set(keywords) <= {"start"}:
        return keywords.get("start")
    if len(call.args) == 2 and not keywords:
        return call.args[1]
    return _NOT_ENUMERATE


def _stored_names(stmts) -> set:
    """Names any of ``stmts`` binds (at any depth, nested scopes aside)."""
    names = set()
    for stmt in stmts:
        for sub in gast.walk(stmt):
            if isinstance(sub, gast.Name) and isinstance(sub.ctx, gast.Store):
                names.add(sub.id)
    return names


def _named_twice(node) -> set:
    """Names whose object another name may also hold: bound from a bare name or binding
    one (``b = a``), or put into a list, tuple, set or dict display (``outer = [a]``)."""
    names = set()
    for sub in gast.walk(node):
        if isinstance(sub, gast.Assign) and isinstance(sub.value, gast.Name):
            names.add(sub.value.id)
            names.update(t.id for t in sub.targets if isinstance(t, gast.Name))
        elif isinstance(sub, (gast.List, gast.Tuple, gast.Set)):
            names.update(e.id for e in sub.elts if isinstance(e, gast.Name))
        elif isinstance(sub, gast.Dict):
            names.update(v.id for v in sub.values if isinstance(v, gast.Name))
    return names


def _refuse_growing_iterable(splitter, loop):
    """``for v in items: items.append(...)`` runs longer than the compiled loop would."""
    names = {n.id for n in gast.walk(loop.iter) if isinstance(n, gast.Name)}
    for sub in gast.walk(gast.Module(loop.body, [])):
        if (
            isinstance(sub, gast.Call)
            and isinstance(sub.func, gast.Attribute)
            and isinstance(sub.func.value, gast.Name)
            and sub.func.value.id in names
            and sub.func.attr in ("append", "extend", "insert")
        ):
            raise splitter.source.error(
                sub,
                f"the loop adds to {sub.func.value.id} while iterating over it, which the "
                "compiled loop (counted when it starts) cannot follow; iterate over a copy",
            )


def _as_load(node):
    if isinstance(node, gast.Name):
        return gast.Name(node.id, gast.Load(), None, None)
    if isinstance(node, gast.Subscript):
        return gast.Subscript(_as_load(node.value), node.slice, gast.Load())
    if isinstance(node, gast.Attribute):
        return gast.Attribute(_as_load(node.value), node.attr, gast.Load())
    return node


def _names_in(text):
    return [n for n in re.findall(r"[A-Za-z_]\w*", text) if n not in ("len", "min", "range")]
