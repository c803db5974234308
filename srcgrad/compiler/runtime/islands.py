"""Tape islands: a call the compiler cannot differentiate runs on the tape engine."""

from __future__ import annotations

import numpy as np

from ...arrays import refuse_other_arrays
from .checks import Refused
from .containers import zeros_like


def on_tape(fn, wrt, *args, **kwargs):
    """Run ``fn(*args, **kwargs)`` on the tape engine: a tape island in compiled code.

    ``wrt`` lists the positions (ints) and keywords (strs) of the arguments that carry a
    gradient; they enter as Tensors (a list or tuple argument as a list or tuple of
    Tensors, one per element). Returns ``(value, backward)`` where ``backward(output_grad)``
    gives one gradient per ``wrt`` entry (a list of gradients for a list argument) and may
    run again. Converting one of those Tensors to a plain number or array inside ``fn``
    raises :class:`~srcgrad.tape.GradientLostError` instead of losing its gradient.
    """
    from ... import autograd
    from ...tape import Tensor
    from ...tape_runner import call_standing_in

    name = getattr(fn, "__qualname__", fn)
    refuse_other_arrays([args, kwargs], f"the call of {name!r} runs on the tape engine")
    args, kwargs = list(args), dict(kwargs)
    entries = []  # per wrt entry: [(leaf, value)], one pair per element for a sequence
    for key in wrt:
        value = args[key] if isinstance(key, int) else kwargs[key]
        pairs, copy = _tape_inputs(value)
        entries.append((pairs, isinstance(value, (list, tuple))))
        if isinstance(key, int):
            args[key] = copy
        else:
            kwargs[key] = copy
    out = call_standing_in(fn, args, kwargs, wrt)
    if not isinstance(out, (Tensor, np.ndarray, np.generic, int, float, complex)):
        raise Refused(
            f"srcgrad: {getattr(fn, '__qualname__', fn)!r} ran on the tape and returned a "
            f"{type(out).__name__}; a call that runs on the tape must return one array or number"
        )
    leaves = [leaf for pairs, _ in entries for leaf, _ in pairs]
    if not isinstance(out, Tensor) or not out.requires_grad:
        # Nothing fn computed from the Tensors reached its result: the gradient is zero.
        result = out.data if isinstance(out, Tensor) else out
        return result, lambda output_grad: _regroup(entries, [None] * len(leaves))

    def backward(output_grad):
        seed = Tensor(np.asarray(output_grad, dtype=out.dtype).reshape(out.shape))
        grads = autograd.grad([out], leaves, [seed], retain_graph=True, allow_unused=True)
        return _regroup(entries, grads)

    value = out.data
    return (value[()] if value.ndim == 0 else value), backward


def _tape_inputs(value):
    """([(leaf, value)], the value ``fn`` is given): one leaf per element of a sequence."""
    from ...tape_runner import leaf_and_copy

    if isinstance(value, (list, tuple)):
        pairs, copies = [], []
        for item in value:
            leaf, copy = leaf_and_copy(item)
            pairs.append((leaf, item))
            copies.append(copy)
        return pairs, type(value)(copies) if type(value) in (list, tuple) else copies
    leaf, copy = leaf_and_copy(value)
    return [(leaf, value)], copy


def _regroup(entries, grads):
    """One plain gradient per wrt entry (a list of them for a sequence argument)."""
    grads, result = list(grads), []
    for pairs, is_sequence in entries:
        plain = []
        for _, value in pairs:
            grad = grads.pop(0)
            plain.append(zeros_like(value) if grad is None else _plain(grad.data, value))
        result.append(plain if is_sequence else plain[0])
    return tuple(result)


def _plain(gradient, value):
    """A gradient from the tape in the form the compiled code uses for ``value``."""
    if isinstance(value, np.ndarray):
        return gradient
    return gradient[()] if gradient.ndim == 0 else gradient
