"""Backward nodes: what ``tensor.grad_fn`` is.

A node stands for one recorded operation. Its ``_edges`` point at the nodes (or leaf
Tensors) that produced its inputs, as ``(target, output_nr)`` pairs, ``None`` for an
input that needs no gradient. ``OpNode`` calls the derivative rules of a primitive from
:mod:`srcgrad.rules`; ``srcgrad.tape.function`` defines the node of a custom ``Function``.
Each node class is named like PyTorch's (``MulBackward0``) so that ``repr(t.grad_fn)``
reads ``<MulBackward0 object at 0x...>``.
"""

from __future__ import annotations

import weakref

import numpy as np

from .grad_mode import _mode
from .stale import StaleValue, freed, substitute
from .strict import user_line

__all__ = ["Node", "AccumulateGrad", "OpNode", "FREED_MESSAGE"]

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class Node:
    """A recorded operation, seen from the backward pass."""

    __slots__ = ("_edges", "_pre_hooks", "_retained", "_out_meta", "__weakref__")

    def name(self) -> str:
        """The node's name, e.g. ``'MulBackward0'``."""
        return type(self).__name__

    @property
    def next_functions(self) -> tuple:
        """``(node, output_nr)`` for each tensor input; ``(None, 0)`` where none is needed."""
        result = []
        for edge in self._edges:
            if edge is None:
                result.append((None, 0))
            elif isinstance(edge[0], Node):
                result.append(edge)
            else:
                result.append((accumulator_of(edge[0]), 0))
        return tuple(result)

    def register_prehook(self, hook, output_nr: int = 0):
        """Run ``hook(grad)`` on the gradient of output ``output_nr`` before this node."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        entry = (output_nr, hook)
        self._pre_hooks.append(entry)
        return _RemovableHandle(self._pre_hooks, entry)

    def __repr__(self) -> str:
        return f"<{self.name()} object at {hex(id(self))}>"

    def _release(self) -> None:
        """Drop saved values once backward is done with them (unless retain_graph)."""


class AccumulateGrad(Node):
    """The node a leaf's gradient flows into; shown in ``next_functions``."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        self.variable = variable
        self._edges = ()
        self._pre_hooks = None
        self._retained = None
        self._out_meta = None


def accumulator_of(leaf) -> AccumulateGrad:
    """The leaf's AccumulateGrad node (the same object while anyone holds it)."""
    ref = leaf._accumulator
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(leaf)
        leaf._accumulator = weakref.ref(node)
    return node


class _RemovableHandle:
    __slots__ = ("_hooks", "_entry")

    def __init__(self, hooks: list, entry):
        self._hooks = hooks
        self._entry = entry

    def remove(self) -> None:
        """Unregister the hook (a second call does nothing)."""
        if self._entry in self._hooks:
            self._hooks.remove(self._entry)


def describe_array(value) -> str:
    return f"[{np.asarray(value).dtype} array of shape {np.shape(value)}]"


# Where the latest in-place writes happened, by version counter: the counter itself (so a
# reused id is never mistaken for it) and the user's "file:line". A few are kept.
_WRITES: dict = {}
_KEPT_WRITES = 64


def count_write(tensor) -> None:
    """Note an in-place write into ``tensor``: its version goes up, and with gradients
    being recorded the user's line is kept for the error a stale saved value raises."""
    counter = tensor._version
    counter[0] += 1
    if _mode.enabled:
        where, _ = user_line()
        if where:
            _WRITES.pop(id(counter), None)
            _WRITES[id(counter)] = (counter, where)
            if len(_WRITES) > _KEPT_WRITES:
                del _WRITES[next(iter(_WRITES))]


def version_message(
    what: str, owner: str, found: int, expected: int, user: str, counter=None
) -> str:
    entry = _WRITES.get(id(counter))
    written = f" (last changed in place at {entry[1]})" if entry and entry[0] is counter else ""
    return (
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: {what}{owner}, is at version {found}; expected version "
        f"{expected} instead{written}. Hint: {user} saved this value for backward; copy it "
        "before changing it in place, or write the update out of place (x = x + 1, not "
        "x += 1)."
    )


def check_saved(saved, user: str) -> None:
    """Raise if a saved tensor changed since it was saved. ``saved``: (tensor, version)."""
    for tensor, version in saved:
        found = tensor._version[0]
        if found != version:
            fn = tensor._grad_fn
            owner = f", which is output {tensor._nr} of {fn.name()}" if fn is not None else ""
            raise RuntimeError(
                version_message(
                    describe_array(tensor._data), owner, found, version, user, tensor._version
                )
            )


