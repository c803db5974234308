"""``out=`` on a Tensor that requires grad, with a result computed from constants only."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad


def overwritten_by_constants(x):
    y = x**3
    c = 2.5
    np.add(np.cos(c), np.tanh(c), out=y)  # y no longer depends on x
    return np.sum(y * x)


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
def test_the_written_constant_carries_no_gradient(mode):
    # d/dx sum(k * x) = k with k = cos(2.5) + tanh(2.5); the tape crashed on the plain
    # NumPy value the write computed (found by the fuzzer, seed 63)
    x = np.array([0.3, -0.7, 1.1])
    got = srcgrad.grad(overwritten_by_constants, mode=mode)(x)
    np.testing.assert_allclose(got, np.full(3, np.cos(2.5) + np.tanh(2.5)))
