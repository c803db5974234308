"""Checks the generated code makes where the compiled gradient could be wrong.

Each raises :class:`Refused` with the user's line and what to do; ``mode="auto"`` then
runs the call on the tape instead, ``mode="compile"`` raises it.
"""

from __future__ import annotations

import numpy as np

from ...result_checks import ComplexGradientError
from ...rules import nondifferentiable
from ...rules.complex_table import is_complex_value
from ...rules.helpers import size_of


class Refused(TypeError, ValueError):
    """A check in generated code found a case the compiled gradient cannot follow (an array
    changed through a second name, a truncating write...). ``mode="auto"`` runs the call on
    the tape instead; ``mode="compile"`` raises it."""


def refuse_truncation(obj):
    """Before a write of a value that carries a gradient into ``obj``: an integer or
    boolean array would truncate the value, which the compiled gradient does not follow."""
    kind = getattr(getattr(obj, "dtype", None), "kind", "f")
    if kind in "biu":
        raise Refused(
            f"srcgrad: a value that carries a gradient is written into an array of dtype "
            f"{obj.dtype}, which truncates it; make the array float (np.zeros(n)), or round "
            "the value explicitly (np.round, np.floor) if truncation is what you mean"
        )


def require_array(value, method, where):
    """Before ``obj.sum()``-style calls compiled with NumPy's rule: ``obj`` must be an
    array or a number (a model object's own ``.dot`` or ``.copy`` means something else)."""
    kind = type(value)
    if (
        isinstance(value, (np.ndarray, np.generic, int, float, complex, list, tuple, dict))
        or hasattr(kind, "__srcgrad_primitive__")
        or kind.__module__.split(".")[0] in ("dask", "cupy")
    ):
        return
    raise Refused(
        f"srcgrad: {where}: .{method}() is called on a {kind.__name__}, not an array, so "
        "NumPy's derivative rule for it does not apply; call a function with source or a "
        'NumPy function on arrays, or use mode="tape"'
    )


def require_arrays(names, where, *values):
    """At the start of generated code: the parameters ``names`` (comma-separated) that the
    code takes as arrays, and whose gradients it adds as arrays, are no list, tuple or
    dict (NumPy would take one for an array, but the gradient of its items would not add
    up). ``where`` is the file and line where the code first takes one as an array."""
    for value, name in zip(values, names.split(", ")):
        if isinstance(value, (list, tuple, dict)):
            raise Refused(
                f"srcgrad: {where}: {name} is a {type(value).__name__}, which the code "
                "takes as an array; the compiled gradient cannot follow the gradient of "
                f"its items as well. Pass an array (np.asarray({name}) or np.stack({name})), "
                'or use mode="tape"'
            )


def require_list(value, where):
    """Before ``obj.append(v)`` compiled as a list's append: ``obj`` must be a list (a user
    object's own ``append`` may store something else, or elsewhere)."""
    if isinstance(value, list):
        return
    raise Refused(
        f"srcgrad: {where}: .append() is called on a {type(value).__name__}, not a list, so "
        'the compiled gradient cannot follow what it stores; use a list, or mode="tape"'
    )


def refuse_list_extend(value, where):
    """Before ``items += other`` (or ``*=``) compiled as ``items = items + other``: on a
    list, ``+=`` and ``*=`` change it in place, which every other name of the list sees."""
    if isinstance(value, list):
        raise Refused(
            f"srcgrad: {where}: '+=' or '*=' changes a list in place, which the compiled "
            "gradient does not follow; append the items (items.append(v)), or use "
            'mode="tape"'
        )


def check_putmask(array, values, where):
    """``np.putmask(a, m, v)`` is compiled as ``np.where(m, v, a)``: the same when ``v`` is
    one number or shaped like ``a``; NumPy's repeating of shorter ``v`` is refused."""
    if size_of(values) != 1 and np.shape(values) != np.shape(array):
        raise Refused(
            f"srcgrad: {where}: np.putmask with values shaped {np.shape(values)} for an array "
            f"shaped {np.shape(array)} repeats the values, which the compiled gradient does "
            "not follow; pass one value or values shaped like the array"
        )


