"""Running a function on the tape from outside it: the one way every part of srcgrad does.

:func:`vjp_on_tape` runs ``fn`` with some of its arguments entered as Tensors and returns
its output and a vector-Jacobian product. Everything that runs user code on the tape calls
it: the gradient's tape mode and fallback (``gradient.py``), a tape island inside compiled
code (``compiler/runtime/islands.py``), a transform taken while the tape records an outer
derivative (``compose.py``), and the Jacobians and Hessians computed on the tape
(:func:`jacobians_on_tape`, ``forward_api.py``, ``second_order.py``).

>>> out, backward = vjp_on_tape(lambda x, y: x * y, (2.0, 3.0), (0,))
>>> plain(out), backward(1.0)
(np.float64(6.0), (array(3.),))
"""

from __future__ import annotations

import numpy as np

from . import autograd
from .tape import Tensor
from .tape.standin import call_standing_in

__all__ = ["vjp_on_tape", "jacobians_on_tape", "leaf_and_copy", "plain"]


def leaf_and_copy(value):
    """A leaf Tensor holding ``value`` as floats (sharing its memory when it already is
    floating), and the non-leaf copy the function is given: in-place updates such as
    ``y += 1`` then work on the copy (and are recorded) instead of failing on a leaf or
    touching the caller's array. The copy of a Python or NumPy scalar stands for it: it
    is immutable under ``+=`` and passes ``isinstance(x, float)`` inside
    :func:`~srcgrad.tape.standin.call_standing_in`."""
    data = np.asarray(value)
    if data.dtype.kind not in "fc":
        data = data.astype(np.float64)
    leaf = Tensor(data, requires_grad=True)
    copy = np.copy(leaf)
    if isinstance(value, (bool, int, float, complex, np.generic)):
        copy._scalar_type = type(value)
    return leaf, copy


def _enter(value, structured: bool, create_graph: bool):
    """``(inputs, copy)``: the Tensors derivatives are taken with respect to, in ``value``'s
    structure (lists, tuples and dicts nest when ``structured``), and what ``fn`` is given.

    With ``create_graph`` a Tensor an outer derivative tracks becomes a new node on top of
    it (``x + 0``): the inner derivative is taken with respect to this use alone, while the
    outer one still flows through it (no perturbation confusion). Without it, such a
    Tensor is refused by ``np.asarray`` (its gradient would be lost)."""
    if structured and isinstance(value, (list, tuple)):
        pairs = [_enter(item, structured, create_graph) for item in value]
        return _same_sequence(value, [p[0] for p in pairs]), _same_sequence(
            value, [p[1] for p in pairs]
        )
    if structured and isinstance(value, dict):
        pairs = {key: _enter(item, structured, create_graph) for key, item in value.items()}
        return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
    if create_graph and isinstance(value, Tensor):
        if value.requires_grad:
            node = value + 0.0
            copy = np.copy(node)
        else:
            node, copy = leaf_and_copy(value.detach())
        copy._scalar_type = value._scalar_type
        return node, copy
    return leaf_and_copy(value)


def _same_sequence(original, items):
    """``items`` in a sequence of ``original``'s type (a named tuple's too)."""
    if type(original) is list or type(original) is tuple:
        return type(original)(items)
    if hasattr(original, "_fields"):
        return type(original)(*items)
    return type(original)(items)


