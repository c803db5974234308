"""Logistic regression as a Module with a hand-written backward, checked against the tape.

Derivation of the hand-written gradient. With examples as the m columns of x (n, m),
a = sigmoid(z), z = w^T x + b, and the mean binary cross-entropy
    L = -(1/m) sum_j [ y_j log a_j + (1 - y_j) log(1 - a_j) ],
    dL/da_j = (a_j - y_j) / (m a_j (1 - a_j))   and   da_j/dz_j = a_j (1 - a_j),
so dL/dz_j = (a_j - y_j) / m. Then z = w^T x + b gives
    dw = x (a - y)^T / m        (n, 1)
    db = mean(a - y)            scalar
"""

import numpy as np

import srcgrad
import srcgrad.nn.functional as F
from srcgrad import nn, optim


class LogisticRegression(nn.Module):
    def __init__(self, n_features: int, rng: np.random.Generator):
        super().__init__()
        self.w = nn.Parameter(0.1 * rng.standard_normal((n_features, 1)))
        self.b = nn.Parameter(np.array(0.3))

    def forward(self, x):
        return F.sigmoid(np.transpose(self.w) @ x + self.b)

    def backward(self, x, y):
        """The hand-derived gradient of the mean BCE (see the module docstring)."""
        yhat = 1 / (1 + np.exp(-(self.w.data.T @ x + self.b.data)))
        m = x.shape[1]
        dw = x @ (yhat - y).T / m
        db = np.mean(yhat - y)
        return dw, db


def data(n=5, m=40, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, m))
    y = (rng.random((1, m)) < 0.5).astype(float)
    return rng, x, y


def grads(model):
    return [np.asarray(p.grad.data) for p in (model.w, model.b)]


def test_hand_written_backward_agrees_with_the_tape_gradient_of_mean_bce():
    rng, x, y = data()
    model = LogisticRegression(5, rng)
    F.binary_cross_entropy(model(x), y).backward()
    dw, db = model.backward(x, y)
    tape_dw, tape_db = grads(model)
    assert tape_dw.shape == (5, 1) and tape_db.shape == ()
    np.testing.assert_allclose(tape_dw, dw, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(tape_db, db, rtol=1e-12, atol=1e-15)


def test_hand_written_backward_agrees_with_the_logits_form():
    rng, x, y = data(seed=1)
    model = LogisticRegression(5, rng)
    logits = np.transpose(model.w) @ x + model.b
    F.binary_cross_entropy_with_logits(logits, y).backward()
    dw, db = model.backward(x, y)
    np.testing.assert_allclose(grads(model)[0], dw, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads(model)[1], db, rtol=1e-12, atol=1e-15)


def test_training_with_the_tape_follows_hand_written_gradient_descent():
    rng, x, y = data(seed=2)
    model = LogisticRegression(5, rng)
    w, b = model.w.data.copy(), float(model.b.data)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(20):
        # plain NumPy: the same step with the hand-derived gradient
        err = 1 / (1 + np.exp(-(w.T @ x + b))) - y
        w, b = w - 0.5 * x @ err.T / x.shape[1], b - 0.5 * np.mean(err)
        opt.zero_grad()
        F.binary_cross_entropy(model(x), y).backward()
        opt.step()
    np.testing.assert_allclose(model.w.data, w, rtol=1e-10)
    np.testing.assert_allclose(model.b.data, b, rtol=1e-10)
    assert isinstance(model.w, srcgrad.Tensor) and model.w.is_leaf
