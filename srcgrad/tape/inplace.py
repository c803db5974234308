"""In-place operations: ``t += u``, ``t[i] = v``, ``np.add(a, b, out=t)``, ``t.zero_()``.

The new value is written into the tensor's own memory (so views and anyone holding
``t.data`` see it) and the version counter is bumped, which is how a node that saved the
old value notices at backward. When the operation is recorded, the old value is kept in
a private copy that takes over the tensor's old place in the graph, and the tensor gets a
new ``grad_fn`` for the functional form of the operation (``np.add``, or
``srcgrad.rules.indexing.assign_index`` for item assignment).
"""

from __future__ import annotations

import numpy as np

from ..rules import NoRuleError, lookup
from ..rules.indexing import assign_index
from . import record
from .grad_mode import _mode
from .node import count_write
from .plan import no_rule_message
from .standin import refuse_write_into_scalar
from .strict import user_location
from .tensor_base import TensorBase

__all__ = ["inplace", "assign_index", "store", "LEAF_MESSAGE"]

LEAF_MESSAGE = "a leaf Variable that requires grad is being used in an in-place operation."


def _view_message() -> str:
    return (
        "an in-place operation on a view of another tensor (made by indexing, reshape, "
        f"transpose, ...){user_location()} cannot be recorded by srcgrad's tape. Write into the "
        "base tensor directly (x[i, j] = v rather than x[i][j] = v), or compute the new value "
        "out of place."
    )


def _refuse_hidden_write(target) -> None:
    """An unrecorded write into a view that carries no gradient (``stop_gradient(y)``, a
    view made under ``no_grad``) of a tensor that does would change the base's values
    behind its history: refused while grad mode is on, as PyTorch refuses it."""
    base = target._base
    if base is not None and base._requires_grad and _mode.enabled:
        raise RuntimeError(
            f"a write into a view without gradient of a tensor that requires grad"
            f"{user_location()} would change that tensor behind srcgrad's tape (in NumPy "
            "they are one array). Write into a copy (np.copy(...)) instead."
        )


def _refuse_exported(target) -> None:
    """A recorded write into memory NumPy already gave out as a plain array
    (``v = np.asarray(buf)``, ``np.array(buf, copy=False)``): ``v`` would see the new
    values without their gradient."""
    if target._exported:
        raise RuntimeError(
            f"a write that carries a gradient into an array{user_location()} whose memory "
            "a plain NumPy array already shares (made from it by np.asarray, "
            "np.array(..., copy=False), np.ascontiguousarray, ...); that array would hold "
            "the new values without their gradient. Make the plain array after the write, "
            "or write into a copy (np.copy(...))"
        )


def _requires_grad(values) -> bool:
    for value in values:
        if isinstance(value, TensorBase):
            if value._requires_grad:
                return True
        elif type(value) is list or type(value) is tuple:
            if _requires_grad(value):
                return True
    return False


def _replace(value, target, shadow):
    if value is target:
        return shadow
    if type(value) is list or type(value) is tuple:
        return type(value)(_replace(item, target, shadow) for item in value)
    return value


