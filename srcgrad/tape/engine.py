"""The backward pass: walk the graph from the outputs and apply each node once.

1. Collect every node reachable from the roots and count, for each, how many edges lead
   into it (iteratively: graphs of any depth work).
2. Order them so that a node runs only after every node that sends it a gradient.
3. When only some tensors' gradients are wanted (``inputs=`` or ``autograd.grad``), mark
   the nodes that lead to them and skip the rest.
4. Run: sum the gradients that reach a node, call its hooks, apply it (the derivative
   rules, only for edges that need a gradient) and pass the results on. A leaf
   accumulates into ``.grad``; requested tensors are captured.

With ``create_graph=False`` gradients are plain ndarrays throughout; with
``create_graph=True`` they are Tensors and the pass itself is recorded. The Tensors the pass
makes (gradients, and what hooks receive) are made by the Tensors it was given
(``like._new_tensor``): the engine sits below the Tensor class, whose ``backward`` calls it.
"""

from __future__ import annotations

import numpy as np

from ..result_checks import ComplexGradientError
from .grad_mode import _mode
from .node import Node
from .tensor_base import TensorBase

__all__ = ["backward", "grad"]


def _as_tuple(value) -> tuple:
    if isinstance(value, (TensorBase, np.ndarray, np.generic, float, int)):
        return (value,)
    return tuple(value)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the graph's leaves.

    >>> y = (x * x).sum(); srcgrad.autograd.backward(y); x.grad
    """
    tensors = _as_tuple(tensors)
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    roots = _root_grads(tensors, grad_tensors, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    _run(tensors, roots, retain, create_graph, inputs, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False) -> tuple:  # fmt: skip
    """The gradients of ``outputs`` with respect to ``inputs``, as a tuple (no ``.grad``
    is touched).

    >>> (dx,) = srcgrad.autograd.grad((x**3).sum(), x, create_graph=True)
    """
    outputs, inputs = _as_tuple(outputs), _as_tuple(inputs)
    for value in (*outputs, *inputs):
        if not isinstance(value, TensorBase):
            raise TypeError(
                f"autograd.grad takes Tensors, got a {type(value).__name__}; an output that "
                "is a plain number does not depend on any Tensor"
            )
    for tensor in inputs:
        if not tensor._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = _root_grads(outputs, grad_outputs, create_graph)
    retain = create_graph if retain_graph is None else retain_graph
    captured = _run(outputs, roots, retain, create_graph, inputs, accumulate=False)
    result = []
    for position in range(len(inputs)):
        value = captured.get(position)
        if value is None and not allow_unused:
            raise RuntimeError(
                "One of the differentiated Tensors appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
        result.append(None if value is None else _tensor(value, inputs[position]))
    return tuple(result)


def _root_grads(outputs, grad_outputs, create_graph) -> list:
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
        if len(grad_outputs) != len(outputs):
            raise RuntimeError(f"got {len(outputs)} tensors and {len(grad_outputs)} gradients")
    roots = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs, strict=True)):
        if not out._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            g = np.ones_like(out._data)
        elif np.shape(g._data if isinstance(g, TensorBase) else g) != out._data.shape:
            shape = np.shape(g._data if isinstance(g, TensorBase) else g)
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {shape} and output[{i}] "
                f"has a shape of {out._data.shape}."
            )
        if create_graph:
            roots.append(_tensor(g, out))
        else:
            roots.append(np.asarray(g._data if isinstance(g, TensorBase) else g))
    return roots


def _entry(tensor):
    return (tensor._grad_fn, tensor._nr) if tensor._grad_fn is not None else (tensor, 0)


def _order(starts) -> list:
    """Nodes and leaves reachable from ``starts``, each after all that feed it."""
    deps: dict = {}
    seen = set(starts)
    stack = list(seen)
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            for edge in item._edges:
                if edge is not None:
                    target = edge[0]
                    deps[target] = deps.get(target, 0) + 1
                    if target not in seen:
                        seen.add(target)
                        stack.append(target)
    ready = [item for item in dict.fromkeys(starts) if item not in deps]
    order = []
    while ready:
        item = ready.pop()
        order.append(item)
        if isinstance(item, Node):
            for edge in item._edges:
                if edge is not None:
                    target = edge[0]
                    left = deps[target] - 1
                    deps[target] = left
                    if left == 0:
                        ready.append(target)
    return order


def _needed(order, capture) -> tuple[set, set]:
    """(items to apply or accumulate, items that must receive a gradient)."""
    apply, receive = set(), set()
    capture_nodes = {key[0] for key in capture if isinstance(key, tuple)}
    for item in reversed(order):
        if isinstance(item, Node):
            if any(edge is not None and edge[0] in receive for edge in item._edges):
                apply.add(item)
                receive.add(item)
            elif item in capture_nodes:
                receive.add(item)
        elif item in capture:
            apply.add(item)
            receive.add(item)
    return apply, receive


def _run(roots, root_grads, retain_graph, create_graph, inputs, accumulate) -> dict:
    entries = [_entry(tensor) for tensor in roots]
    order = _order([target for target, _ in entries])
    capture = None
    apply = receive = None
    if inputs is not None:
        capture = {}
        for position, tensor in enumerate(inputs):
            key = tensor if tensor._grad_fn is None else (tensor._grad_fn, tensor._nr)
            capture.setdefault(key, []).append((position, tensor))
        apply, receive = _needed(order, capture)
    buffers: dict = {}
    for (target, nr), g in zip(entries, root_grads, strict=True):
        _add(buffers, target, nr, g)
    captured: dict = {}
    like = roots[0]
    previous = _mode.enabled
    _mode.enabled = create_graph
    try:
        for item in order:
            g = buffers.pop(item, None)
            if g is None:
                continue
            if isinstance(item, Node):
                if _run_node(item, g, buffers, create_graph, capture, apply, receive,
                             accumulate, captured, like) and not retain_graph:  # fmt: skip
                    item._release()
            elif capture is None:
                _accumulate(item, _leaf_hooks(item, g, create_graph), create_graph)
            elif item in capture:
                g = _leaf_hooks(item, g, create_graph)
                _deliver(capture[item], g, accumulate, create_graph, captured)
    finally:
        _mode.enabled = previous
    return captured


def _run_node(node, g, buffers, create_graph, capture, apply, receive, accumulate, captured,
              like):  # fmt: skip
    outputs = len(node._out_meta)
    grads = [g] if outputs == 1 else _fill(g, node._out_meta, create_graph, like)
    if node._pre_hooks:
        for nr, hook in list(node._pre_hooks):
            grads[nr] = _call_hook(hook, grads[nr], create_graph, like)
    if node._retained:
        for nr, ref in node._retained:
            tensor = ref()
            if tensor is not None:
                _accumulate(tensor, grads[nr], create_graph)
    if capture is not None:
        for nr in range(outputs):
            wanted = capture.get((node, nr))
            if wanted:
                _deliver(wanted, grads[nr], accumulate, create_graph, captured)
        if node not in apply:
            return False
    results = node._apply(grads[0] if outputs == 1 else tuple(grads), create_graph, receive)
    for index, (edge, value) in enumerate(zip(node._edges, results, strict=True)):
        if value is None or edge is None:
            continue
        target, nr = edge
        value = _validate(value, target, nr, node, index, create_graph, like)
        _add(buffers, target, nr, value)
    return True


def _fill(g, meta, create_graph, like) -> list:
    grads = list(g)
    for nr, value in enumerate(grads):
        if value is None:
            shape, dtype = meta[nr]
            zeros = np.zeros(shape, dtype)
            grads[nr] = like._new_tensor(zeros) if create_graph else zeros
    return grads


def _add(buffers, target, nr, value) -> None:
    if isinstance(target, Node) and len(target._out_meta) > 1:
        slots = buffers.get(target)
        if slots is None:
            slots = buffers[target] = [None] * len(target._out_meta)
        slots[nr] = value if slots[nr] is None else slots[nr] + value
        return
    previous = buffers.get(target)
    buffers[target] = value if previous is None else previous + value


def _validate(value, target, nr, node, index, create_graph, like):
    if isinstance(target, Node):
        shape, dtype = target._out_meta[nr]
    else:
        shape, dtype = target._data.shape, target._data.dtype
    if create_graph:
        value = _tensor(value, like)
        found = value._data.shape
    else:
        if isinstance(value, TensorBase):
            value = value._data
        found = np.shape(value)
    if found != shape:
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient at index {index} - got "
            f"{list(found)} but expected shape compatible with {list(shape)}"
        )
    if dtype is not None and dtype.kind == "f" and np.iscomplexobj(value):
        raise ComplexGradientError(
            f"Function {node.name()} returned a complex gradient for a real value: the "
            "computation passes through complex numbers, whose derivatives srcgrad's rules "
            "do not follow (taking the real part would give a wrong number). Keep the "
            "computation real, e.g. with real and imaginary parts as separate arrays"
        )
    if not create_graph and (type(value) is not np.ndarray or value.dtype != dtype):
        value = np.asarray(
            value, dtype=dtype if dtype is not None and dtype.kind in "fc" else None
        )
    return value


def _tensor(value, like):
    """``value`` as a Tensor (made by the Tensor ``like`` when it is not one)."""
    return value if isinstance(value, TensorBase) else like._new_tensor(np.asarray(value))


def _call_hook(hook, g, create_graph, like):
    result = hook(_tensor(g, like))
    if result is None:
        return g
    if create_graph:
        return _tensor(result, like)
    return np.asarray(result._data if isinstance(result, TensorBase) else result)


def _leaf_hooks(leaf, g, create_graph):
    if leaf._hooks:
        for hook in list(leaf._hooks):
            g = _call_hook(hook, g, create_graph, leaf)
    return g


def _deliver(wanted, g, accumulate, create_graph, captured) -> None:
    for position, tensor in wanted:
        if accumulate:
            _accumulate(tensor, g, create_graph)
        else:
            captured[position] = g if create_graph else np.array(g)


def _accumulate(tensor, g, create_graph) -> None:
    """AccumulateGrad: the first gradient is stored as a new Tensor, later ones added."""
    old = tensor._grad
    if create_graph:
        g = _tensor(g, tensor)
        if old is None:
            fresh = tensor._new_tensor(g._data.copy(), g._grad_fn, g._requires_grad, g._nr)
            tensor._grad = fresh
        else:
            tensor._grad = old + g
        return
    if isinstance(g, TensorBase):
        g = g._data
    if old is None:
        dtype = tensor._data.dtype
        tensor._grad = tensor._new_tensor(np.array(g, dtype=dtype if dtype.kind in "fc" else None))
    elif old._requires_grad:
        tensor._grad = old + g
    else:
        np.add(old._data, g, out=old._data, casting="same_kind")
        old._version[0] += 1
