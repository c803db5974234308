"""Derivatives the user writes: ``custom_vjp``, ``custom_jvp`` (JAX's style) and
``stop_gradient``.

A decorated function becomes a primitive with its own entry in the rules table, so both
engines use the user's rule: the compiler turns a call of it into a call of the user's
backward (or tangent) function, and the tape records it as one node.

>>> import numpy as np, srcgrad
>>> @srcgrad.custom_vjp
... def clip_gradient(x):
...     return x
>>> def clip_forward(x):
...     return x, None  # (output, residuals for the backward)
>>> def clip_backward(residuals, g):
...     return (np.clip(g, -1.0, 1.0),)  # one gradient per argument
>>> clip_gradient.defvjp(clip_forward, clip_backward)
>>> srcgrad.grad(lambda x: 3.0 * clip_gradient(x), mode="tape")(2.0)
1.0
"""

from __future__ import annotations

import functools

import numpy as np

from .rules.registry import jvp_rule_all, user_rule, vjp_rule_all
from .rules.stop import stop_gradient

__all__ = ["custom_vjp", "custom_jvp", "stop_gradient"]


class _Custom:
    """A function with a user-written derivative: a primitive of its own."""

    def __init__(self, fn):
        self.fn = fn
        functools.update_wrapper(self, fn)

    def __call__(self, *args):
        from .tape import Tensor

        if any(isinstance(a, Tensor) for a in _leaves(args)):
            return self._on_tape(*args)
        return self.fn(*args)

    def __reduce__(self):  # by reference, as the function it decorates
        return self.__qualname__

    def _on_tape(self, *args):
        from .tape import Function, Tensor

        custom = self

        class Custom(Function):
            @staticmethod
            def forward(ctx, *tensors):
                values = [t.data if isinstance(t, Tensor) else t for t in tensors]
                ctx.values = values
                out, ctx.residuals = custom.forward_with_residuals(values)
                return out

            @staticmethod
            def backward(ctx, g):
                grads = custom.backward(ctx.residuals, ctx.values, np.asarray(g.data))
                return tuple(None if v is None else Tensor(np.asarray(v)) for v in grads)

        Custom.__name__ = Custom.__qualname__ = getattr(self.fn, "__name__", "Custom")
        return Custom.apply(*args)


class custom_vjp(_Custom):  # noqa: N801  (a decorator, named as JAX names it)
    """Give ``fn`` a hand-written vector-Jacobian product, in JAX's style.

    ``f.defvjp(fwd, bwd)``: ``fwd(*args)`` returns ``(output, residuals)``;
    ``bwd(residuals, g)`` returns a tuple with one gradient per argument of ``fn``
    (None for an argument that gets none). Compiled code calls ``fwd`` and ``bwd`` where
    the gradient needs them; the tape records one node whose backward is ``bwd``. Forward
    mode (``jvp``, ``hessian``) needs a tangent rule, which ``custom_vjp`` does not give.

    >>> import numpy as np, srcgrad
    >>> @srcgrad.custom_vjp
    ... def square(x):
    ...     return x * x
    >>> square.defvjp(lambda x: (x * x, x), lambda x, g: (2 * x * g,))
    >>> srcgrad.grad(square, mode="tape")(3.0)
    6.0
    """

    def defvjp(self, fwd, bwd):
        self.fwd, self.bwd = fwd, bwd

        def backward(g, ans, *args):
            _, residuals = fwd(*args)
            return _gradients(bwd(residuals, g), len(args), self.fn)

        _register(vjp_rule_all, self, backward, "backward")

    def forward_with_residuals(self, values):
        self._check_defined()
        return self.fwd(*values)

    def backward(self, residuals, values, g):
        return _gradients(self.bwd(residuals, g), len(values), self.fn)

    def _check_defined(self):
        if not hasattr(self, "bwd"):
            raise TypeError(
                f"{self.__qualname__} is a custom_vjp with no rule yet: call "
                f"{self.__name__}.defvjp(fwd, bwd) first"
            )


class custom_jvp(_Custom):  # noqa: N801  (a decorator, named as JAX names it)
    """Give ``fn`` a hand-written Jacobian-vector product, in JAX's style.

    ``f.defjvp(jvp)``: ``jvp(primals, tangents)`` returns ``(output, output_tangent)``,
    ``primals`` and ``tangents`` tuples with one entry per argument (a zero tangent for a
    constant argument). Forward mode calls it; reverse mode (``grad``) builds each
    argument's gradient from one tangent per element of that argument (right for any
    rule, costly for large inputs).

    >>> import numpy as np, srcgrad
    >>> @srcgrad.custom_jvp
    ... def cube(x):
    ...     return x**3
    >>> cube.defjvp(lambda p, t: (p[0] ** 3, 3 * p[0] ** 2 * t[0]))
    >>> srcgrad.grad(cube, mode="tape")(2.0)
    12.0
    """

    def defjvp(self, jvp):
        self.jvp = jvp

        def tangent(ans, tangents, *args):
            filled = tuple(_zero_if_none(t, a) for t, a in zip(tangents, args))
            return jvp(tuple(args), filled)[1]

        def backward(g, ans, *args):
            return self.backward(None, list(args), g)

        _register(jvp_rule_all, self, tangent, "tangent")
        _register(vjp_rule_all, self, backward, "backward")
        return jvp

    def forward_with_residuals(self, values):
        if not hasattr(self, "jvp"):
            raise TypeError(
                f"{self.__qualname__} is a custom_jvp with no rule yet: call "
                f"{self.__name__}.defjvp(jvp) first"
            )
        return self.fn(*values), None

    def backward(self, residuals, values, g):
        """``g`` times the Jacobian, one tangent per input element."""
        grads = []
        zeros = tuple(_zero_if_none(None, v) for v in values)
        for i, value in enumerate(values):
            if not _is_float(value):
                grads.append(None)
                continue
            grad = np.zeros(np.shape(value))
            for index in np.ndindex(np.shape(value)):
                direction = np.zeros(np.shape(value))
                direction[index] = 1.0
                tangents = zeros[:i] + (direction.reshape(np.shape(value)),) + zeros[i + 1 :]
                out_dot = self.jvp(tuple(values), tangents)[1]
                grad[index] = np.sum(np.asarray(g) * np.asarray(out_dot))
            grads.append(grad if np.ndim(value) else float(grad))
        return tuple(grads)


def _register(register, custom, rule, role):
    """Enter ``rule`` in the rules table for ``custom``, named after the user's function
    (the name generated code calls it by)."""
    base = getattr(custom.fn, "__name__", "custom")
    base = base if base.isidentifier() else "custom"
    rule.__name__ = rule.__qualname__ = f"{base}_custom_{role}"
    if register is vjp_rule_all:
        register(custom, name=f"{base.capitalize()}Backward")(rule)
    else:
        register(custom)(rule)
    user_rule(custom)


def _gradients(grads, count, fn):
    if not isinstance(grads, (tuple, list)) or len(grads) != count:
        raise TypeError(
            f"the backward rule of {getattr(fn, '__qualname__', fn)} must return a tuple "
            f"with one gradient per argument ({count})"
        )
    return tuple(grads)


def _zero_if_none(tangent, primal):
    if tangent is not None:
        return tangent
    return np.zeros(np.shape(primal)) if np.ndim(primal) else 0.0


def _is_float(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return True
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind is not None and kind in "fc"


def _leaves(values):
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _leaves(value)
        else:
            yield value
