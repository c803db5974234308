"""srcgrad: gradients of plain Python/NumPy functions by source transformation."""

from . import rules  # noqa: F401
from .api import FallbackWarning, TransformError, grad, value_and_grad, vjp

__version__ = "0.1.0"

__all__ = ["FallbackWarning", "TransformError", "grad", "value_and_grad", "vjp"]
