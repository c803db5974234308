"""srcgrad: gradients of plain Python/NumPy functions by source transformation."""

from . import autograd, nn, optim, rules, viz  # noqa: F401
from .api import FallbackWarning, TransformError, grad, value_and_grad, vjp
from .conventions import grad_and_value, jacfwd, jacrev, linearize, vmap
from .custom import custom_jvp, custom_vjp, stop_gradient
from .explain import explain
from .forward_api import jacobian, jvp
from .second_order import hessian, hvp
from .tape import Tensor, enable_grad, is_grad_enabled, no_grad, set_grad_enabled, tensor
from .verify import VerificationError

__version__ = "0.1.0"

__all__ = [
    "FallbackWarning",
    "Tensor",
    "TransformError",
    "VerificationError",
    "autograd",
    "custom_jvp",
    "custom_vjp",
    "enable_grad",
    "explain",
    "grad",
    "grad_and_value",
    "hessian",
    "hvp",
    "is_grad_enabled",
    "jacfwd",
    "jacobian",
    "jacrev",
    "jvp",
    "linearize",
    "no_grad",
    "set_grad_enabled",
    "stop_gradient",
    "tensor",
    "value_and_grad",
    "vjp",
    "vmap",
]
