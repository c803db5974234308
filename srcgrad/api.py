"""The public entry points: ``grad``, ``value_and_grad`` and ``vjp``.

Each takes a plain Python function and returns a function computing its gradient, by the
compiler (``mode="compile"``), by the tape (``mode="tape"``), or by the compiler with the
tape taking over where the compiler cannot (``mode="auto"``, the default).
"""

from __future__ import annotations

import functools
import inspect
import warnings

import numpy as np

from . import verify as verify_option
from .compiler.driver import compile_flat_vjp, compile_vjp, define
from .compiler.runtime import Refused
from .compiler.source import TransformError
from .compiler.tracebacks import add_user_location

__all__ = ["grad", "value_and_grad", "vjp", "FallbackWarning", "TransformError"]

_MODES = ("auto", "compile", "tape")


class FallbackWarning(UserWarning):
    """Emitted once per function when ``mode="auto"`` runs it on the tape instead."""


def grad(fn=None, *, wrt=0, mode="auto", verify=None):
    """Return a function computing the gradient of scalar-valued ``fn``.

    >>> import numpy as np, srcgrad
    >>> @srcgrad.grad
    ... def f(x):
    ...     return np.sum(np.tanh(x) * x)
    >>> f(np.array([0.0, 1.0])).round(4)
    array([0.    , 1.1815])

    ``wrt`` is a parameter index or name, or a tuple of them (then a tuple of gradients
    is returned). ``f.source`` is the generated Python code. ``verify=True`` (or
    ``SRCGRAD_VERIFY=1`` in the environment) checks the first call of the compiled code
    against ``fn`` itself (see :mod:`srcgrad.verify`).
    """
    if fn is None:
        return functools.partial(grad, wrt=wrt, mode=mode, verify=verify)
    if isinstance(fn, _Gradient):  # a gradient of a gradient: transform the generated code
        fn = fn.differentiable_function(mode)
    return _Gradient(fn, wrt, mode, with_value=False, verify=verify)


def value_and_grad(fn=None, *, wrt=0, mode="auto", verify=None):
    """Like :func:`grad`, but the function returns ``(value, gradient)``.

    >>> import srcgrad
    >>> srcgrad.value_and_grad(lambda w: 10 * w**2 + 25)(2.0)
    (65.0, 40.0)
    """
    if fn is None:
        return functools.partial(value_and_grad, wrt=wrt, mode=mode, verify=verify)
    return _Gradient(fn, wrt, mode, with_value=True, verify=verify)


def vjp(fn, *args, wrt=None, mode="auto", verify=None):
    """``(output, vjp_fn)``: ``vjp_fn(output_gradient)`` gives the gradients of ``wrt``.

    For functions with non-scalar outputs. ``wrt`` defaults to every parameter. A function
    returning a tuple or list of outputs takes one gradient per output (``None`` for an
    output that gets none).

    >>> import numpy as np, srcgrad
    >>> out, back = srcgrad.vjp(np.sin, np.zeros(2), mode="tape")
    >>> back(np.ones(2))
    array([1., 1.])

    For ``def f(x): return np.sin(x), np.sum(x**2)`` defined in a file,
    ``out, back = srcgrad.vjp(f, x)`` and ``back((np.ones(2), 1.0))`` is
    ``np.cos(x) + 2 * x``.
    """
    gradient = _Gradient(fn, wrt, mode, with_value=False, verify=verify)
    return gradient.vjp(*args)


