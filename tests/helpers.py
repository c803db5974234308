"""Shared test helpers: central finite differences in float64."""

import numpy as np


def finite_difference(f, args, wrt, eps=1e-6):
    """Central differences of scalar ``f(*args)`` with respect to ``args[wrt]``."""
    args = list(args)
    x = args[wrt]
    if isinstance(x, (float, int)):
        up, down = list(args), list(args)
        up[wrt], down[wrt] = x + eps, x - eps
        return (float(f(*up)) - float(f(*down))) / (2 * eps)
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        up, down = list(args), list(args)
        up[wrt], down[wrt] = x + step, x - step
        grad[index] = (float(np.sum(f(*up))) - float(np.sum(f(*down)))) / (2 * eps)
    return grad
