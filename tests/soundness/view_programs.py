"""Programs that write through a view, generated from NumPy's own answer to "is this a
view?".

For every case of the rules table (``tests/rules/cases.py``) and every ndarray method and
attribute of the table (``ARRAY_METHODS``, ``ARRAY_ATTRIBUTES``), NumPy is called on fresh
arrays; where its result shares memory with an array argument, that call is a view-maker,
and a small program is generated around it::

    def f(x):
        y = x * 1.5                # a fresh array of the argument's shape
        v = <view-maker of y>      # np.reshape(y, S), y.T, np.split(y, 3)[1], ...
        <a write>                  # through the view, or through y
        return np.sum(np.sin(y)) + np.sum(np.cos(v) * 0.5)

The forms of ``WRITTEN_FORMS`` (``y.flat``, ``y[1:].base``, ``y.view()``, stride tricks,
copies such as ``y.flatten()``...) get the same programs whether NumPy views or copies:
either way the gradient must be right or refused.

The writes: an item set to a constant, ``v *= 2.0``, every element set to a value that
depends on ``x``, an item of ``y`` set to a constant (read through the view), and, with
``y = np.zeros_like(x)`` (a buffer without a gradient when the view is made), ``y``
filled with a value that depends on ``x`` (read through the view).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

import srcgrad
from srcgrad.rules import ARRAY_ATTRIBUTES, ARRAY_METHODS, RULES
from tests.fuzz.harness import materialise
from tests.rules.cases import CASES

__all__ = ["ViewMaker", "view_makers", "written_makers", "WRITES", "program"]


@dataclass(frozen=True)
class ViewMaker:
    """One call that NumPy answers with a view of its array argument ``position``."""

    label: str
    call: str  # source of the call, with ``y`` for the array and C0, C1, ... for constants
    constants: tuple  # the values of C0, C1, ...
    shape: tuple  # the shape of the array argument
    item: int | None  # which item of a returned sequence is the view (None: the result)


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item)


def _view_items(result, array) -> list:
    """Which of ``result`` shares memory with ``array``: [None] for the result itself,
    the indices of a sequence's items, or []."""
    if isinstance(result, np.ndarray):
        return [None] if np.shares_memory(result, array) else []
    if isinstance(result, (list, tuple)):
        return [
            i
            for i, item in enumerate(result)
            if any(np.shares_memory(a, array) for a in _arrays(item))
        ]
    return []


