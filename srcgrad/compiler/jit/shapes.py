"""Gradient-only code for numba: shape stand-ins, then dead-code elimination.

When the caller wants the gradient alone (``grad``, a ``vjp``'s backward), the output is
not returned, and much of the primal sweep is then computed only for the shapes that
``unbroadcast``, ``unreduce`` and ``reduced_size`` read. A value read only for its shape
is replaced there by a stand-in of that shape (a broadcast view of one zero) computed from
shapes the code has anyway: an elementwise operation has its operands' broadcast shape,
``np.log(a)`` the shape of ``a``. Assignments nothing reads any more are then removed,
which leaves out, in a logistic regression, the logarithms of the loss.
"""

from __future__ import annotations

import ast

import numpy as np

__all__ = ["ELEMENTWISE", "gradient_only"]

# Positions of the arguments each kernel reads only for their shape.
_SHAPE_ONLY = {"unbroadcast": (1,), "unreduce": (1,), "reduced_size": (0, 1)}
ELEMENTWISE = {
    np.exp, np.log, np.tanh, np.sin, np.cos, np.sqrt, np.abs, np.negative, np.log1p,
    np.expm1, np.square, np.sinh, np.cosh, np.arctan, np.reciprocal,
}  # fmt: skip
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_PURE_BUILTINS = {"len", "range", "float", "int", "abs", "min", "max"}


def gradient_only(function, kinds, namespace, kernels):
    """Rewrite ``function`` (an ``ast.FunctionDef`` returning ``(output, gradients)``) to
    return ``0.0`` for the output, with stand-ins and without dead assignments."""
    function.body[-1].value.elts[0] = ast.Constant(0.0)
    _ShapeStandIns(function, kinds, namespace, kernels).visit(function)
    _remove_dead(function, namespace, kernels)


class _ShapeStandIns(ast.NodeTransformer):
    def __init__(self, function, kinds, namespace, kernels):
        self.kinds, self.namespace, self.kernels = kinds, namespace, kernels
        stores: dict[str, int] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                stores[node.id] = stores.get(node.id, 0) + 1
        self.stores = stores
        self.values = {
            stmt.targets[0].id: stmt.value
            for stmt in function.body
            if isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stores.get(stmt.targets[0].id) == 1
        }

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if not (isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == self.kernels):
            return node
        for position in _SHAPE_ONLY.get(func.attr, ()):
            arg = node.args[position] if position < len(node.args) else None
            if isinstance(arg, ast.Name):
                node.args[position] = self.stand_in(arg.id)
        return node

    def stand_in(self, name):
        shape = self.shape(name, top=True)
        if shape is None:
            return ast.Constant(0.0)  # a number: unbroadcast and the others need no shape
        if isinstance(shape, ast.Attribute) and shape.value.id == name:
            return ast.Name(name, ast.Load())  # nothing cheaper than the value itself
        return ast.Call(
            ast.Attribute(ast.Name(self.kernels, ast.Load()), "stand_in", ast.Load()), [shape], []
        )

    def shape(self, name, top=False):
        """An expression for ``name``'s shape; None for a number; False if unknown."""
        kind = self.kinds.get(name)
        if kind in ("float", "int", "bool"):
            return None
        if not isinstance(kind, tuple):
            return False
        if name in self.values:
            found = self.expression_shape(self.values[name])
            if found is not False:
                return found
        # the value read itself, a parameter, or a value assigned once, before the read
        if top or self.stores.get(name, 0) == 0 or name in self.values:
            return ast.Attribute(ast.Name(name, ast.Load()), "shape", ast.Load())
        return False

    def expression_shape(self, node):
        if isinstance(node, ast.Constant):
            return None if isinstance(node.value, (int, float)) else False
        if isinstance(node, ast.Name):
            return self.shape(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.expression_shape(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
            return _broadcast(self.expression_shape(node.left), self.expression_shape(node.right))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and self.namespace.get(getattr(node.func.value, "id", "")) is np
            and getattr(np, node.func.attr, None) in ELEMENTWISE
            and len(node.args) == 1
            and not node.keywords
        ):
            return self.expression_shape(node.args[0])
        return False


def _broadcast(left, right):
    if left is False or right is False:
        return False
    if left is None:
        return right
    if right is None:
        return left
    call = ast.Attribute(ast.Name("np", ast.Load()), "broadcast_shapes", ast.Load())
    return ast.Call(call, [left, right], [])


def _remove_dead(function, namespace, kernels):
    """Remove assignments to names nothing reads, whose values have no effect."""
    while True:
        loads = {
            node.id
            for node in ast.walk(function)
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store)
        }
        removed = 0
        for node in ast.walk(function):
            for field in ("body", "orelse"):
                block = getattr(node, field, None)
                if not (isinstance(block, list) and block and isinstance(block[0], ast.stmt)):
                    continue
                kept = [stmt for stmt in block if not _dead(stmt, loads, namespace, kernels)]
                removed += len(block) - len(kept)
                setattr(node, field, kept or ([ast.Pass()] if field == "body" else []))
        if not removed:
            return


def _dead(stmt, loads, namespace, kernels) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and all(isinstance(t, ast.Name) and t.id not in loads for t in stmt.targets)
        and _pure(stmt.value, namespace, kernels)
    )


def _pure(node, namespace, kernels) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            func = part.func
            owner = getattr(getattr(func, "value", None), "id", None)
            numpy = namespace.get(owner) is np
            if isinstance(func, ast.Attribute) and (owner == kernels or numpy):
                continue
            if isinstance(func, ast.Name) and func.id in _PURE_BUILTINS:
                continue
            return False
    return True
