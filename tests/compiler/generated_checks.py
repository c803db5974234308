"""Checks on the text of generated code, written independently of the optimiser's analysis.

- a *copy chain*: ``t = e`` then ``v = t`` where ``t`` is read nowhere else and nothing
  between reads or writes ``v`` (the value could have been assigned to ``v`` directly), or
  ``a = b`` directly followed by ``b = a``;
- an *unread save*: ``v = stack.pop()`` in the backward closure where ``v`` is not read
  afterwards (later statements of its block, or, inside a loop, anywhere in that loop).
"""

from __future__ import annotations

import ast


def copy_chains(text: str) -> list[str]:
    """The copy chains in generated ``text``, as ``"t -> v"``."""
    tree = ast.parse(text)
    loads: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads[node.id] = loads.get(node.id, 0) + 1
    found = []
    for block in _blocks(tree):
        defined = {}  # name -> position of its assignment in this block
        for position, stmt in enumerate(block):
            copy = _copy(stmt)
            following = block[position + 1] if position + 1 < len(block) else None
            if copy and copy[1] in defined and loads.get(copy[1]) == 1:
                between = block[defined[copy[1]] + 1 : position]
                if not any(copy[0] in _names(s) for s in between):
                    found.append(f"{copy[1]} -> {copy[0]}")
            if copy and _copy(following) == (copy[1], copy[0]):
                found.append(f"{copy[0]} <-> {copy[1]}")
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        defined[target.id] = position
    return found


def _names(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def unread_saves(text: str, stack: str = "stack") -> list[str]:
    """The values popped from ``stack`` that nothing reads afterwards."""
    found = []
    for function in ast.walk(ast.parse(text)):
        if isinstance(function, ast.FunctionDef):
            _unread_in(function.body, [], stack, found)
    return found


def _unread_in(block, enclosing_loops, stack, found):
    for position, stmt in enumerate(block):
        if isinstance(stmt, (ast.For, ast.While)):
            _unread_in(stmt.body, enclosing_loops + [stmt], stack, found)
        elif isinstance(stmt, ast.If):
            _unread_in(stmt.body, enclosing_loops, stack, found)
            _unread_in(stmt.orelse, enclosing_loops, stack, found)
        target = _popped(stmt, stack)
        if target is None:
            continue
        scope = block[position + 1 :] + enclosing_loops[:1]
        if not any(target in _loaded(s) for s in scope):
            found.append(f"{target} (line {stmt.lineno})")


def _loaded(node) -> set:
    return {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def _popped(stmt, stack):
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        value = stmt.value
        if (
            isinstance(stmt.targets[0], ast.Name)
            and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "pop"
            and isinstance(value.func.value, ast.Name)
            and value.func.value.id == stack
        ):
            return stmt.targets[0].id
    return None


def _copy(stmt):
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Name)
    ):
        return stmt.targets[0].id, stmt.value.id
    return None


def _blocks(tree):
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                yield block
