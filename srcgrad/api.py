"""The public entry points: ``grad``, ``value_and_grad`` and ``vjp``.

Each takes a plain Python function and returns a function computing its gradient, by the
compiler (``mode="compile"``), by the tape (``mode="tape"``), or by the compiler with the
tape taking over where the compiler cannot (``mode="auto"``, the default).
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import types
import warnings
from collections.abc import Callable

import numpy as np

from . import callables, compose
from . import verify as verify_option
from .argnums import wrt_from
from .arrays import holds_other_array, is_other_array, refuse_other_arrays
from .compiler.backend.install import define
from .compiler.frontend.source import TransformError
from .compiler.jit import NOT_JITTED
from .compiler.pipeline import compile_flat_vjp, compile_vjp
from .compiler.runtime import Refused
from .compiler.runtime.tracebacks import add_user_location, user_line_of
from .result_checks import has_nan, refuse_complex, refuse_nan, where
from .rules.helpers import size_of
from .tape import strict as _strict

# Errors raised on the tape inside generated code (a tape island) name the user's line.
_strict.locate_generated = user_line_of

__all__ = ["grad", "value_and_grad", "vjp", "FallbackWarning", "TransformError"]

_MODES = ("auto", "compile", "tape")


class FallbackWarning(UserWarning):
    """Emitted once per function when ``mode="auto"`` runs it on the tape instead."""


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
    return _Gradient(fn, wrt, mode, with_value=False, has_aux=has_aux, verify=verify, jit=jit)


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
    return _Gradient(fn, wrt, mode, with_value=True, has_aux=has_aux, verify=verify, jit=jit)


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

    For functions with non-scalar outputs. ``wrt`` defaults to every parameter. A function
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
    gradient = _Gradient(fn, wrt, mode, with_value=False, has_aux=has_aux, verify=verify, jit=jit)
    return gradient.vjp(*args)


class _Gradient:
    def __init__(self, fn, wrt, mode, with_value, has_aux=False, verify=None, jit=False):
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
        fn = compose.primitive_caller(fn)
        self.fn = fn
        self.mode = mode
        # With verify, calls take the long path (_run) until it has checked the code.
        self.verify = verify_option.requested(verify)
        self.with_value = with_value
        self.has_aux = has_aux
        self.signature = _signature(fn)
        self.params = list(self.signature.parameters) if self.signature else []
        self.wrt_given = wrt
        self.argnums = False
        self.single = wrt is not None and not isinstance(wrt, (tuple, list))
        self.wrt = self._resolve_wrt(wrt)
        self.positions = [self.params.index(name) for name in self.wrt]
        # What the compiler transforms (a method's function, a partial's function, the
        # generated code of an inner transform), and the values passed before ours.
        self.tape_fn = compose.tape_version(fn)
        self.target = compose.prepare(fn, mode)
        self.target, self.prefix, self.order = callables.target_of(self.target, self.params)
        # Every parameter positional (no *args, keyword-only or **kwargs), nothing bound
        # before them: the fast path.
        self.plain_params = self.signature is not None and all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in self.signature.parameters.values()
        )
        self.direct = (
            not has_aux
            and self.plain_params
            and not self.prefix
            and self.order is None
            and not compose.has_checks(self.target)
        )
        # The number of positional arguments the short call path takes (-1: none).
        self.arity = len(self.params) if self.direct else -1
        # Parameters the compiled code is specialised to receive as Python numbers.
        self.numbers, self.number_positions = frozenset(), []
        self.compiled = None
        self.fallback_reason = compose.tape_reason(self.target)
        if self.fallback_reason is not None and mode == "compile":
            raise TransformError(f"{_qualname(fn)}: {self.fallback_reason}")
        self.islands_reported = self.fallback_warned = False
        self.bound_gradients = {}
        self.jit = None
        if jit:  # numba is imported only here (srcgrad/compiler/jit)
            from .compiler.jit import JitGradient

            self.jit = JitGradient(self)
        _wrap(self, fn)

    def _resolve_wrt(self, wrt):
        collecting = set()
        if self.signature is not None:
            kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            collecting = {p.name for p in self.signature.parameters.values() if p.kind in kinds}
        if wrt is None:
            return tuple(p for p in self.params if p not in collecting)
        items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
        if self._counts_positional_arguments(items):
            return ()
        names = []
        for item in items:
            if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
                if not -len(self.params) <= item < len(self.params):
                    raise ValueError(
                        f"wrt={item} names no argument: {_qualname(self.fn)} takes "
                        f"{len(self.params)} ({', '.join(self.params)})"
                    )
                names.append(self.params[item])
            elif isinstance(item, str) and item in self.params:
                names.append(item)
            else:
                raise ValueError(
                    f"wrt={item!r} names no argument of {_qualname(self.fn)}; its arguments are "
                    f"({', '.join(self.params)})"
                )
        for name in names:
            if name in collecting:
                raise ValueError(
                    f"wrt names {name!r}, which collects several arguments of "
                    f"{_qualname(self.fn)}; a gradient is taken with respect to one argument"
                )
        return tuple(names)

    def _counts_positional_arguments(self, items):
        """True when ``wrt`` gives integers and ``fn`` takes ``*args``: then the integers
        count positional arguments (JAX's ``argnums``), resolved at each call."""
        kinds = [p.kind for p in self.signature.parameters.values()] if self.signature else []
        self.argnums = (
            inspect.Parameter.VAR_POSITIONAL in kinds
            and all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in items)
            and all(k != inspect.Parameter.KEYWORD_ONLY for k in kinds)
        )
        self.spread_gradients = {}
        return self.argnums

    def _spread(self, args, kwargs):
        """The gradient for ``len(args)`` positional arguments, one parameter each."""
        if kwargs:
            raise TypeError(
                f"{_qualname(self.fn)}: with wrt counting positional arguments (it takes "
                "*args), pass every argument by position"
            )
        gradient = self.spread_gradients.get(len(args))
        if gradient is None:
            function = callables.spread(self.fn, len(args))
            gradient = _Gradient(
                function, self.wrt_given, self.mode, self.with_value, self.has_aux, self.verify
            )
            self.spread_gradients[len(args)] = gradient
        return gradient

    # ---- the compiled function ----------------------------------------------------------
    def _compiled(self, values=None):
        """The compiled gradient; for ``values``, specialised to which are Python numbers."""
        if self.fallback_reason is not None:
            raise TransformError(f"{_qualname(self.fn)}: {self.fallback_reason}")
        numbers = self.numbers
        if values is not None:
            numbers = frozenset(p for p, v in zip(self.params, values) if type(v) in _NUMBERS)
        compiled = self.compiled
        if compiled is None or numbers != self.numbers or not compiled.still_valid():
            compiled = compile_vjp(self.target, self.wrt, self.mode == "auto", numbers)
            self.compiled, self.numbers = compiled, numbers
            self.number_positions = [self.params.index(p) for p in numbers]
        return compiled

    @property
    def source(self) -> str:
        """The generated Python code of the gradient (this function and its callees)."""
        return self._compiled().all_sources()

    # ---- calling ----------------------------------------------------------------------
    def _bind(self, args, kwargs):
        if not kwargs and len(args) == len(self.params) and self.plain_params:
            return list(args)
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return [bound.arguments[p] for p in self.params]

    def _target_args(self, values):
        """The arguments of ``self.target`` for one value per parameter."""
        if self.order is not None:
            values = [values[i] for i in self.order]
        return (*self.prefix, *values)

    def vjp(self, *args, **kwargs):
        if self.argnums:
            return self._spread(args, kwargs).vjp(*args)
        values = self._bind(args, kwargs)
        if compose.under_tape(values):  # an outer derivative is being taken on the tape
            return compose.vjp_on_tape(
                self.tape_fn, values, self.positions, self.single, self._call_form, self.has_aux
            )
        _check_wrt_values(self, values)
        out, backward = self._run(values)
        if self.jit is not None and self.fallback_reason is None:
            backward = self.jit.backward(values, backward)
        if self.has_aux:
            out, aux = _split_aux(self, out)
        out = np.copy(out) if isinstance(out, np.ndarray) else out

        def vjp_fn(output_grad):
            if isinstance(out, (tuple, list)):
                _check_cotangents(self.fn, out, output_grad)
            grads = backward((output_grad, None) if self.has_aux else output_grad)
            refuse_nan(grads, (out, output_grad), self.fn)
            return grads[0] if self.single else grads

        return (out, vjp_fn, aux) if self.has_aux else (out, vjp_fn)

    def _run(self, values):
        """(output, backward) by the engine the mode picks."""
        compose.check_inner(self.target, self._target_args(values))
        if self.mode != "tape" and self.fallback_reason is None:
            try:
                compiled = self._compiled(values)
            except Exception as err:
                if self.mode == "compile":
                    raise
                if isinstance(err, TransformError):
                    self._fall_back(str(err))
                else:  # a bug in the compiler: the tape still gives the right answer
                    self._fall_back(
                        f"the compiler failed with {type(err).__name__}: {err} "
                        "(an internal error; please report it)"
                    )
            else:
                self._warn_about_islands(compiled)
                # verification computes with NumPy: a call with dask/CuPy arrays is not checked
                unverified = self.verify and not compiled.verified
                unverified = unverified and not holds_other_array(values)
                before = verify_option.snapshot(values) if unverified else None
                try:
                    out, backward = compiled.vjp(*self._target_args(values))
                except Refused as err:
                    if self.mode == "compile":
                        raise add_user_location(err) from None
                    self._fall_back(_with_notes(add_user_location(err)))
                    return self._run(values)
                except Exception as err:
                    raise add_user_location(err) from None
                if before is not None:
                    verify_option.compare(self.fn, self._call_form, before, values, out)
                    compiled.verified = True
                return out, _typed(_located(backward), values, self._wrt_positions(), self.fn)
        if self.mode == "auto" and not self.fallback_warned:
            self.fallback_warned = True
            warnings.warn(
                f"srcgrad: running {_qualname(self.fn)} on the tape: {self.fallback_reason}",
                FallbackWarning,
                stacklevel=_user_stacklevel(),
            )
        from .tape_runner import run_on_tape

        code = getattr(self.fn, "__code__", None)
        where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
        refuse_other_arrays(
            values, f"the gradient of {_qualname(self.fn)}{where} runs on the tape"
        )
        out, backward = run_on_tape(self.tape_fn, values, self._wrt_positions(), self._call_form)
        return out, _typed(backward, values, self._wrt_positions(), self.fn)

    def _fall_back(self, reason):
        """From now on run this function on the tape (mode="auto"); the first tape run
        says why, once, pointing at the user's call."""
        self.fallback_reason, self.compiled = reason, None

    def differentiable_function(self, mode="auto"):
        """A function computing this transform that can be differentiated again: the
        generated code (:meth:`as_function`), or, where the compiler cannot produce it
        and ``mode`` allows, a tape function (``create_graph=True``) that makes the outer
        transform run on the tape."""
        if self.argnums or self.has_aux:
            raise TypeError(
                f"{_qualname(self.fn)}: a gradient with has_aux=True, or of a function of "
                "*args, cannot be differentiated again; differentiate a function that "
                "returns the gradient alone, of named parameters"
            )
        reason = self.fallback_reason or (self.mode == "tape" and 'mode="tape"')
        if not reason:
            try:
                return self.as_function()
            except Exception as err:  # a refusal, or a compiler bug: the tape is right
                if mode == "compile" or self.mode == "compile":
                    raise
                reason = compose.reason_of(err)
        return compose.on_tape(
            self.tape_function(), self, f"the inner gradient runs on the tape: {reason}"
        )

    def as_function(self):
        """This gradient as a plain Python function with readable source, which the
        compiler (or the tape) can differentiate again.

        It calls ``f``'s flat vector-Jacobian product (``f_vjp_flat``) with the output
        gradient 1.0 and returns the gradient(s), as calling this object does
        (``value_and_grad``: the value, then the gradient(s)).
        """
        function = getattr(self, "_function", None)
        if function is not None:
            return function
        if self.fallback_reason is not None:
            raise TransformError(f"{_qualname(self.fn)}: {self.fallback_reason}")
        flat = compile_flat_vjp(self.target, self.wrt)
        # One function per flat vjp, so that transforming it again hits the cache.
        key = (self.single, self.with_value, tuple(map(id, self.prefix)), self.order)
        wrappers = flat.__dict__.setdefault("gradient_functions", {})
        function = wrappers.get(key) if not self.prefix else None
        if function is None:
            function = self._define_function(flat)
            if not self.prefix:
                wrappers[key] = function
        self._function = function
        return function

    def _define_function(self, flat):
        base = getattr(self.fn, "__name__", "f")
        base = base if base.isidentifier() else "lambda"
        name = f"{base}_value_and_grad" if self.with_value else f"{base}_grad"
        namespace = {flat.name: flat.vjp, "__name__": "srcgrad.generated"}
        bound = []
        for i, value in enumerate(self.prefix):
            bound.append(f"{base}_bound{i}")
            namespace[bound[-1]] = value
        order = self.order if self.order is not None else range(len(self.params))
        args = ", ".join([*bound, *(self.params[i] for i in order)])
        returned = "grads[0]" if self.single else "grads"
        lines = [f"def {name}({', '.join(self.params)}):", f"    grads = {flat.name}({args}, 1.0)"]
        if self.with_value:
            namespace[f"{base}_function"] = self.target
            call = compose.call_arguments(self.target, [*bound, *(self.params[i] for i in order)])
            lines.append(f"    return {base}_function({call}), {returned}")
        else:
            lines.append(f"    return {returned}")
        function = define(name, "\n".join(lines) + "\n", namespace)
        if self.signature is not None:  # fn's defaults; every parameter by position
            function.__signature__ = compose.positional_signature(self.signature)
        compose.add_output_checks(function, self)
        return function

    def tape_function(self):
        """The tape function :meth:`differentiable_function` falls back to."""
        function = getattr(self, "_tape_function", None)
        if function is None:
            function = compose.gradient_on_tape(
                self.tape_fn,
                self.positions,
                self.single,
                self.with_value,
                self._call_form,
                self.has_aux,
            )
            self._tape_function = compose.on_tape(function, self, 'mode="tape"')
        return function

    def _call_form(self, values):
        """``(args, kwargs)`` that call the function with one value per parameter."""
        if self.plain_params:
            return values, {}
        args, kwargs = [], {}
        for value, param in zip(values, self.signature.parameters.values()):
            if param.kind == param.VAR_POSITIONAL:
                args.extend(value)
            elif param.kind == param.KEYWORD_ONLY:
                kwargs[param.name] = value
            elif param.kind == param.VAR_KEYWORD:
                kwargs.update(value)
            else:
                args.append(value)
        return args, kwargs

    def _warn_about_islands(self, compiled):
        if self.islands_reported:
            return
        self.islands_reported = True
        islands = [island for part in compiled.tree() for island in part.islands]
        if islands:
            where = "; ".join(f"{f}:{line}: {call} ({why})" for f, line, call, why in islands)
            warnings.warn(
                f"srcgrad: parts of {_qualname(self.fn)} run on the tape: {where}",
                FallbackWarning,
                stacklevel=_user_stacklevel(),
            )

    def _wrt_positions(self):
        return self.positions

    def __call__(self, *args, **kwargs):
        if self.argnums:
            return self._spread(args, kwargs)(*args)
        if compose.under_tape(args):  # an outer derivative is being taken on the tape
            return self.tape_function()(*self._bind(args, kwargs))
        if self.jit is not None and self.fallback_reason is None:
            result = self.jit(args, kwargs)
            if result is not NOT_JITTED:
                return result
        compiled = self.compiled
        if (
            compiled is not None
            and not kwargs
            and len(args) == self.arity
            and (compiled.verified or not self.verify)
        ):
            for i in self.number_positions:
                if type(args[i]) not in _NUMBERS:
                    break
            else:
                if compiled.still_valid():
                    return self._call_compiled(compiled, args)
        values = self._bind(args, kwargs)
        _check_wrt_values(self, values)
        out, backward = self._run(values)
        if self.has_aux:
            out, aux = _split_aux(self, out)
        if isinstance(out, (tuple, list)) or size_of(out) != 1:
            raise _not_scalar(self, out)
        out = np.copy(out) if isinstance(out, np.ndarray) else out
        grads = backward((_seed(out), None) if self.has_aux else _seed(out))
        refuse_nan(grads, (out,), self.fn)
        result = grads[0] if self.single else grads
        if self.has_aux:
            return ((out, aux), result) if self.with_value else (result, aux)
        return (out, result) if self.with_value else result

    def _call_compiled(self, compiled, args):
        """The common case, kept short: compiled already, positional arguments."""
        for i in self.positions:
            if type(args[i]) is not float:
                _check_wrt_values(self, args)
                break
        try:
            out, backward = compiled.vjp(*args)
        except Refused as err:
            if self.mode == "compile":
                raise add_user_location(err) from None
            self._fall_back(_with_notes(add_user_location(err)))
            return self(*args)
        except Exception as err:
            raise add_user_location(err) from None
        if type(out) is float:
            seed = 1.0
        else:
            if isinstance(out, (tuple, list)) or size_of(out) != 1:
                raise _not_scalar(self, out)
            out = np.copy(out) if isinstance(out, np.ndarray) else out
            seed = _seed(out)
        try:
            grads = backward(seed)
        except Exception as err:
            raise add_user_location(err) from None
        if self.single:
            result = _like(grads[0], args[self.positions[0]], self.fn)
            if has_nan(result):
                refuse_nan((result,), (out,), self.fn)
        else:
            result = tuple(_like(g, args[i], self.fn) for g, i in zip(grads, self.positions))
            refuse_nan(result, (out,), self.fn)
        return (out, result) if self.with_value else result

    def __get__(self, obj, objtype=None):
        """``@srcgrad.grad`` on a method: ``obj.method`` is the gradient of the bound
        method, ``wrt`` counting its explicit parameters (``self`` is a constant)."""
        if obj is None:
            return self
        bound = self.bound_gradients.get(id(obj))
        if bound is None or bound[0] is not obj:
            method = types.MethodType(self.fn, obj)
            gradient = _Gradient(
                method, self.wrt_given, self.mode, self.with_value, self.has_aux, self.verify
            )
            bound = self.bound_gradients[id(obj)] = (obj, gradient)
        return bound[1]

    def __reduce__(self):
        """Pickled by reference, as the function it decorates is: by module and name."""
        return _qualname(self)


