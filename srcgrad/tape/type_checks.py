"""Refuse ``type(x) is float``-style checks on values a tape run stands in for.

``isinstance``, ``np.isscalar`` and the ``numbers`` ABCs see the class a stand-in Tensor
stands for (``Tensor.__class__``), but nothing can change what ``type(x)`` returns: it is
``Tensor``, so ``type(x) is float`` or ``type(x) == np.ndarray`` would take another branch
than plain Python takes. Before a function runs on the tape, its source, and that of the
functions it passes values to by name, is searched for ``type(e)`` compared with ``is``,
``==`` or ``in`` where ``e`` may hold a value computed from a differentiated input (a
flow-insensitive look at assignments); such a run is refused, naming the line.

>>> def f(x):
...     return x * 2 if type(x) is float else x.sum()
>>> check_type_comparisons(f, [0])
Traceback (most recent call last):
TypeError: ... type(x) is compared at ...: on srcgrad's tape x is a Tensor ...
"""

from __future__ import annotations

import ast
import inspect
import os
import textwrap
import types

import numpy as np

__all__ = ["check_type_comparisons"]

_SKIPPED_DIRS = (
    os.path.dirname(os.path.abspath(np.__file__)) + os.sep,  # NumPy
    os.path.dirname(os.path.abspath(os.__file__)) + os.sep,  # the standard library
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,  # srcgrad
)
_INSTALLED = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep)
_COMPARISONS = (ast.Is, ast.IsNot, ast.Eq, ast.NotEq, ast.In, ast.NotIn)
_CHECKED: dict = {}
_MAX_FUNCTIONS = 50


def check_type_comparisons(fn, wrt) -> None:
    """Raise TypeError if ``fn`` (or a function it calls) compares ``type(e)`` of a value
    that derives from the parameters ``wrt`` (indices or names) on the tape."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return
    # The same source in two files gives equal code objects: the file is part of the key.
    key = (code, code.co_filename, code.co_firstlineno, tuple(wrt))
    if key not in _CHECKED:
        _CHECKED[key] = _first_violation(fn, wrt, set())
    message = _CHECKED[key]
    if message is not None:
        raise TypeError(message)


def _parsed(fn):
    """(the function's AST node, its file, the line offset), or None without source."""
    try:
        lines, first = inspect.getsourcelines(fn)
        filename = inspect.getsourcefile(fn) or "<unknown>"
    except (OSError, TypeError):
        return None
    filename = os.path.abspath(filename)
    if filename.startswith(_SKIPPED_DIRS) or any(part in filename for part in _INSTALLED):
        return None
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:  # a lambda inside a larger expression: nothing to check reliably
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return node, filename, first - 1
    return None


def _parameter_names(node) -> list:
    arguments = node.args
    return [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]


def _names(node) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _tainted(node, seeds: set) -> set:
    """Names that may hold a value computed from ``seeds`` (all parameters of nested
    functions too), by assignments anywhere in ``node``."""
    tainted = set(seeds)
    for inner in ast.walk(node):
        if inner is not node and isinstance(inner, (ast.FunctionDef, ast.Lambda)):
            tainted.update(_parameter_names(inner))
    flows = []
    for inner in ast.walk(node):
        if isinstance(inner, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            if inner.value is not None:
                flows.append((targets, inner.value))
        elif isinstance(inner, (ast.For, ast.comprehension)):
            flows.append(([inner.target], inner.iter))
        elif isinstance(inner, ast.withitem) and inner.optional_vars is not None:
            flows.append(([inner.optional_vars], inner.context_expr))
    changed = True
    while changed:
        changed = False
        for targets, value in flows:
            if _names(value) & tainted:
                for target in targets:
                    new = _names(target) - tainted
                    if new:
                        tainted |= new
                        changed = True
    return tainted


def _first_violation(fn, wrt, seen: set):
    if fn.__code__ in seen or len(seen) >= _MAX_FUNCTIONS:
        return None
    seen.add(fn.__code__)
    parsed = _parsed(fn)
    if parsed is None:
        return None
    node, filename, offset = parsed
    parameters = _parameter_names(node)
    if wrt is None or node.args.vararg is not None:  # any parameter may hold a stand-in
        seeds = set(parameters)
    else:
        seeds = {
            i if isinstance(i, str) else parameters[i] for i in wrt if _names_one(i, parameters)
        }
    if node.args.vararg is not None:
        seeds.add(node.args.vararg.arg)
    tainted = _tainted(node, seeds)
    for inner in ast.walk(node):
        if isinstance(inner, ast.Compare) and any(
            isinstance(op, _COMPARISONS) for op in inner.ops
        ):
            for operand in (inner.left, *inner.comparators):
                if _is_type_call(operand) and _names(operand.args[0]) & tainted:
                    return _message(operand, inner, filename, offset)
        elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
            if any(_names(arg) & tainted for arg in (*inner.args, *inner.keywords)):
                callee = _resolve(fn, inner.func.id)
                if callee is not None:
                    found = _first_violation(callee, None, seen)
                    if found is not None:
                        return found
    return None


def _names_one(item, parameters: list) -> bool:
    return isinstance(item, str) or 0 <= item < len(parameters)


def _is_type_call(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "type"
        and len(node.args) == 1
        and not node.keywords
    )


def _resolve(fn, name: str):
    """The Python function ``name`` denotes inside ``fn`` (closure, globals), or None."""
    try:
        value = inspect.getclosurevars(fn).nonlocals.get(name)
    except (TypeError, ValueError):
        value = None
    if value is None:
        value = getattr(fn, "__globals__", {}).get(name)
    return value if isinstance(value, types.FunctionType) else None


def _message(call, compare, filename: str, offset: int) -> str:
    line = compare.lineno + offset
    argument = ast.unparse(call.args[0])
    text = ast.unparse(compare)
    return (
        f"type({argument}) is compared at {filename}:{line}: on srcgrad's tape {argument} is a "
        f"Tensor standing in for the number or array it holds in plain Python, so "
        f"`{text}` would take another branch than plain Python takes. Use "
        f"isinstance({argument}, ...) or np.isscalar({argument}) instead, which the tape "
        f"answers as for the original value."
    )
