"""Running a user's function on the tape engine, as ``grad(..., mode="tape")`` does."""

from __future__ import annotations

import numpy as np

from . import autograd
from .tape import Tensor
from .tape.standin import call_standing_in

__all__ = ["run_on_tape", "leaf_and_copy", "call_standing_in"]


def leaf_and_copy(value):
    """A leaf Tensor holding ``value`` as floats (sharing its memory when it already is
    floating), and the non-leaf copy the function is given: in-place updates such as
    ``y += 1`` then work on the copy (and are recorded) instead of failing on a leaf or
    touching the caller's array. The copy of a Python or NumPy scalar stands for it: it
    is immutable under ``+=`` and passes ``isinstance(x, float)`` inside
    :func:`call_standing_in`."""
    data = np.asarray(value)
    if data.dtype.kind not in "fc":
        data = data.astype(np.float64)
    leaf = Tensor(data, requires_grad=True)
    copy = np.copy(leaf)
    if isinstance(value, (bool, int, float, complex, np.generic)):
        copy._scalar_type = type(value)
    return leaf, copy


def leaves_and_copies(value):
    """:func:`leaf_and_copy` through lists, tuples and dicts: ``(leaves, copy)`` where
    ``leaves`` has ``value``'s structure with a leaf Tensor for each array or number."""
    if isinstance(value, (list, tuple)):
        pairs = [leaves_and_copies(item) for item in value]
        return type(value)(p[0] for p in pairs), type(value)(p[1] for p in pairs)
    if isinstance(value, dict):
        pairs = {key: leaves_and_copies(item) for key, item in value.items()}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
    return leaf_and_copy(value)


def _flat(leaves):
    if isinstance(leaves, (list, tuple)):
        return [leaf for item in leaves for leaf in _flat(item)]
    if isinstance(leaves, dict):
        return [leaf for item in leaves.values() for leaf in _flat(item)]
    return [leaves]


def _shaped(leaves, grads):
    """``grads`` (one per leaf, in :func:`_flat`'s order) in the structure of ``leaves``."""
    grads = iter(grads)

    def build(item):
        if isinstance(item, (list, tuple)):
            return type(item)(build(i) for i in item)
        if isinstance(item, dict):
            return {k: build(v) for k, v in item.items()}
        return next(grads)

    return build(leaves)


def run_on_tape(fn, values, positions, call_form=None):
    """(output value, backward) with backward(output_grad) -> gradients at ``positions``.

    ``values`` holds one value per parameter; ``call_form(values)`` turns them into the
    ``(args, kwargs)`` of the call (by default all positional). A list, tuple or dict
    value gets a gradient of the same structure.
    """
    values = list(values)
    structures = []
    for position in positions:
        leaves, values[position] = leaves_and_copies(values[position])
        structures.append(leaves)
    inputs = [leaf for leaves in structures for leaf in _flat(leaves)]
    args, kwargs = call_form(values) if call_form else (values, {})
    out = call_standing_in(fn, args, kwargs, positions)

    def structured(grads):
        grads, result = list(grads), []
        for leaves in structures:
            count = len(_flat(leaves))
            result.append(_shaped(leaves, grads[:count]))
            del grads[:count]
        return tuple(result)

    outputs = [t for t in _flat(out) if isinstance(t, Tensor) and t.requires_grad]
    if not outputs:
        # The output does not depend on the inputs: its gradient is truly zero.
        return _plain_structure(out), lambda output_grad: structured(
            np.zeros_like(t.data) for t in inputs
        )

    def backward(output_grad):
        # One seed per output Tensor; a part of a tuple, list or dict output whose seed
        # is None (an auxiliary value) takes no part.
        parts, seeds = [], []
        for part, seed in zip(_flat(out), _flat_like(output_grad, out)):
            if isinstance(part, Tensor) and part.requires_grad and seed is not None:
                parts.append(part)
                seeds.append(Tensor(np.asarray(seed, dtype=part.dtype).reshape(part.shape)))
        if not parts:
            return structured(np.zeros_like(t.data) for t in inputs)
        # retain_graph: a vjp function may be called again (one row of a Jacobian each time).
        grads = autograd.grad(
            parts, inputs, grad_outputs=seeds, retain_graph=True, allow_unused=True
        )
        return structured(
            np.zeros_like(t.data) if g is None else g.data for g, t in zip(grads, inputs)
        )

    return _plain_structure(out), backward


def _flat_like(seed, out):
    """``seed`` flattened as :func:`_flat` flattens ``out`` (None for a whole part)."""
    if isinstance(out, (list, tuple)):
        if seed is None:
            return [None] * len(_flat(out))
        return [s for part, item in zip(seed, out) for s in _flat_like(part, item)]
    if isinstance(out, dict):
        if seed is None:
            return [None] * len(_flat(out))
        return [s for key, item in out.items() for s in _flat_like(seed.get(key), item)]
    return [seed]


def _plain_structure(value):
    """The output with every Tensor in it replaced by its value."""
    if isinstance(value, (list, tuple)):
        return type(value)(_plain_structure(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain_structure(item) for key, item in value.items()}
    return _plain(value.data) if isinstance(value, Tensor) else value


def _plain(data):
    return data[()] if isinstance(data, np.ndarray) and data.ndim == 0 else data