class _Gradient:
    def __init__(self, fn, wrt, mode, with_value, verify=None):
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
        self.fn = fn
        self.mode = mode
        # With verify, calls take the long path (_run) until it has checked the code.
        self.verify = verify_option.requested(verify)
        self.with_value = with_value
        self.signature = _signature(fn)
        self.params = list(self.signature.parameters) if self.signature else []
        # Every parameter positional (no *args, keyword-only or **kwargs): the fast path.
        self.plain_params = self.signature is not None and all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in self.signature.parameters.values()
        )
        self.single = wrt is not None and not isinstance(wrt, (tuple, list))
        self.wrt = self._resolve_wrt(wrt)
        self.positions = [self.params.index(name) for name in self.wrt]
        # The number of positional arguments the short call path takes (-1: none).
        self.arity = len(self.params) if self.plain_params else -1
        # Parameters the compiled code is specialised to receive as Python numbers.
        self.numbers, self.number_positions = frozenset(), []
        self.compiled = None
        self.fallback_reason = None
        self.islands_reported = False
        functools.update_wrapper(self, fn)

    def _resolve_wrt(self, wrt):
        collecting = set()
        if self.signature is not None:
            kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            collecting = {p.name for p in self.signature.parameters.values() if p.kind in kinds}
        if wrt is None:
            return tuple(p for p in self.params if p not in collecting)
        items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
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

    # ---- the compiled function ----------------------------------------------------------
    def _compiled(self, values=None):
        """The compiled gradient; for ``values``, specialised to which are Python numbers."""
        numbers = self.numbers
        if values is not None:
            numbers = frozenset(p for p, v in zip(self.params, values) if type(v) in _NUMBERS)
        compiled = self.compiled
        if compiled is None or numbers != self.numbers or not compiled.still_valid():
            compiled = compile_vjp(self.fn, self.wrt, self.mode == "auto", numbers)
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

    def vjp(self, *args, **kwargs):
        values = self._bind(args, kwargs)
        _check_wrt_values(self, values)
        out, backward = self._run(values)
        out = np.copy(out) if isinstance(out, np.ndarray) else out

        def vjp_fn(output_grad):
            if isinstance(out, (tuple, list)):
                _check_cotangents(self.fn, out, output_grad)
            grads = backward(output_grad)
            return grads[0] if self.single else grads

        return out, vjp_fn

    def _run(self, values):
        """(output, backward) by the engine the mode picks."""
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
                unverified = self.verify and not compiled.verified
                before = verify_option.snapshot(values) if unverified else None
                try:
                    out, backward = compiled.vjp(*values)
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
                return out, _typed(_located(backward), values, self._wrt_positions())
        from .tape_runner import run_on_tape

        out, backward = run_on_tape(self.fn, values, self._wrt_positions(), self._call_form)
        return out, _typed(backward, values, self._wrt_positions())

    def _fall_back(self, reason):
        """From now on run this function on the tape (mode="auto"), saying why once."""
        self.fallback_reason, self.compiled = reason, None
        warnings.warn(
            f"srcgrad: running {_qualname(self.fn)} on the tape: {reason}",
            FallbackWarning,
            stacklevel=5,
        )

    def differentiable_function(self, mode="auto"):
        """A function computing this gradient that can be differentiated again: the
        generated code (:meth:`as_function`), or, where the compiler cannot produce it
        and ``mode`` allows, the tape's gradient with ``create_graph=True``."""
        if self.mode != "tape":
            try:
                return self.as_function()
            except TransformError as err:
                if mode == "compile" or self.mode == "compile":
                    raise
                warnings.warn(
                    f"srcgrad: second derivatives of {_qualname(self.fn)} run on the tape: {err}",
                    FallbackWarning,
                    stacklevel=3,
                )
        from .tape_runner import gradient_with_graph

        return gradient_with_graph(self.fn, self.positions, self.single)

    def as_function(self):
        """This gradient as a plain Python function with readable source, which the
        compiler (or the tape) can differentiate again.

        It calls ``f``'s flat vector-Jacobian product (``f_vjp_flat``) with the output
        gradient 1.0 and returns the gradient(s), as calling this object does.
        """
        function = getattr(self, "_function", None)
        if function is None:
            flat = compile_flat_vjp(self.fn, self.wrt)
            # One function per flat vjp, so that transforming it again hits the cache.
            wrappers = flat.__dict__.setdefault("gradient_functions", {})
            function = wrappers.get(self.single)
        if function is None:
            name = f"{getattr(self.fn, '__name__', 'f')}_grad"
            params = ", ".join(self.params)
            returned = "grads[0]" if self.single else "grads"
            text = (
                f"def {name}({params}):\n"
                f"    grads = {flat.name}({params}, 1.0)\n"
                f"    return {returned}\n"
            )
            namespace = {flat.name: flat.vjp, "__name__": "srcgrad.generated"}
            function = wrappers[self.single] = define(name, text, namespace)
        self._function = function
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
                stacklevel=5,
            )

    def _wrt_positions(self):
        return self.positions

    def __call__(self, *args, **kwargs):
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
        if isinstance(out, (tuple, list)) or np.size(out) != 1:
            raise _not_scalar(self, out)
        out = np.copy(out) if isinstance(out, np.ndarray) else out
        grads = backward(_seed(out))
        result = grads[0] if self.single else grads
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
            if isinstance(out, (tuple, list)) or np.size(out) != 1:
                raise _not_scalar(self, out)
            out = np.copy(out) if isinstance(out, np.ndarray) else out
            seed = _seed(out)
        try:
            grads = backward(seed)
        except Exception as err:
            raise add_user_location(err) from None
        if self.single:
            result = _like(grads[0], args[self.positions[0]])
        else:
            result = tuple(_like(g, args[i]) for g, i in zip(grads, self.positions))
        return (out, result) if self.with_value else result

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)


_NUMBERS = (float, int)


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


def _typed(backward, values, positions):
    """Gradients in the type and shape of their arguments."""

    def typed(output_grad):
        grads = backward(output_grad)
        return tuple(_like(g, values[i]) for g, i in zip(grads, positions))

    return typed


def _like(gradient, value):
    if type(gradient) is float and type(value) is float:
        return gradient
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        return float(np.asarray(gradient).reshape(()))
    if isinstance(value, np.ndarray):
        gradient = np.asarray(gradient)
        if gradient.shape != value.shape:
            gradient = np.broadcast_to(gradient, value.shape).copy()
        if value.dtype.kind == "f" and gradient.dtype != value.dtype:
            gradient = gradient.astype(value.dtype)
        return gradient
    if isinstance(value, np.generic):
        return np.asarray(gradient, dtype=value.dtype)[()]
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


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _qualname(fn):
    return getattr(fn, "__qualname__", repr(fn))
