"""The tape engine: ``Tensor``, the backward engine, custom ``Function``, grad modes.

A dynamic-graph automatic differentiation engine over NumPy arrays with PyTorch's
autograd semantics. Derivatives come from :mod:`srcgrad.rules`; this package only
records operations and runs the backward pass.
"""

from .engine import backward, grad
from .function import Function, FunctionCtx
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck
from .node import AccumulateGrad, Node
from .strict import GradientLostError, strict_conversions
from .tensor import Tensor, tensor

__all__ = [
    "AccumulateGrad",
    "Function",
    "FunctionCtx",
    "GradcheckError",
    "GradientLostError",
    "Node",
    "Tensor",
    "backward",
    "enable_grad",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
    "strict_conversions",
    "tensor",
]
