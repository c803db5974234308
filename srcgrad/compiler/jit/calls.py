"""Calls in generated code, as numba compiles them.

The rule helpers (``unbroadcast``, ``unreduce``, the matmul rules, ...) and the runtime
helpers (``runtime.zeros_like``, ``runtime.index_grad``, ...) become their numba versions
in ``kernels.py``, bound in the generated code's namespace as ``jit_kernels``; where both
operands of ``unbroadcast`` or ``zeros_like`` are numbers the call disappears. A call to
anything else that is not a NumPy function or a builtin numba knows raises
:class:`NotJittable`.
"""

from __future__ import annotations

import ast
import builtins

import numpy as np

from ...rules import helpers, linalg
from .. import runtime
from .source import NotJittable

__all__ = ["KERNELS", "HELPERS", "HelperCalls", "kernel"]

KERNELS = "jit_kernels"

# The rule helpers generated code calls, by the name of their numba version.
HELPERS = {
    helpers.unbroadcast: "unbroadcast",
    helpers.unreduce: "unreduce",
    helpers.reduced_size: "reduced_size",
    linalg.matmul_x: "matmul_x",
    linalg.matmul_y: "matmul_y",
}
_BUILTINS = {"range", "len", "float", "int", "abs", "min", "max", "bool", "round", "slice", "sum"}


class HelperCalls(ast.NodeTransformer):
    def __init__(self, rewriter):  # rewrite._Rewriter: its namespace and scalar()
        self.rewriter = rewriter

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = self.rewriter.namespace.get(func.value.id)
            if owner is runtime:
                return self.runtime_call(func.attr, node)
            if owner is np and func.attr == "matmul" and len(node.args) == 2 and not node.keywords:
                return ast.BinOp(node.args[0], ast.MatMult(), node.args[1])
            return node
        if not isinstance(func, ast.Name):
            return node
        value = self.rewriter.namespace.get(func.id)
        if value in HELPERS:
            name = HELPERS[value]
            if name == "unbroadcast" and all(map(self.rewriter.scalar, node.args)):
                return node.args[0]
            node.func = kernel(name)
            return node
        if value is helpers.inverse_permutation:
            if isinstance(node.args[0], ast.Constant) and node.args[0].value is None:
                return ast.Constant(None)  # np.transpose(g, None) reverses the axes
            raise NotJittable("it transposes with explicit axes")
        if func.id in _BUILTINS and value in (None, getattr(builtins, func.id)):
            return node
        if callable(value) or value is None:
            raise NotJittable(f"it calls {func.id}, which has no numba version")
        return node

    def runtime_call(self, name, node):
        if name == "zeros_like" and len(node.args) == 1:
            if self.rewriter.scalar(node.args[0]):
                return ast.Constant(0.0)
            node.func = kernel("zeros_like")
            return node
        if name in ("index_grad", "add_grads"):
            node.func = kernel(name)
            return node
        raise NotJittable(f"it calls runtime.{name}, which has no numba version")


def kernel(name):
    return ast.Attribute(ast.Name(KERNELS, ast.Load()), name, ast.Load())
