"""Compiled gradients on dask arrays: built lazily (no computation), computed by one
dask.compute, equal to the NumPy gradients; the tape refuses dask arrays by name."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

from .counting import ComputeCounter

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")


def logistic_loss(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def data(rows=120, features=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((rows, features))
    y = (rng.random(rows) < 0.5).astype(float)
    w = 0.3 * rng.standard_normal(features)
    return w, X, y


def logistic_grad_by_hand(w, X, y):
    # p = sigmoid(X @ w); dL/dz = (p - y) / m  =>  dL/dw = X.T @ (p - y) / m
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return X.T @ (p - y) / len(y)


@pytest.fixture(autouse=True)
def sync_scheduler():
    with dask.config.set(scheduler="sync"):
        yield


def test_gradient_graph_builds_without_computing_and_one_compute_gives_both():
    w, X, y = data()
    Xd, yd = da.from_array(X, chunks=(30, 4)), da.from_array(y, chunks=30)
    value_and_grad = srcgrad.value_and_grad(logistic_loss, mode="compile", verify=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dask warns where NumPy functions would convert
        with ComputeCounter() as counter:
            value, gradient = value_and_grad(w, Xd, yd)
    assert counter.runs == 0
    assert isinstance(value, da.Array) and isinstance(gradient, da.Array)
    with ComputeCounter() as counter:
        value, gradient = dask.compute(value, gradient)
    assert counter.runs == 1
    np.testing.assert_allclose(value, logistic_loss(w, X, y), rtol=1e-12)
    np.testing.assert_allclose(gradient, logistic_grad_by_hand(w, X, y), rtol=1e-10)


def test_numpy_parameters_with_dask_data_give_dask_gradients_reduced_over_row_chunks():
    w, X, y = data(rows=200, features=3, seed=1)
    Xd, yd = da.from_array(X, chunks=(50, 3)), da.from_array(y, chunks=50)
    gradient = srcgrad.grad(logistic_loss, mode="compile")(w, Xd, yd)
    assert isinstance(gradient, da.Array)
    assert gradient.shape == w.shape and gradient.dtype == w.dtype
    assert len(gradient.dask) > 4 * Xd.numblocks[0]  # one task chain per row chunk, reduced
    computed = gradient.compute()
    np.testing.assert_allclose(computed, logistic_grad_by_hand(w, X, y), rtol=1e-10)
    expected = finite_difference(logistic_loss, (w, X, y), wrt=0)
    np.testing.assert_allclose(computed, expected, rtol=1e-5, atol=1e-8)


def ridge_loss(w, b, X, y, alpha):
    residual = X @ w + b - y
    return np.sum(residual**2) / X.shape[0] + alpha * np.sum(w * w)


def test_several_parameters_a_float_and_an_array_keep_their_shapes_lazily():
    w, X, y = data(rows=60, features=3, seed=2)
    Xd, yd = da.from_array(X, chunks=(20, 3)), da.from_array(y, chunks=20)
    gradient = srcgrad.grad(ridge_loss, wrt=("w", "b"), mode="compile")
    with ComputeCounter() as counter:
        w_grad, b_grad = gradient(w, 0.5, Xd, yd, 0.1)
    assert counter.runs == 0
    assert w_grad.shape == (3,) and b_grad.shape == ()
    expected = gradient(w, 0.5, X, y, 0.1)
    computed = dask.compute(w_grad, b_grad)
    np.testing.assert_allclose(computed[0], expected[0], rtol=1e-12)
    np.testing.assert_allclose(computed[1], expected[1], rtol=1e-12)


def layer_loss(W, X):
    hidden = np.tanh(X @ W)
    return np.mean(hidden[:, :2] ** 2) + np.sum(np.reshape(hidden, (-1,))) / X.shape[0]


def test_slices_reshape_and_tanh_stay_lazy_and_match_finite_differences():
    rng = np.random.default_rng(3)
    W, X = 0.5 * rng.standard_normal((3, 4)), rng.standard_normal((40, 3))
    gradient = srcgrad.grad(layer_loss, mode="compile")
    with ComputeCounter() as counter:
        lazy = gradient(W, da.from_array(X, chunks=(10, 3)))
    assert counter.runs == 0
    expected = finite_difference(layer_loss, (W, X), wrt=0)
    np.testing.assert_allclose(lazy.compute(), expected, rtol=1e-5, atol=1e-8)


def test_first_call_verification_skips_dask_calls_instead_of_computing():
    w, X, y = data(rows=40)
    Xd, yd = da.from_array(X, chunks=(10, 4)), da.from_array(y, chunks=10)
    with ComputeCounter() as counter:
        srcgrad.grad(logistic_loss, mode="compile", verify=True)(w, Xd, yd)
    assert counter.runs == 0


def picked(x, index):
    return np.sum(x[index] ** 2)


def test_integer_array_indexing_gradient_on_dask_raises_naming_the_cause():
    x = da.from_array(np.arange(6.0), chunks=3)
    with pytest.raises(TypeError, match="np.add.at"):
        srcgrad.grad(picked, mode="compile")(x, np.array([0, 0, 2]))


def test_tape_mode_refuses_dask_arrays_instead_of_computing_them():
    w, X, y = data(rows=20)
    with ComputeCounter() as counter, pytest.raises(TypeError, match="runs on the tape"):
        srcgrad.grad(logistic_loss, mode="tape")(w, da.from_array(X, chunks=10), y)
    assert counter.runs == 0


class Scale:
    """A callable object without source: the compiler runs calls of it on the tape."""

    def __call__(self, x):
        return 2.0 * x


scale = Scale()


def with_island(w, X):
    return np.sum(scale(X @ w))


def test_a_tape_island_refuses_dask_arrays_naming_the_users_line():
    rng = np.random.default_rng(4)
    w, X = rng.standard_normal(3), rng.standard_normal((8, 3))
    gradient = srcgrad.grad(with_island)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        np.testing.assert_allclose(gradient(w, X), 2.0 * X.sum(axis=0))  # d/dw sum(2 X w)
        with pytest.raises(TypeError, match="runs on the tape engine") as raised:
            gradient(w, da.from_array(X, chunks=4))
    assert "test_dask_gradients.py" in str(raised.value) + "".join(raised.value.__notes__)


def test_explain_says_tape_parts_take_numpy_arrays_only():
    assert "NumPy arrays only" in str(srcgrad.explain(with_island, wrt=0))
    assert "NumPy arrays only" not in str(srcgrad.explain(logistic_loss, wrt=0))
