"""Elementwise chains written as one expression, which numba compiles to one loop.

The generated code computes one operation per statement, so each step of
``-(a_grad * a / add2) * exp1`` allocates an array. numba fuses the elementwise operations
of one expression into one loop without temporaries; this pass gives it longer expressions:
a value assigned once at the top level of the function from elementwise operations
(arithmetic, ``np.exp``, ``np.log`` and the like) of values that are themselves assigned
at most once, and read exactly once, later, outside any loop, is written into its reader.
The operations and their order do not change, so neither do the results.
"""

from __future__ import annotations

import ast

import numpy as np

from .shapes import ELEMENTWISE

__all__ = ["fuse_elementwise"]

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
_OTHER_PARTS = (ast.Constant, ast.Attribute, ast.expr_context, ast.operator, ast.unaryop)


def fuse_elementwise(function, namespace) -> None:
    stores: dict[str, int] = {}
    loads: dict[str, int] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            counts = stores if isinstance(node.ctx, ast.Store) else loads
            counts[node.id] = counts.get(node.id, 0) + 1
    for arg in function.args.args:
        stores[arg.arg] = stores.get(arg.arg, 0)
    top_level_reads = {
        node.id
        for stmt in function.body
        if not isinstance(stmt, (ast.For, ast.While, ast.If))
        for node in ast.walk(stmt)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    fusible = {}
    for stmt in function.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stores.get(stmt.targets[0].id) == 1
            and loads.get(stmt.targets[0].id) == 1
            and stmt.targets[0].id in top_level_reads
            and _elementwise(stmt.value, namespace, stores)
        ):
            fusible[stmt.targets[0].id] = stmt
    if not fusible:
        return
    substitute = _Substitute({name: stmt.value for name, stmt in fusible.items()})
    written = {id(stmt) for stmt in fusible.values()}
    function.body = [substitute.visit(s) for s in function.body if id(s) not in written]


def _elementwise(node, namespace, stores) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Name):
            if isinstance(part.ctx, ast.Load) and stores.get(part.id, 2) > 1 and part.id != "np":
                return False
        elif isinstance(part, ast.Call):
            func = part.func
            if not (
                isinstance(func, ast.Attribute)
                and namespace.get(getattr(func.value, "id", "")) is np
                and getattr(np, func.attr, None) in ELEMENTWISE
                and len(part.args) == 1
                and not part.keywords
            ):
                return False
        elif isinstance(part, (ast.BinOp, ast.UnaryOp)):
            if not isinstance(part.op, _OPERATORS):
                return False
        elif not isinstance(part, _OTHER_PARTS):
            return False
    return True


class _Substitute(ast.NodeTransformer):
    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id in self.values:
            return self.visit(self.values[node.id])
        return node