_NUMBERS = (float, int)


def _split_aux(gradient, out):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(
            f"{_qualname(gradient.fn)} was differentiated with has_aux=True, so it must "
            f"return a pair (output, aux); it returned {type(out).__name__}"
        )
    return out[0], out[1]


def _not_scalar(gradient, out):
    if isinstance(out, (tuple, list)):
        code = getattr(gradient.fn, "__code__", None)
        where = f" ({code.co_filename}:{code.co_firstlineno})" if code else ""
        return ValueError(
            f"{_qualname(gradient.fn)}{where} returned a {type(out).__name__} of {len(out)} "
            "outputs; grad needs one scalar output. Use out, back = srcgrad.vjp(f, *args) "
            f"and call back with one gradient per output (a tuple of {len(out)}; None for an "
            "output you do not differentiate), or return one scalar (their sum, say)."
        )
    return ValueError(
        f"{_qualname(gradient.fn)} returned an output of shape {np.shape(out)}; "
        "grad needs a scalar output (a number or a size-1 array). For other outputs use "
        "srcgrad.vjp(f, *args) and pass the output's gradient."
    )


def _check_cotangents(fn, out, output_grad):
    """A function returning several outputs takes one gradient per output."""
    if not isinstance(output_grad, (tuple, list)) or len(output_grad) != len(out):
        given = (
            f"{len(output_grad)} gradients"
            if isinstance(output_grad, (tuple, list))
            else f"a {type(output_grad).__name__}"
        )
        raise ValueError(
            f"{_qualname(fn)} returned {len(out)} outputs, so its vjp takes one gradient per "
            f"output (a tuple of {len(out)}; None for an output you do not differentiate), "
            f"not {given}"
        )


