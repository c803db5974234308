"""Custom differentiable operations: ``srcgrad.autograd.Function``.

>>> class Exp(Function):
...     @staticmethod
...     def forward(ctx, x):
...         result = np.exp(x)
...         ctx.save_for_backward(result)
...         return result
...     @staticmethod
...     def backward(ctx, grad_output):
...         (result,) = ctx.saved_tensors
...         return grad_output * result
>>> y = Exp.apply(x)

``forward`` runs with grad mode off and may return a Tensor, an array or a tuple of them;
``backward`` gets one gradient (a Tensor) per output and returns one per input of
``forward`` (None where there is none). With ``create_graph=True`` backward runs with
grad mode on, so what it computes from Tensors is itself recorded.
"""

from __future__ import annotations

import numpy as np

from ..rules.registry import user_rule, vjp_rule_all
from .grad_mode import _mode
from .node import FREED_MESSAGE, Node, check_saved
from .tensor import Tensor, make_tensor

__all__ = ["Function", "FunctionCtx"]


class _SavedOutput:
    """An output saved for backward, kept without a reference cycle to its tensor."""

    __slots__ = ("data", "version", "expected", "nr")

    def __init__(self, tensor):
        self.data, self.version = tensor._data, tensor._version
        self.expected, self.nr = tensor._version[0], tensor._nr


class FunctionCtx(Node):
    """The ``ctx`` of a custom Function; also its node in the graph (``grad_fn``)."""

    __slots__ = ("_saved", "_released", "_non_differentiable", "needs_input_grad", "__dict__")
    _function: type

    def __init__(self):
        self._edges = ()
        self._pre_hooks = self._retained = None
        self._out_meta = ((), None)
        self._saved = ()
        self._released = False
        self._non_differentiable = set()
        self.needs_input_grad = ()

    def save_for_backward(self, *tensors) -> None:
        """Keep these tensors (inputs or outputs) for ``backward``; see ``saved_tensors``."""
        self._saved = tuple(
            (t, t._version[0]) if isinstance(t, Tensor) else (t, None) for t in tensors
        )

    @property
    def saved_tensors(self) -> tuple:
        """The tensors given to ``save_for_backward``; raises if one was modified in place."""
        if self._released:
            raise RuntimeError(FREED_MESSAGE)
        result = []
        for value, version in self._saved:
            if isinstance(value, _SavedOutput):
                tensor = make_tensor(value.data, self, True, value.nr)
                tensor._version = value.version
                check_saved([(tensor, value.expected)], self.name())
                result.append(tensor)
            else:
                if version is not None:
                    check_saved([(value, version)], self.name())
                result.append(value)
        return tuple(result)

    def mark_non_differentiable(self, *tensors) -> None:
        """Declare outputs that get no gradient (indices, masks)."""
        self._non_differentiable.update(id(t) for t in tensors)

    def _apply(self, grad, create_graph: bool, needed) -> list:
        outputs = grad if len(self._out_meta) > 1 else (grad,)
        grads = [g if isinstance(g, Tensor) else make_tensor(np.asarray(g)) for g in outputs]
        result = self._function.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        expected = len(self._edges)
        if len(result) > expected and all(g is None for g in result[expected:]):
            result = result[:expected]
        if len(result) != expected:
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients "
                f"(expected {expected}, got {len(result)})"
            )
        return [
            None if edge is None or (needed is not None and edge[0] not in needed) else g
            for edge, g in zip(self._edges, result, strict=True)
        ]

    def _release(self) -> None:
        self._saved = ()
        self._released = True


_BACKWARD_CLASSES: dict = {}


