"""``jit=True``: the gradient compiled by numba, once per argument type signature.

For each signature the first call runs the flat vector-Jacobian product as plain Python
(the probe), which gives the type of every variable; the code is then rewritten for numba
(``rewrite.py``), compiled, run on the same arguments and compared with the probe's
result. Only code that agrees is kept. Anything numba cannot compile, any disagreement, and
any error or NaN raised by the compiled code hands the call back to the plain generated
code (``NOT_JITTED``), which gives the right answer or the right error;
:func:`srcgrad.explain` lists what happened for each signature.
"""

from __future__ import annotations

import ast
import itertools
import threading
import time
import warnings

import numpy as np

from ..cache import identity
from ..frontend.source import TransformError
from . import NOT_JITTED, notes, require_numba
from .calls import KERNELS
from .rewrite import (
    PROBE_BOUNDARY,
    PROBE_END,
    kind_of,
    numba_text,
    output_text,
    probe_text,
)
from .source import NotJittable, marked_flat_source

__all__ = ["JitGradient", "forget"]

# The compiled code agrees with the plain code when every gradient is this close to it
# (only the order of floating-point sums may differ).
RTOL, ATOL = 1e-9, 1e-12
_serial = itertools.count(1)


class _Entry:
    """What runs for one argument type signature: ``run(*args, seed)`` returning
    ``(output, gradients)``, or None for the plain generated code."""

    __slots__ = ("run", "seed", "out_type")

    def __init__(self, run=None, seed=1.0, out_type=float):
        self.run, self.seed, self.out_type = run, seed, out_type


_PLAIN = _Entry()


class _Shared:
    """The flat gradient of one function for one ``wrt``, and its compiled entries: shared
    by every gradient object of that function (one numba compilation per signature)."""

    def __init__(self, flat):
        self.flat = flat
        self.dependencies = tuple(flat.compiled.dependencies) if flat is not None else ()
        # with the output (value_and_grad) or without (grad, a vjp's backward): key -> entry
        self.entries: dict = {True: {}, False: {}}

    def current(self) -> bool:
        for scope, name, obj in self.dependencies:
            if scope.get(name, _absent) is not obj:
                return False
        return True


_shared_lock = threading.RLock()
_shared: dict = {}  # (function identity, wrt) -> _Shared


