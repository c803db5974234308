"""Programs that write a primitive's result into an ``out=`` array, or call one of NumPy's
in-place writers, generated over the rules table.

For every rule whose NumPy function takes ``out=`` (every ufunc, ``np.sum``, ``np.cumsum``,
``np.clip``, ``np.matmul``, ``np.dot``...), the first case of ``tests/rules/cases.py`` with
a float array and a single float result gives the call; the array argument becomes ``y``,
a value computed from the differentiated input, and the result goes into one of four
targets::

    fresh     buf = np.zeros(S)                  a new array
    derived   buf = np.cos(np.sum(y)) * ONES     an array that carries a gradient already
    itself    buf = y                            the input itself (when shapes match)
    view      big = np.zeros((2,) + S); buf = big[1]     a view of another array

and the program reads the result, the target and its owner. The in-place writers
(``np.copyto``, ``np.put``, ``np.place``, ``np.putmask``, ``np.fill_diagonal``,
``ufunc.at``, ``a.sort()``, ``a.fill()``, ``a.resize()``) get the same four targets.
"""

from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass, field

import numpy as np

from srcgrad.rules import RULES
from tests.fuzz.harness import materialise
from tests.rules.cases import CASES

__all__ = ["OutCall", "out_calls", "WRITERS", "TARGETS", "out_program", "writer_program"]


@dataclass(frozen=True)
class OutCall:
    label: str
    call: str  # the call with ``y`` for the array argument and C0, C1... for constants
    constants: tuple
    y_shape: tuple
    out_shape: tuple
    point: np.ndarray  # the case's own value of the array argument: away from kinks


def _takes_out(function) -> bool:
    if isinstance(function, np.ufunc):
        return function.nout == 1
    try:
        return "out" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _numpy_name(function) -> str:
    name = getattr(function, "__name__", "")
    owner = getattr(function, "__self__", None)
    if isinstance(owner, np.ufunc) and getattr(np, owner.__name__, None) is owner:
        return f"np.{owner.__name__}.{name}"  # np.add.reduce
    for prefix, module in (("np", np), ("np.linalg", np.linalg)):
        if getattr(module, name, None) is function:
            return f"{prefix}.{name}"
    return ""


def _call_of(case):
    """The OutCall for ``case``, or None when it has no float array argument or gives
    no single float array."""
    index = next(
        (i for i, a in enumerate(case.args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"),
        None,
    )
    name = _numpy_name(case.f)
    if index is None or not name or "out" in case.kwargs:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            copies = [a.copy() if isinstance(a, np.ndarray) else a for a in case.args]
            result = case.f(*copies, **case.kwargs)  # on copies: out= may come by position
        except Exception:  # noqa: BLE001
            return None
    if not isinstance(result, (np.ndarray, np.floating)) or np.result_type(result).kind != "f":
        return None
    constants = [a for i, a in enumerate(case.args) if i != index] + list(case.kwargs.values())
    names = iter(f"C{i}" for i in range(len(constants)))
    parts = ["y" if i == index else next(names) for i in range(len(case.args))]
    parts += [f"{key}={next(names)}" for key in case.kwargs]
    return OutCall(case.id, f"{name}({', '.join(parts)}, out=buf)", tuple(constants),
                   case.args[index].shape, np.shape(result), case.args[index])  # fmt: skip


def out_calls() -> list:
    """One call per rule that takes ``out=``: its first usable case, or for a rule
    without one, the rule called on one or two float arrays."""
    calls, seen = [], set()
    for case in CASES:
        if case.f in seen or case.f not in RULES or not _takes_out(case.f):
            continue
        call = _call_of(case)
        if call is not None:
            seen.add(case.f)
            calls.append(call)
    point = np.linspace(0.3, 0.9, 12).reshape(3, 4)
    other = np.linspace(2.1, 1.6, 12).reshape(3, 4)
    for function in RULES:
        if function in seen or not _takes_out(function):
            continue
        for count in (1, 2):
            call = _call_of(_Generated(function, (point, other)[:count]))
            if call is not None:
                calls.append(call)
                break
    return calls


@dataclass
class _Generated:
    """A case made up for a rule that has none in tests/rules/cases.py."""

    f: object
    args: tuple
    kwargs: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{getattr(self.f, '__name__', 'f')}-generated-{len(self.args)}"


TARGETS = {
    "fresh": "buf = np.zeros({shape})\n    owner = buf",
    "derived": "buf = np.cos(np.sum(y)) * np.ones({shape})\n    owner = buf",
    "itself": "buf = y\n    owner = buf",
    "view": "owner = np.zeros((2,) + {shape})\n    buf = owner[1]",
}

OUT_TEMPLATE = """\
import numpy as np


def f(x):
    y = x * 1.5
    {target}
    r = {call}
    return np.sum(np.sin(r)) + np.sum(np.cos(owner)) + np.sum(y * y)
"""

# The in-place writers, on a (3, 3) target ``buf`` with ``y`` of shape (3, 3).
WRITERS = {
    "copyto": "np.copyto(buf, np.sin(y))",
    "copyto_where": "np.copyto(buf, np.sin(y), where=y > 0)",
    "put": "np.put(buf, [0, 4, 8, 4], np.sin(y[0, :2]))",
    "place": "np.place(buf, y > 0, np.sin(y[0]))",
    "putmask": "np.putmask(buf, y > 0, np.sin(y))",
    "fill_diagonal": "np.fill_diagonal(buf, np.sin(y[0]))",
    "add_at": "np.add.at(buf, ([0, 0, 2], [1, 1, 0]), np.sin(y[0]))",
    "subtract_at": "np.subtract.at(buf, ([0, 0, 2], [1, 1, 0]), np.sin(y[0]))",
    "multiply_at": "np.multiply.at(buf, ([0, 0, 2], [1, 1, 0]), np.sin(y[0]))",
    "put_along_axis": "np.put_along_axis(buf, np.array([[2], [0], [1]]), np.sin(y[:, :1]), 1)",
    "sort": "buf.sort(axis=0)",
    "fill": "buf.fill(np.sum(np.sin(y)))",
    "method_put": "buf.put([1, 2], np.sin(y[1, :2]))",
    "resize": "buf.resize((9,), refcheck=False)",
}

WRITER_TEMPLATE = """\
import numpy as np


def f(x):
    y = x * 1.5
    {target}
    {write}
    return np.sum(np.sin(buf)) + np.sum(np.cos(owner)) + np.sum(y * y)
"""

X_WRITERS = np.array([[0.3, -0.7, 1.1], [0.5, -0.2, 0.9], [-1.3, 0.4, 0.8]])


def out_program(call: OutCall, target: str):
    """``f`` and its input for ``call`` writing into ``target``; None when the target
    cannot hold the result (the input itself of another shape)."""
    if target == "itself" and call.y_shape != call.out_shape:
        return None
    setup = TARGETS[target].format(shape=repr(tuple(call.out_shape)))
    source = OUT_TEMPLATE.format(target=setup, call=call.call)
    namespace = {f"C{i}": c for i, c in enumerate(call.constants)}
    return materialise(source, namespace)["f"], call.point / 1.5


def writer_program(write: str, target: str):
    setup = TARGETS[target].format(shape="(3, 3)")
    source = WRITER_TEMPLATE.format(target=setup, write=WRITERS[write])
    return materialise(source)["f"], X_WRITERS.copy()
