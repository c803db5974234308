"""Transforms of transforms: ``jacobian(grad(f))``, ``grad(grad(f))``, ``hvp(grad(f), ...)``.

Every transform (``grad``, ``value_and_grad``, ``jacobian``, ``hessian``) returns an object
with a method ``differentiable_function(mode)``: the same computation as a function another
transform can take. Where the compiler produced the inner transform's code, that function
is generated Python with readable source (the outer transform compiles it again); where it
did not, it is a *tape function*: it runs on the tape engine with ``create_graph=True`` and
carries the reason in :data:`TAPE_REASON`, and the outer transform then runs on the tape.

A transform called while the tape records an outer derivative (its arguments are Tensors,
or a tape run is under way: a closure may hold one) computes on the tape too, keeping the
graph, and differentiates with respect to fresh copies of its arguments, so that an outer
derivative and an inner one never mix (perturbation confusion):

>>> import srcgrad
>>> def f(x):
...     return x * srcgrad.grad(lambda y: x * y)(2.0)  # x * x
>>> srcgrad.grad(f, mode="tape")(1.0)
2.0
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import tape_bridge
from .tape import Tensor
from .tape.strict import _strict

__all__ = [
    "TAPE_REASON",
    "is_transform",
    "prepare",
    "tape_reason",
    "under_tape",
    "on_tape",
    "gradient_on_tape",
    "vjp_under_tape",
    "jacobian_on_tape",
]

# The attribute naming why a function runs on the tape only (absent on generated code).
TAPE_REASON = "srcgrad_tape_reason"


def is_transform(fn) -> bool:
    """True for what ``grad``, ``value_and_grad``, ``jacobian`` and ``hessian`` return."""
    return callable(getattr(type(fn), "differentiable_function", None))


def prepare(fn, mode="auto", callers=False):
    """``fn`` as a function another transform can take: a transform becomes its
    differentiable function (generated code, or a tape function); with ``callers``, a
    bound method or partial becomes generated code calling its function; anything else
    is returned unchanged."""
    while is_transform(fn):
        fn = fn.differentiable_function(mode)
    if callers:
        from .callables import caller

        fn = caller(fn)
    return primitive_caller(fn)


def primitive_caller(fn):
    """For a callable with a rule but no source (a ``custom_vjp`` function, a NumPy
    function), generated ``def f(x): return f_primitive(x)``, which the compiler can read
    and the tape can run; anything else unchanged. Every transform starts from it, so
    ``grad(np.sin)`` and ``jacobian(np.tanh)`` take the arguments the caller takes."""
    from .rules import lookup

    if inspect.isfunction(fn) or inspect.ismethod(fn):
        return fn
    try:
        # operator.mul and the like: the compiler reads a call of one as its operator
        if lookup(fn) is None and getattr(fn, "__module__", None) != "_operator":
            return fn
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):  # unhashable, or no signature to copy
        return fn
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return fn
    cache = _callers.setdefault(id(fn), (fn, {}))[1]
    if "caller" not in cache:
        from .compiler.backend.install import define

        base = getattr(fn, "__name__", "primitive")
        base = base if base.isidentifier() else "primitive"
        required, options = _caller_parameters(fn, params)
        names = ", ".join([*required, *(f"{name}={value!r}" for name, value in options)])
        arguments = call_arguments(fn, required)
        arguments = ", ".join(filter(None, [arguments, *(f"{n}={n}" for n, _ in options)]))
        text = f"def {base}({names}):\n    return {base}_primitive({arguments})\n"
        namespace = {f"{base}_primitive": fn, "__name__": "srcgrad.generated"}
        cache["caller"] = define(base, text, namespace)
    return cache["caller"]


_callers: dict = {}
_LITERALS = (type(None), bool, int, float, str)


def _caller_parameters(fn, params):
    """The parameters the caller of a primitive takes: those without a default, and the
    options its rule takes whose defaults are plain constants (``axis=None``); the rest
    (``out=``, ``where=``, ``casting=`` of a ufunc) keep NumPy's defaults by being left out."""
    from .rules import lookup

    rule = lookup(fn)
    taken = set(rule.params) if rule is not None else set()
    required = [p.name for p in params if p.default is p.empty]
    options = [
        (p.name, p.default)
        for p in params
        if p.default is not p.empty
        and p.name in taken
        and p.name != "out"  # a write into an argument: never passed on
        and isinstance(p.default, _LITERALS)
    ]
    return required, options


def tape_version(fn):
    """``fn``, or for a transform its tape function (which takes one value per parameter)."""
    return fn.tape_function() if is_transform(fn) else fn


def positional_signature(signature):
    """``signature`` with every parameter positional-or-keyword, defaults kept where
    Python allows: the signature of generated code, which takes every value by position."""
    if signature is None:
        return None
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [p.replace(kind=kind) for p in signature.parameters.values()]
    try:
        return signature.replace(parameters=params)
    except ValueError:  # a parameter without a default after one with
        empty = inspect.Parameter.empty
        return signature.replace(parameters=[p.replace(default=empty) for p in params])