class JitGradient:
    """The numba back end of one ``srcgrad.grad``/``value_and_grad``/``vjp`` object."""

    def __init__(self, gradient):
        self.numba = require_numba()
        if gradient.mode == "tape":
            raise ValueError('jit=True compiles generated code; it cannot run with mode="tape"')
        self.gradient = gradient
        self.arity = len(gradient.params)
        self.positions = tuple(gradient.positions)
        self.single, self.with_value = gradient.single, gradient.with_value
        self.refusal = None
        if gradient.has_aux:
            self.refusal = "has_aux=True is not compiled by numba"
        elif gradient.argnums or not gradient.fast or gradient.prefix or gradient.order:
            self.refusal = "only functions called with every parameter by position are compiled"
        self.shared = None
        self.entries = {}  # the shared entries for this object's output (with it or not)

    # ---- calls ------------------------------------------------------------------------
    def __call__(self, args, kwargs):
        """The result of calling the gradient, or ``NOT_JITTED``."""
        if kwargs or len(args) != self.arity or self.refusal is not None:
            return NOT_JITTED
        types = tuple(map(type, args))  # the key of a signature of numbers only
        entry = self.entries.get(types)
        if entry is None or (self.shared.dependencies and not self.shared.current()):
            entry = self._lookup(types, args)
        run = entry.run
        if run is None:
            return NOT_JITTED
        try:
            out, grads = run(*args, entry.seed)
        except Exception:  # the plain code gives the right answer or the right error
            return NOT_JITTED
        if type(out) is not float:
            if np.shape(out) != np.shape(entry.seed):
                return NOT_JITTED
            out = entry.out_type(out) if entry.out_type is not np.ndarray else out
        if self.single and type(grads[0]) is float and type(args[self.positions[0]]) is float:
            result = grads[0]
            if result != result:
                return NOT_JITTED
        else:
            result = self._typed(grads, args)
            if result is NOT_JITTED:
                return NOT_JITTED
            if self.single:
                result = result[0]
        return (out, result) if self.with_value else result

    def declines(self, values) -> bool:
        """True when calls with these Python numbers run the plain code: then the general
        call path may hand them to its fast dispatcher (srcgrad/fast_call.py)."""
        types = tuple(map(type, values))
        entry = self.entries.get(types)
        return entry is not None and entry.run is None and all(t in (float, int) for t in types)

    def _lookup(self, types, args):
        key = tuple([_NUMBERS.get(kind) or _array_key(a) for kind, a in zip(types, args)])
        current = self.shared is not None and self.shared.current()
        entry = self.entries.get(key) if current else None
        if entry is None:
            entry = self._entry(key, args, None, None not in key)
        if all(kind in _NUMBERS for kind in types):
            self.entries[types] = entry
        return entry

    def backward(self, values, plain_backward):
        """``vjp``'s backward: the compiled flat gradient, else ``plain_backward``."""
        if len(values) != self.arity or self.refusal is not None:
            return plain_backward
        args = tuple(values)
        signature = tuple([_NUMBERS.get(type(a)) or _array_key(a) for a in args])

        def backward(output_grad):
            key = (*signature, "seed", _kind_key(output_grad))
            entry = self.entries.get(key)
            if entry is None or not self.shared.current():
                entry = self._entry(key, args, output_grad, None not in key)
            if entry.run is not None:
                try:
                    _, grads = entry.run(*args, output_grad)
                except Exception:
                    grads = None
                typed = self._typed(grads, args) if grads is not None else NOT_JITTED
                if typed is not NOT_JITTED:
                    return typed
            return plain_backward(output_grad)

        return backward

    def _typed(self, grads, args):
        """The gradients in the type and shape of their arguments; NOT_JITTED on a NaN."""
        out = []
        for g, i in zip(grads, self.positions):
            value = args[i]
            if type(value) in _NUMBERS:
                g = float(g) if type(value) is not np.float64 else np.float64(g)
                if g != g:
                    return NOT_JITTED
            else:
                g = np.asarray(g)
                if g.shape != value.shape:
                    g = np.broadcast_to(g, value.shape).copy()
                if g.dtype != value.dtype:
                    g = g.astype(value.dtype)
                if np.isnan(g).any():
                    return NOT_JITTED
            out.append(g)
        return tuple(out)

    # ---- building ---------------------------------------------------------------------
    def _entry(self, key, args, seed, supported):
        target = self.gradient.target
        with _shared_lock:
            shared_key = (identity(target), self.gradient.wrt)
            shared = _shared.get(shared_key)
            if shared is None or not shared.current():
                try:
                    shared = _Shared(marked_flat_source(target, self.gradient.wrt))
                except (TransformError, NotJittable) as err:
                    self.refusal = str(err)
                    why = f"not compiled: {err}; runs the plain code"
                    notes.note(target, "any arguments", why)
                    return _PLAIN
                _shared[shared_key] = shared
            self.shared, self.entries = shared, shared.entries[self.with_value]
            entry = self.entries.get(key)
            if entry is not None:
                return entry
            if not supported:
                entry = _PLAIN
                why = "not compiled: numba takes floats, ints and NumPy arrays of numbers"
            else:
                try:
                    entry, why = self._compile(shared.flat, args, seed)
                except NotJittable as err:
                    entry, why = _PLAIN, f"not compiled: {err}"
                except Exception as err:  # a bug here: the plain code is still right
                    entry = _PLAIN
                    why = f"not compiled: the numba back end failed ({type(err).__name__}: {err})"
            self.entries[key] = entry
        if entry.run is None:
            why += "; runs the plain code"
        notes.note(target, _describe(args), why)
        return entry

    def _compile(self, flat, args, seed):
        probe = _Probe(flat)
        try:
            out, grads = probe.run(args, 1.0 if seed is None else seed)
        except Exception as err:
            raise NotJittable(f"the first call raised {type(err).__name__}") from None
        out_type = type(out)
        if seed is None:
            if isinstance(out, np.ndarray) and out.size == 1:
                kind = out.dtype if out.dtype.kind == "f" else np.float64
                seed, out_type = np.ones(out.shape, kind), np.ndarray
                out, grads = probe.run(args, seed)
            elif isinstance(out, (float, np.floating)):
                seed = 1.0
            else:
                raise NotJittable("the output is not one number")
        kinds = probe.kinds()
        if not _has_loop(flat.text) and all(k in ("float", "int", "bool") for k in kinds.values()):
            return _PLAIN, "straight-line code on numbers runs faster than a numba call"
        gradient_only = not self.with_value and isinstance(out, (float, np.floating))
        text = numba_text(flat.text, kinds, flat.namespace, flat.saved_lists, gradient_only)
        from . import kernels

        function = _define(flat, text, {KERNELS: kernels})
        dispatcher = self.numba.njit(function)
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got_out, got_grads = dispatcher(*args, seed)
        except Exception as err:
            raise NotJittable(f"numba could not compile it: {_first_line(err)}") from None
        seconds = time.perf_counter() - start
        differs = _differs(got_grads, grads) or (not gradient_only and _differs([got_out], [out]))
        if differs:
            raise NotJittable(f"numba's result differed from the plain code's: {differs}")
        dispatcher.disable_compile()
        # numba's loops beat the interpreter, but NumPy's own kernels (vectorised exp, tanh)
        # can beat numba's: keep whichever ran these arguments faster
        plain = _define(flat, output_text(flat.text), {})
        compiled_time, plain_time = _fastest(dispatcher, args, seed), _fastest(plain, args, seed)
        if compiled_time > plain_time:
            return _PLAIN, (
                f"compiled in {seconds:.2f} s, but the plain code ran faster "
                f"({_ms(plain_time)} against {_ms(compiled_time)})"
            )
        return _Entry(dispatcher, seed, out_type), f"compiled in {seconds:.2f} s"