def _seed(out):
    if isinstance(out, np.ndarray):
        return np.ones_like(out, dtype=out.dtype if out.dtype.kind in "fc" else np.float64)
    if isinstance(out, np.generic):
        return np.ones((), dtype=out.dtype if out.dtype.kind in "fc" else np.float64)[()]
    return 1.0


def _with_notes(err) -> str:
    return " ".join([str(err), *getattr(err, "__notes__", ())])


def _located(backward):
    """``backward``, with a note naming the user's line on any exception it raises."""

    def located(output_grad):
        try:
            return backward(output_grad)
        except Exception as err:
            raise add_user_location(err) from None

    return located


def _typed(backward, values, positions, fn):
    """Gradients in the type and shape of their arguments."""

    def typed(output_grad):
        try:
            grads = backward(output_grad)
        except Exception as err:  # raised in a backward pass: say whose derivative it is
            if not any(note.startswith("srcgrad:") for note in getattr(err, "__notes__", ())):
                err.add_note(f"srcgrad: raised in the derivative of {where(fn)}")
            raise
        return tuple(_like(g, values[i], fn) for g, i in zip(grads, positions))

    return typed


def _like(gradient, value, fn):
    if type(gradient) is float and type(value) is float:
        return gradient
    if is_other_array(gradient):  # dask, CuPy: shaped and typed lazily, never converted
        return _other_like(gradient, value)
    if isinstance(value, (list, tuple)) and isinstance(gradient, (list, tuple)):
        return type(value)(_like(g, v, fn) for g, v in zip(gradient, value))
    if isinstance(value, dict) and isinstance(gradient, dict):
        return {key: _like(gradient[key], item, fn) for key, item in value.items()}
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        refuse_complex(gradient, fn)
        return float(np.asarray(gradient).reshape(()))
    if isinstance(value, np.ndarray):
        gradient = np.asarray(gradient)
        if gradient.shape != value.shape:
            gradient = np.broadcast_to(gradient, value.shape).copy()
        if value.dtype.kind == "f" and gradient.dtype != value.dtype:
            refuse_complex(gradient, fn)
            gradient = gradient.astype(value.dtype)
        return gradient
    if isinstance(value, np.generic):
        if value.dtype.kind == "f":
            refuse_complex(gradient, fn)
        return np.asarray(gradient, dtype=value.dtype)[()]
    return gradient


