"""Turning generated source into functions, and comparing their gradients."""

from __future__ import annotations

import itertools
import linecache
import traceback

import numpy as np

import srcgrad
from tests.helpers import finite_difference

__all__ = ["materialise", "check_program", "MARGIN"]

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


def _describe(program, args, extra):
    lines = ["generated program:", program.source, f"arguments (seed {program.seed}):"]
    lines += [
        f"  x{i} = {np.array2string(np.asarray(a), precision=17)}" for i, a in enumerate(args)
    ]
    return "\n".join(lines + extra)


def _format_grads(label, grads):
    return [f"{label}:"] + [
        f"  d/dx{i} = {np.array2string(np.asarray(g), precision=17)}" for i, g in enumerate(grads)
    ]


def check_program(program, rtol=1e-9, atol=1e-12, fd_rtol=1e-5):
    """Compiled gradient == tape gradient (and == finite differences away from kinks)."""
    args = program.arguments()
    wrt = tuple(range(len(args)))
    f = materialise(program.source)["f"]
    try:
        value = f(*args)
        c_value, compiled = srcgrad.value_and_grad(f, wrt=wrt, mode="compile")(*args)
        t_value, taped = srcgrad.value_and_grad(f, wrt=wrt, mode="tape")(*args)
    except Exception:
        raise AssertionError(_describe(program, args, [traceback.format_exc()])) from None

    problems = []
    for label, got in (("compiled", c_value), ("tape", t_value)):
        if not np.allclose(got, value, rtol=rtol, atol=atol):
            problems.append(f"{label} output {got!r} != plain call {value!r}")
    for i, (c, t) in enumerate(zip(compiled, taped)):
        if np.shape(c) != np.shape(args[i]) or np.shape(t) != np.shape(args[i]):
            problems.append(f"gradient shapes for x{i}: {np.shape(c)} vs {np.shape(t)}")
        elif not np.allclose(c, t, rtol=rtol, atol=atol):
            problems.append(f"compiled and tape gradients differ for x{i}")
    if problems:
        detail = _format_grads("compiled", compiled) + _format_grads("tape", taped)
        raise AssertionError(_describe(program, args, problems + detail))

    recorder = _Recorder()
    hooks = {"_margin_": recorder.margin, "_gap_": recorder.gap}
    materialise(program.instrumented, hooks)["f"](*args)
    if recorder.closest < MARGIN:
        return False
    numeric = [finite_difference(f, args, i) for i in wrt]
    # Rounding in f's value, divided by the step, floors what the differences can resolve.
    scale = max([1.0, abs(float(value))] + [float(np.max(np.abs(g))) for g in compiled])
    for i, (c, n) in enumerate(zip(compiled, numeric)):
        if not np.allclose(c, n, rtol=fd_rtol, atol=fd_rtol * 1e-2 * scale):
            detail = _format_grads("compiled", compiled) + _format_grads(
                "finite differences", numeric
            )
            problems = [f"compiled gradient differs from finite differences for x{i}"]
            raise AssertionError(_describe(program, args, problems + detail))
    return True
