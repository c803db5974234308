"""Rule bodies written into generated code: ``unbroadcast(g * y, x)`` with real names.

A rule whose body is a single ``return`` expression is inlined by substituting its
parameters with the atoms of the call; any other rule is called by name. The names a rule
body uses (``np``, ``unbroadcast``...) are bound into the generated module's namespace.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache

__all__ = ["RuleText"]


@cache
def _template(fn):
    """(return expression, global names it uses) or None when the rule must be called."""
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return None
    tree = ast.parse(source).body[0]
    body = [s for s in tree.body if not _is_docstring(s)]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return None
    expr = body[0].value
    params = set(inspect.signature(fn).parameters)
    if any(isinstance(n, (ast.Lambda, ast.comprehension, ast.NamedExpr)) for n in ast.walk(expr)):
        return None
    free = sorted({n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id not in params})
    return expr, tuple(free)


def _is_docstring(stmt):
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


class RuleText:
    """Turns a rule application into source text, recording the names it needs bound."""

    def __init__(self, namespace, taken):
        self.namespace = namespace  # the generated module's globals, filled as we go
        self.taken = taken  # names the generated code uses for its own variables

    def apply(self, fn, bindings: dict) -> str:
        """Source text of ``fn(**bindings)``, inlined where possible. Bindings are texts."""
        template = _template(fn)
        if template is not None and self._can_bind(fn, template[1]):
            expr, free = template
            for name in free:
                self.namespace[name] = fn.__globals__[name]
            return ast.unparse(_Substitute(self._full(fn, bindings)).visit(_copy(expr)))
        name = self._bind_function(fn)
        params = list(inspect.signature(fn).parameters)
        full = self._full(fn, bindings)
        args = ", ".join(full[p] for p in params if p in full)
        return f"{name}({args})"

    def _full(self, fn, bindings):
        full = {}
        for name, param in inspect.signature(fn).parameters.items():
            if name in bindings:
                full[name] = bindings[name]
            elif param.default is not inspect.Parameter.empty:
                full[name] = repr(param.default)
        return full

    def _can_bind(self, fn, free):
        for name in free:
            if name not in fn.__globals__ or name in self.taken:
                return False
            bound = self.namespace.get(name, fn.__globals__[name])
            if bound is not fn.__globals__[name]:
                return False
        return True

    def _bind_function(self, fn):
        name = fn.__name__
        while name in self.taken or self.namespace.get(name, fn) is not fn:
            name = "_" + name
        self.namespace[name] = fn
        return name


class _Substitute(ast.NodeTransformer):
    def __init__(self, bindings):
        self.bindings = {k: ast.parse(v, mode="eval").body for k, v in bindings.items()}

    def visit_Name(self, node):
        if node.id in self.bindings:
            return _copy(self.bindings[node.id])
        return node


def _copy(node):
    return ast.parse(ast.unparse(node), mode="eval").body