def _other_like(gradient, value):
    """The gradient of ``value`` in ``gradient``'s array type (a NumPy parameter used with
    dask data gets a dask gradient): shape and dtype fixed without computing anything."""
    shape, dtype = np.shape(value), getattr(value, "dtype", None)
    if gradient.shape != shape:  # a number's gradient is 0-d, an array's broadcasts back
        gradient = np.reshape(gradient, ()) if shape == () else np.broadcast_to(gradient, shape)
    if dtype is not None and dtype.kind == "f" and gradient.dtype != dtype:
        gradient = gradient.astype(dtype)
    return gradient


def _check_wrt_values(gradient, values):
    for position in gradient.positions:
        value = values[position]
        if type(value) is float:
            continue
        kind = getattr(getattr(value, "dtype", None), "kind", None)
        if kind is not None and kind in "biu":
            name = gradient.params[position]
            raise TypeError(
                f"cannot take the gradient of {_qualname(gradient.fn)} with respect to {name!r}: "
                f"it is an array of dtype {value.dtype}, which carries no gradient. Pass a "
                f"float array (e.g. {name}.astype(float))."
            )


def _wrap(wrapper, fn):
    """Give ``wrapper`` ``fn``'s name, docstring and module, and ``__wrapped__``; unlike
    ``functools.update_wrapper`` it copies none of ``fn``'s attributes (an inner
    transform's attributes are not the outer's)."""
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        value = getattr(fn, attribute, None)
        if value is not None:
            setattr(wrapper, attribute, value)
    wrapper.__wrapped__ = fn


def _user_stacklevel():
    """The ``stacklevel`` for ``warnings.warn`` that names the user's line: the first
    frame, from the caller of ``warnings.warn`` outwards, outside this package."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _qualname(fn):
    return getattr(fn, "__qualname__", repr(fn))


# Marks the transforms, which compiled code cannot call (see compiler/frontend/calls.py).
grad.srcgrad_transform = True
value_and_grad.srcgrad_transform = True
vjp.srcgrad_transform = True
