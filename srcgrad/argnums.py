"""JAX's ``argnums=``, taken wherever srcgrad takes ``wrt=``: parameter positions."""

from __future__ import annotations

__all__ = ["wrt_from"]


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
