import numpy as np
import pytest

import srcgrad


def numeric_gradient(f, x, eps=1e-6):
    """Central differences of the scalar function ``f`` (plain NumPy) at array ``x``."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def tape_gradient(f, x):
    """Gradient of the scalar ``f`` at ``x`` on the tape, as an array."""
    leaf = srcgrad.tensor(np.array(x, dtype=float), requires_grad=True)
    f(leaf).backward()
    return to_array(leaf.grad)


def to_array(value):
    return np.asarray(value.data if isinstance(value, srcgrad.Tensor) else value)


@pytest.fixture
def fd():
    return numeric_gradient


@pytest.fixture
def tape_grad():
    return tape_gradient
