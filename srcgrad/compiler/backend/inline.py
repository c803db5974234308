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

from ...rules import unbroadcast
from .nodes import atom, copy_tree
from .simplify import simplify

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


@cache
def _unused_params(fn) -> frozenset:
    """Parameters a rule's body never reads (often ``ans``)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    except (OSError, TypeError, SyntaxError):
        return frozenset()
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return frozenset(p for p in inspect.signature(fn).parameters if p not in read)


def _is_docstring(stmt):
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


class RuleText:
    """Turns a rule application into an expression tree, recording the names it needs
    bound."""

    def __init__(self, namespace, taken):
        self.namespace = namespace  # the generated module's globals, filled as we go
        self.taken = taken  # names the generated code uses for its own variables

    def apply(self, fn, bindings: dict, output_shaped=frozenset()) -> ast.expr:
        """The tree of ``fn(**bindings)``, inlined where possible. Bindings are the
        operand texts of the normal form.

        ``output_shaped`` names parameters known to have the shape of the primitive's
        output: ``unbroadcast(e, x)`` for such an ``x`` is just ``e``.
        """
        template = _template(fn)
        full = self._full(fn, bindings)
        if template is not None and self._can_bind(fn, template[1]):
            expr, free = template
            for name in free:
                self.namespace[name] = fn.__globals__[name]
            atoms = {name: atom(text) for name, text in full.items()}
            elide = output_shaped if fn.__globals__.get("unbroadcast") is unbroadcast else ()
            return simplify(_substitute(expr, atoms, elide))
        unused = _unused_params(fn)  # passed as None, so that nothing is kept alive for them
        args, keywords = [], []
        for p, param in _signature(fn).parameters.items():
            if p not in full:
                continue
            text = "None" if p in unused and param.kind is not param.VAR_POSITIONAL else full[p]
            if param.kind is param.VAR_POSITIONAL:
                if text != "()":
                    args.append(ast.Starred(value=atom(text), ctx=ast.Load()))
            elif param.kind is param.KEYWORD_ONLY:
                keywords.append(ast.keyword(arg=p, value=atom(text)))
            else:
                args.append(atom(text))
        function = ast.Name(id=self._bind_function(fn), ctx=ast.Load())
        return ast.Call(func=function, args=args, keywords=keywords)

    def _full(self, fn, bindings):
        full = {}
        for name, param in _signature(fn).parameters.items():
            if name in bindings:
                full[name] = bindings[name]
            elif param.kind is param.VAR_POSITIONAL:
                full[name] = "()"
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


@cache
def _signature(fn) -> inspect.Signature:
    return inspect.signature(fn)


def _substitute(node, atoms, elide):
    """A copy of template ``node`` with parameter names replaced by their atoms' trees.

    Each use of an atom is a copy of its tree, so that no node sits in two places.
    """
    if isinstance(node, ast.Name):
        return copy_tree(atoms[node.id] if node.id in atoms else node)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "unbroadcast"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Name)
        and node.args[1].id in elide
    ):
        return _substitute(node.args[0], atoms, elide)
    new = node.__class__()
    for name, value in ast.iter_fields(node):
        if isinstance(value, list):
            value = [_substitute(v, atoms, elide) if isinstance(v, ast.AST) else v for v in value]
        elif isinstance(value, ast.AST):
            value = _substitute(value, atoms, elide)
        setattr(new, name, value)
    return new
