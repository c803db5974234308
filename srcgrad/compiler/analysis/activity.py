"""Which values need an adjoint: those that depend on a ``wrt`` input (varied) and that
the output depends on through differentiable operations (useful).

The analysis is flow-insensitive: a name is varied if any of its assignments is. That can
only add adjoint code for values that turn out not to matter; it never drops one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ir

__all__ = ["Activity", "analyse"]

_DIFFERENTIABLE = (ir.Prim, ir.UserCall, ir.TapeCall, ir.Copy, ir.Pack, ir.Index)


@dataclass
class Activity:
    varied: set = field(default_factory=set)
    useful: set = field(default_factory=set)

    def active(self, name) -> bool:
        return name in self.varied and name in self.useful

    def is_active(self, stmt) -> bool:
        if isinstance(stmt, ir.Assign):
            return isinstance(stmt.value, _DIFFERENTIABLE) and self.active(stmt.target)
        if isinstance(stmt, (ir.SetItem, ir.Append)):
            return self.active(stmt.obj)
        return False


def _gradient_inputs(value):
    """Names whose gradient a right-hand side passes on."""
    if isinstance(value, ir.Index):
        return [value.obj] if ir.is_name(value.obj) else []
    return value.reads()


def analyse(stmts, active_params, result) -> Activity:
    flat = list(ir.walk(stmts))
    varied = set(active_params)
    changed = True
    while changed:
        changed = False
        for stmt in flat:
            if isinstance(stmt, ir.Assign) and isinstance(stmt.value, _DIFFERENTIABLE):
                if stmt.target not in varied and any(
                    n in varied for n in _gradient_inputs(stmt.value)
                ):
                    varied.add(stmt.target)
                    changed = True
            elif isinstance(stmt, (ir.SetItem, ir.Append)):
                if stmt.value in varied and stmt.obj not in varied:
                    varied.add(stmt.obj)
                    changed = True
    useful = {result} if ir.is_name(result) else set()
    changed = True
    while changed:
        changed = False
        for stmt in reversed(flat):  # usefulness flows from later statements to earlier
            new = []
            if isinstance(stmt, ir.Assign) and isinstance(stmt.value, _DIFFERENTIABLE):
                if stmt.target in useful:
                    new = _gradient_inputs(stmt.value)
            elif isinstance(stmt, (ir.SetItem, ir.Append)) and stmt.obj in useful:
                new = [stmt.value] if ir.is_name(stmt.value) else []
            for name in new:
                if name not in useful:
                    useful.add(name)
                    changed = True
    return Activity(varied, useful)


def reaching_output(stmts, result) -> set:
    """Names the output depends on through any data flow, differentiable or not."""
    flat = list(ir.walk(stmts))
    reach = {result} if ir.is_name(result) else set()
    changed = True
    while changed:
        changed = False
        for stmt in reversed(flat):
            if isinstance(stmt, ir.Assign) and stmt.target in reach:
                for name in stmt.value.reads():
                    if name not in reach:
                        reach.add(name)
                        changed = True
            elif isinstance(stmt, (ir.SetItem, ir.Append)) and stmt.obj in reach:
                for name in stmt.reads():
                    if name not in reach:
                        reach.add(name)
                        changed = True
    return reach


__all__ += ["reaching_output"]