def refuse_shared(value, others, where, container=None, outside=False):
    """Before ``x += a`` (or ``y[i] += a``): raise if the array ``x`` (the element ``y[i]``)
    shares memory with one of ``others`` (or, for an element of a list or dict ``y``, with
    another of its elements).

    ``x += a`` changes an array in place, so every other name for it changes too, which
    the compiled gradient (treating ``x += a`` as ``x = x + a``) cannot follow. Numbers
    are never changed in place, so they pass; so does ``y[i] += a`` on an array ``y``,
    which is an ordinary write into ``y``.
    """
    if not isinstance(value, np.ndarray) or isinstance(container, np.ndarray):
        return
    if outside:
        raise Refused(
            f"srcgrad: {where}: '+=' changes in place an array the function was given (the "
            "caller's array, which it then sees changed), which the compiled gradient cannot "
            'follow; write x = x + a instead, or use mode="tape"'
        )
    items = list(others)
    if isinstance(container, (list, tuple, dict)):
        entries = list(container.values() if isinstance(container, dict) else container)
        own = next((i for i, item in enumerate(entries) if item is value), len(entries))
        items.append(entries[:own] + entries[own + 1 :])  # its own slot aside, any holder
    for other in items:
        if any(_same_memory(value, item) for item in _held_by(other)):
            raise Refused(
                f"srcgrad: {where}: '+=' changes in place an array that another name "
                "also holds, which the compiled gradient cannot follow; write x = x + a "
                'instead (for a list element, y[i] = y[i] + a), or use mode="tape"'
            )


def _held_by(other):
    if isinstance(other, (list, tuple)):
        return [held for item in other for held in _held_by(item)]
    if isinstance(other, dict):
        return [held for item in other.values() for held in _held_by(item)]
    return [other]


def _same_memory(value, other) -> bool:
    return other is value or (isinstance(other, np.ndarray) and np.may_share_memory(value, other))


def refuse_complex(where, call, *inputs):
    """Before a differentiated call whose rules do not follow complex values: none of its
    inputs (nor a ``dtype`` it is given) may be complex."""
    if any(_complex(value) for value in inputs):
        raise ComplexGradientError(
            f"srcgrad: {where}: {call} is given, or asked to make, a complex value on a "
            "path that carries a gradient, and its derivative rule is not known right for "
            "complex values (see docs/complex.md for those that are). Keep this step "
            "real, e.g. with real and imaginary parts as separate arrays"
        )


# Which user functions are compiled with the complex forms of the rules (True) or with
# the real ones (False), by complex_key (the objects are kept, so a key is never reused).
_PLANNED: dict = {}


def complex_key(fn) -> int:
    """The key of a user function (or a lifted local one) in that record."""
    return id(getattr(fn, "__code__", fn))


def mark_planned(fn, complex_forms: bool) -> None:
    """Record whether ``fn`` is compiled with the complex forms of the rules."""
    _PLANNED[complex_key(fn)] = (getattr(fn, "__code__", fn), complex_forms)


def planned_complex(fn):
    """True or False as recorded for ``fn``; None when it is not compiled yet."""
    entry = _PLANNED.get(complex_key(fn))
    return None if entry is None else entry[1]


def refuse_complex_call(where, call, key, *args):
    """Before a differentiated call of a user function from code that computes with complex
    numbers: a complex argument only for a function compiled with the complex forms."""
    entry = _PLANNED.get(key)
    if not (entry and entry[1]) and any(_complex(value) for value in args):
        raise ComplexGradientError(
            f"srcgrad: {where}: {call} is given a complex value on a path that carries a "
            "gradient, but computes with real rules only (nothing in its code says it "
            "computes with complex numbers, e.g. 1j or np.fft); compute the complex steps "
            'in the caller, or use mode="tape"'
        )


def _complex(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_complex(item) for item in value)
    if isinstance(value, dict):
        return any(_complex(item) for item in value.values())
    return is_complex_value(value) or _complex_dtype(value)


def _complex_dtype(value) -> bool:
    if isinstance(value, (type, np.dtype)):
        try:
            return np.dtype(value).kind == "c"
        except TypeError:
            return False
    return isinstance(value, str) and "complex" in value


# Checks the generated code makes: they return nothing (or raise), so code that calls them
# is differentiated again (second order) without a gradient through them.
nondifferentiable(
    require_array,
    require_arrays,
    require_list,
    refuse_list_extend,
    refuse_shared,
    refuse_truncation,
    check_putmask,
    refuse_complex,
    refuse_complex_call,
)
