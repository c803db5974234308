"""Neural-network building blocks on the tape: modules, parameters, layers and losses."""

from . import functional
from .layers import Linear, ReLU, Sigmoid, Tanh
from .module import Module, ModuleList, Sequential
from .parameter import Parameter

__all__ = [
    "Linear",
    "Module",
    "ModuleList",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "functional",
]
