"""The object ``grad``, ``value_and_grad`` and ``vjp`` return: it picks the engine
(compiler, tape, or the compiler with the tape taking over), caches the compiled code, and
calls it; :mod:`srcgrad.fast_call` makes its common calls short."""

from __future__ import annotations

import inspect
import os
import sys
import types
import warnings

import numpy as np

from . import callables, compose, fast_call
from . import verify as verify_option
from .arrays import holds_other_array, refuse_other_arrays
from .compiler.backend.install import define
from .compiler.frontend.source import TransformError
from .compiler.jit import NOT_JITTED
from .compiler.pipeline import compile_flat_vjp, compile_vjp
from .compiler.runtime import Refused
from .compiler.runtime.tracebacks import add_user_location
from .gradient_values import (
    check_cotangents,
    check_wrt_values,
    located,
    qualname,
    scalar_output,
    split_aux,
    typed,
    with_notes,
    wrt_names,
)
from .result_checks import refuse_nan
from .tape_bridge import plain, vjp_on_tape

__all__ = ["Gradient", "FallbackWarning", "MODES"]

MODES = ("auto", "compile", "tape")


class FallbackWarning(UserWarning):
    """Emitted once per function when ``mode="auto"`` runs it on the tape instead."""


class Gradient:
    def __init__(self, fn, wrt, mode, with_value, has_aux=False, verify=None, jit=False):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
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
        self.single = wrt is not None and not isinstance(wrt, (tuple, list))
        # With argnums, wrt counts positional arguments of a function of *args.
        self.wrt, self.argnums = wrt_names(fn, self.signature, wrt)
        self.spread_gradients = {}
        self.positions = [self.params.index(name) for name in self.wrt]
        # What the compiler transforms (a method's function, a partial's function, the
        # generated code of an inner transform), and the values passed before ours.
        self.tape_fn = compose.tape_version(fn)
        self.target = compose.prepare(fn, mode)
        self.target, self.prefix, self.order = callables.target_of(self.target, self.params)
        # Every parameter positional (no *args, keyword-only or **kwargs).
        self.plain_params = self.signature is not None and all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in self.signature.parameters.values()
        )
        # Calls may take a generated dispatcher (srcgrad/fast_call.py): kinds -> (compiled
        # entry, dispatcher).
        self.fast = (
            not has_aux
            and self.plain_params
            and bool(self.positions)
            and not compose.has_checks(self.target)
        )
        self.fast_calls = {}
        # Parameters the compiled code is specialised to receive as Python numbers.
        self.numbers = frozenset()
        self.compiled = None
        self.fallback_reason = compose.tape_reason(self.target)
        if self.fallback_reason is not None and mode == "compile":
            raise TransformError(f"{qualname(fn)}: {self.fallback_reason}")
        self.islands_reported = self.fallback_warned = False
        self.bound_gradients = {}
        self.jit = None
        if jit:  # numba is imported only here (srcgrad/compiler/jit)
            from .compiler.jit import JitGradient

            self.jit = JitGradient(self)
        _wrap(self, fn)

    def _spread(self, args, kwargs):
        """The gradient for ``len(args)`` positional arguments, one parameter each."""
        if kwargs:
            raise TypeError(
                f"{qualname(self.fn)}: with wrt counting positional arguments (it takes "
                "*args), pass every argument by position"
            )
        gradient = self.spread_gradients.get(len(args))
        if gradient is None:
            function = callables.spread(self.fn, len(args))
            gradient = Gradient(
                function, self.wrt_given, self.mode, self.with_value, self.has_aux, self.verify
            )
            self.spread_gradients[len(args)] = gradient
        return gradient

    # ---- the compiled function ----------------------------------------------------------
    def _compiled(self, values=None):
        """The compiled gradient; for ``values``, specialised to which are Python numbers."""
        if self.fallback_reason is not None:
            raise TransformError(f"{qualname(self.fn)}: {self.fallback_reason}")
        numbers = self.numbers
        if values is not None:
            numbers = frozenset(p for p, v in zip(self.params, values) if type(v) in (float, int))
        compiled = self.compiled
        if compiled is None or numbers != self.numbers or not compiled.still_valid():
            compiled = compile_vjp(self.target, self.wrt, self.mode == "auto", numbers)
            self.compiled, self.numbers = compiled, numbers
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
            return compose.vjp_under_tape(
                self.tape_fn, values, self.positions, self.single, self._call_form, self.has_aux
            )
        check_wrt_values(self, values)
        out, backward = self._run(values)
        if self.jit is not None and self.fallback_reason is None:
            backward = self.jit.backward(values, backward)
        if self.has_aux:
            out, aux = split_aux(self, out)
        out = np.copy(out) if isinstance(out, np.ndarray) else out

        def vjp_fn(output_grad):
            if isinstance(out, (tuple, list)):
                check_cotangents(self.fn, out, output_grad)
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
                    self._fall_back(with_notes(add_user_location(err)))
                    return self._run(values)
                except Exception as err:
                    raise add_user_location(err) from None
                if before is not None:
                    verify_option.compare(self.fn, self._call_form, before, values, out)
                    compiled.verified = True
                return out, typed(located(backward), values, self._wrt_positions(), self.fn)
        if self.mode == "auto" and not self.fallback_warned:
            self.fallback_warned = True
            warnings.warn(
                f"srcgrad: running {qualname(self.fn)} on the tape: {self.fallback_reason}",
                FallbackWarning,
                stacklevel=_user_stacklevel(),
            )
        code = getattr(self.fn, "__code__", None)
        where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
        refuse_other_arrays(values, f"the gradient of {qualname(self.fn)}{where} runs on the tape")
        positions = self._wrt_positions()
        out, backward = vjp_on_tape(self.tape_fn, values, positions, call_form=self._call_form)
        return plain(out), typed(backward, values, positions, self.fn)

    def _fall_back(self, reason):
        """From now on run this function on the tape (mode="auto"); the first tape run
        says why, once, pointing at the user's call."""
        self.fallback_reason, self.compiled = reason, None
        self.fast_calls.clear()
        self.__class__ = Gradient

    def differentiable_function(self, mode="auto"):
        """A function computing this transform that can be differentiated again: the
        generated code (:meth:`as_function`), or, where the compiler cannot produce it
        and ``mode`` allows, a tape function (``create_graph=True``) that makes the outer
        transform run on the tape."""
        if self.argnums or self.has_aux:
            raise TypeError(
                f"{qualname(self.fn)}: a gradient with has_aux=True, or of a function of "
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
            raise TransformError(f"{qualname(self.fn)}: {self.fallback_reason}")
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
                f"srcgrad: parts of {qualname(self.fn)} run on the tape: {where}",
                FallbackWarning,
                stacklevel=_user_stacklevel(),
            )

    def _wrt_positions(self):
        return self.positions

    def __call__(self, *args, **kwargs):
        """The general call: every check, on any arguments. A call that ran compiled code
        makes the next calls with arguments of the same kinds take a generated dispatcher
        (:mod:`srcgrad.fast_call`), which falls back here where one of its guards fails."""
        if self.argnums:
            return self._spread(args, kwargs)(*args)
        if compose.under_tape(args):  # an outer derivative is being taken on the tape
            return self.tape_function()(*self._bind(args, kwargs))
        if self.jit is not None and self.fallback_reason is None:
            result = self.jit(args, kwargs)
            if result is not NOT_JITTED:
                return result
        values = self._bind(args, kwargs)
        check_wrt_values(self, values)
        out, backward = self._run(values)
        if self.has_aux:
            out, aux = split_aux(self, out)
        out, seed = scalar_output(self, out)
        grads = backward((seed, None) if self.has_aux else seed)
        refuse_nan(grads, (out,), self.fn)
        if self.fast and self.compiled is not None and (not self.jit or self.jit.declines(values)):
            self._use_fast_call(values)
        result = grads[0] if self.single else grads
        if self.has_aux:
            return ((out, aux), result) if self.with_value else (result, aux)
        return (out, result) if self.with_value else result

    def _use_fast_call(self, values):
        """Make the dispatcher for arguments of ``values``' kinds, running the compiled
        entry that just ran (once it is verified, where verification is on), this object's
        ``__call__``: each gradient object gets its own class for that."""
        compiled = self.compiled
        if self.verify and not compiled.verified:
            return
        kinds = fast_call.argument_kinds(values, self.positions)
        if kinds is None:
            return
        built_for, function = self.fast_calls.get(kinds, (None, None))
        if built_for is not compiled:
            function = fast_call.dispatcher(self, compiled, kinds, Gradient.__call__)
            if function is None:
                return
            self.fast_calls[kinds] = (compiled, function)
        if type(self) is Gradient:
            self.__class__ = type("Gradient", (Gradient,), {"__module__": __name__})
        type(self).__call__ = function

    def __get__(self, obj, objtype=None):
        """``@srcgrad.grad`` on a method: ``obj.method`` is the gradient of the bound
        method, ``wrt`` counting its explicit parameters (``self`` is a constant)."""
        if obj is None:
            return self
        bound = self.bound_gradients.get(id(obj))
        if bound is None or bound[0] is not obj:
            method = types.MethodType(self.fn, obj)
            gradient = Gradient(
                method, self.wrt_given, self.mode, self.with_value, self.has_aux, self.verify
            )
            bound = self.bound_gradients[id(obj)] = (obj, gradient)
        return bound[1]

    def __reduce__(self):
        """Pickled by reference, as the function it decorates is: by module and name."""
        return qualname(self)


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
    while frame is not None and frame.f_code.co_filename.startswith(_SRCGRAD_FILES):
        frame, level = frame.f_back, level + 1
    return level


# This package's files, and the code it generates (the dispatchers among it).
_SRCGRAD_FILES = (os.path.dirname(os.path.abspath(__file__)) + os.sep, "<srcgrad ")


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None
