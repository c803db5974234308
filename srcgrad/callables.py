"""The callables a user differentiates, reduced to a plain function the compiler can read.

``grad(model.loss)`` compiles the method's function with ``self`` passed first (its arrays
are constants: ``wrt`` counts the explicit parameters); ``grad(functools.partial(f, a))``
compiles ``f`` with the bound arguments passed first; a function under a decorator made
with ``functools.wraps`` is followed to ``__wrapped__`` when the decorator only forwards
its arguments (``def wrapper(*args, **kwargs): return fn(*args, **kwargs)``) -- any other
wrapper changes what is computed, so it is differentiated as it is (on the tape).

>>> import functools, numpy as np
>>> def scaled(x, a):
...     return a * x
>>> target, prefix, order = target_of(functools.partial(scaled, a=2.0), ["x", "a"])
>>> target is scaled, prefix, order
(True, (), None)
"""

from __future__ import annotations

import functools
import inspect
import textwrap

import gast

from .compose import TAPE_REASON

__all__ = ["target_of", "spread", "caller"]


def target_of(fn, params):
    """``(target, prefix, order)``: calling ``target(*prefix, *[values[i] for i in order])``
    is calling ``fn`` with one value per name in ``params`` (``order`` None: the values as
    they are). Returns ``(fn, (), None)`` for what needs no change or cannot be changed."""
    fn = _unwrapped(fn)
    if inspect.ismethod(fn) and inspect.isfunction(fn.__func__):
        return _bound(fn.__func__, (fn.__self__,), params) or (fn, (), None)
    if isinstance(fn, functools.partial):
        func = _unwrapped(fn.func)
        if inspect.isfunction(func):
            return _bound(func, tuple(fn.args), params) or (fn, (), None)
    return fn, (), None


def caller(fn):
    """For a bound method or a partial, generated code calling its function with the
    bound values (``def loss(x): return loss_function(loss_bound0, x)``), which the
    compiler reads as it reads any function; anything else unchanged."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return fn
    names = [p.name for p in params]
    target, prefix, order = target_of(fn, names)
    if target is fn or any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return fn if target is fn else target
    from .compiler.backend.install import define

    base = getattr(target, "__name__", "f")
    namespace = {f"{base}_function": target, "__name__": "srcgrad.generated"}
    bound = []
    for i, value in enumerate(prefix):
        bound.append(f"{base}_bound{i}")
        namespace[bound[-1]] = value
    ordered = [names[i] for i in order] if order is not None else names
    from .compose import call_arguments, positional_signature

    text = (
        f"def {base}({', '.join(names)}):\n"
        f"    return {base}_function({call_arguments(target, bound + ordered)})\n"
    )
    function = define(base, text, namespace)
    function.__signature__ = positional_signature(inspect.signature(fn))
    return function


def _bound(func, prefix, params):
    names = list(inspect.signature(func).parameters)[len(prefix) :]
    if sorted(names) != sorted(params):
        return None
    order = [params.index(name) for name in names]
    return func, prefix, None if order == list(range(len(params))) else order


def _unwrapped(fn):
    """``fn.__wrapped__`` (repeatedly) while ``fn`` is a wrapper that only forwards."""
    while inspect.isfunction(fn) and inspect.isfunction(getattr(fn, "__wrapped__", None)):
        if not _forwards(fn, fn.__wrapped__):
            break
        fn = fn.__wrapped__
    return fn


def _forwards(wrapper, wrapped) -> bool:
    """True when ``wrapper``'s body is ``return wrapped(*args, **kwargs)`` (after an
    optional docstring), ``wrapped`` named through a closure or global."""
    try:
        lines, _ = inspect.getsourcelines(wrapper.__code__)
        tree = gast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return False
    node = tree.body[0] if tree.body else None
    if not isinstance(node, gast.FunctionDef):
        return False
    args, body = node.args, node.body
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant):
        body = body[1:]
    if not (args.vararg and args.kwarg and not args.args and not args.kwonlyargs):
        return False
    if len(body) != 1 or not isinstance(body[0], gast.Return):
        return False
    call = body[0].value
    if not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name)):
        return False
    starred = [a.value.id for a in call.args if isinstance(a, gast.Starred)]
    kwargs = [k.value.id for k in call.keywords if k.arg is None]
    if len(call.args) != 1 or starred != [args.vararg.id] or len(call.keywords) != 1:
        return False
    if kwargs != [args.kwarg.id]:
        return False
    name = call.func.id
    cells = dict(zip(wrapper.__code__.co_freevars, wrapper.__closure__ or ()))
    if name in cells:
        try:
            return cells[name].cell_contents is wrapped
        except ValueError:
            return False
    return wrapper.__globals__.get(name) is wrapped


def spread(fn, count):
    """A function of ``count`` positional parameters that calls ``fn(*args)``: one value
    per parameter, so that ``wrt=i`` counts positional arguments as JAX's ``argnums``."""

    def spread_call(*args):
        return fn(*args)

    names = [f"arg{i}" for i in range(count)]
    spread_call.__signature__ = inspect.Signature(
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_ONLY) for n in names]
    )
    spread_call.__name__ = getattr(fn, "__name__", "f")
    spread_call.__qualname__ = getattr(fn, "__qualname__", spread_call.__name__)
    reason = f"{spread_call.__qualname__} takes *args, which the compiler cannot transform"
    setattr(spread_call, TAPE_REASON, reason)
    return spread_call
