"""Array-valued functions for the Jacobian and forward-mode API tests."""

import numpy as np


def rollout(x, W):
    """A loop and a branch inside it; the output is a vector."""
    h = x
    outputs = []
    for step in range(3):
        if np.sum(h) > 0:
            h = np.tanh(W @ h + 0.1 * step)
        else:
            h = W @ h * 0.5 - h
        outputs.append(h)
    return np.concatenate(outputs)


def field(x):
    """A matrix output from a vector input, with a while loop."""
    y = np.outer(x, x)
    while np.max(np.abs(y)) > 1.0:
        y = y / 2
    return y + np.sin(x)[:, None]


def scalar_out(X):
    return np.sum(X**2 * np.arange(X.size).reshape(X.shape))


def scalar_in(t):
    return np.stack([np.sin(t), np.cos(t) * t, t**3])


def scaled(x, factor):
    return x * factor


def writes(x):
    y = x + 0.0
    y[0] = 5.0
    y[1] = y[1] * x[2]
    return y


def collect(xs):
    out = []
    for x in xs:
        out.append(x * 2)
    return out[0] + out[1]


def pair(x):
    return x * 2, np.sum(x)


def recursive_power(x, n):
    if n == 0:
        return 1.0
    return x * recursive_power(x, n - 1)


def with_try(x):
    try:
        y = x * 2
    except ValueError:
        y = x
    return y