def forget(fn) -> None:
    """Drop the numba compilations of ``fn`` (every ``wrt``): the next call compiles again."""
    same = identity(fn)
    with _shared_lock:
        for key in [key for key in _shared if key[0] == same]:
            del _shared[key]


_absent = object()


class _Probe:
    """The flat gradient as plain Python, recording its variables' values."""

    def __init__(self, flat):
        self.records = {}
        recorders = {
            PROBE_BOUNDARY: lambda scope: self.records.__setitem__("boundary", dict(scope)),
            PROBE_END: lambda scope: self.records.__setitem__("end", dict(scope)),
        }
        self.function = _define(flat, probe_text(flat.text), recorders)

    def run(self, args, seed):
        return self.function(*args, seed)

    def kinds(self) -> dict:
        """name -> kind, from the primal's values where it assigned them, else the end's."""
        kinds = {name: kind_of(value) for name, value in self.records["end"].items()}
        for name, value in self.records["boundary"].items():
            kind = kind_of(value)
            if kind is not None:
                kinds[name] = kind
        return kinds


def _define(flat, text, extra):
    namespace = dict(flat.namespace)
    namespace.update(extra)
    filename = f"<srcgrad jit {flat.name} {next(_serial)}>"
    exec(compile(text, filename, "exec"), namespace)
    return namespace[flat.name]


def _has_loop(text) -> bool:
    return any(isinstance(node, (ast.For, ast.While)) for node in ast.walk(ast.parse(text)))


# Numbers the compiled code takes, by the type numba gives them (float64 or int64)
_NUMBERS = {float: float, int: int, np.float64: float}


def _array_key(value):
    """An array's numba-relevant type (dtype, dimensions, layout); None for other values."""
    if type(value) is not np.ndarray or value.dtype.kind not in "fiub" or not value.ndim:
        return None
    flags = value.flags
    layout = "C" if flags.c_contiguous else "F" if flags.f_contiguous else "A"
    return value.dtype.char, value.ndim, layout


def _kind_key(value):
    kind = kind_of(value)
    return None if kind in (None, "other") else kind


def _describe(args) -> str:
    parts = []
    for value in args:
        if isinstance(value, np.ndarray):
            parts.append(f"{value.dtype.name}[{value.ndim}d]")
        else:
            parts.append(type(value).__name__)
    return ", ".join(parts)


def _fastest(function, args, seed, budget=0.02) -> float:
    """The shortest of a few runs, seconds (at least two, more within ``budget``)."""
    times, spent = [], 0.0
    while len(times) < 2 or (spent < budget and len(times) < 20):
        start = time.perf_counter()
        function(*args, seed)
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return min(times)


def _ms(seconds) -> str:
    return f"{seconds * 1e3:.3g} ms"


def _differs(got, expected):
    for g, e in zip(got, expected):
        g, e = np.asarray(g, dtype=float), np.asarray(e, dtype=float)
        if g.shape != e.shape and g.size != e.size:
            return f"shape {g.shape} instead of {e.shape}"
        if not np.allclose(g.reshape(e.shape), e, rtol=RTOL, atol=ATOL, equal_nan=True):
            return f"up to {np.max(np.abs(g.reshape(e.shape) - e)):.3g} apart"
    return None


def _first_line(err) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    useful = [line for line in lines if not line.startswith(("Failed in", "During:", "File"))]
    text = (useful or lines or [type(err).__name__])[0]
    return text if len(text) < 200 else text[:197] + "..."
