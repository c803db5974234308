"""NumPy functions that write into an argument, given Tensors.

Each in-place form is modelled by the out-of-place NumPy code that computes the same new
value from the target's old one, recorded on the tape, so the rules table stays the only
calculus (:func:`~srcgrad.tape.inplace.store` runs NumPy's own write and checks the two
agree):

==========================================  =============================================
``np.f(..., out=t)`` (any function)         ``f(...)`` with ``t``'s old value
``np.add.at(t, i, v)`` / ``np.subtract.at`` ``old + scatter_add(v, i)`` / ``old - ...``
``np.copyto(t, src, where=m)``              ``np.where(m, src, old)``
``np.put(t, i, v, mode)``, ``t.put(...)``   ``assign_index`` on the flat view
``np.place(t, m, v)``                       ``np.put`` at ``np.flatnonzero(m)``
``np.putmask(t, m, v)``                     ``np.where(m, v repeated to t's size, old)``
``np.fill_diagonal(t, v, wrap)``            ``np.put`` at the diagonal's flat indices
==========================================  =============================================

Other ``ufunc.at`` (``np.multiply.at``...) and ``t.sort()`` are refused when a gradient
is involved. A plain NumPy array as the target of a value that requires grad raises
:class:`~srcgrad.tape.GradientLostError` inside ``strict_conversions()``: a plain array
cannot carry the gradient.
"""

from __future__ import annotations

import inspect

import numpy as np

from ..rules import lookup
from ..rules.helpers import along_axis_index
from ..rules.indexing import assign_index, scatter_add
from . import record
from .grad_mode import _mode
from .inplace import _replace, _requires_grad, store
from .node import count_write
from .strict import GradientLostError, is_strict, plain_target_message, user_location
from .tensor_base import TensorBase

__all__ = ["split_out", "function_into", "ufunc_at", "WRITERS", "sort", "put"]


def _refuse_plain_target(operation: str, values) -> None:
    if is_strict() and _mode.enabled and _requires_grad(values):
        raise GradientLostError(plain_target_message(operation))


def _tracked(target, values) -> bool:
    return _mode.enabled and (target._requires_grad or _requires_grad(values))


# -- out= ------------------------------------------------------------------------------------
_POSITIONAL_NAMES: dict = {}


def _positional_names(func) -> tuple:
    """The names of ``func``'s parameters that can be given by position (cached)."""
    try:
        return _POSITIONAL_NAMES[func]
    except KeyError:
        pass
    names = []
    try:
        for parameter in inspect.signature(func).parameters.values():
            if parameter.kind not in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                break
            names.append(parameter.name)
    except (TypeError, ValueError):
        pass
    _POSITIONAL_NAMES[func] = names = tuple(names)
    return names


def split_out(func, args: tuple, kwargs: dict):
    """``(out, args, kwargs)`` with the ``out`` argument (keyword or positional) taken out;
    ``out`` is None when the call has none."""
    if "out" in kwargs:
        kwargs = dict(kwargs)
        return kwargs.pop("out"), args, kwargs
    names = _positional_names(func)
    if "out" in names:
        position = names.index("out")
        if len(args) > position:
            kwargs = {**kwargs, **dict(zip(names[position:], args[position:]))}
            return kwargs.pop("out"), args[:position], kwargs
    return None, args, kwargs


def function_into(func, args: tuple, kwargs: dict, out):
    """``func(*args, out=out, **kwargs)`` for a NumPy function that is not a ufunc."""
    target = out[0] if isinstance(out, tuple) and len(out) == 1 else out
    if not isinstance(target, TensorBase):
        _refuse_plain_target(f"{record.describe(func)}(..., out=...)", (args, kwargs))
        return func(*record.unwrap(args), out=out, **record.unwrap_kwargs(kwargs))

    def write():
        func(*record.unwrap(args), out=target._data, **record.unwrap_kwargs(kwargs))

    def compute(old):
        new_kwargs = {key: _replace(value, target, old) for key, value in kwargs.items()}
        new_args = _replace(args, target, old)
        rule = lookup(func)
        if rule is not None and rule.definition is not None:  # np.nansum: its definition
            return rule.definition(*new_args, **new_kwargs)
        return record.call(func, new_args, new_kwargs)

    return store(target, (args, tuple(kwargs.values())), compute, write)


def ufunc_where_into(ufunc, inputs: tuple, kwargs: dict, target):
    """``ufunc(*inputs, out=target, where=mask)``: ``np.where(mask, ufunc(...), old)``."""
    kwargs = dict(kwargs)
    where = kwargs.pop("where")

    def write():
        ufunc(*record.unwrap(inputs), out=target._data, where=record.unwrap(where),
              **record.unwrap_kwargs(kwargs))  # fmt: skip

    def compute(old):
        value = record.call(ufunc, _replace(inputs, target, old), kwargs)
        return record.call(np.where, (record.unwrap(where), value, old))

    return store(target, inputs, compute, write)


# -- ufunc.at --------------------------------------------------------------------------------
def ufunc_at(ufunc, args: tuple, kwargs: dict):
    """``np.add.at(target, index, values)`` and the other ``ufunc.at``."""
    target, index, *values = args
    if not isinstance(target, TensorBase):
        _refuse_plain_target(f"np.{ufunc.__name__}.at", values)
        return ufunc.at(*record.unwrap(args), **record.unwrap_kwargs(kwargs))
    raw_index = record.unwrap(index)
    if ufunc not in (np.add, np.subtract) or len(values) != 1 or kwargs:
        if _tracked(target, values):
            raise RuntimeError(
                f"np.{ufunc.__name__}.at writes into a Tensor in place{user_location()}; "
                "srcgrad's tape "
                "records only np.add.at and np.subtract.at. Compute the new value out of "
                "place instead (for example with np.where or a loop of item assignments)."
            )

    def write():
        ufunc.at(target._data, raw_index, *record.unwrap(values), **kwargs)

    def compute(old):
        shape = target._data[raw_index].shape
        spread = record.call(np.add, (values[0], np.zeros(shape, target._data.dtype)))
        return ufunc(old, scatter_add(spread, raw_index, target.shape))

    store(target, values, compute, write)


