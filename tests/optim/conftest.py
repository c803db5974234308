import numpy as np
import pytest

import srcgrad

# A quadratic loss L(w) = sum(0.5 * C * w**2 + D * w) whose gradient is C * w + D.
C = np.array([1.0, 4.0, 0.25, 2.0])
D = np.array([-1.0, 0.5, 2.0, 0.0])
W0 = np.array([1.0, -2.0, 0.5, 3.0])


def quadratic_grad(w):
    return C * w + D


def tape_loss(w):
    return np.sum(0.5 * C * w * w + D * w)


def run_optimizer(make_optimizer, steps):
    """Train W0 on the quadratic with the tape; return the parameter after each step."""
    w = srcgrad.tensor(W0.copy(), requires_grad=True)
    opt = make_optimizer([w])
    history = []
    for _ in range(steps):
        opt.zero_grad()
        tape_loss(w).backward()
        np.testing.assert_allclose(w.grad.data, quadratic_grad(w.data), atol=1e-13)
        opt.step()
        history.append(w.data.copy())
    return history


@pytest.fixture
def quadratic():
    return dict(w0=W0, grad=quadratic_grad, run=run_optimizer)