def call_arguments(fn, names) -> str:
    """Source text passing ``names`` (one per parameter of ``fn``, in order) to ``fn``:
    keyword-only parameters by keyword."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return ", ".join(names)
    parts = []
    for name, param in zip(names, params):
        keyword = param.kind == inspect.Parameter.KEYWORD_ONLY
        parts.append(f"{param.name}={name}" if keyword else name)
    return ", ".join(parts)


def call(fn, values):
    """``fn`` called with one value per parameter: keyword-only parameters by keyword."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return fn(*values)
    args, kwargs = [], {}
    for value, param in zip(values, params):
        if param.kind == inspect.Parameter.KEYWORD_ONLY:
            kwargs[param.name] = value
        else:
            args.append(value)
    return fn(*args, **kwargs)


def reason_of(err) -> str:
    """Why a transform falls back to the tape, from what the compiler raised."""
    from .compiler.frontend.source import TransformError

    if isinstance(err, TransformError):
        return str(err)
    name = type(err).__name__
    return f"the compiler failed with {name}: {err} (an internal error; please report it)"


def tape_reason(fn):
    """Why ``fn`` runs on the tape only, or None when the compiler may transform it."""
    return getattr(fn, TAPE_REASON, None)


def under_tape(args=()) -> bool:
    """True when the tape is recording an outer derivative: a tape run is under way, or
    an argument is a Tensor."""
    if _strict.depth:
        return True
    for arg in args:
        if isinstance(arg, Tensor):
            return True
    return False


def on_tape(function, like, reason):
    """Mark ``function`` as a tape function standing for ``like`` (its name and
    signature), running on the tape because of ``reason``."""
    functools.update_wrapper(function, like, updated=())
    del function.__wrapped__
    try:
        function.__signature__ = inspect.signature(like)
    except (TypeError, ValueError):
        pass
    setattr(function, TAPE_REASON, reason)
    return function


def gradient_on_tape(fn, positions, single, with_value=False, call_form=None, has_aux=False):
    """A tape function computing the gradient of scalar ``fn`` at ``positions`` (and the
    value first, with ``with_value``), keeping the graph for outer derivatives. It takes
    one value per parameter; ``call_form(values)`` gives the ``(args, kwargs)`` of
    ``fn``'s call (by default all positional)."""

    def gradient(*values):
        out, backward = tape_bridge.vjp_on_tape(
            fn, values, positions, call_form=call_form, create_graph=True, structured=False
        )
        if has_aux:
            out, aux = out
        if isinstance(out, Tensor) and out.requires_grad and out.size != 1:
            raise ValueError(
                f"{_qualname(fn)} returned an output of shape {tuple(out.shape)}; grad "
                "needs a scalar output"
            )
        grads = backward((1.0, None) if has_aux else 1.0)
        result = grads[0] if single else grads
        if has_aux:
            return ((out, aux), result) if with_value else (result, aux)
        return (out, result) if with_value else result

    return gradient


def vjp_under_tape(fn, values, positions, single, call_form, has_aux=False):
    """``vjp`` while the tape records an outer derivative: ``(out, vjp_fn)`` (and aux),
    keeping the graph, with respect to fresh nodes standing for ``positions``."""
    out, backward = tape_bridge.vjp_on_tape(
        fn, values, positions, call_form=call_form, create_graph=True, structured=False
    )
    if has_aux:
        out, aux = out

    def vjp_fn(output_grad):
        grads = backward((output_grad, None) if has_aux else output_grad)
        return grads[0] if single else grads

    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def jacobian_on_tape(fn, positions, single):
    """A tape function computing the Jacobians of ``fn`` at ``positions`` (output shape
    followed by input shape), keeping the graph for outer derivatives."""

    def jacobian(*args):
        _, jacobians = tape_bridge.jacobians_on_tape(fn, args, positions, create_graph=True)
        return jacobians[0] if single else tuple(jacobians)

    return jacobian


# ---- outputs the generated gradient code assumes ---------------------------------------
def add_output_checks(function, gradient):
    """Attach to ``function`` (the generated code of ``gradient``) what it assumes: the
    flat vector-Jacobian product it calls seeds the output with 1.0, which is right only
    for a scalar output. :func:`check_inner` checks that before the code runs."""

    def check(values):
        args = gradient._target_args(values)
        target = gradient.target
        check_inner(target, args)
        size_of = getattr(target, "srcgrad_output_size", None)
        if size_of is not None:
            size = size_of(args)
        else:
            call_args, call_kwargs = gradient._call_form(values)
            size = np.size(gradient.fn(*call_args, **call_kwargs))
        if size != 1:
            name = _qualname(gradient.fn)
            if is_transform(gradient.fn):
                name = f"the {type(gradient.fn).__name__.strip('_').lower()} of {name}"
            raise ValueError(
                f"{name} returns a non-scalar output here; grad needs a "
                "scalar output (use jacobian or vjp for other outputs)"
            )

    def output_size(values):  # a gradient has the shape of its argument: no need to run it
        if gradient.with_value or not gradient.single:
            return -1  # a tuple
        return np.size(values[gradient.positions[0]])

    function.srcgrad_output_check = check
    function.srcgrad_output_size = output_size


def has_checks(function) -> bool:
    return hasattr(function, "srcgrad_output_check")


def check_inner(function, args):
    """Raise where generated gradient code ``function`` would not be right at ``args``."""
    check = getattr(function, "srcgrad_output_check", None)
    if check is not None:
        check(list(args))


def _qualname(fn):
    return getattr(fn, "__qualname__", repr(fn))
