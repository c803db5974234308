"""Adam against a plain-NumPy implementation of its documented update."""

import numpy as np
import pytest

import srcgrad
from srcgrad import nn, optim


def reference_adam(w, grad_fn, steps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                   weight_decay=0.0):  # fmt: skip
    beta1, beta2 = betas
    m = v = np.zeros_like(w)
    history = []
    for t in range(1, steps + 1):
        g = grad_fn(w) + weight_decay * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        history.append(w)
    return history


OPTIONS = [
    dict(),
    dict(lr=0.1),
    dict(lr=0.05, betas=(0.5, 0.9), eps=1e-3),
    dict(lr=0.05, weight_decay=0.3),
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "defaults")
def test_adam_matches_the_numpy_update_over_several_steps(options, quadratic):
    got = quadratic["run"](lambda params: optim.Adam(params, **options), steps=10)
    expected = reference_adam(quadratic["w0"], quadratic["grad"], 10, **options)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_adam_first_step_by_hand():
    # Step 1: m^ = g and v^ = g^2 exactly, so each entry moves by lr * g / (|g| + eps):
    # g = 2w = [2, -6]  ->  w = [1, -3] - 0.1 * [2/(2 + 1e-8), -6/(6 + 1e-8)]
    w = srcgrad.tensor([1.0, -3.0], requires_grad=True)
    opt = optim.Adam([w], lr=0.1)
    np.sum(w * w).backward()
    opt.step()
    expected = [1 - 0.1 * 2 / (2 + 1e-8), -3 + 0.1 * 6 / (6 + 1e-8)]
    np.testing.assert_allclose(w.data, expected, rtol=1e-15)
    assert opt.state[id(w)]["step"] == 1


def test_adam_trains_a_module_and_state_is_per_parameter():
    layer = nn.Linear(3, 2, rng=0)
    opt = optim.Adam(layer.parameters(), lr=0.01)
    x = np.ones((4, 3))
    for _ in range(3):
        opt.zero_grad()
        np.sum(layer(x) ** 2).backward()
        opt.step()
    steps = [opt.state[id(p)]["step"] for p in layer.parameters()]
    assert steps == [3, 3]
    assert opt.state[id(layer.weight)]["exp_avg"].shape == (2, 3)


@pytest.mark.parametrize("options", [dict(lr=-1), dict(betas=(1.0, 0.9)), dict(eps=-1)])
def test_invalid_options_are_rejected(options):
    with pytest.raises(ValueError):
        optim.Adam([srcgrad.tensor([1.0], requires_grad=True)], **options)
