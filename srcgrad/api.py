"""The public entry points: ``grad``, ``value_and_grad`` and ``vjp``.

Each takes a plain Python function and returns a function computing its gradient, by the
compiler (``mode="compile"``), by the tape (``mode="tape"``), or by the compiler with the
tape taking over where the compiler cannot (``mode="auto"``, the default).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .argnums import passed_positions, wrt_from
from .compiler.frontend.source import TransformError
from .compiler.runtime.tracebacks import user_line_of
from .gradient import FallbackWarning, Gradient
from .tape import strict as _strict

# Errors raised on the tape inside generated code (a tape island) name the user's line.
_strict.locate_generated = user_line_of

__all__ = ["grad", "value_and_grad", "vjp", "FallbackWarning", "TransformError"]


def grad(
    fn: Callable | None = None,
    *,
    wrt: int | str | tuple = 0,
    mode: str = "auto",
    has_aux: bool = False,
    verify: bool | None = None,
    argnums: int | tuple | None = None,
    jit: bool = False,
) -> Callable:
    """Return a function computing the gradient of scalar-valued ``fn``.

    >>> import numpy as np, srcgrad
    >>> @srcgrad.grad
    ... def f(x):
    ...     return np.sum(np.tanh(x) * x)
    >>> f(np.array([0.0, 1.0])).round(4)
    array([0.    , 1.1815])

    ``wrt`` is a parameter index or name, or a tuple of them (then a tuple of gradients
    is returned). ``f.source`` is the generated Python code. With ``has_aux=True``,
    ``fn`` returns ``(output, aux)``; the gradient is that of ``output`` and the result is
    ``(gradient, aux)``, aux passed through undifferentiated (as in JAX). ``verify=True``
    (or ``SRCGRAD_VERIFY=1`` in the environment) checks the first call of the compiled
    code against ``fn`` itself (see :mod:`srcgrad.verify`). ``argnums`` (JAX's name) is
    ``wrt`` by position. ``jit=True`` compiles the generated code with numba, once per
    argument type signature (``pip install 'srcgrad[jit]'``; see docs/jit.md).
    """
    wrt = wrt_from(wrt, argnums, 0)
    if fn is None:
        return functools.partial(grad, wrt=wrt, mode=mode, has_aux=has_aux, verify=verify, jit=jit)
    return Gradient(fn, wrt, mode, with_value=False, has_aux=has_aux, verify=verify, jit=jit)


def value_and_grad(
    fn: Callable | None = None,
    *,
    wrt: int | str | tuple = 0,
    mode: str = "auto",
    has_aux: bool = False,
    verify: bool | None = None,
    argnums: int | tuple | None = None,
    jit: bool = False,
) -> Callable:
    """Like :func:`grad`, but the function returns ``(value, gradient)``; with
    ``has_aux=True``, ``((value, aux), gradient)``.

    >>> import srcgrad
    >>> srcgrad.value_and_grad(lambda w: 10 * w**2 + 25)(2.0)
    (65.0, 40.0)
    """
    wrt = wrt_from(wrt, argnums, 0)
    if fn is None:
        return functools.partial(
            value_and_grad, wrt=wrt, mode=mode, has_aux=has_aux, verify=verify, jit=jit
        )
    return Gradient(fn, wrt, mode, with_value=True, has_aux=has_aux, verify=verify, jit=jit)


def vjp(
    fn: Callable,
    *args,
    wrt: int | str | tuple | None = None,
    mode: str = "auto",
    has_aux: bool = False,
    verify: bool | None = None,
    argnums: int | tuple | None = None,
    jit: bool = False,
) -> tuple:
    """``(output, vjp_fn)``: ``vjp_fn(output_gradient)`` gives the gradients of ``wrt``.

    For functions with non-scalar outputs. ``wrt`` defaults to every argument passed (a
    parameter left at its default is not differentiated, as in ``jax.vjp``). A function
    returning a tuple or list of outputs takes one gradient per output (``None`` for an
    output that gets none). With ``has_aux=True``, ``fn`` returns ``(output, aux)`` and
    ``vjp`` returns ``(output, vjp_fn, aux)``.

    >>> import numpy as np, srcgrad
    >>> out, back = srcgrad.vjp(np.sin, np.zeros(2), mode="tape")
    >>> back(np.ones(2))
    array([1., 1.])

    For ``def f(x): return np.sin(x), np.sum(x**2)`` defined in a file,
    ``out, back = srcgrad.vjp(f, x)`` and ``back((np.ones(2), 1.0))`` is
    ``np.cos(x) + 2 * x``.
    """
    wrt = wrt_from(wrt, argnums, None)
    if wrt is None:
        wrt = passed_positions(fn, len(args))
    gradient = Gradient(fn, wrt, mode, with_value=False, has_aux=has_aux, verify=verify, jit=jit)
    return gradient.vjp(*args)


# Marks the transforms, which compiled code cannot call (see compiler/frontend/calls.py).
grad.srcgrad_transform = True
value_and_grad.srcgrad_transform = True
vjp.srcgrad_transform = True
