"""The names and keywords JAX and ``torch.func`` users bring, on srcgrad's transforms.

- ``argnums=`` is taken wherever ``wrt=`` is (``grad``, ``value_and_grad``, ``vjp``,
  ``jacobian``, ``hessian``; see :mod:`srcgrad.argnums`);
- :func:`jacfwd` and :func:`jacrev` are :func:`srcgrad.jacobian` in forward and reverse
  mode; :func:`grad_and_value` is ``torch.func``'s order, ``(gradient, value)``;
- :func:`vmap` maps a function over an axis of its arguments (``in_axes``/``in_dims``,
  ``out_axes``/``out_dims``), one call per entry: per-example gradients are
  ``vmap(grad(loss), in_axes=(None, 0, 0))(w, xs, ys)``;
- :func:`linearize` gives the output and a function of tangents (a jvp at fixed primals).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from .api import value_and_grad
from .forward_api import jacobian, jvp

__all__ = ["grad_and_value", "jacfwd", "jacrev", "linearize", "vmap"]


def jacfwd(fn: Callable, argnums: int | tuple = 0, *, has_aux: bool = False) -> Callable:
    """The Jacobian of ``fn`` by forward mode (one tangent sweep per input entry), as
    ``jax.jacfwd``/``torch.func.jacfwd``: :func:`srcgrad.jacobian` with ``mode="fwd"``."""
    return jacobian(fn, wrt=argnums, mode="fwd", has_aux=has_aux)


def jacrev(fn: Callable, argnums: int | tuple = 0, *, has_aux: bool = False) -> Callable:
    """The Jacobian of ``fn`` by reverse mode (one backward sweep per output entry), as
    ``jax.jacrev``/``torch.func.jacrev``: :func:`srcgrad.jacobian` with ``mode="rev"``."""
    return jacobian(fn, wrt=argnums, mode="rev", has_aux=has_aux)


def grad_and_value(fn: Callable, argnums: int | tuple = 0, *, has_aux: bool = False) -> Callable:
    """``torch.func.grad_and_value``: a function returning ``(gradient, value)``, or
    ``(gradient, (value, aux))`` with ``has_aux`` (the reverse of
    :func:`srcgrad.value_and_grad`'s order)."""
    both = value_and_grad(fn, wrt=argnums, has_aux=has_aux)

    @functools.wraps(fn)
    def gradient_and_value(*args, **kwargs):
        value, gradient = both(*args, **kwargs)
        return gradient, value

    gradient_and_value.source = both.source
    return gradient_and_value


def linearize(fn: Callable, *primals) -> tuple:
    """``(fn(*primals), f_jvp)`` where ``f_jvp(*tangents)`` is the derivative of ``fn`` at
    ``primals`` along ``tangents``, as ``jax.linearize`` (each call runs one jvp)."""
    out = fn(*primals)

    def f_jvp(*tangents):
        if len(tangents) != len(primals):
            raise TypeError(f"f_jvp takes {len(primals)} tangents, one per primal")
        return jvp(fn, primals, tangents)[1]

    return out, f_jvp


def vmap(
    fn: Callable,
    in_axes=0,
    out_axes=0,
    *,
    in_dims=None,
    out_dims=None,
) -> Callable:
    """``fn`` mapped over an axis of its arguments, as ``jax.vmap``/``torch.func.vmap``.

    ``in_axes`` (``torch.func``: ``in_dims``) is an int, ``None`` (not mapped), or a tuple
    with one of those per positional argument; a list, tuple or dict argument maps every
    array in it. The results of the calls, one per entry of the mapped axis, are stacked
    along ``out_axes`` (an int, or one per output of a tuple). Each entry is one call of
    ``fn``: right for any ``fn`` srcgrad runs, transforms included, and as fast as a loop.

    >>> import numpy as np, srcgrad
    >>> srcgrad.vmap(np.outer, in_axes=(0, None))(np.ones((2, 3)), np.arange(2.0)).shape
    (2, 3, 2)
    """
    in_axes = in_axes if in_dims is None else in_dims
    out_axes = out_axes if out_dims is None else out_dims

    @functools.wraps(fn)
    def mapped(*args):
        axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
        if len(axes) != len(args):
            raise ValueError(
                f"vmap: in_axes has {len(axes)} entries for {len(args)} positional arguments"
            )
        size = _mapped_size(args, axes)
        results = [fn(*[_entry(a, ax, i) for a, ax in zip(args, axes)]) for i in range(size)]
        return _stack(results, out_axes)

    return mapped


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


def _mapped_size(args, axes) -> int:
    sizes = {
        _axis_length(leaf, axis)
        for arg, axis in zip(args, axes)
        if axis is not None
        for leaf in _leaves(arg)
    }
    if not sizes:
        raise ValueError("vmap: in_axes maps no argument (every entry is None)")
    if len(sizes) > 1:
        raise ValueError(f"vmap: the mapped axes have different sizes {sorted(sizes)}")
    return sizes.pop()


def _axis_length(leaf, axis) -> int:
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise TypeError(f"vmap: an in_axes entry is an int or None, not {axis!r}")
    if not -np.ndim(leaf) <= axis < np.ndim(leaf):
        raise ValueError(
            f"vmap: in_axes {axis} is out of range for a value of shape {np.shape(leaf)}"
        )
    return np.shape(leaf)[axis]


def _entry(value, axis, index):
    if axis is None:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_entry(item, axis, index) for item in value)
    if isinstance(value, dict):
        return {key: _entry(item, axis, index) for key, item in value.items()}
    return np.take(value, index, axis=axis)


def _stack(results, axes):
    first = results[0]
    if isinstance(first, (list, tuple)):
        parts = axes if isinstance(axes, (tuple, list)) else (axes,) * len(first)
        stacked = [_stack([r[k] for r in results], parts[k]) for k in range(len(first))]
        return type(first)(*stacked) if hasattr(first, "_fields") else type(first)(stacked)
    if isinstance(first, dict):
        return {key: _stack([r[key] for r in results], axes) for key in first}
    if axes is None:
        return first
    return np.stack(results, axis=axes)
