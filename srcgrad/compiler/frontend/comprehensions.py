"""List comprehensions and generator expressions become loops that append to a list."""

from __future__ import annotations

import copy

import gast

__all__ = ["desugar"]


def desugar(splitter, node, hint):
    """Emit the loop for ``[elt for ... in ... if ...]`` and return the list's name."""
    node = _renamed(splitter, node)
    result = splitter.names.fresh("comprehension" if hint in ("t", "arg") else hint)
    splitter.locals.add(result)
    append = gast.Expr(
        gast.Call(
            gast.Attribute(gast.Name(result, gast.Load(), None, None), "append", gast.Load()),
            [node.elt],
            [],
        )
    )
    body = [append]
    for generator in reversed(node.generators):
        if generator.is_async:
            raise splitter.source.error(node, "async comprehensions cannot be transformed")
        for condition in reversed(generator.ifs):
            body = [gast.If(condition, body, [])]
        body = [gast.For(generator.target, generator.iter, body, [], None)]
    start = gast.Assign(
        [gast.Name(result, gast.Store(), None, None)], gast.List([], gast.Load()), None
    )
    for stmt in [start, *body]:
        gast.copy_location(stmt, node)
        for sub in gast.walk(stmt):
            if not getattr(sub, "lineno", None) and hasattr(sub, "lineno"):
                sub.lineno = node.lineno
        splitter.statement(stmt)
    return result


def _renamed(splitter, node):
    """A copy of the comprehension whose loop variables have fresh names (own scope).

    Python evaluates the first ``in`` expression in the enclosing scope and each later one
    after the targets before it are bound, so ``[w ** 2 for w in w]`` iterates the outer
    ``w``: each iterable is renamed only with the targets of the generators before it.
    """
    node = copy.deepcopy(node)
    mapping = {}
    for generator in node.generators:
        _rename(generator.iter, dict(mapping))
        for sub in gast.walk(generator.target):
            if isinstance(sub, gast.Name):
                mapping[sub.id] = splitter.names.fresh(sub.id)
                splitter.locals.add(mapping[sub.id])
        _rename(generator.target, mapping)
        for condition in generator.ifs:
            _rename(condition, mapping)
    _rename(node.elt, mapping)
    return node


def _rename(tree, mapping):
    for sub in gast.walk(tree):
        if isinstance(sub, gast.Name) and sub.id in mapping:
            sub.id = mapping[sub.id]
