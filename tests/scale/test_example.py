"""examples/out_of_core_logistic.py: the gradients it steps with are the hand-derived ones,
the loss falls, and the script runs as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tests.examples.test_examples import EXAMPLES, load

pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")


def test_out_of_core_gradients_are_the_hand_derived_ones_and_the_loss_falls():
    example = load("out_of_core_logistic")
    result = example.main(["--rows", "3000", "--chunk-rows", "1000", "--steps", "3"])
    X, y = dask.compute(result["X"], result["y"])  # small enough to hold here
    w = np.zeros(X.shape[1])
    for gradient in result["gradients"]:
        # p = sigmoid(X w)  =>  dL/dw = X.T (p - y) / m
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        np.testing.assert_allclose(gradient, X.T @ (p - y) / len(y), rtol=1e-10)
        w = w - 2.0 * gradient  # the example's default step size
    np.testing.assert_allclose(result["w"], w, rtol=1e-12)
    assert np.all(np.diff(result["losses"]) < 0)
    assert result["losses"][0] == pytest.approx(np.log(2.0))  # w = 0: p = 1/2 for every row


def test_out_of_core_script_runs():
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "out_of_core_logistic.py"), "--rows", "20000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "step   5  loss" in done.stdout
    assert "Traceback" not in done.stderr
