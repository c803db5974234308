"""Activations and losses: values against plain-NumPy formulas, gradients against
central finite differences of those formulas."""

import numpy as np
import pytest

import srcgrad
import srcgrad.nn.functional as F

rng = np.random.default_rng(1)
X = rng.standard_normal((4, 3))
PROB = rng.uniform(0.05, 0.95, (4, 3))
BINARY = (rng.random((4, 3)) < 0.5).astype(float)
LABELS = np.array([0, 2, 1, 2])


def value(t):
    return np.asarray(t.data if isinstance(t, srcgrad.Tensor) else t)


def ref_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def ref_softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS = [
    (F.relu, lambda x: x * (x > 0)),
    (F.sigmoid, ref_sigmoid),
    (F.tanh, np.tanh),
    (F.softmax, ref_softmax),
    (F.log_softmax, lambda x: np.log(ref_softmax(x))),
]


@pytest.mark.parametrize("fn, ref", ACTIVATIONS, ids=lambda v: getattr(v, "__name__", ""))
def test_activation_value_and_gradient(fn, ref, fd, tape_grad):
    np.testing.assert_allclose(value(fn(srcgrad.tensor(X))), ref(X), rtol=1e-12)
    # A weighted sum makes every output entry matter to the gradient.
    weights = rng.standard_normal(X.shape)
    got = tape_grad(lambda x: np.sum(fn(x) * weights), X)
    np.testing.assert_allclose(got, fd(lambda x: np.sum(ref(x) * weights), X), atol=1e-7)


def test_relu_gradient_at_zero_is_zero(tape_grad):
    np.testing.assert_array_equal(tape_grad(lambda x: np.sum(F.relu(x)), [0.0, 1.0]), [0, 1])


def test_sigmoid_and_log_softmax_stay_finite_for_huge_inputs():
    big = np.array([-1000.0, 0.0, 1000.0])
    np.testing.assert_allclose(F.sigmoid(big), [0.0, 0.5, 1.0])
    # log_softmax([-1000, 0, 1000]) = [-2000, -1000, 0] up to log(1 + e^-1000) = 0
    np.testing.assert_allclose(F.log_softmax(big), [-2000.0, -1000.0, 0.0])
    assert np.allclose(F.softmax(big).sum(), 1.0)


def ref_bce(p, t):
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def ref_cross_entropy(logits, labels):
    return -np.log(ref_softmax(logits))[np.arange(len(labels)), labels]


# (loss, input, target, plain-NumPy elementwise loss)
LOSSES = [
    (F.mse_loss, X, PROB, lambda x, t: (x - t) ** 2),
    (F.binary_cross_entropy, PROB, BINARY, ref_bce),
    (F.binary_cross_entropy, PROB, PROB[::-1], ref_bce),  # soft targets
    (F.binary_cross_entropy_with_logits, X, BINARY, lambda x, t: ref_bce(ref_sigmoid(x), t)),
    (F.cross_entropy, X, LABELS, ref_cross_entropy),
]
LOSS_IDS = ["mse", "bce", "bce-soft", "bce-logits", "cross-entropy"]
REDUCE = {"mean": np.mean, "sum": np.sum, "none": lambda v: v}


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss, inp, target, ref", LOSSES, ids=LOSS_IDS)
def test_loss_value(loss, inp, target, ref, reduction):
    got = loss(srcgrad.tensor(inp), target, reduction=reduction)
    np.testing.assert_allclose(value(got), REDUCE[reduction](ref(inp, target)), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("loss, inp, target, ref", LOSSES, ids=LOSS_IDS)
def test_loss_gradient(loss, inp, target, ref, reduction, fd, tape_grad):
    got = tape_grad(lambda x: loss(x, target, reduction=reduction), inp)
    expected = fd(lambda x: REDUCE[reduction](ref(x, target)), inp)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def test_loss_gradient_with_reduction_none(fd, tape_grad):
    weights = rng.standard_normal(X.shape)
    got = tape_grad(lambda x: np.sum(F.mse_loss(x, PROB, reduction="none") * weights), X)
    expected = fd(lambda x: np.sum((x - PROB) ** 2 * weights), X)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def test_cross_entropy_gradient_is_softmax_minus_one_hot(tape_grad):
    # d/dx mean_i(-log softmax(x_i)[y_i]) = (softmax(x) - onehot(y)) / N
    expected = (ref_softmax(X) - np.eye(3)[LABELS]) / len(LABELS)
    got = tape_grad(lambda x: F.cross_entropy(x, LABELS), X)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_cross_entropy_single_sample():
    # logits (C,), scalar class: -log(e^2 / (e^0 + e^1 + e^2))
    expected = -2 + np.log(1 + np.e + np.e**2)
    assert np.isclose(value(F.cross_entropy(np.array([0.0, 1.0, 2.0]), 2)), expected)


def test_bce_with_logits_is_stable_for_huge_logits():
    # x = -800, t = 1: loss = -log sigmoid(-800) = log(1 + e^800) = 800 (to 1e-300)
    got = F.binary_cross_entropy_with_logits(np.array([-800.0, 800.0]), np.array([1.0, 1.0]))
    assert np.isclose(value(got), 400.0)


def test_bce_clamps_the_log_like_pytorch(tape_grad):
    # p = 0 with t = 1 costs -log(p) clamped to 100; the gradient stays finite.
    got = F.binary_cross_entropy(np.array([0.0]), np.array([1.0]))
    assert np.isclose(value(got), 100.0)
    assert np.all(np.isfinite(tape_grad(lambda p: F.binary_cross_entropy(p, np.ones(1)), [0.0])))


@pytest.mark.parametrize("bad", [np.array([0.5, 1.0]), np.array([0, 3])])
def test_cross_entropy_rejects_bad_targets(bad):
    with pytest.raises((TypeError, IndexError)):
        F.cross_entropy(np.zeros((2, 3)), bad)


def test_unknown_reduction_is_an_error():
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(X, X, reduction="avg")
