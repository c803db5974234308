"""What a block of generated statements does with names, and removing tagged statements.

The reverse generator reads its own output here instead of parsing it: which names a block
reads (and which it reads only for their shape), binds and gives zero gradients like
(:class:`BlockNames`), and the removal of the save and restore statements it tagged with
the names they keep (:func:`remove_tagged`).
"""

from __future__ import annotations

import ast

__all__ = ["BlockNames", "remove_tagged", "walk_statements"]


# Calls that read only the shape of one argument: function name -> argument position.
_SHAPE_READERS = {"unbroadcast": 1, "unreduce": 1, "zeros_like": 0}


def _called_name(call: ast.Call):
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _is_runtime_zeros(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "zeros_like"
        and isinstance(func.value, ast.Name)
        and func.value.id == "runtime"
        and len(call.args) == 1
    )


def walk_statements(stmts):
    """Every statement in ``stmts``, nested blocks included (not nested functions)."""
    for stmt in stmts:
        yield stmt
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and not isinstance(stmt, ast.FunctionDef):
                yield from walk_statements(inner)


def _own_nodes(stmt):
    """The nodes of ``stmt`` itself, without the statements of its nested blocks."""
    if isinstance(stmt, (ast.If, ast.While)):
        return ast.walk(stmt.test)
    if isinstance(stmt, ast.For):
        return (*ast.walk(stmt.target), *ast.walk(stmt.iter))
    return ast.walk(stmt)


class BlockNames:
    """What a block of generated statements does with names, nested blocks included,
    restores of saved values left out: the names it reads (``loads``; ``shape_loads`` where
    only a shape is read), binds, and takes zero gradients like; how many statements it
    holds, and whether it has anything for the optimiser's constant folding (an integer
    0 or 1, a negation)."""

    def __init__(self, block, *more):
        self.loads, self.shape_loads, self.stores, self.zeroed = set(), set(), set(), set()
        self.statements = 0
        self.neutral = False
        at_shape = set()  # ids of the names passed where only their shape is read
        for stmt in walk_statements([*block, *more]):
            if hasattr(stmt, "restores"):
                continue
            self.statements += 1
            for node in _own_nodes(stmt):
                if isinstance(node, ast.Name):
                    if isinstance(node.ctx, ast.Store):
                        self.stores.add(node.id)
                    elif id(node) in at_shape:
                        self.shape_loads.add(node.id)
                    else:
                        self.loads.add(node.id)
                elif isinstance(node, ast.Call):
                    position = _SHAPE_READERS.get(_called_name(node))
                    if position is not None and len(node.args) > position:
                        at_shape.add(id(node.args[position]))
                    if _is_runtime_zeros(node) and isinstance(node.args[0], ast.Name):
                        self.zeroed.add(node.args[0].id)
                elif isinstance(node, ast.Constant):
                    self.neutral |= type(node.value) is int and node.value in (0, 1)
                elif isinstance(node, ast.UnaryOp):
                    self.neutral |= isinstance(node.op, ast.USub)


def remove_tagged(stmts, tag, names, described):
    """Remove, in place and in nested blocks, the statements whose ``tag`` is in ``names``,
    and the ``# line N:`` comments whose statements (``described``) all went."""
    removed = set()
    _remove(stmts, lambda s: getattr(s, tag, None) in names, removed)

    def emptied(stmt):
        under = described.get(id(stmt))
        return bool(under) and all(id(s) in removed for s in under)

    _remove(stmts, emptied, set())


def _remove(stmts, condition, removed):
    kept = []
    for stmt in stmts:
        if condition(stmt):
            removed.add(id(stmt))
            continue
        kept.append(stmt)
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner:
                _remove(inner, condition, removed)
                if not inner and field == "body":
                    inner.append(ast.Pass())
    stmts[:] = kept
