"""Tidying inlined rule text: constant folding and the identities ``e ** 1``, ``e * 1``.

(Only the integer ``1``: ``e * 1.0`` would turn an integer ``e`` into floats.)

A rule written for any operands, such as ``g * y * x ** (y - (y != 0))``, becomes
``g * 2 * x`` once ``y`` is the constant ``2``. Only Python numbers are folded, with
Python's own arithmetic, so the folded text computes exactly what the unfolded text did.
"""

from __future__ import annotations

import ast
import operator

__all__ = ["simplify"]

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def simplify(node: ast.expr) -> ast.expr:
    """A new expression equal in value to ``node``, with constants folded (bottom up)."""
    if isinstance(node, ast.BinOp):
        left, right = simplify(node.left), simplify(node.right)
        folded = _fold(_BINARY.get(type(node.op)), left, right)
        if folded is not None:
            return folded
        if _is(right, 1) and isinstance(node.op, (ast.Pow, ast.Mult)):
            return left
        if _is(left, 1) and isinstance(node.op, ast.Mult):
            return right
        return ast.BinOp(left, node.op, right)
    if isinstance(node, ast.UnaryOp):
        operand = simplify(node.operand)
        folded = _fold(_UNARY.get(type(node.op)), operand)
        return folded if folded is not None else ast.UnaryOp(node.op, operand)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = simplify(node.left), simplify(node.comparators[0])
        folded = _fold(_COMPARE.get(type(node.ops[0])), left, right)
        return folded if folded is not None else ast.Compare(left, node.ops, [right])
    if isinstance(node, ast.Call):
        args = [simplify(a) for a in node.args]
        keywords = [ast.keyword(k.arg, simplify(k.value)) for k in node.keywords]
        return ast.Call(node.func, args, keywords)
    return node


def _number(node):
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        return node.value
    return None


def _is(node, value) -> bool:
    number = _number(node)
    return type(number) is int and number == value


def _fold(op, *operands):
    values = [_number(o) for o in operands]
    if op is None or any(v is None for v in values):
        return None
    try:
        result = op(*values)
    except (ArithmeticError, ValueError):
        return None
    if type(result) not in (int, float, bool) or abs(result) > 1e15:
        return None
    if isinstance(result, float) and result < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-result))
    if isinstance(result, int) and not isinstance(result, bool) and result < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-result))
    return ast.Constant(result)
