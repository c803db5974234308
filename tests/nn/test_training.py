"""A small end-to-end training run: the loss must fall."""

import numpy as np

import srcgrad.nn.functional as F
from srcgrad import nn, optim


def spirals(n_per_class=40, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.2, 1.0, (2, n_per_class))
    angle = 3 * t + np.array([[0.0], [np.pi]])
    points = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=-1).reshape(-1, 2)
    labels = np.repeat([0, 1], n_per_class)
    return points + 0.02 * rng.standard_normal(points.shape), labels


def test_mlp_training_with_adam_reduces_cross_entropy():
    x, labels = spirals()
    rng = np.random.default_rng(0)
    net = nn.Sequential(nn.Linear(2, 16, rng=rng), nn.Tanh(), nn.Linear(16, 2, rng=rng))
    opt = optim.Adam(net.parameters(), lr=0.05)
    losses = []
    for _ in range(150):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()
        losses.append(float(loss.data))
    assert losses[-1] < 0.5 * losses[0]
    accuracy = np.mean(np.argmax(net(x).data, axis=1) == labels)
    assert accuracy > 0.9


def test_linear_regression_with_sgd_momentum_recovers_the_weights():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((64, 3))
    true_w, true_b = np.array([[1.5, -2.0, 0.5]]), 0.7
    y = x @ true_w.T + true_b
    model = nn.Linear(3, 1, rng=rng)
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    first = None
    for _ in range(200):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        first = float(loss.data) if first is None else first
    assert float(loss.data) < 1e-6 * first
    np.testing.assert_allclose(model.weight.data, true_w, atol=1e-3)
    np.testing.assert_allclose(model.bias.data, [true_b], atol=1e-3)
