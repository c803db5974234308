"""Optimizers that update tape parameters in place: :class:`SGD` and :class:`Adam`."""

from .adam import Adam
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Adam", "Optimizer", "SGD"]