# -- functions that write into their first argument ------------------------------------------
def copyto(dst, src, casting="same_kind", where=True):
    if not isinstance(dst, TensorBase):
        _refuse_plain_target("np.copyto", (src,))
        return np.copyto(dst, record.unwrap(src), casting=casting, where=record.unwrap(where))

    def write():
        np.copyto(dst._data, record.unwrap(src), casting=casting, where=record.unwrap(where))

    def compute(old):
        return record.call(np.where, (record.unwrap(where), _replace(src, dst, old), old))

    store(dst, (src,), compute, write)


def _flat_indices(indices, size: int, mode: str) -> np.ndarray:
    flat = np.asarray(record.unwrap(indices)).astype(np.intp, copy=False).ravel()
    if mode == "wrap":
        return flat % size
    if mode == "clip":
        return np.clip(flat, 0, size - 1)
    return flat


def _as_values(values):
    """``values`` as one Tensor or array (a list of Tensors and numbers is stacked)."""
    if isinstance(values, TensorBase):
        return values
    if isinstance(values, (list, tuple)) and _requires_grad(values):
        items = [item if isinstance(item, TensorBase) else np.asarray(item) for item in values]
        return record.call(np.stack, (items,))
    return np.asarray(values)


def _written_flat(old, flat_index: np.ndarray, values):
    """``old`` after ``old.flat[flat_index] = values`` (values repeated as NumPy repeats
    them), computed out of place on the tape."""
    values = _as_values(values)
    repeated = record.call(np.reshape, (values, -1))
    if flat_index.size:
        repeated = repeated[np.arange(flat_index.size) % repeated.shape[0]]
    flat = record.call(np.reshape, (old, -1))
    written = assign_index(flat, flat_index, repeated[: flat_index.size])
    return record.call(np.reshape, (written, old.shape))


def put(a, ind, v, mode="raise"):
    if not isinstance(a, TensorBase):
        _refuse_plain_target("np.put", (v,))
        return np.put(a, record.unwrap(ind), record.unwrap(v), mode=mode)

    def write():
        np.put(a._data, record.unwrap(ind), record.unwrap(v), mode=mode)

    def compute(old):
        return _written_flat(old, _flat_indices(ind, a.size, mode), _replace(v, a, old))

    store(a, (v,), compute, write)


def place(arr, mask, vals):
    if not isinstance(arr, TensorBase):
        _refuse_plain_target("np.place", (vals,))
        return np.place(arr, record.unwrap(mask), record.unwrap(vals))

    def write():
        np.place(arr._data, record.unwrap(mask), record.unwrap(vals))

    def compute(old):
        flat = np.flatnonzero(record.unwrap(mask))
        return _written_flat(old, flat, _replace(vals, arr, old))

    store(arr, (vals,), compute, write)


def putmask(a, mask, values):
    if not isinstance(a, TensorBase):
        _refuse_plain_target("np.putmask", (values,))
        return np.putmask(a, record.unwrap(mask), record.unwrap(values))

    def write():
        np.putmask(a._data, record.unwrap(mask), record.unwrap(values))

    def compute(old):
        flat = record.call(np.reshape, (_as_values(_replace(values, a, old)), -1))
        full = flat[np.arange(a.size) % flat.shape[0]]
        condition = np.reshape(np.asarray(record.unwrap(mask), dtype=bool), a.shape)
        return record.call(np.where, (condition, record.call(np.reshape, (full, a.shape)), old))

    store(a, (values,), compute, write)


def fill_diagonal(a, val, wrap=False):
    if not isinstance(a, TensorBase):
        _refuse_plain_target("np.fill_diagonal", (val,))
        return np.fill_diagonal(a, record.unwrap(val), wrap=wrap)

    def write():
        np.fill_diagonal(a._data, record.unwrap(val), wrap=wrap)

    def compute(old):
        shape = a.shape
        if len(shape) == 2:  # NumPy's layout: every (columns + 1)-th element, from 0
            step, end = shape[1] + 1, None if wrap else shape[1] * shape[1]
        else:
            step, end = 1 + int(np.cumprod(shape[:-1]).sum()), None
        return _written_flat(old, np.arange(a.size)[:end:step], _replace(val, a, old))

    store(a, (val,), compute, write)


def put_along_axis(arr, indices, values, axis):
    """``np.put_along_axis`` as the item assignment it performs."""
    if axis is None:
        return put(arr, indices, values)
    arr[along_axis_index(np.shape(arr), record.unwrap(indices), axis)] = values


WRITERS = {
    np.copyto: copyto,
    np.put: put,
    np.put_along_axis: put_along_axis,
    np.place: place,
    np.putmask: putmask,
    np.fill_diagonal: fill_diagonal,
}


# -- ndarray methods -------------------------------------------------------------------------
def sort(tensor, axis=-1, kind=None, order=None):
    """``t.sort()`` in place: refused when a gradient is involved (np.sort has no rule)."""
    if _tracked(tensor, ()):
        raise RuntimeError(
            f"t.sort() sorts a Tensor that requires grad in place{user_location()}, which "
            "srcgrad's tape does not record. Index with the order instead: "
            "t = t[np.argsort(t.detach())]."
        )
    tensor._data.sort(axis=axis, kind=kind, order=order)
    count_write(tensor)
