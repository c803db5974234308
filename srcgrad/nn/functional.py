"""Activations and losses as plain ``np.*`` code, so they run on tape Tensors unchanged.

Nothing here states a derivative: the tape differentiates each NumPy call with the rules
table. Every loss takes ``reduction="mean" | "sum" | "none"`` as in PyTorch.
"""

from __future__ import annotations

import numpy as np

from ..tape import no_grad

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "log_softmax",
    "mse_loss",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]

# PyTorch clamps log(p) in binary_cross_entropy at -100 so that p = 0 gives a finite loss.
# Clamping p at exp(-100) before the log gives the same values and keeps the gradient
# finite (clamping after the log would multiply a zero mask by 1/0).
_P_FLOOR = float(np.exp(-100.0))


def relu(x):
    """``max(x, 0)`` elementwise; its gradient at 0 is 0.

    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return np.where(x > 0, x, 0.0)


def sigmoid(x):
    """The logistic function ``1 / (1 + exp(-x))``, without overflow for large ``|x|``.

    >>> sigmoid(np.array([0.0]))
    array([0.5])
    """
    # 1 / (1 + e^-x) = exp(-log(1 + e^-x)) = exp(-logaddexp(0, -x))
    return np.exp(-np.logaddexp(0.0, -x))


def tanh(x):
    """Hyperbolic tangent.

    >>> tanh(np.array([0.0]))
    array([0.])
    """
    return np.tanh(x)


def _shift(x, axis):
    # Softmax is unchanged by subtracting a constant along ``axis``; subtracting the max
    # keeps exp() from overflowing. The shift is a constant, so it carries no gradient.
    with no_grad():
        return np.max(x, axis=axis, keepdims=True)


def softmax(x, axis: int = -1):
    """``exp(x) / sum(exp(x))`` along ``axis``.

    >>> softmax(np.array([0.0, 0.0]))
    array([0.5, 0.5])
    """
    e = np.exp(x - _shift(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis: int = -1):
    """``log(softmax(x))`` along ``axis``, computed without overflow or log(0).

    >>> log_softmax(np.array([0.0, 0.0]))
    array([-0.69314718, -0.69314718])
    """
    shifted = x - _shift(x, axis)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _reduce(loss, reduction: str):
    if reduction == "mean":
        return np.mean(loss)
    if reduction == "sum":
        return np.sum(loss)
    if reduction == "none":
        return loss
    raise ValueError(f'reduction must be "mean", "sum" or "none", got {reduction!r}')


def mse_loss(input, target, reduction: str = "mean"):
    """Squared error ``(input - target)**2``, reduced.

    >>> mse_loss(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    np.float64(5.0)
    """
    diff = input - target
    return _reduce(diff * diff, reduction)


def binary_cross_entropy(input, target, reduction: str = "mean"):
    """``-(t log p + (1 - t) log(1 - p))`` for probabilities ``p = input``.

    Each log is clamped below at -100, as PyTorch does, so p = 0 or 1 stays finite.

    >>> binary_cross_entropy(np.array([0.5]), np.array([1.0]))
    np.float64(0.6931471805599453)
    """
    log_p = np.log(np.maximum(input, _P_FLOOR))
    log_1mp = np.log(np.maximum(1.0 - input, _P_FLOOR))
    return _reduce(-(target * log_p + (1.0 - target) * log_1mp), reduction)


def binary_cross_entropy_with_logits(input, target, reduction: str = "mean"):
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits.

    >>> binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0]))
    np.float64(0.6931471805599453)
    """
    # -log sigmoid(x) = logaddexp(0, -x) and -log(1 - sigmoid(x)) = x + logaddexp(0, -x),
    # so the loss is t * logaddexp(0, -x) + (1 - t) * (x + logaddexp(0, -x)).
    return _reduce(np.logaddexp(0.0, -input) + (1.0 - target) * input, reduction)


def cross_entropy(input, target, reduction: str = "mean"):
    """Softmax cross-entropy of logits ``input`` (N, C) against class indices ``target`` (N,).

    A single sample may be given as logits (C,) and a scalar class index.

    >>> cross_entropy(np.zeros((1, 4)), np.array([2]))
    np.float64(1.3862943611198906)
    """
    target = np.asarray(target)
    if target.dtype.kind not in "iu":
        raise TypeError(f"cross_entropy needs integer class indices, got dtype {target.dtype}")
    num_classes = np.shape(input)[-1]
    if target.size and (target.min() < 0 or target.max() >= num_classes):
        raise IndexError(f"class index out of range for {num_classes} classes")
    # -log_softmax(x)[i, target[i]], picked with a one-hot mask (a constant).
    one_hot = target[..., None] == np.arange(num_classes)
    loss = -np.sum(np.where(one_hot, log_softmax(input, axis=-1), 0.0), axis=-1)
    return _reduce(loss, reduction)
