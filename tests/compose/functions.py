"""Functions the composition tests differentiate, and finite-difference references."""

import numpy as np


def scalar_fn(x):
    return np.sin(x) * x**3


def vector_fn(x):
    return np.sum(np.tanh(x) * x**2) + x[0] * x[2]


def matrix_fn(m):
    return np.sum(np.sin(m) @ m) + np.sum(m**3) / 3


POINTS = {
    "scalar": (scalar_fn, 0.7),
    "vector": (vector_fn, np.array([0.3, -0.8, 1.1])),
    "matrix": (matrix_fn, np.array([[0.2, -0.5], [0.9, 0.4]])),
}


def fd_jacobian(fn, x, eps=1e-5):
    """Central differences: shape of ``fn(x)`` followed by the shape of ``x``."""
    out = np.asarray(fn(x), dtype=float)
    if isinstance(x, float):
        return (np.asarray(fn(x + eps)) - np.asarray(fn(x - eps))) / (2 * eps)
    jac = np.zeros(out.shape + np.shape(x))
    for index in np.ndindex(np.shape(x)):
        step = np.zeros(np.shape(x))
        step[index] = eps
        up, down = np.asarray(fn(x + step)), np.asarray(fn(x - step))
        jac[(Ellipsis, *index)] = (up - down) / (2 * eps)
    return jac
