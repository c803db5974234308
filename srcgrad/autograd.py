"""PyTorch-style ``torch.autograd`` for srcgrad's tape.

>>> x = srcgrad.tensor([1.0, 2.0], requires_grad=True)
>>> (dx,) = srcgrad.autograd.grad((x**3).sum(), x)
>>> dx
tensor([ 3., 12.])
"""

from .tape.engine import backward, grad
from .tape.function import Function, FunctionCtx
from .tape.grad_mode import enable_grad, no_grad, set_grad_enabled
from .tape.gradcheck import GradcheckError, gradcheck

__all__ = [
    "Function",
    "FunctionCtx",
    "GradcheckError",
    "backward",
    "enable_grad",
    "grad",
    "gradcheck",
    "no_grad",
    "set_grad_enabled",
]
