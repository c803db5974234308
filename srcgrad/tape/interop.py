"""NumPy calls on Tensors: ``__array_ufunc__`` and ``__array_function__``.

``np.sin(t)``, ``np.sum(t, axis=0)``, ``np.concatenate([t, u])`` reach these hooks and
are recorded like any operation. Shape queries pass through unrecorded; ``*_like``
constructors give plain tensors; ``out=`` into a plain array computes without recording
(which is what makes ``w.data -= lr * w.grad`` work); ``out=`` into a Tensor is an
in-place operation on it.
"""

from __future__ import annotations

import numpy as np

from . import record
from .grad_mode import _mode
from .inplace import _requires_grad, inplace
from .strict import GradientLostError, conversion_message, is_strict

__all__ = ["array_ufunc", "array_function"]

# Questions about shape or dtype: answered on the data, nothing recorded, result unwrapped.
_PASS_THROUGH = {
    np.shape,
    np.ndim,
    np.size,
    np.result_type,
    np.iscomplexobj,
    np.isrealobj,
    np.min_scalar_type,
    np.may_share_memory,
    np.shares_memory,
    np.can_cast,
}
# New arrays shaped like the argument: plain tensors without grad. (np.full_like is not
# one: its fill value may carry a gradient.)
_LIKE = {np.zeros_like, np.ones_like, np.empty_like}
# Functions that write into their first argument.
_WRITES_FIRST = {np.copyto, np.put, np.place, np.putmask, np.fill_diagonal}


def array_ufunc(ufunc, method: str, inputs: tuple, kwargs: dict):
    out = kwargs.pop("out", None)
    if out is not None:
        return _ufunc_into(ufunc, method, inputs, kwargs, out)
    if method == "__call__":
        return record.call(ufunc, inputs, kwargs)
    if method == "at":
        return _write_first(ufunc.at, inputs, kwargs)
    return record.call(getattr(ufunc, method), inputs, kwargs)


def _ufunc_into(ufunc, method, inputs, kwargs, out):
    out = out if isinstance(out, tuple) else (out,)
    tensors = [item for item in out if isinstance(item, record.Tensor)]
    function = ufunc if method == "__call__" else getattr(ufunc, method)
    if not tensors:
        if is_strict() and _mode.enabled and _requires_grad(inputs):
            raise GradientLostError(conversion_message("array"))
        raw = record.unwrap(inputs)
        result = function(*raw, out=out, **record.unwrap_kwargs(kwargs))
        return result
    if len(out) == 1:
        return inplace(out[0], function, inputs, kwargs)
    if _mode.enabled and (_requires_grad(inputs) or _requires_grad(out)):
        raise RuntimeError(
            f"{record.describe(function)} with several Tensor outputs cannot be recorded"
        )
    raw_out = tuple(record.unwrap(item) for item in out)
    function(*record.unwrap(inputs), out=raw_out, **record.unwrap_kwargs(kwargs))
    for tensor in tensors:
        tensor._version[0] += 1
    return out


def _write_first(function, args, kwargs):
    target = args[0] if args else None
    if not isinstance(target, record.Tensor):
        return function(*record.unwrap(args), **record.unwrap_kwargs(kwargs))
    if _mode.enabled and (_requires_grad(args) or _requires_grad(kwargs.values())):
        raise RuntimeError(
            f"{record.describe(function)} writes into a Tensor in place, which srcgrad's tape "
            "cannot record when gradients are involved; use item assignment (x[i] = v) or "
            "an out-of-place function such as np.where."
        )
    result = function(*record.unwrap(args), **record.unwrap_kwargs(kwargs))
    target._version[0] += 1
    return result


def array_function(func, args: tuple, kwargs: dict):
    if func in _PASS_THROUGH:
        return func(*record.unwrap(args), **record.unwrap_kwargs(kwargs))
    if func in _LIKE:
        return record.wrap_plain(func(*record.unwrap(args), **record.unwrap_kwargs(kwargs)), [])
    if func in _WRITES_FIRST:
        return _write_first(func, args, kwargs)
    return record.call(func, args, kwargs)
