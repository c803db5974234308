"""The same compiled gradient on CuPy arrays (GPU): runs where CuPy and a GPU are present."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad

cp = pytest.importorskip("cupy")
try:
    if cp.cuda.runtime.getDeviceCount() < 1:
        pytest.skip("no GPU", allow_module_level=True)
except cp.cuda.runtime.CUDARuntimeError:
    pytest.skip("no GPU", allow_module_level=True)


def logistic_loss(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_gradient_of_cupy_arrays_stays_on_the_gpu_and_equals_numpy():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((1000, 8))
    y = (rng.random(1000) < 0.5).astype(float)
    w = 0.1 * rng.standard_normal(8)
    value, gradient = srcgrad.value_and_grad(logistic_loss, mode="compile", verify=False)(
        cp.asarray(w), cp.asarray(X), cp.asarray(y)
    )
    assert isinstance(gradient, cp.ndarray)
    # by hand: p = sigmoid(X w), dL/dw = X.T (p - y) / m
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    np.testing.assert_allclose(cp.asnumpy(gradient), X.T @ (p - y) / len(y), rtol=1e-10)
    np.testing.assert_allclose(float(value), logistic_loss(w, X, y), rtol=1e-12)