class Function:
    """Base class for operations with a hand-written backward; call them with ``apply``."""

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("a Function subclass must implement forward(ctx, *args)")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("a Function subclass must implement backward(ctx, *grads)")

    @classmethod
    def srcgrad_primitive(cls):
        """The plain function compiled code calls for ``cls.apply``: ``forward`` on
        arrays, with a rule in the rules table that runs ``forward`` again and then
        ``backward`` (on arrays: gradients come in and go out as NumPy values)."""
        primitive = _PRIMITIVES.get(cls)
        if primitive is None:
            primitive = _PRIMITIVES[cls] = _primitive_for(cls)
        return primitive

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run ``forward`` and, when an input requires grad, record it in the graph."""
        node_cls = _BACKWARD_CLASSES.get(cls)
        if node_cls is None:
            attributes = {"__slots__": (), "_function": cls}
            node_cls = type(f"{cls.__name__}Backward", (FunctionCtx,), attributes)
            _BACKWARD_CLASSES[cls] = node_cls
        ctx = node_cls()
        enabled = _mode.enabled
        needs = tuple(enabled and isinstance(a, Tensor) and a._requires_grad for a in args)
        ctx.needs_input_grad = needs
        _mode.enabled = False
        try:
            out = cls.forward(ctx, *args, **kwargs)
        finally:
            _mode.enabled = enabled
        single = not isinstance(out, tuple)
        outputs = [_as_tensor(item) for item in ((out,) if single else out)]
        if any(needs):
            outputs = _attach(ctx, args, outputs)
        return outputs[0] if single else tuple(outputs)


_PRIMITIVES: dict = {}


def _primitive_for(cls):
    def run_forward(args, kwargs):
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, (float, np.ndarray)) for a in args)
        enabled = _mode.enabled
        _mode.enabled = False
        try:
            out = cls.forward(ctx, *args, **kwargs)
        finally:
            _mode.enabled = enabled
        return ctx, _plain(out)

    def primitive(*args, **kwargs):
        return run_forward(args, kwargs)[1]

    primitive.__name__ = primitive.__qualname__ = f"{cls.__name__}_apply"

    def backward(g, ans, *args, **kwargs):
        ctx, _ = run_forward(args, kwargs)
        grads = cls.backward(ctx, *(g if isinstance(ans, tuple) else (g,)))
        grads = grads if isinstance(grads, tuple) else (grads,)
        grads = tuple(_plain(item) for item in grads[: len(args)])
        return grads + (None,) * (len(args) - len(grads))

    backward.__name__ = backward.__qualname__ = f"{cls.__name__}_backward"
    vjp_rule_all(primitive, name=f"{cls.__name__}Backward")(backward)
    user_rule(primitive)
    return primitive


def _plain(value):
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value._data if isinstance(value, Tensor) else value


def _as_tensor(value):
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (np.ndarray, np.generic, float, int, complex)):
        return make_tensor(np.asarray(value))
    return value


def _attach(ctx, args, outputs) -> list:
    ctx._edges = tuple(
        ((a._grad_fn, a._nr) if a._grad_fn is not None else (a, 0))
        if isinstance(a, Tensor) and a._requires_grad
        else None
        for a in args
    )
    inputs = {id(a) for a in args if isinstance(a, Tensor)}
    result, meta = [], []
    for nr, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            result.append(out)
            meta.append(((), np.dtype(np.float64)))
            continue
        meta.append((out._data.shape, out._data.dtype))
        if id(out) in ctx._non_differentiable or out._data.dtype.kind not in "fc":
            result.append(out)
            continue
        if id(out) in inputs or out._grad_fn is not None or out._requires_grad:
            fresh = make_tensor(out._data, ctx, True, nr)
            fresh._version = out._version
            out = fresh
        else:
            out._grad_fn, out._requires_grad, out._nr = ctx, True, nr
        result.append(out)
    ctx._out_meta = tuple(meta)
    produced = {
        id(original): out
        for original, out in zip(outputs, result, strict=True)
        if isinstance(out, Tensor) and out._grad_fn is ctx and id(original) not in inputs
    }
    saved = []
    for value, version in ctx._saved:
        output = produced.get(id(value))
        saved.append((_SavedOutput(output), None) if output is not None else (value, version))
    ctx._saved = tuple(saved)
    return result
