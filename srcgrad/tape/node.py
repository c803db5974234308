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


def version_error(what: str, owner: str, found: int, expected: int, user: str):
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an "
        f"inplace operation: {what}{owner}, is at version {found}; expected version "
        f"{expected} instead. Hint: {user} saved this value for backward; copy it before "
        "changing it in place, or write the update out of place (x = x + 1, not x += 1)."
    )


def check_saved(saved, user: str) -> None:
    """Raise if a saved tensor changed since it was saved. ``saved``: (tensor, version)."""
    for tensor, version in saved:
        found = tensor._version[0]
        if found != version:
            fn = tensor._grad_fn
            owner = f", which is output {tensor._nr} of {fn.name()}" if fn is not None else ""
            raise version_error(describe_array(tensor._data), owner, found, version, user)


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
        "_holds",
    )

    def _check(self) -> None:
        if self._raw is None:
            raise RuntimeError(FREED_MESSAGE)
        if self._saved:
            check_saved(self._saved, self.name())
        if self._ans_version is not None:
            for nr, (counter, expected) in enumerate(self._ans_version):
                if counter[0] != expected:
                    ans = self._ans[nr] if isinstance(self._ans, tuple) else self._ans
                    owner = f", which is output {nr} of {self.name()}"
                    raise version_error(
                        describe_array(ans), owner, counter[0], expected, self.name()
                    )

    def _apply(self, grad, create_graph: bool, needed) -> list:
        """The gradient for each edge (None where not needed), from the output gradient."""
        self._check()
        if create_graph:
            args, kwargs, ans = self._args, self._kwargs, self._ans_tensor()
        else:
            args, kwargs, ans = self._raw, self._raw_kwargs, self._ans
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

    def _ans_tensor(self):
        if self._ans is None:
            return None
        from .tensor import make_tensor

        if isinstance(self._ans, tuple):
            return tuple(make_tensor(a, self, True, nr) for nr, a in enumerate(self._ans))
        return make_tensor(self._ans, self, True, 0)

    def _release(self) -> None:
        if self._holds:
            self._args = self._kwargs = self._raw = self._raw_kwargs = None
            self._ans = self._ans_version = None
            self._saved = ()


_NODE_CLASSES: dict[str, type] = {}


def node_class(name: str) -> type:
    """The OpNode subclass named ``name`` (made once), so ``type(grad_fn).__name__`` reads
    like PyTorch's."""
    cls = _NODE_CLASSES.get(name)
    if cls is None:
        cls = _NODE_CLASSES[name] = type(name, (OpNode,), {"__slots__": ()})
    return cls
