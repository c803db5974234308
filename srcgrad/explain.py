"""``srcgrad.explain``: how a function's gradient is computed, and why.

For the function and every function it calls, the report says whether the compiler
transformed it, whether parts of it run on the tape (tape islands, each with its line and
reason), or whether the whole function runs on the tape (with the reason and line).
The tape computes with NumPy arrays only, so a report with tape parts also says that a
call with dask or CuPy arrays raises there (see docs/scale.md). Where ``jit=True``
gradients of the function have run, one line per argument type signature says whether
numba compiled the code, and if not, why (see docs/jit.md).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from .compiler.frontend.source import TransformError
from .compiler.jit.notes import notes_for
from .compiler.pipeline import compile_vjp
from .compose import is_transform

__all__ = ["explain", "Explanation", "FunctionReport"]

TAPE_ARRAYS_NOTE = (
    "NumPy arrays only: the tape parts raise TypeError when called with dask or CuPy arrays"
)


_AGAIN = "compiled (its generated code transformed again)"


@dataclass
class FunctionReport:
    """One function: ``status`` is "compiled", "compiled with tape islands", "tape", or
    for a transform of a transform, how the inner transform is differentiated."""

    name: str
    where: str  # file:line of the function
    status: str
    reasons: list = field(default_factory=list)  # "file:line: reason" entries
    # What jit=True did, one line per argument type signature (srcgrad/compiler/jit)
    jit: list = field(default_factory=list)

    @property
    def numpy_only(self) -> bool:
        """True when part of this function runs on the tape, which takes NumPy arrays only:
        called with dask or CuPy arrays, those parts raise TypeError."""
        return self.status != "compiled"

    def __str__(self):
        lines = [f"{self.name} ({self.where}): {self.status}"]
        lines += [f"    {reason}" for reason in self.reasons]
        lines += [f"    {line}" for line in self.jit]
        if self.numpy_only:
            lines.append(f"    {TAPE_ARRAYS_NOTE}")
        return "\n".join(lines)


@dataclass
class Explanation:
    """The report for a function and its callees, callers first."""

    functions: list

    @property
    def compiled(self) -> bool:
        """True when every part of the gradient is compiled (no tape at all)."""
        return all(report.status in ("compiled", _AGAIN) for report in self.functions)

    def __str__(self):
        return "\n".join(str(report) for report in self.functions)

    def __repr__(self):
        return str(self)


def explain(fn: Callable, wrt: int | str | tuple = 0) -> Explanation:
    """Report how ``srcgrad.grad(fn, wrt=wrt)`` computes its gradient.

    >>> import numpy as np, srcgrad
    >>> def f(x):
    ...     return np.sum(np.sin(x))
    >>> print(srcgrad.explain(f))  # doctest: +SKIP
    f (<stdin>:1): compiled

    For a transform of a transform (``explain(srcgrad.grad(f))``) the first line says
    whether the inner transform's generated code is transformed again or runs on the tape.
    """
    from .api import grad

    gradient = grad(fn, wrt=wrt)  # resolves and checks wrt as grad does
    name = getattr(fn, "__qualname__", repr(fn))
    reports = []
    if is_transform(fn):  # a transform of a transform: how the inner one is taken again
        inner = type(fn).__name__.strip("_").lower()
        how = "tape (the inner transform)" if gradient.fallback_reason else _AGAIN
        reasons = [gradient.fallback_reason] if gradient.fallback_reason else []
        reports.append(FunctionReport(f"{inner} of {name}", _where_of(fn), how, reasons))
        if gradient.fallback_reason:
            return Explanation(reports)
    target = gradient.target
    try:
        if gradient.fallback_reason:
            raise TransformError(gradient.fallback_reason)
        compiled = compile_vjp(target, gradient.wrt, islands=True)
    except TransformError as err:
        where = _where_of(target)
        reason = f"{err.filename}:{err.lineno}: {err.reason}" if err.lineno else str(err)
        report = FunctionReport(name, where, "tape (the whole function)", [reason])
        report.jit = notes_for(target)
        return Explanation([report])
    for part in compiled.tree():
        part_name, filename, first_line = part.origin
        reasons = [f"{f}:{line}: {call} ({why})" for f, line, call, why in part.islands]
        status = "compiled with tape islands" if reasons else "compiled"
        reports.append(FunctionReport(part_name, f"{filename}:{first_line}", status, reasons))
    reports[0].jit = notes_for(target)
    return Explanation(reports)


def _where_of(fn):
    code = getattr(inspect.unwrap(fn), "__code__", None)
    if code is None:
        return "no source"
    return f"{code.co_filename}:{code.co_firstlineno}"
