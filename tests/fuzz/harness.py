"""Turning generated source into functions, and checking their gradients in every mode.

The invariant, for every program and every mode (compile, auto, tape): a clear error, or
the value of a plain call and the gradient central finite differences give. A clear error
is one of srcgrad's error types, or an error whose message names the program's file and
line; an internal crash (``UnboundLocalError``, ``NameError``, ``AttributeError``, ...), an
"internal error" or a ``VerificationError`` (every mode runs with ``verify=True``) is not.
A program that uses none of the hazard classes must be differentiated without an error in
every mode.
"""

from __future__ import annotations

import copy
import itertools
import linecache
import re
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

import srcgrad
from srcgrad.compiler.runtime import Refused
from srcgrad.result_checks import ComplexGradientError, NaNGradientError
from srcgrad.rules.registry import NoRuleError
from srcgrad.tape.strict import GradientLostError
from srcgrad.verify import VerificationError
from tests.helpers import finite_difference

__all__ = [
    "materialise",
    "check_function",
    "check_program",
    "find_violations",
    "unclear_error",
    "MARGIN",
]

MODES = ("compile", "auto", "tape")
# srcgrad's deliberate refusals; raised in generated code, the note names the line.
CLEAR_TYPES = (
    srcgrad.TransformError,
    NoRuleError,
    GradientLostError,
    Refused,
    ComplexGradientError,
    NaNGradientError,
)
# Raised by srcgrad on a program plain Python runs, these are srcgrad's own crashes.
INTERNAL_TYPES = (UnboundLocalError, NameError, AttributeError, KeyError, RecursionError)
# The note srcgrad adds to every error raised in generated code: it names the line, but a
# crash of the generated code is not a clear error, so it does not count.
GENERATED_NOTE = "srcgrad: raised in the generated gradient of"

_ids = itertools.count()

# Finite differences are skipped when a branch condition or an np.max is this close to
# switching at the inputs: a step of the difference could cross it.
MARGIN = 1e-4


def materialise(source: str, namespace: dict | None = None) -> dict:
    """Execute ``source`` as a module whose functions ``inspect.getsource`` can read.

    The text is registered with ``linecache`` under a unique file name, as the compiler
    itself does for the code it generates, so no file is written.
    """
    filename = f"<srcgrad-fuzz {next(_ids)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = dict(namespace or {})
    namespace["__name__"] = filename
    exec(compile(source, filename, "exec"), namespace)
    return namespace


class _Recorder:
    """The instrumented program's hooks: how far each condition and max is from switching."""

    def __init__(self):
        self.closest = np.inf

    def margin(self, value, threshold):
        self.closest = min(self.closest, abs(float(value) - float(threshold)))
        return value

    def gap(self, value, axis):
        ordered = np.sort(np.asarray(value, dtype=float), axis=axis)
        if axis is None:
            ordered = ordered.reshape(-1)
            axis = 0
        if ordered.shape[axis] > 1:
            top = np.take(ordered, [-1], axis=axis) - np.take(ordered, [-2], axis=axis)
            self.closest = min(self.closest, float(np.min(top)))
        return value


def unclear_error(err: BaseException, filename: str) -> str | None:
    """Why ``err`` is not a clear error about the program in ``filename`` (None: it is)."""
    notes = list(getattr(err, "__notes__", ()))
    everything = "\n".join([str(err), *notes])
    if "internal error" in everything:
        return "an internal error"
    if isinstance(err, VerificationError):
        return "VerificationError (srcgrad's own check found a wrong value)"
    if isinstance(err, INTERNAL_TYPES):
        return f"an internal crash ({type(err).__name__})"
    if isinstance(err, CLEAR_TYPES):
        return None
    own = "\n".join([str(err)] + [n for n in notes if not n.startswith(GENERATED_NOTE)])
    if re.search(re.escape(filename) + r":\d+", own):
        return None
    return f"{type(err).__name__} whose message names no line of the program"


def on_copies(f):
    """``f`` called on copies of its arguments, so a program that writes into them can run
    again on the same values."""

    def call(*args):
        return f(*copy.deepcopy(args))

    return call


@dataclass
class Outcome:
    """What one mode gave: a value and gradients, or an error."""

    mode: str
    value: object = None
    grads: tuple = ()
    error: BaseException | None = None
    trace: str = ""
    warnings: list = field(default_factory=list)


