"""SGD against a plain-NumPy implementation of its documented update."""

import numpy as np
import pytest

import srcgrad
from srcgrad import optim


def reference_sgd(w, grad_fn, steps, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                  nesterov=False):  # fmt: skip
    history, buf = [], None
    for _ in range(steps):
        g = grad_fn(w) + weight_decay * w
        if momentum:
            buf = g if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        w = w - lr * g
        history.append(w)
    return history


OPTIONS = [
    dict(lr=0.1),
    dict(lr=0.05, momentum=0.9),
    dict(lr=0.05, momentum=0.9, dampening=0.3),
    dict(lr=0.05, momentum=0.9, nesterov=True),
    dict(lr=0.1, weight_decay=0.2),
    dict(lr=0.02, momentum=0.5, weight_decay=0.1, nesterov=True),
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o))
def test_sgd_matches_the_numpy_update_over_several_steps(options, quadratic):
    got = quadratic["run"](lambda params: optim.SGD(params, **options), steps=8)
    expected = reference_sgd(quadratic["w0"], quadratic["grad"], 8, **options)
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_sgd_momentum_by_hand():
    # L = w^2, dL/dw = 2w, lr = 0.1, momentum = 0.9, w = 1:
    # step 1: b = 2,                 w = 1 - 0.1 * 2 = 0.8
    # step 2: g = 1.6, b = 0.9*2 + 1.6 = 3.4, w = 0.8 - 0.1 * 3.4 = 0.46
    w = srcgrad.tensor([1.0], requires_grad=True)
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    for expected in (0.8, 0.46):
        opt.zero_grad()
        np.sum(w * w).backward()
        opt.step()
        assert np.isclose(w.data[0], expected, rtol=1e-15)


def test_zero_grad_sets_grad_to_none_and_params_without_grad_are_skipped():
    a = srcgrad.tensor([1.0], requires_grad=True)
    b = srcgrad.tensor([2.0], requires_grad=True)
    opt = optim.SGD([a, b], lr=0.5, momentum=0.9)
    np.sum(3 * a).backward()
    opt.step()
    assert a.data[0] == 1.0 - 0.5 * 3 and b.data[0] == 2.0
    assert b.grad is None and id(b) not in opt.state
    opt.zero_grad()
    assert a.grad is None


def test_param_groups_use_their_own_options():
    a = srcgrad.tensor([1.0], requires_grad=True)
    b = srcgrad.tensor([1.0], requires_grad=True)
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1)
    np.sum(a + b).backward()  # both gradients are 1
    opt.step()
    assert a.data[0] == pytest.approx(0.9) and b.data[0] == pytest.approx(0.99)


def test_step_updates_in_place_and_keeps_dtype():
    w = srcgrad.tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    before = w.data
    opt = optim.SGD([w], lr=0.25)
    np.sum(w * w).backward()
    opt.step()
    assert w.data is before and w.data.dtype == np.float32
    np.testing.assert_array_equal(w.data, [0.5, 0.5, 0.5])
    assert w.is_leaf and w.grad_fn is None


@pytest.mark.parametrize(
    "params, options",
    [
        ([], dict(lr=0.1)),
        ("leaf", dict(lr=-1.0)),
        ("leaf", dict(lr=0.1, nesterov=True)),
        ("constant", dict(lr=0.1)),
    ],
)
def test_invalid_arguments_are_rejected(params, options):
    if params == "leaf":
        params = [srcgrad.tensor([1.0], requires_grad=True)]
    elif params == "constant":
        params = [srcgrad.tensor([1.0])]
    with pytest.raises((ValueError, TypeError)):
        optim.SGD(params, **options)