def _fresh(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _function_source(f) -> str:
    name = getattr(f, "__name__", "")
    if getattr(np, name, None) is f:
        return f"np.{name}"
    if getattr(np.lib.stride_tricks, name, None) is f:
        return f"np.lib.stride_tricks.{name}"
    return ""


def _from_case(case, index: int) -> list:
    f = case.f
    args = [_fresh(a) for a in case.args]
    array = args[index]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # np.cross of 2-vectors
        items = _view_items(f(*args, **case.kwargs), array)
    if not items:
        return []
    constants = [a for i, a in enumerate(case.args) if i != index] + list(case.kwargs.values())
    names = iter(f"C{i}" for i in range(len(constants)))
    parts = ["y" if i == index else next(names) for i in range(len(case.args))]
    parts += [f"{key}={next(names)}" for key in case.kwargs]
    name = _function_source(f)
    if f.__name__ == "getitem" and index == 0 and len(args) == 2:
        call = f"y[{parts[1]}]"
    elif name:
        call = f"{name}({', '.join(parts)})"
    else:
        return []  # a helper of srcgrad's own, never in a user's code
    return [
        ViewMaker(
            f"{case.id}-arg{index}" + ("" if item is None else f"-item{item}"),
            call,
            tuple(constants),
            array.shape,
            item,
        )  # fmt: skip
        for item in items
    ]


def _method_makers() -> list:
    """``y.name(...)`` with the arguments of the cases of the function it equals."""
    makers = []
    for name, function in ARRAY_METHODS.items():
        for case in CASES:
            if case.f is not function or not case.args or not _is_float_array(case.args[0]):
                continue
            y = case.args[0].copy()
            try:
                result = getattr(y, name)(*case.args[1:], **case.kwargs)
            except (TypeError, ValueError):
                continue  # the method's signature differs from the function's here
            constants = tuple(case.args[1:]) + tuple(case.kwargs.values())
            names = [f"C{i}" for i in range(len(constants))]
            parts = names[: len(case.args) - 1]
            parts += [f"{k}={n}" for k, n in zip(case.kwargs, names[len(case.args) - 1 :])]
            for item in _view_items(result, y):
                makers.append(
                    ViewMaker(
                        f"y.{name}-{case.id}",
                        f"y.{name}({', '.join(parts)})",
                        constants,
                        y.shape,
                        item,
                    )  # fmt: skip
                )
    for name in ARRAY_ATTRIBUTES:
        for shape in ((3, 4), (4,)):
            y = np.ones(shape)
            try:
                value = getattr(y, name)
            except ValueError:
                continue  # y.mT of a vector
            if _view_items(value, y):
                makers.append(ViewMaker(f"y.{name}-{shape}", f"y.{name}", (), shape, None))
    return makers


def _uncovered_rule_makers() -> list:
    """Rules without a case: called on one float array of a few shapes, alone."""
    covered = {case.f for case in CASES}
    makers = []
    for function in RULES:
        name = _function_source(function)
        if function in covered or not name:
            continue
        for shape in ((3, 4), (4,), (2, 3, 4)):
            y = np.linspace(0.1, 0.9, int(np.prod(shape))).reshape(shape)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = function(y)
            except Exception:  # noqa: BLE001, S112 - it needs other arguments
                continue
            makers += [
                ViewMaker(f"{name}-{shape}", f"{name}(y)", (), shape, item)
                for item in _view_items(result, y)
            ]
            break
    return makers


_STRIDES = "np.lib.stride_tricks"

# Views written as users write them, beside the ones the tables give.
WRITTEN_FORMS = [
    ("y.real", (3, 4)), ("y.imag", (3, 4)), ("y.T", (3, 4)), ("y.mT", (3, 4)),
    ("y.flat", (3, 4)), ("y[1:].base", (3, 4)), ("y.view()", (3, 4)),
    ("np.ndarray.view(y)", (3, 4)), ("y.view(np.float64)", (3, 4)),
    ("y.swapaxes(0, 1)", (3, 4)), ("y.diagonal()", (3, 4)),
    (f"{_STRIDES}.sliding_window_view(y, 2)", (5,)),
    (f"{_STRIDES}.sliding_window_view(y, 2, writeable=True)", (5,)),
    (f"{_STRIDES}.as_strided(y, shape=(2, 2), strides=(8, 8))", (5,)),
    ("np.broadcast_to(y, (2, 4))", (4,)), ("np.atleast_2d(y)", (4,)),
    ("np.atleast_2d(y)", (3, 4)), ("np.squeeze(y)", (1, 4)), ("np.expand_dims(y, 0)", (4,)),
    ("np.moveaxis(y, 0, -1)", (3, 4)), ("np.ravel(y)", (3, 4)), ("y.ravel()", (3, 4)),
    ("y.reshape(4, 3)", (3, 4)), ("y.reshape(-1)", (3, 4)), ("y[::2]", (5,)),
    ("y[::-1]", (5,)), ("y[1:, ::-2]", (3, 4)), ("y[..., None]", (3, 4)), ("y[None]", (4,)),
    ("y[:, 1]", (3, 4)), ("y[1]", (3, 4)), ("y.transpose(1, 0)", (3, 4)),
    ("np.asarray(y)", (4,)), ("np.asanyarray(y)", (4,)), ("np.array(y, copy=False)", (4,)),
    ("np.array(y, copy=None)", (4,)), ("y.astype(np.float64, copy=False)", (4,)),
    ("np.require(y)", (4,)), ("y.conj()", (4,)), ("np.fliplr(y)", (3, 4)), ("y.flatten()", (3, 4)),
    ("y.T.T", (3, 4)), ("y[::-1][::2]", (5,)), ("np.nan_to_num(y, copy=False)", (4,)),
    ("np.asarray_chkfinite(y)", (4,)), ("np.unstack(y)[0]", (3, 4)),
]  # fmt: skip


def written_makers() -> list:
    """The forms of ``WRITTEN_FORMS``."""
    return [ViewMaker(f"{call}-{shape}", call, (), shape, None) for call, shape in WRITTEN_FORMS]


def _is_float_array(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def view_makers() -> list:
    """Every view-maker the tables give: rules-table cases, methods and attributes, rules
    without a case."""
    makers = []
    for case in CASES:
        for index, arg in enumerate(case.args):
            if _is_float_array(arg):
                makers += _from_case(case, index)
    return makers + _method_makers() + _uncovered_rule_makers()


def _first(ndim: int) -> str:
    return "()" if ndim == 0 else "(" + "0, " * ndim + ")"


# How the program writes: through the view (v) or through the array it views (y).
WRITES = {
    "item": "v[{v_first}] = 1.5",
    "scale": "v *= 2.0",
    "fill": "v[...] = np.sum(np.sin(x))",
    "base": "y[{y_first}] = 1.5",
    "buffer": "y[...] = np.sin(x)",
}

TEMPLATE = """\
import numpy as np


def f(x):
    y = {start}
    v = {call}{item}
    {write}
    return np.sum(np.sin(y)) + np.sum(np.cos(v) * 0.5)
"""


def program(maker: ViewMaker, write: str):
    """``f`` for ``maker`` and the write named ``write``, and an input for it."""
    constants = {f"C{i}": c for i, c in enumerate(maker.constants)}
    namespace = {"np": np, "srcgrad": srcgrad, **constants}
    y = np.linspace(-0.9, 1.1, int(np.prod(maker.shape))).reshape(maker.shape)
    view = eval(maker.call, namespace, {"y": y})  # noqa: S307 - our own text
    if maker.item is not None:
        view = view[maker.item]
    statement = WRITES[write].format(v_first=_first(np.ndim(view)), y_first=_first(y.ndim))
    item = "" if maker.item is None else f"[{maker.item}]"
    start = "np.zeros_like(x)" if write == "buffer" else "x * 1.5"  # a buffer: no gradient yet
    source = TEMPLATE.format(start=start, call=maker.call, item=item, write=statement)
    return materialise(source, namespace)["f"], y / 1.5
