"""Forward mode: ``jvp``, ``jacobian(mode="fwd")`` and ``jvp_source``.

The compiler generates, for each function and set of inputs with tangents, a function
that computes the output and its tangent (a Jacobian-vector product) in one sweep; see
``srcgrad/compiler/backend/forward.py`` and ``docs/forward.md``.
"""

from __future__ import annotations

import functools
import inspect
import warnings
import weakref
from collections.abc import Callable

import numpy as np

from . import compose
from .api import FallbackWarning
from .argnums import wrt_from
from .batched_jacobian import BatchFailed, batched_jacobian, batched_source
from .compiler.backend.forward import compile_jvp
from .compiler.backend.install import define
from .compiler.frontend.source import TransformError
from .compiler.pipeline import compile_flat_vjp
from .compiler.runtime.checks import Refused
from .compiler.runtime.tracebacks import add_user_location
from .gradient import MODES
from .result_checks import is_complex, refuse_complex, refuse_nan
from .tape_bridge import jacobians_on_tape

__all__ = ["jvp", "jacobian", "jvp_source", "TransformError"]


def jvp(fn: Callable, primals: tuple, tangents: tuple, mode: str = "auto") -> tuple:
    """``(output, output_tangent)``: ``fn(*primals)`` and its derivative along ``tangents``.

    ``primals`` and ``tangents`` are tuples with one entry per positional parameter of
    ``fn`` (trailing parameters with defaults may be left out: they take their defaults and
    no tangent). A tangent has its primal's shape (a float for a Python float, a list of
    tangents for a list); ``None`` means the input is held constant, and is the only
    tangent an integer or boolean input takes. ``fn`` may be another transform
    (``jvp(grad(f), ...)`` is a Hessian-vector product).

    ``mode`` is grad's: ``"auto"`` runs the tangent code and, where the compiler cannot
    transform ``fn``, the tape (with a ``FallbackWarning`` saying why; the tape computes
    the Jacobian, one backward pass per output element, and applies it to the tangents);
    ``"compile"`` raises the ``TransformError`` instead; ``"tape"`` runs the tape.

    For ``def f(x): return np.sin(x) * 2`` defined in a file, ``srcgrad.jvp(f, (0.0,),
    (1.0,))`` is ``(0.0, 2.0)``.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    primals, tangents = tuple(primals), tuple(tangents)
    fn = compose.primitive_caller(fn)
    params = _params(fn)
    if len(tangents) == len(primals) < len(params):
        missing = _defaults(fn)[len(primals) - len(params) :]
        if len(missing) == len(params) - len(primals):
            primals += tuple(missing)
            tangents += (None,) * len(missing)
    if len(primals) != len(params) or len(tangents) != len(primals):
        raise TypeError(
            f"{_qualname(fn)} takes {len(params)} arguments ({', '.join(params)}); got "
            f"{len(primals)} primals and {len(tangents)} tangents"
        )
    active = []
    for name, primal, tangent in zip(params, primals, tangents):
        if _check_tangent(fn, name, primal, tangent):
            active.append(name)
    target = compose.prepare(fn, callers=True)
    reason = compose.tape_reason(target)
    if reason is None and mode != "tape":
        compose.check_inner(target, primals)
        try:
            compiled = compile_jvp(target, tuple(active))
            dots = [t for name, t in zip(params, tangents) if name in active]
            try:
                out, out_dot = compiled.jvp(*primals, *dots)
            except Exception as err:
                raise add_user_location(err) from None  # a Refused one stays Refused
        except (TransformError, Refused) as err:
            if mode == "compile":
                raise
            reason = str(err)
            _warn(fn, "jvp", reason)
        else:
            return out, _shaped_like(_checked(out_dot, out, dots, fn), out)
    positions = [params.index(name) for name in active]
    out, jacobians = jacobians_on_tape(compose.tape_version(fn), primals, positions)
    out_dot = sum(
        np.tensordot(jac, np.asarray(tangents[i], dtype=float), axes=np.ndim(primals[i]))
        for jac, i in zip(jacobians, positions)
    )
    out_dot = _checked(np.zeros(np.shape(out)) + out_dot, out, (), fn)
    return out, _shaped_like(out_dot, out)


def _checked(out_dot, out, dots, fn):
    """The output tangent, unless it is complex for a real output or NaN for a finite one
    (see :mod:`srcgrad.result_checks`)."""
    if not is_complex(out):
        refuse_complex(out_dot, fn)
    refuse_nan((out_dot,), (out, *dots), fn)
    return out_dot


def _warn(fn, what, reason):
    warnings.warn(
        f"srcgrad: {what} of {_qualname(fn)} runs on the tape: {reason}",
        FallbackWarning,
        stacklevel=3,
    )


def jvp_source(fn, wrt=None) -> str:
    """The generated tangent code of ``fn`` (and of the functions it calls), with tangents
    for the parameters ``wrt`` (indices or names; default all)."""
    return compile_jvp(fn, _names(fn, wrt, default_all=True)).all_sources()


def jacobian(
    fn: Callable | None = None,
    *,
    wrt: int | str | tuple = 0,
    mode: str = "fwd",
    has_aux: bool = False,
    argnums: int | tuple | None = None,
) -> Callable:
    """A function returning the Jacobian of ``fn`` with respect to parameter ``wrt``
    (``argnums``, JAX's name, is ``wrt`` by position).

    The Jacobian of an output of shape ``S`` with respect to an input of shape ``T`` has
    shape ``S + T``: entry ``[i..., j...]`` is ``d out[i...] / d x[j...]`` (a scalar output
    or input contributes no axes). For a tuple ``wrt`` the result is a tuple, one Jacobian
    per parameter. ``mode="fwd"`` pushes one tangent per input element through the
    tangent code, all in one batched sweep where it can (see docs/forward.md);
    ``mode="rev"`` runs one reverse-mode vector-Jacobian product per output element.
    ``.source`` is the generated code it runs. With ``has_aux=True``, ``fn`` returns
    ``(output, aux)`` and the result is ``(jacobian, aux)`` (``fn`` then runs once more,
    for aux).

    For ``def f(x): return x**2`` defined in a file, ``srcgrad.jacobian(f)(np.array([1.0,
    2.0]))`` is ``[[2, 0], [0, 4]]``.
    """
    wrt = wrt_from(wrt, argnums, 0)
    if fn is None:
        return functools.partial(jacobian, wrt=wrt, mode=mode, has_aux=has_aux)
    if has_aux:
        return _AuxJacobian(fn, _Jacobian(_output_only(fn), wrt, mode))
    return _Jacobian(fn, wrt, mode)


class _AuxJacobian:
    """``jacobian(fn, has_aux=True)``: the Jacobian of ``fn``'s output, and its aux."""

    def __init__(self, fn, jacobian):
        self.fn, self.jacobian = fn, jacobian
        _wrap(self, fn)

    @property
    def source(self) -> str:
        return self.jacobian.source

    def __call__(self, *args, **kwargs):
        jac = self.jacobian(*args, **kwargs)
        out = self.fn(*args, **kwargs)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise TypeError(
                f"{_qualname(self.fn)} was differentiated with has_aux=True, so it must "
                f"return a pair (output, aux); it returned {type(out).__name__}"
            )
        return jac, out[1]


def _output_only(fn):
    """Generated ``def f_output(x): return f(x)[0]``, with ``fn``'s signature."""
    params = _params(fn)
    base = getattr(fn, "__name__", "f")
    base = base if base.isidentifier() else "lambda"
    args = ", ".join(params)
    call = compose.call_arguments(fn, params)
    text = f"def {base}_output({args}):\n    return {base}_function({call})[0]\n"
    namespace = {f"{base}_function": fn, "__name__": "srcgrad.generated"}
    return define(f"{base}_output", text, namespace)


class _Jacobian:
    def __init__(self, fn, wrt, mode):
        if mode not in ("fwd", "rev"):
            raise ValueError(f'mode must be "fwd" or "rev", not {mode!r}')
        fn = compose.primitive_caller(fn)
        self.fn = fn
        self.mode = mode
        self.single = not isinstance(wrt, (tuple, list))
        self.wrt = _names(fn, wrt)
        self.params = _params(fn)
        self.positions = [self.params.index(name) for name in self.wrt]
        self.target = compose.prepare(fn, callers=True)
        self.fallback_reason = compose.tape_reason(self.target)
        self.falls_back = True  # False: a refusal of the compiler is raised (hessian's own)
        # Why the tangent code cannot run on a batch of columns, once known (see
        # batched_jacobian.py); None while it can.
        self.batch_refusal = None
        # Why the last batched sweep failed when it ran (the call then ran one sweep per
        # column), or None.
        self.batch_failure = None
        _wrap(self, fn)

    @property
    def source(self) -> str:
        """The generated code this Jacobian runs (for ``mode="fwd"``, the tangent code over
        a batch of columns, or where that cannot be, one column's with the reason)."""
        if self.fallback_reason is not None:
            raise TransformError(f"{_qualname(self.fn)}: {self.fallback_reason}")
        if self.mode == "fwd":
            if self.batch_refusal is None:
                try:
                    return batched_source(self.target, self.wrt)
                except TransformError as err:
                    self.batch_refusal = str(err)
            reason = " ".join(self.batch_refusal.split())
            source = jvp_source(self.target, self.wrt)
            return f"# one tangent sweep per column: {reason}\n{source}"
        from .api import grad

        return grad(self.target, wrt=self.wrt, mode="compile").source

    def __call__(self, *args, **kwargs):
        args = _bind(self.fn, args, kwargs)
        if compose.under_tape(args):  # an outer derivative is being taken on the tape
            return self.tape_function()(*args)
        if self.fallback_reason is None:
            compose.check_inner(self.target, args)
            try:
                jacobians = self._forward(args) if self.mode == "fwd" else self._reverse(args)
            except (TransformError, Refused) as err:
                # The tape gives the Jacobian of what the compiler cannot transform (one
                # backward pass per output element); the warning says why, once.
                if not self.falls_back:
                    raise
                self.fallback_reason = str(err)
                _warn(self.fn, "the Jacobian", err)
            else:
                return jacobians[0] if self.single else tuple(jacobians)
        _, jacobians = jacobians_on_tape(compose.tape_version(self.fn), args, self.positions)
        return jacobians[0] if self.single else tuple(jacobians)

    def __reduce__(self):  # by reference, as the function it decorates
        return self.__qualname__

    def tape_function(self):
        """This Jacobian on the tape, keeping the graph for outer derivatives."""
        function = compose.jacobian_on_tape(
            compose.tape_version(self.fn), self.positions, self.single
        )
        return compose.on_tape(function, self, "the Jacobian runs on the tape")

    def differentiable_function(self, mode="auto"):
        """This Jacobian as a function another transform can take: generated code that
        calls the flat vector-Jacobian product of ``fn`` once per output element (see
        :func:`jacobian_function`); where the compiler cannot produce it, the tape."""
        if self.fallback_reason is None:
            try:
                return jacobian_function(self.target, self.params, self.wrt, self.single)
            except Exception as err:  # a refusal, or a compiler bug: the tape is right
                if mode == "compile":
                    raise
                reason = compose.reason_of(err)
        else:
            if mode == "compile":
                raise TransformError(f"{_qualname(self.fn)}: {self.fallback_reason}")
            reason = self.fallback_reason
        function = self.tape_function()
        setattr(function, compose.TAPE_REASON, f"the Jacobian runs on the tape: {reason}")
        return function

    def _forward(self, args):
        positions = [self.params.index(name) for name in self.wrt]
        for position in positions:
            x = args[position]
            if not (_is_float_valued(x) and isinstance(x, (float, np.ndarray, np.generic))):
                raise TypeError(
                    f"jacobian: {self.params[position]!r} must be a float or a float array, "
                    f"not {type(x).__name__} {getattr(x, 'dtype', '')}"
                )
        jacobians = []
        for position in positions:
            x, name = args[position], self.params[position]
            found = None
            if self.batch_refusal is None and np.size(x) > 0:
                try:
                    found = batched_jacobian(self.target, args, position, name, _float_type(x))
                except TransformError as err:  # known when the code is generated: kept
                    self.batch_refusal = str(err)
                except BatchFailed as err:  # on these arguments only
                    self.batch_failure = str(err)
            if found is None:
                jacobians.append(self._columns(args, position))
                continue
            out, jac = found
            jacobians.append(jac.astype(np.result_type(_float_type(x), _float_type(out))))
        return jacobians

    def _columns(self, args, position):
        """The Jacobian for one parameter, one tangent sweep per column."""
        compiled = compile_jvp(self.target, (self.params[position],))
        x = args[position]
        out, columns = None, {}
        for index in np.ndindex(np.shape(x)):
            direction = np.zeros(np.shape(x), dtype=_float_type(x))
            direction[index] = 1
            if isinstance(x, float):
                direction = float(direction[()])
            elif not isinstance(x, np.ndarray):
                direction = direction[()]
            try:
                out, columns[index] = compiled.jvp(*args, direction)
            except Exception as err:
                raise add_user_location(err) from None
        if out is None:  # an empty input: run once for the output's shape
            out = compose.call(self.target, args)
        shape = np.shape(out) + np.shape(x)
        jac = np.zeros(shape, dtype=np.result_type(_float_type(x), _float_type(out)))
        for index, column in columns.items():
            jac[(Ellipsis, *index)] = column
        return jac

    def _reverse(self, args):
        from .api import vjp

        out, back = vjp(self.target, *args, wrt=self.wrt, mode="compile")
        xs = [args[self.params.index(name)] for name in self.wrt]
        jacs = [
            np.zeros(np.shape(out) + np.shape(x), dtype=np.result_type(_float_type(x), float))
            for x in xs
        ]
        for index in np.ndindex(np.shape(out)):
            seed = np.zeros(np.shape(out), dtype=_float_type(out))
            seed[index] = 1
            grads = back(seed if isinstance(out, np.ndarray) else seed[()])
            for jac, g in zip(jacs, grads, strict=True):
                jac[index] = g
        return jacs


def jacobian_function(fn, params, wrt, single):
    """Generated code computing the Jacobian of ``fn`` with respect to ``wrt``, one call
    of ``fn``'s flat vector-Jacobian product per output element, which the compiler can
    transform again (``jacobian(jacobian(f))``, ``grad`` of a Jacobian's entry)::

        def f_jacobian(x):
            output = f(x)
            size = np.size(output)
            seeds = np.reshape(np.eye(size), (size,) + np.shape(output))
            rows = [f_vjp_flat(x, seed)[0] for seed in seeds]
            x_jacobian = np.reshape(np.stack(rows), np.shape(output) + np.shape(x))
            return x_jacobian
    """
    cache = _jacobian_functions.setdefault(fn, {}) if _weak(fn) else {}
    key = (tuple(params), tuple(wrt), single)
    if key in cache:
        return cache[key]
    flat = compile_flat_vjp(fn, tuple(wrt))
    base = getattr(fn, "__name__", "f")
    base = base if base.isidentifier() else "lambda"
    output, size, seeds, rows, seed = (
        _free(word, params) for word in ("output", "size", "seeds", "rows", "seed")
    )
    function_name = _free(f"{base}_function", params)
    args = ", ".join(params)
    lines = [
        f"def {base}_jacobian({args}):",
        f"    {output} = {function_name}({compose.call_arguments(fn, params)})",
        f"    {size} = np.size({output})",
        f"    {seeds} = np.reshape(np.eye({size}), ({size},) + np.shape({output}))",
    ]
    jacobians = []
    for i, name in enumerate(wrt):
        lines.append(f"    {rows} = [{flat.name}({args}, {seed})[{i}] for {seed} in {seeds}]")
        lines.append(
            f"    {name}_jacobian = np.reshape(np.stack({rows}), np.shape({output}) + "
            f"np.shape({name}))"
        )
        jacobians.append(f"{name}_jacobian")
    returned = jacobians[0] if single else "(" + ", ".join(jacobians) + ",)"
    lines.append(f"    return {returned}")
    namespace = {"np": np, function_name: fn, flat.name: flat.vjp}
    namespace["__name__"] = "srcgrad.generated"
    function = define(f"{base}_jacobian", "\n".join(lines) + "\n", namespace)
    try:
        function.__signature__ = compose.positional_signature(inspect.signature(fn))
    except (TypeError, ValueError):
        pass

    def check(values):  # one array output: the loop above needs it
        compose.check_inner(fn, values)
        out = compose.call(fn, values)
        if isinstance(out, (tuple, list, dict)):
            raise TypeError(
                f"{_qualname(fn)} returns a {type(out).__name__}; a Jacobian here needs one "
                "array output"
            )

    function.srcgrad_output_check = check
    cache[key] = function
    return function


_jacobian_functions = weakref.WeakKeyDictionary()


def _weak(fn):
    try:
        weakref.ref(fn)
    except TypeError:
        return False
    return True


def _free(word, taken):
    while word in taken:
        word += "_"
    return word


# ---- checks and shapes --------------------------------------------------------------------
def _params(fn):
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        raise TransformError(f"{_qualname(fn)} has no signature to transform") from None


def _names(fn, wrt, default_all=False):
    params = _params(fn)
    if wrt is None and default_all:
        return tuple(params)
    items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
    names = []
    for item in items:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -len(params) <= item < len(params):
                raise ValueError(f"wrt={item} names no argument of {_qualname(fn)}")
            names.append(params[item])
        elif isinstance(item, str) and item in params:
            names.append(item)
        else:
            raise ValueError(f"wrt={item!r} names no argument of {_qualname(fn)}")
    return tuple(names)


def _bind(fn, args, kwargs):
    """One value per parameter of ``fn``, defaults filled in."""
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except TypeError as err:
        raise TypeError(f"{_qualname(fn)}: {err}") from None
    bound.apply_defaults()
    return list(bound.arguments.values())


def _wrap(wrapper, fn):
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        value = getattr(fn, attribute, None)
        if value is not None:
            setattr(wrapper, attribute, value)
    wrapper.__wrapped__ = fn


def _is_float_valued(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (list, tuple)):
        return any(_is_float_valued(v) for v in value)
    if isinstance(value, dict):
        return any(_is_float_valued(v) for v in value.values())
    if isinstance(value, float):
        return True
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind is not None and kind in "fc"


def _check_tangent(fn, name, primal, tangent) -> bool:
    """True when ``primal`` carries ``tangent``; raises where the two do not match."""
    if tangent is None:
        return False
    if not _is_float_valued(primal):
        if isinstance(tangent, (list, tuple, dict)) or np.any(np.asarray(tangent) != 0):
            raise TypeError(
                f"{_qualname(fn)}: {name!r} is {type(primal).__name__} "
                f"{getattr(primal, 'dtype', '')}, which takes no tangent; pass None"
            )
        return False
    if isinstance(primal, (np.ndarray, np.generic)) and np.shape(tangent) != np.shape(primal):
        raise ValueError(
            f"{_qualname(fn)}: the tangent of {name!r} has shape {np.shape(tangent)}, "
            f"its primal {np.shape(primal)}"
        )
    if isinstance(primal, (list, tuple)) and len(tangent) != len(primal):
        raise ValueError(f"{_qualname(fn)}: the tangent of {name!r} needs {len(primal)} items")
    return True


def _float_type(value):
    dtype = getattr(value, "dtype", None)
    return dtype if dtype is not None and dtype.kind in "fc" else np.float64


def _shaped_like(tangent, out):
    """The output tangent with the output's structure, shape and floating type."""
    if isinstance(out, (list, tuple)):
        return type(out)(_shaped_like(t, o) for t, o in zip(tangent, out, strict=True))
    if isinstance(out, dict):
        return {k: _shaped_like(tangent[k], v) for k, v in out.items()}
    if isinstance(out, np.ndarray):
        t = np.broadcast_to(np.asarray(tangent, dtype=_float_type(out)), out.shape)
        return np.array(t)  # writable, not a view of anything the caller passed
    if isinstance(out, np.generic):
        return np.asarray(tangent, dtype=_float_type(out)).reshape(())[()]
    if isinstance(out, (float, int)) and not isinstance(out, bool):
        return float(np.asarray(tangent).reshape(()))
    return tangent


def _defaults(fn) -> list:
    """The default values of ``fn``'s trailing positional parameters that have one."""
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    defaults = []
    for parameter in reversed(parameters):
        if parameter.default is parameter.empty:
            break
        defaults.insert(0, parameter.default)
    return defaults


def _qualname(fn):
    return getattr(fn, "__qualname__", repr(fn))


# Marks the transforms, which compiled code cannot call (see compiler/frontend/calls.py).
jvp.srcgrad_transform = True
jacobian.srcgrad_transform = True
