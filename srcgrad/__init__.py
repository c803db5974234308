"""srcgrad: gradients of plain Python/NumPy functions by source transformation."""

from . import rules  # noqa: F401

__version__ = "0.1.0"
