"""NumPy calls on Tensors: ``__array_ufunc__`` and ``__array_function__``.

``np.sin(t)``, ``np.sum(t, axis=0)``, ``np.concatenate([t, u])`` reach these hooks and
are recorded like any operation. Shape queries pass through unrecorded; ``*_like``
constructors give plain tensors; ``out=`` into a plain array computes without recording
(which is what makes ``w.data -= lr * w.grad`` work; inside ``strict_conversions()`` it
raises when a value requires grad); ``out=`` into a Tensor, ``ufunc.at`` and the NumPy
functions that write into an argument are in-place operations on it (:mod:`.writes`).
"""

from __future__ import annotations

import numpy as np

from ..rules import UnsupportedDerivative, lookup
from . import record, writes
from .grad_mode import _mode
from .inplace import _requires_grad, inplace
from .node import count_write
from .strict import GradientLostError, is_strict, plain_target_message, user_location
from .tensor_base import TensorBase

__all__ = ["array_ufunc", "array_function"]


def _run_definition(definition, args, kwargs):
    """Run a primitive's NumPy definition; a case it refuses names the user's line."""
    try:
        return definition(*args, **kwargs)
    except UnsupportedDerivative as refused:
        where = user_location()
        if not where or "called at" in str(refused):
            raise
        raise type(refused)(f"{refused}{where}") from refused


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


def array_ufunc(ufunc, method: str, inputs: tuple, kwargs: dict):
    out = kwargs.pop("out", None)
    if out is not None:
        return _ufunc_into(ufunc, method, inputs, kwargs, out)
    if method == "__call__":
        rule = lookup(ufunc)
        if rule is not None and rule.definition is not None:  # np.vecdot, a gufunc
            return rule.definition(*inputs, **kwargs)
        return record.call(ufunc, inputs, kwargs)
    if method == "at":
        return writes.ufunc_at(ufunc, inputs, kwargs)
    return record.call(getattr(ufunc, method), inputs, kwargs)


def _ufunc_into(ufunc, method, inputs, kwargs, out):
    out = out if isinstance(out, tuple) else (out,)
    tensors = [item for item in out if isinstance(item, TensorBase)]
    function = ufunc if method == "__call__" else getattr(ufunc, method)
    if not tensors:
        if is_strict() and _mode.enabled and _requires_grad(inputs):
            raise GradientLostError(plain_target_message(f"np.{ufunc.__name__}(..., out=...)"))
        raw = record.unwrap(inputs)
        result = function(*raw, out=out, **record.unwrap_kwargs(kwargs))
        return result
    if len(out) == 1:
        if "where" in kwargs and method == "__call__" and out[0] is tensors[0]:
            return writes.ufunc_where_into(ufunc, inputs, kwargs, out[0])
        return inplace(out[0], function, inputs, kwargs)
    if _mode.enabled and (_requires_grad(inputs) or _requires_grad(out)):
        raise RuntimeError(
            f"{record.describe(function)} with several Tensor outputs cannot be recorded"
        )
    raw_out = tuple(record.unwrap(item) for item in out)
    function(*record.unwrap(inputs), out=raw_out, **record.unwrap_kwargs(kwargs))
    for tensor in tensors:
        count_write(tensor)
    return out


def array_function(func, args: tuple, kwargs: dict):
    if func in _PASS_THROUGH:
        return func(*record.unwrap(args), **record.unwrap_kwargs(kwargs))
    if func in _LIKE:
        found: list = []
        raw = record.unwrap_into(args, found)
        raw_kwargs = {key: record.unwrap_into(value, found) for key, value in kwargs.items()}
        return record.wrap_plain(func(*raw, **raw_kwargs), found)
    writer = writes.WRITERS.get(func)
    if writer is not None:
        return writer(*args, **kwargs)
    out, args, kwargs = writes.split_out(func, args, kwargs)
    if out is not None:  # before a definition, which would not write into out
        return writes.function_into(func, args, kwargs, out)
    rule = lookup(func)
    if rule is not None and rule.definition is not None:  # np.cov: run its NumPy definition
        return _run_definition(rule.definition, args, kwargs)
    return record.call(func, args, kwargs)
