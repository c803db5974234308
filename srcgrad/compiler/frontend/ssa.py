"""Fresh names for values a variable takes again at the top level of a function.

``x = np.sin(x); x = x * 2`` becomes ``x_2 = np.sin(x); x_3 = x_2 * 2``. The reverse sweep
then finds every earlier value still in place, with no saving: straight-line code needs
no stack. Assignments inside branches and loops keep their names; the reverse sweep saves
and restores those values instead.
"""

from __future__ import annotations

import ast
from functools import lru_cache

from .. import ir

__all__ = ["assign_versions", "rename"]


def assign_versions(stmts, params, names):
    current = {}
    defined = set(params)
    out = []
    for stmt in stmts:
        stmt = rename(stmt, current)
        if isinstance(stmt, ir.Assign):
            if stmt.target in defined:
                new = names.version(_base(stmt.target, current))
                current[_base(stmt.target, current)] = new
                stmt.target = new
            defined.add(stmt.target)
        else:
            defined |= _assigned(stmt)
        out.append(stmt)
    return out, current


def _base(name, current):
    for original, latest in current.items():
        if latest == name:
            return original
    return name


def _assigned(stmt):
    found = set()
    for sub in ir.walk([stmt]):
        if isinstance(sub, ir.Assign):
            found.add(sub.target)
        elif isinstance(sub, ir.For):
            found.add(sub.target)
    return found


def rename(stmt, mapping):
    """A copy of ``stmt`` (statement or right-hand side) with names read renamed."""
    if not mapping:
        return stmt
    a = lambda atom: mapping.get(atom, atom) if isinstance(atom, str) else atom  # noqa: E731
    t = lambda text: _rename_text(text, tuple(sorted(mapping.items())))  # noqa: E731
    names = lambda items: [a(n) for n in items]  # noqa: E731
    if isinstance(stmt, ir.Prim):
        args = {k: (names(v) if isinstance(v, list) else a(v)) for k, v in stmt.args.items()}
        positional = [names(v) if isinstance(v, list) else a(v) for v in stmt.positional]
        return ir.Prim(stmt.rule, t(stmt.primal), args, positional)
    if isinstance(stmt, ir.UserCall):
        return ir.UserCall(stmt.callee, stmt.function, names(stmt.args), t(stmt.primal))
    if isinstance(stmt, ir.TapeCall):
        kwargs = {k: a(v) for k, v in stmt.kwargs.items()}
        return ir.TapeCall(
            stmt.function, names(stmt.args), kwargs, t(stmt.primal), stmt.why, stmt.island
        )
    if isinstance(stmt, ir.Copy):
        return ir.Copy(a(stmt.source), t(stmt.primal) if stmt.primal else None)
    if isinstance(stmt, ir.Pack):
        return ir.Pack(stmt.kind, names(stmt.items), stmt.keys)
    if isinstance(stmt, ir.Index):
        return ir.Index(a(stmt.obj), t(stmt.index), names(stmt.index_reads), t(stmt.primal_index))
    if isinstance(stmt, ir.Plain):
        return ir.Plain(
            t(stmt.primal),
            names(stmt.names),
            stmt.gradient_free,
            stmt.why,
            stmt.scalar,
            stmt.view,
        )
    if isinstance(stmt, ir.Assign):
        target = mapping.get(stmt.target, stmt.target)
        return ir.Assign(
            target,
            rename(stmt.value, mapping),
            stmt.line,
            stmt.augmented,
            stmt.shared_with,
            stmt.element,
        )
    if isinstance(stmt, ir.SetItem):
        return ir.SetItem(
            a(stmt.obj),
            t(stmt.index),
            names(stmt.index_reads),
            t(stmt.primal_index),
            a(stmt.value),
            stmt.line,
        )
    if isinstance(stmt, ir.Append):
        return ir.Append(a(stmt.obj), a(stmt.value), stmt.line)
    if isinstance(stmt, ir.ExprStmt):
        return ir.ExprStmt(
            t(stmt.primal), names(stmt.names), stmt.line, stmt.gradient_free, stmt.why
        )
    if isinstance(stmt, ir.If):
        return ir.If(
            a(stmt.cond), _block(stmt.body, mapping), _block(stmt.orelse, mapping), stmt.line
        )
    if isinstance(stmt, ir.For):
        return ir.For(
            mapping.get(stmt.target, stmt.target),
            t(stmt.iterable),
            names(stmt.iter_reads),
            _block(stmt.body, mapping),
            stmt.line,
        )
    if isinstance(stmt, ir.While):
        return ir.While(a(stmt.cond), _block(stmt.body, mapping), stmt.line)
    if isinstance(stmt, ir.BreakIf):
        return ir.BreakIf(a(stmt.flag), stmt.line)
    if isinstance(stmt, ir.Return):
        return ir.Return(a(stmt.value), stmt.line)
    raise TypeError(f"cannot rename {type(stmt).__name__}")


def _block(stmts, mapping):
    return [rename(s, mapping) for s in stmts]


@lru_cache(maxsize=4096)
def _rename_text(text, mapping):
    mapping = dict(mapping)
    if not any(name in text for name in mapping):
        return text
    try:
        tree, wrapped = ast.parse(text, mode="exec"), False
    except SyntaxError:  # an index as written, such as "1:4, ::2"
        tree, wrapped = ast.parse(f"_[{text}]", mode="exec"), True
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in mapping:
            node.id = mapping[node.id]
    out = ast.unparse(tree)
    return out[2:-1] if wrapped else out
