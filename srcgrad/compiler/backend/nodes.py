"""Builders for the code the back end generates: ``ast`` statements and expressions.

The generators build their output as trees with these functions; the optimiser rewrites
the trees and :func:`srcgrad.compiler.backend.codeblocks.emit` prints them once. The
front end's normal form keeps its operands as short source texts (names, constants, index
expressions such as ``k1`` or ``slice(1, None)``): :func:`atom` reads one of those into a
tree, once per distinct text.

Every call returns new nodes, so that no node sits in two places of a tree and a pass may
change one in place.

>>> from .codeblocks import emit
>>> print(emit([assign("y_grad", call("runtime.zeros_like", "y"))]), end="")
y_grad = runtime.zeros_like(y)
"""

from __future__ import annotations

import ast
from functools import lru_cache

__all__ = [
    "assign",
    "atom",
    "augment",
    "call",
    "copy_tree",
    "expression",
    "for_loop",
    "function",
    "load",
    "numbered",
    "returns",
    "statements",
    "store",
    "subscript",
    "tuple_of",
]


def load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def store(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Store())


def atom(text: str) -> ast.expr:
    """The tree of an operand text of the normal form (a new tree at each call)."""
    if text.isidentifier() and text not in _CONSTANTS:
        return load(text)
    return _clone(_parsed_atom(text))


_CONSTANTS = {"None", "True", "False"}


@lru_cache(maxsize=4096)
def _parsed_atom(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def expression(value) -> ast.expr:
    """``value`` as an expression: a tree as it is, a text as an :func:`atom`."""
    return atom(value) if isinstance(value, str) else value


def call(function, *args, **keywords) -> ast.Call:
    """``function(*args, **keywords)``; ``function`` may be a dotted name, e.g.
    ``"runtime.zeros_like"``; arguments are trees or operand texts."""
    if isinstance(function, str):
        head, *attributes = function.split(".")
        function = load(head)
        for attribute in attributes:
            function = ast.Attribute(value=function, attr=attribute, ctx=ast.Load())
    return ast.Call(
        func=function,
        args=[expression(a) for a in args],
        keywords=[ast.keyword(arg=k, value=expression(v)) for k, v in keywords.items()],
    )


def tuple_of(items, ctx=None) -> ast.Tuple:
    return ast.Tuple(elts=[expression(i) for i in items], ctx=ctx or ast.Load())


def subscript(obj: str, index) -> ast.Subscript:
    """``obj[index]`` read; ``index`` is a tree or a text (``1:3, ::2`` is a text)."""
    if isinstance(index, str):
        return atom(f"{obj}[{index}]")
    return ast.Subscript(value=load(obj), slice=index, ctx=ast.Load())


def _target(target) -> ast.expr:
    if isinstance(target, str):
        return store(target)
    if isinstance(target, (list, tuple)):
        return ast.Tuple(elts=[_target(t) for t in target], ctx=ast.Store())
    return _as_store(target)


def _as_store(node):
    """A copy of a ``Name``/``Subscript``/``Attribute``/``Tuple`` read, as a target."""
    copied = _clone(node)
    copied.ctx = ast.Store()
    if isinstance(copied, ast.Tuple):
        copied.elts = [_as_store(e) for e in copied.elts]
    return copied


def assign(target, value) -> ast.Assign:
    """``target = value``: ``target`` a name, a list of names (unpacked), or a read tree
    (a subscript) to write into."""
    return ast.Assign(targets=[_target(target)], value=expression(value))


def augment(target: str, op: ast.operator, value) -> ast.AugAssign:
    return ast.AugAssign(target=store(target), op=op, value=expression(value))


def returns(values, bare: bool) -> ast.Return:
    """``return a, b`` (``bare``) or ``return (a, b)``; a tuple of one keeps its comma."""
    node = ast.Return(value=tuple_of(values))
    node.bare_tuple = bare
    return node


def function(name: str, params, body) -> ast.FunctionDef:
    arguments = ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg=p) for p in params],
        kwonlyargs=[],
        kw_defaults=[],
        defaults=[],
    )
    return ast.FunctionDef(name=name, args=arguments, body=body, decorator_list=[])


def for_loop(target: str, iterable, body) -> ast.For:
    return ast.For(target=store(target), iter=expression(iterable), body=body, orelse=[])


@lru_cache(maxsize=1024)
def _parsed_statements(text: str) -> tuple:
    return tuple(ast.parse(text).body)


def statements(text: str) -> list:
    """The statements of a text the front end wrote (a check, an expression statement)."""
    return _clone(list(_parsed_statements(text)))


def numbered(stmts) -> None:
    """Give every statement in ``stmts`` (nested blocks included) a line number where it
    has none: printing reads one, though generated code has no source lines of its own."""
    for stmt in stmts:
        if not hasattr(stmt, "lineno"):
            stmt.lineno = 1
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                numbered(inner)


def copy_tree(node):
    """A copy of ``node`` that shares no node with it (extra attributes kept)."""
    return _clone(node)


def _clone(node):
    if isinstance(node, list):
        return [_clone(item) for item in node]
    if not isinstance(node, ast.AST):
        return node
    copied = node.__class__.__new__(node.__class__)
    copied.__dict__.update({key: _clone(value) for key, value in node.__dict__.items()})
    return copied
