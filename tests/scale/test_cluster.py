"""A real distributed run: a LocalCluster of two worker processes computes a compiled
logistic-regression gradient over a chunked dataset; it equals the NumPy gradient."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")


def logistic_loss(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_two_worker_processes_compute_the_same_gradient_as_numpy():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((4000, 5))
    y = (rng.random(4000) < 1.0 / (1.0 + np.exp(-X @ np.arange(5.0)))).astype(float)
    w = 0.1 * rng.standard_normal(5)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        Xd = da.from_array(X, chunks=(500, 5))
        yd = da.from_array(y, chunks=500)
        value, gradient = srcgrad.value_and_grad(logistic_loss, mode="compile", verify=False)(
            w, Xd, yd
        )
        value, gradient = client.compute([value, gradient], sync=True)
        workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    # by hand: p = sigmoid(X w), dL/dw = X.T (p - y) / m
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    np.testing.assert_allclose(gradient, X.T @ (p - y) / len(y), rtol=1e-10)
    np.testing.assert_allclose(value, logistic_loss(w, X, y), rtol=1e-12)