def run_mode(f, args, mode) -> Outcome:
    wrt = tuple(range(len(args)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            gradient = srcgrad.value_and_grad(f, wrt=wrt, mode=mode, verify=True)
            value, grads = gradient(*copy.deepcopy(args))
        except Exception as err:
            return Outcome(mode, error=err, trace=traceback.format_exc(), warnings=caught)
    fallbacks = [str(w.message) for w in caught if issubclass(w.category, srcgrad.FallbackWarning)]
    return Outcome(mode, value, tuple(grads), warnings=fallbacks)


def _describe(program, args, problems, outcomes=(), numeric=None):
    lines = [
        "generated program:",
        program.source,
        f"hazard classes: {', '.join(sorted(program.hazards)) or 'none'}",
        f"arguments (seed {program.seed}):",
    ]
    lines += [
        f"  x{i} = {np.array2string(np.asarray(a), precision=17)}" for i, a in enumerate(args)
    ]
    lines.append("violations:")
    lines += [f"  - {p}" for p in problems]
    for o in outcomes:
        if o.error is None:
            lines += _format_grads(o.mode, o.grads)
        else:
            lines.append(f"{o.mode}: raised {type(o.error).__name__}: {o.error}")
    if numeric is not None:
        lines += _format_grads("finite differences", numeric)
    return "\n".join(lines)


def _format_grads(label, grads):
    return [f"{label}:"] + [
        f"  d/dx{i} = {np.array2string(np.asarray(g), precision=17)}" for i, g in enumerate(grads)
    ]


def _close_to_switching(program, args):
    recorder = _Recorder()
    hooks = {"_margin_": recorder.margin, "_gap_": recorder.gap}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        on_copies(materialise(program.instrumented, hooks)["f"])(*args)
    return recorder.closest < MARGIN


def check_function(f, args, modes=MODES, strict=False, compare_fd=True, rtol=1e-9, atol=1e-12):
    """The invariant for ``f`` at ``args`` in ``modes``: violations (text), what each mode
    gave, and the finite differences (None if not compared).

    ``strict``: any error is a violation. ``compare_fd=False`` when a branch or a max is
    within a finite-difference step of switching at ``args``.
    """
    filename = f.__code__.co_filename
    plain = on_copies(f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = plain(*args)
    outcomes = [run_mode(f, args, mode) for mode in modes]
    problems, finished = [], []
    for o in outcomes:
        if o.error is not None:
            if strict:
                problems.append(f"{o.mode} raised on a program with no hazards:\n{o.trace}")
            elif (why := unclear_error(o.error, filename)) is not None:
                problems.append(f"{o.mode} raised {why}:\n{o.trace}")
            continue
        problems += [f"{o.mode} fell back: {w}" for w in o.warnings if "internal error" in w]
        if not np.allclose(o.value, value, rtol=rtol, atol=atol):
            problems.append(f"{o.mode} value {o.value!r} != plain call {value!r}")
        shapes = [np.shape(g) for g in o.grads]
        if shapes != [np.shape(a) for a in args]:
            problems.append(f"{o.mode} gradient shapes {shapes}")
        else:
            finished.append(o)
    for a, b in itertools.combinations(finished, 2):
        for i, (ga, gb) in enumerate(zip(a.grads, b.grads)):
            if not np.allclose(ga, gb, rtol=rtol, atol=atol):
                problems.append(f"{a.mode} and {b.mode} gradients differ for x{i}")
    numeric = None
    if finished and compare_fd:
        numeric = _finite_differences(plain, args, value, finished, problems)
    return problems, outcomes, numeric


def _finite_differences(plain, args, value, finished, problems, fd_rtol=1e-5):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        numeric = [finite_difference(plain, args, i) for i in range(len(args))]
    # Rounding in f's value, divided by the step, floors what the differences resolve.
    scale = max([1.0, abs(float(value))] + [float(np.max(np.abs(n))) for n in numeric])
    for o in finished:
        for i, (g, n) in enumerate(zip(o.grads, numeric)):
            if not np.allclose(g, n, rtol=fd_rtol, atol=fd_rtol * 1e-2 * scale):
                problems.append(f"{o.mode} gradient differs from finite differences for x{i}")
    return numeric


@dataclass
class Finding:
    """What checking one program found."""

    report: str  # the program, its arguments, every violation and every mode's result
    compared: bool  # finite differences were compared
    problems: list  # the violations one by one
    outcomes: list  # of Outcome, one per mode


def find_violations(program) -> Finding:
    """The violations of the invariant by ``program`` (report "" if none). Finite
    differences are not compared when a branch or a max is within a step of switching.
    """
    args = program.arguments()
    f = materialise(program.source)["f"]
    problems, outcomes, numeric = check_function(
        f,
        args,
        strict=not program.hazards,
        compare_fd=not _close_to_switching(program, args),
    )
    report = _describe(program, args, problems, outcomes, numeric) if problems else ""
    return Finding(report, numeric is not None, problems, outcomes)


def check_program(program):
    """Raise AssertionError with the program and every violation; True if finite
    differences were compared."""
    found = find_violations(program)
    if found.report:
        raise AssertionError(found.report)
    return found.compared
