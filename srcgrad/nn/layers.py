"""Layers: ``Linear`` and the activation functions as modules."""

from __future__ import annotations

import math

import numpy as np

from . import functional as F
from .module import Module
from .parameter import Parameter

__all__ = ["Linear", "ReLU", "Sigmoid", "Tanh"]


class Linear(Module):
    """``y = x @ weight.T + bias`` with ``weight`` of shape (out_features, in_features).

    Weight and bias start uniform in ``[-1/sqrt(in_features), 1/sqrt(in_features)]``, as in
    PyTorch. ``rng`` (a ``np.random.Generator`` or a seed) makes the start reproducible.

    >>> import srcgrad
    >>> layer = srcgrad.nn.Linear(3, 2, rng=0)
    >>> layer.weight.shape, layer(np.ones((4, 3))).shape
    ((2, 3), (4, 2))
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        rng: np.random.Generator | int | None = None,
        dtype=np.float64,
    ):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        rng = np.random.default_rng(rng)
        bound = 1.0 / math.sqrt(in_features) if in_features > 0 else 0.0
        shape = (out_features, in_features)
        self.weight = Parameter(rng.uniform(-bound, bound, shape).astype(dtype))
        self.bias = (
            Parameter(rng.uniform(-bound, bound, out_features).astype(dtype)) if bias else None
        )

    def forward(self, x):
        y = x @ np.transpose(self.weight)
        return y if self.bias is None else y + self.bias

    def extra_repr(self) -> str:
        bias = self.bias is not None
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={bias}"


class Tanh(Module):
    """Module form of :func:`srcgrad.nn.functional.tanh`."""

    def forward(self, x):
        return F.tanh(x)


class ReLU(Module):
    """Module form of :func:`srcgrad.nn.functional.relu`."""

    def forward(self, x):
        return F.relu(x)


class Sigmoid(Module):
    """Module form of :func:`srcgrad.nn.functional.sigmoid`."""

    def forward(self, x):
        return F.sigmoid(x)