def _flat(value) -> list:
    """The items of a structure of lists, tuples and dicts, in order."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _flat(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _flat(item)]
    return [value]


def _shaped(structure, items):
    """``items`` (one per item of ``structure``, in :func:`_flat`'s order) in that structure."""
    items = iter(items)

    def build(part):
        if isinstance(part, (list, tuple)):
            return _same_sequence(part, [build(item) for item in part])
        if isinstance(part, dict):
            return {key: build(item) for key, item in part.items()}
        return next(items)

    return build(structure)


def _flat_like(seed, out) -> list:
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


def _seed(seed, part, create_graph: bool):
    """The output gradient for the Tensor ``part``: with ``create_graph`` a Tensor seed is
    kept (an outer derivative may follow it); anything else becomes a constant of
    ``part``'s dtype and shape (``np.asarray`` refuses a seed whose gradient it would lose)."""
    if create_graph and isinstance(seed, Tensor):
        return seed if seed.shape == part.shape else seed.reshape(part.shape)
    return Tensor(np.asarray(seed, dtype=part.dtype).reshape(part.shape))


def vjp_on_tape(
    fn, args, wrt, kwargs=None, *, call_form=None, create_graph=False, structured=True
):
    """Run ``fn(*args, **kwargs)`` on the tape with the arguments named in ``wrt``
    (positions and keywords) differentiated; return ``(out, backward)``. With
    ``call_form``, ``args`` hold one value per parameter (``wrt`` counts them) and
    ``call_form(args)`` gives the ``(args, kwargs)`` of the call.

    ``out`` is what ``fn`` returned, Tensors included (:func:`plain` gives its values).
    ``backward(seed)``, with ``seed`` in ``out``'s structure (a part whose seed is None
    takes no part), returns one gradient per ``wrt`` entry, in that argument's structure:
    NumPy arrays, or with ``create_graph`` Tensors that an outer derivative can follow. A
    gradient is zero only where ``out`` does not depend on the argument. ``backward`` can
    run again (one row of a Jacobian each time).

    With ``structured`` a list, tuple or dict argument enters element by element and gets
    a gradient of its structure; without, every argument enters as one array (a Jacobian
    needs one). Inside ``fn`` the Tensors stand for the values they replace
    (:mod:`srcgrad.tape.standin`): converting one to a plain number raises
    :class:`~srcgrad.tape.GradientLostError` instead of losing its gradient.
    """
    args, kwargs = list(args), dict(kwargs or {})
    structures = []
    for key in wrt:
        if isinstance(key, int):
            inputs, args[key] = _enter(args[key], structured, create_graph)
        else:
            inputs, kwargs[key] = _enter(kwargs[key], structured, create_graph)
        structures.append(inputs)
    if call_form is not None:
        args, kwargs = call_form(args)
    out = call_standing_in(fn, args, kwargs, wrt)
    inputs = [tensor for structure in structures for tensor in _flat(structure)]

    def backward(seed):
        parts, seeds = [], []
        for part, part_seed in zip(_flat(out), _flat_like(seed, out)):
            if isinstance(part, Tensor) and part.requires_grad and part_seed is not None:
                parts.append(part)
                seeds.append(_seed(part_seed, part, create_graph))
        grads = [None] * len(inputs)
        if parts:
            grads = autograd.grad(
                parts,
                inputs,
                grad_outputs=seeds,
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
        grads = [_zero_if_unused(g, x, create_graph) for g, x in zip(grads, inputs)]
        result = []
        for structure in structures:
            count = len(_flat(structure))
            result.append(_shaped(structure, grads[:count]))
            del grads[:count]
        return tuple(result)

    return out, backward


def _zero_if_unused(grad, tensor, create_graph: bool):
    if grad is None:
        zeros = np.zeros_like(tensor.data)
        return Tensor(zeros) if create_graph else zeros
    return grad if create_graph else grad.data


def jacobians_on_tape(fn, args, positions, create_graph=False):
    """``(out, [Jacobian of out with respect to each argument at positions])``, each of
    shape ``out.shape + argument.shape``, by one backward pass per element of ``out``
    (Tensors that an outer derivative can follow with ``create_graph``); ``out`` is an
    array (0-d for a number)."""
    out, backward = vjp_on_tape(fn, args, positions, create_graph=create_graph, structured=False)
    if isinstance(out, (tuple, list)):
        qualname = getattr(fn, "__qualname__", repr(fn))
        raise TypeError(
            f"{qualname} returns a {type(out).__name__}; a Jacobian here needs one array output"
        )
    out_shape = tuple(np.shape(out))
    size = int(np.prod(out_shape))
    rows = [[] for _ in positions]
    for i in range(size):
        seed = np.zeros(size, dtype=out.dtype if isinstance(out, Tensor) else float)
        seed[i] = 1.0
        for row, grad in zip(rows, backward(seed.reshape(out_shape))):
            row.append(grad)
    jacobians = []
    for row, position in zip(rows, positions):
        shape = out_shape + np.shape(args[position])
        if create_graph:
            stacked = np.stack(row) if row else Tensor(np.zeros(shape))
            jacobians.append(stacked.reshape(shape))
        else:
            jacobians.append(np.stack(row).reshape(shape) if row else np.zeros(shape))
    return (out.data if isinstance(out, Tensor) else out), jacobians


def plain(value):
    """``value`` with every Tensor in it (inside lists, tuples and dicts too) replaced by
    its array, or its number for a 0-d Tensor."""
    if isinstance(value, (list, tuple)):
        return _same_sequence(value, [plain(item) for item in value])
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Tensor):
        data = value.data
        return data[()] if data.ndim == 0 else data
    return value
