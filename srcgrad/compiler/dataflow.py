"""Which names a statement reads and writes, and which are live after it, in generated code.

The optimiser (:mod:`srcgrad.compiler.optimize`) removes an assignment only when its target
is dead, and that needs liveness through loops, branches, ``break`` and nested functions.
A name that a nested scope reads (the backward closure, a lambda, a comprehension) is
*pinned*: the nested code may read it at any later time, so it counts as live everywhere.

>>> import ast
>>> body = ast.parse("a = 1\\nb = a\\nc = 2\\nprint(b)").body
>>> sorted(live_after(body, set())[id(body[1])])
['b', 'print']
"""

from __future__ import annotations

import ast

from .codeblocks import Comment, Unsupported

__all__ = ["reads", "writes", "pinned_names", "live_after", "NESTED_SCOPES"]

NESTED_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def reads(node) -> set:
    """Names ``node`` loads, nested scopes included (they read the enclosing names)."""
    return {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def writes(node) -> set:
    """Names ``node`` binds in its own scope (nested statements included, nested scopes not)."""
    found = set()

    def visit(child):
        if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
            found.add(child.id)
        elif isinstance(child, ast.FunctionDef):
            found.add(child.name)
            return
        elif isinstance(child, NESTED_SCOPES):
            return
        for grandchild in ast.iter_child_nodes(child):
            visit(grandchild)

    visit(node)
    return found


def pinned_names(function: ast.FunctionDef) -> set:
    """Names of ``function`` that a scope nested in it reads or binds."""
    pinned = set()
    for node in ast.walk(function):
        if node is function:
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            raise Unsupported("global or nonlocal")
        if isinstance(node, (ast.FunctionDef, *NESTED_SCOPES)):
            for child in ast.walk(node):
                if isinstance(child, ast.Name):
                    pinned.add(child.id)
    return pinned


def live_after(stmts, live_at_end: set) -> dict:
    """``id(stmt)`` -> the names live right after ``stmt``, for every statement in
    ``stmts`` and in the blocks nested in them (not inside nested functions)."""
    table: dict[int, set] = {}
    _block(stmts, set(live_at_end), table, None)
    return table


def _block(stmts, live, table, loop):
    for stmt in reversed(stmts):
        table[id(stmt)] = set(live)
        live = _before(stmt, live, table, loop)
    return live


def _before(stmt, live, table, loop):
    """The names live before ``stmt`` given those live after it. ``loop`` is the pair
    (live after the loop, live at its head) of the innermost loop, for break/continue."""
    if isinstance(stmt, (Comment, ast.Pass)):
        return live
    if isinstance(stmt, ast.Assign):
        targets = set()
        for target in stmt.targets:
            targets |= {target.id} if isinstance(target, ast.Name) else set()
        return (live - targets) | reads(stmt)
    if isinstance(stmt, (ast.AugAssign, ast.Expr, ast.AnnAssign, ast.Raise, ast.Assert)):
        return live | reads(stmt)
    if isinstance(stmt, ast.Return):
        return reads(stmt)
    if isinstance(stmt, ast.FunctionDef):
        return (live - {stmt.name}) | reads(stmt)
    if isinstance(stmt, ast.Break):
        return set(loop[0]) if loop else live
    if isinstance(stmt, ast.Continue):
        return set(loop[1]) if loop else live
    if isinstance(stmt, ast.If):
        body = _block(stmt.body, live, table, loop)
        orelse = _block(stmt.orelse, live, table, loop)
        return body | orelse | reads(stmt.test)
    if isinstance(stmt, (ast.For, ast.While)) and not stmt.orelse:
        return _loop(stmt, live, table)
    raise Unsupported(type(stmt).__name__)


def _loop(stmt, live, table):
    target = writes(stmt.target) if isinstance(stmt, ast.For) else set()
    test = reads(stmt.test) if isinstance(stmt, ast.While) else set()
    head = live | test
    while True:
        body = _block(stmt.body, head, table, (live, head))
        new_head = live | test | (body - target)
        if new_head == head:
            break
        head = new_head
    if isinstance(stmt, ast.For):
        return head | reads(stmt.iter)
    return head
