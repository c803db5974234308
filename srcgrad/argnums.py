"""JAX's ``argnums=``, taken wherever srcgrad takes ``wrt=``: parameter positions."""

from __future__ import annotations

import inspect

__all__ = ["passed_positions", "wrt_from"]


def wrt_from(wrt, argnums, default):
    """The ``wrt`` a transform uses when the caller may have given JAX's ``argnums``."""
    if argnums is None:
        return wrt
    if wrt != default:
        raise TypeError("pass wrt= or argnums=, not both (argnums= is wrt= by position)")
    positions = argnums if isinstance(argnums, tuple) else (argnums,)
    if not positions or not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
        raise TypeError(f"argnums must be an int or a tuple of ints, not {argnums!r}")
    return argnums


def passed_positions(fn, count: int):
    """``wrt`` for "every argument passed" when ``count`` positional arguments are given to
    ``fn``: their positions, or None (every parameter) where ``fn`` has no plain signature
    or every parameter is passed."""
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    plain = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if not parameters or any(p.kind not in plain for p in parameters):
        return None
    if not 0 < count < len(parameters):
        return None
    return tuple(range(count))