def inplace(target, primitive, args: tuple, kwargs: dict, write=None):
    """Store ``primitive(*args, **kwargs)`` into ``target``'s memory; record it if needed.

    ``write(raw_args, raw_kwargs)`` performs the store on arrays; by default the primitive
    is a ufunc called with ``out=target.data``.
    """
    if write is None:

        def write(raw, raw_kwargs):
            primitive(*raw, out=target._data, **raw_kwargs)

    if isinstance(primitive, np.ufunc) and _broadcasts_into(target, args):
        # np.tanh(x, out=c) with c larger than x: the result is broadcast into c

        def compute(old):
            return record.call(primitive, _replace(args, target, old), kwargs)

        def write_all():
            write(record.unwrap(args), {k: record.unwrap(v) for k, v in kwargs.items()})

        return store(target, (args, tuple(kwargs.values())), compute, write_all)
    refuse_write_into_scalar(target)
    enabled = _mode.enabled
    if enabled and target._requires_grad and target._grad_fn is None:
        raise RuntimeError(LEAF_MESSAGE)
    tracked = enabled and (
        target._requires_grad or _requires_grad(args) or _requires_grad(kwargs.values())
    )
    if not tracked:
        _refuse_hidden_write(target)
        write(record.unwrap(args), {k: record.unwrap(v) for k, v in kwargs.items()})
        count_write(target)
        return target
    if target._base is not None:
        raise RuntimeError(_view_message())
    _refuse_exported(target)
    rule = lookup(primitive)
    if rule is None:
        raise NoRuleError(no_rule_message(primitive, None))
    shadow = target._new_tensor(
        target._data.copy(), target._grad_fn, target._requires_grad, target._nr
    )
    args = _replace(args, target, shadow)
    kwargs = {key: _replace(value, target, shadow) for key, value in kwargs.items()}
    found: list = []
    raw = tuple([record.unwrap_into(arg, found) for arg in args])
    raw_kwargs = {key: record.unwrap_into(value, found) for key, value in kwargs.items()}
    write(raw, raw_kwargs)
    count_write(target)
    if rule.nondiff or target._data.dtype.kind not in "fc":
        target._grad_fn, target._requires_grad, target._nr = None, False, 0
        return target
    node = record.build_node(
        rule, primitive, args, raw, kwargs, raw_kwargs, target._data, [target._version], found
    )
    target._grad_fn, target._requires_grad, target._nr = node, True, 0
    return target


def _broadcasts_into(target, args) -> bool:
    """True when a ufunc's own result over ``args`` is smaller than ``target``."""
    shapes = [np.shape(a._data if isinstance(a, TensorBase) else a) for a in args]
    try:
        return np.broadcast_shapes(*shapes) != target.shape
    except ValueError:
        return False


def setitem(target, index, value) -> None:
    """``target[index] = value``, recorded as ``assign_index(target, index, value)``."""

    def write(raw, raw_kwargs):
        target._data[raw[1]] = raw[2]

    inplace(target, assign_index, (target, index, value), {}, write)


def store(target, inputs, compute, write):
    """An in-place NumPy write into ``target`` (``np.copyto``, ``out=``, ``np.add.at``...).

    ``write()`` performs it on the arrays, exactly as NumPy does. When it must be
    recorded (grad mode on, and ``target`` or one of ``inputs`` requires grad),
    ``compute(old)`` gives the same new value as a recorded Tensor computed from ``old``,
    a Tensor standing for ``target``'s value before the write; ``target`` then takes that
    Tensor's place in the graph. The two values are compared, so a model that does not
    match NumPy is an error rather than a wrong gradient.
    """
    refuse_write_into_scalar(target)
    enabled = _mode.enabled
    tracked = enabled and (target._requires_grad or _requires_grad(inputs))
    if not tracked:
        _refuse_hidden_write(target)
        write()
        count_write(target)
        return target
    if target._requires_grad and target._grad_fn is None:
        raise RuntimeError(LEAF_MESSAGE)
    if target._base is not None:
        raise RuntimeError(_view_message())
    _refuse_exported(target)
    old = target._new_tensor(
        target._data.copy(), target._grad_fn, target._requires_grad, target._nr
    )
    try:
        new = compute(old)
    except Exception:
        write()  # an invalid call: NumPy's own error says what is wrong
        count_write(target)
        raise
    if not isinstance(new, TensorBase):  # computed from constants only (out= on a Tensor)
        new = target._new_tensor(np.asarray(new), None, False, 0)
    if new._grad_fn is None and new._requires_grad:  # a leaf itself: copy it into the graph
        new = record.call(np.copy, (new,))
    if new.shape != target.shape:
        new = record.call(np.broadcast_to, (new, target.shape))
    write()
    count_write(target)
    expected = np.asarray(new._data, dtype=target._data.dtype)
    if not np.allclose(expected, target._data, rtol=1e-12, atol=1e-300, equal_nan=True):
        raise RuntimeError(
            "srcgrad bug: the tape's model of an in-place NumPy write does not match NumPy's "
            "result; please report it with the code that raised this."
        )
    if not new._requires_grad or target._data.dtype.kind not in "fc":
        target._grad_fn, target._requires_grad, target._nr = None, False, 0
    else:
        target._grad_fn, target._requires_grad, target._nr = new._grad_fn, True, new._nr
    return target
