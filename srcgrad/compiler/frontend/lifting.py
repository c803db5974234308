"""Nested functions and lambdas: lifted to functions that take their free variables.

``def g(z): return z * w`` inside ``f`` reads ``w`` from ``f``. The call ``g(a)`` becomes
a call of a lifted ``g(z, w)`` with ``w`` passed explicitly, so a gradient flowing through
``w`` reaches ``f``'s ``w`` like any other argument. A nested function may call another
one defined beside it (a *sibling*); it then also takes the sibling's free variables.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import gast

from ..ir import UserCall

__all__ = ["LocalFunction", "lifted_call"]


@dataclass(eq=False)
class LocalFunction:
    """A nested ``def`` or lambda, lifted: its own parameters, then the free variables."""

    node: gast.FunctionDef
    name: str
    params: list
    free: list
    outer: object  # the enclosing FunctionSource (file and lines)
    resolver: object  # the enclosing function's resolver (globals, closure)
    defaults: dict  # parameter -> constant source, for the function's own parameters
    siblings: dict  # name -> definition of the nested functions beside it that it calls

    @property
    def __name__(self):
        return self.name


def lifted_call(splitter, node, name):
    lifted = _lifted(splitter, name)
    own = lifted.params
    if len(node.args) > len(own):
        raise splitter.source.error(node, f"too many arguments in the call of {name}")
    bound = dict(zip(own, (splitter.atom(a, "arg") for a in node.args)))
    for keyword in node.keywords:
        if keyword.arg not in own or keyword.arg in bound:
            raise splitter.source.error(node, f"bad keyword {keyword.arg!r} in the call of {name}")
        bound[keyword.arg] = splitter.atom(keyword.value, keyword.arg)
    defaults = lifted.defaults
    atoms = []
    for param in own:
        if param in bound:
            atoms.append(bound[param])
        elif param in defaults:
            atoms.append(defaults[param])
        else:
            raise splitter.source.error(node, f"missing argument {param!r} in the call of {name}")
    atoms += lifted.free
    primal = f"{name}({', '.join(atoms)})"
    return UserCall(None, lifted, atoms, primal)


def _lift(splitter, name, definition, lifting=()):
    if isinstance(definition, gast.Lambda):
        fn = gast.FunctionDef(
            name=name,
            args=definition.args,
            body=[gast.Return(definition.body)],
            decorator_list=[],
            returns=None,
            type_comment=None,
            type_params=[],
        )
        gast.copy_location(fn, definition)
        fn.body[0].lineno = definition.lineno
    else:
        fn = definition
    args = fn.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        raise splitter.source.error(
            fn,
            f"the local function {name} has a signature that "
            "cannot be transformed (*args, **kwargs or keyword-only)",
        )
    own = [a.id for a in args.args]
    try:
        defaults = _defaults(fn)
    except SyntaxError:
        raise splitter.source.error(fn, f"defaults of {name} must be constants") from None
    inner_stores = {
        n.id for n in gast.walk(fn) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)
    }
    inner_stores |= {n.name for n in gast.walk(fn) if isinstance(n, gast.FunctionDef)}
    reads, siblings = [], {}
    for sub in gast.walk(fn):
        if (
            not isinstance(sub, gast.Name)
            or not isinstance(sub.ctx, gast.Load)
            or sub.id not in splitter.locals
            or sub.id in own
            or sub.id in inner_stores
        ):
            continue
        names = [sub.id]
        if sub.id in splitter.local_functions:
            if sub.id in lifting or sub.id == name:
                raise splitter.source.error(
                    sub, f"the local functions {name} and {sub.id} call each other"
                )
            sibling = _lifted(splitter, sub.id, (*lifting, name))
            siblings[sub.id] = splitter.local_functions[sub.id]
            names = sibling.free
        reads += [n for n in names if n not in reads and n not in own]
    lifted_node = gast.FunctionDef(
        name=name,
        args=gast.arguments(
            args=args.args + [gast.Name(r, gast.Param(), None, None) for r in reads],
            posonlyargs=[],
            vararg=None,
            kwonlyargs=[],
            kw_defaults=[],
            kwarg=None,
            defaults=[],
        ),
        body=fn.body,
        decorator_list=[],
        returns=None,
        type_comment=None,
        type_params=[],
    )
    gast.copy_location(lifted_node, fn)
    return LocalFunction(
        lifted_node, name, own, reads, splitter.source, splitter.resolver, defaults, siblings
    )


def _lifted(splitter, name, lifting=()):
    definition = splitter.local_functions[name]
    lifted = getattr(definition, "_srcgrad_lifted", None)
    if lifted is None:
        lifted = _lift(splitter, name, definition, lifting)
        definition._srcgrad_lifted = lifted
    return lifted


def _defaults(fn):
    args = fn.args.args
    defaults = fn.args.defaults
    out = {}
    for arg, default in zip(args[len(args) - len(defaults) :], defaults):
        if not isinstance(default, gast.Constant):
            raise SyntaxError("local function defaults must be constants")
        out[arg.id] = repr(default.value)
    return out


def params_of(function) -> list:
    """The parameter names a call of ``function`` passes, a lifted function's free
    variables last."""
    if isinstance(function, LocalFunction):
        return function.params + function.free
    return list(inspect.signature(function).parameters)