class OpNode(Node):
    """The backward of one call of a primitive that has rules in :mod:`srcgrad.rules`.

    ``_args``/``_kwargs`` keep the call's arguments as given (Tensors included: used when
    ``create_graph=True``); ``_raw``/``_raw_kwargs`` the same with arrays in place of
    Tensors (the fast path). Arguments no called rule reads are stored as None.
    ``_calls`` lists ``(edge_index, rule_fn, slot)``: for a per-parameter rule ``slot`` is
    None; for an all-arguments rule it picks ``(position, list_index)`` from its tuple.
    """

    __slots__ = (
        "_rule",
        "_calls",
        "_args",
        "_kwargs",
        "_raw",
        "_raw_kwargs",
        "_saved",
        "_ans",
        "_ans_version",
    )

    def _apply(self, grad, create_graph: bool, needed) -> list:
        """The gradient for each edge (None where not needed), from the output gradient."""
        if create_graph:
            # the gradients are Tensors here: one of them makes the output's Tensor
            like = grad[0] if isinstance(grad, tuple) else grad
            args, kwargs, ans = self._args, self._kwargs, self._ans_tensor(like)
        else:
            args, kwargs, ans = self._raw, self._raw_kwargs, self._ans
        for tensor, version in self._saved:
            if tensor._version[0] != version:
                args, kwargs, ans = self._guard(args, kwargs, ans)
                break
        else:
            if self._ans_version is not None:
                args, kwargs, ans = self._guard(args, kwargs, ans)
        edges = self._edges
        result = [None] * len(edges)
        all_grads = None
        for index, fn, slot in self._calls:
            if needed is not None and edges[index][0] not in needed:
                continue
            if slot is None:
                result[index] = fn(grad, ans, *args, **kwargs)
                continue
            if all_grads is None:
                all_grads = fn(grad, ans, *args, **kwargs)
            position, item = slot
            value = all_grads[position]
            result[index] = value if item is None or value is None else value[item]
        return result

    def _guard(self, args, kwargs, ans):
        """Swap saved values modified in place since for StaleValue stand-ins."""
        name = self.name()
        stale = {}
        for tensor, version in self._saved:
            found = tensor._version[0]
            if found != version:
                fn = tensor._grad_fn
                owner = f", which is output {tensor._nr} of {fn.name()}" if fn is not None else ""
                error = version_message(
                    describe_array(tensor._data), owner, found, version, name, tensor._version
                )
                stale[id(tensor)] = StaleValue(tensor._data.shape, tensor._data.dtype, error)
        if stale:
            args = substitute(self._args, args, stale)
            kwargs = {key: substitute(self._kwargs[key], kwargs[key], stale) for key in kwargs}
        if self._ans_version is not None:
            multi = isinstance(self._ans, tuple)
            answers = list(self._ans) if multi else [self._ans]
            chosen = list(ans) if multi else [ans]
            for nr, (counter, expected) in enumerate(self._ans_version):
                if counter[0] != expected:
                    owner = f", which is output {nr} of {name}"
                    what = describe_array(answers[nr])
                    error = version_message(what, owner, counter[0], expected, name, counter)
                    chosen[nr] = StaleValue(np.shape(answers[nr]), answers[nr].dtype, error)
            ans = tuple(chosen) if multi else chosen[0]
        return args, kwargs, ans

    def _ans_tensor(self, like):
        """The saved output as Tensor(s) of this node (made by the Tensor ``like``)."""
        if self._ans is None or isinstance(self._ans, StaleValue):
            return self._ans
        if isinstance(self._ans, tuple):
            return tuple(like._new_tensor(a, self, True, nr) for nr, a in enumerate(self._ans))
        return like._new_tensor(self._ans, self, True, 0)

    def _release(self) -> None:
        """Keep only shapes: a later backward that needs values raises FREED_MESSAGE."""
        self._args = self._raw = freed(self._raw, FREED_MESSAGE)
        if self._kwargs:
            self._kwargs = {k: freed(v, FREED_MESSAGE) for k, v in self._kwargs.items()}
            self._raw_kwargs = {k: freed(v, FREED_MESSAGE) for k, v in self._raw_kwargs.items()}
        if self._ans is not None:
            self._ans = freed(self._ans, FREED_MESSAGE)
        self._saved, self._ans_version = (), None


_NODE_CLASSES: dict[str, type] = {}


def node_class(name: str) -> type:
    """The OpNode subclass named ``name`` (made once), so ``type(grad_fn).__name__`` reads
    like PyTorch's."""
    cls = _NODE_CLASSES.get(name)
    if cls is None:
        cls = _NODE_CLASSES[name] = type(name, (OpNode,), {"__slots__": ()})
    return cls
