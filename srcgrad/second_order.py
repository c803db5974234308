"""Second derivatives by transforming generated gradient code again.

``srcgrad.grad(f).as_function()`` is the gradient as a plain function with readable
source (it calls ``f``'s flat vector-Jacobian product). Forward mode over it gives
Hessian-vector products and Hessians (forward-over-reverse, as JAX's ``hessian`` does);
reverse mode over it gives ``srcgrad.grad(srcgrad.grad(f))``. Where the compiler cannot
transform the gradient again, ``mode="auto"`` computes the same numbers on the tape
(``create_graph=True``) and emits a ``FallbackWarning``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from . import compose
from .api import FallbackWarning, grad
from .argnums import wrt_from
from .compiler.frontend.source import TransformError
from .forward_api import jacobian, jacobian_function, jvp
from .tape import Tensor
from .tape_bridge import jacobians_on_tape, vjp_on_tape

__all__ = ["hessian", "hvp"]


def hessian(
    fn: Callable, wrt: int | str = 0, mode: str = "auto", *, argnums: int | None = None
) -> Callable:
    """A function returning the Hessian of scalar ``fn`` with respect to parameter ``wrt``
    (``argnums``, JAX's name, is ``wrt`` by position).

    For ``x`` of shape ``S`` the Hessian has shape ``S + S``: entry ``[i..., j...]`` is
    ``d^2 f / dx[i...] dx[j...]``. It is the forward-mode Jacobian of the compiled
    gradient; ``.source`` shows the generated code.

    For ``def f(x): return np.sum(x ** 3)`` defined in a file,
    ``srcgrad.hessian(f)(np.array([1.0, 2.0]))`` is ``[[6, 0], [0, 12]]``.
    """
    wrt = wrt_from(wrt, argnums, 0)
    if isinstance(wrt, (tuple, list)):
        raise ValueError("hessian takes one parameter as wrt (an index or a name)")
    return _Hessian(fn, wrt, mode)


class _Hessian:
    def __init__(self, fn, wrt, mode):
        self.fn, self.mode = fn, mode
        self.gradient = grad(fn, wrt=wrt, mode="compile" if mode == "compile" else "auto")
        self.position = self.gradient.positions[0]
        self.wrt_name = self.gradient.wrt[0]
        self.fallback = None
        self.forward = None
        _wrap(self, fn)

    def _jacobian(self):
        """The forward-mode Jacobian of the gradient function, kept while that is."""
        function = self.gradient.as_function()
        if self.forward is None or self.forward.fn is not function:
            self.forward = jacobian(function, wrt=self.position, mode="fwd")
            self.forward.falls_back = False  # the Hessian falls back as a whole
        return self.forward

    @property
    def source(self) -> str:
        """The generated code: the gradient, then its tangent code."""
        return self._jacobian().source

    def __call__(self, *args):
        if compose.under_tape(args):  # an outer derivative is being taken on the tape
            return self.tape_function()(*args)
        if self.fallback is None:
            try:
                return self._jacobian()(*args)
            except TransformError as err:
                if self.mode == "compile":
                    raise
                self.fallback = str(err)
                warnings.warn(
                    f"srcgrad: the Hessian of {_qualname(self.fn)} runs on the tape: {err}",
                    FallbackWarning,
                    stacklevel=2,
                )
        return _tape_hessian(compose.tape_version(self.fn), args, self.position)

    def __reduce__(self):  # by reference, as the function it decorates
        return self.__qualname__

    def tape_function(self):
        """This Hessian on the tape, keeping the graph for outer derivatives."""
        gradient = self.gradient.tape_function()
        function = compose.jacobian_on_tape(gradient, [self.position], True)
        return compose.on_tape(function, self, "the Hessian runs on the tape")

    def differentiable_function(self, mode="auto"):
        """This Hessian as a function another transform can take: the Jacobian's
        generated code over the gradient's (the tape where the compiler cannot)."""
        try:
            function = self.gradient.as_function()
            return jacobian_function(function, self.gradient.params, [self.wrt_name], True)
        except Exception:  # a refusal, or a compiler bug: the tape is right
            if mode == "compile" or self.mode == "compile":
                raise
        return self.tape_function()


def _wrap(wrapper, fn):
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        value = getattr(fn, attribute, None)
        if value is not None:
            setattr(wrapper, attribute, value)
    wrapper.__wrapped__ = fn


def _check_scalar(fn, out):
    if isinstance(out, (tuple, list)) or np.size(out) != 1:
        raise ValueError(
            f"{_qualname(fn)} returns an output of shape {np.shape(out)}; a Hessian needs a "
            "scalar output (use jacobian for others)"
        )


def _qualname(fn):
    return getattr(fn, "__qualname__", repr(fn))


def hvp(fn: Callable, primals, tangents, mode: str = "auto"):
    """The Hessian of scalar ``fn`` at ``primals`` times ``tangents``, without forming it.

    ``primals`` and ``tangents`` are tuples with one entry per parameter of ``fn`` (a
    single array stands for a one-parameter function). The result has the structure of
    the tangents given: the derivative of the gradient along the tangents, for every
    parameter with a tangent (``None`` holds a parameter constant).

    For ``def f(x): return np.sum(x ** 3)``, ``srcgrad.hvp(f, x, v)`` is ``6 * x * v``.
    """
    single = not isinstance(primals, tuple)
    primals = (primals,) if single else tuple(primals)
    tangents = (tangents,) if single else tuple(tangents)
    moving = tuple(i for i, t in enumerate(tangents) if t is not None)
    try:
        gradient = grad(fn, wrt=moving, mode="compile").as_function()
        compose.check_inner(gradient, primals)
        _, product = jvp(gradient, primals, tangents)
    except TransformError as err:
        if mode == "compile":
            raise
        warnings.warn(
            f"srcgrad: the Hessian-vector product of {_qualname(fn)} runs on the tape: {err}",
            FallbackWarning,
            stacklevel=2,
        )
        product = _tape_hvp(compose.tape_version(fn), primals, tangents, moving)
    return product[0] if single else tuple(product)


def _tape_hessian(fn, args, position):
    """The Hessian on the tape: the Jacobian of the gradient, which is taken with
    create_graph=True."""

    def gradient(*values):
        out, backward = vjp_on_tape(fn, values, (position,), create_graph=True, structured=False)
        _check_scalar(fn, out)
        return backward(1.0)[0]

    _, (hessian,) = jacobians_on_tape(gradient, args, (position,))
    scalar = isinstance(args[position], float) or not np.shape(args[position])
    return float(hessian) if scalar else hessian


def _tape_hvp(fn, primals, tangents, moving):
    """The Hessian-vector product on the tape: the gradient of the gradient's dot product
    with the tangents."""

    def directional(*values):
        out, backward = vjp_on_tape(fn, values, moving, create_graph=True, structured=False)
        _check_scalar(fn, out)
        grads = backward(1.0)
        return sum(
            (g * Tensor(np.asarray(tangents[i], dtype=float))).sum() for g, i in zip(grads, moving)
        )

    _, backward = vjp_on_tape(directional, primals, moving, structured=False)
    return backward(1.0)


# Marks the transforms, which compiled code cannot call (see compiler/frontend/calls.py).
hessian.srcgrad_transform = True
hvp.srcgrad_transform = True
