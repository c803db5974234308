"""vjp differentiates the arguments passed; values that are not numbers are refused."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad


def squares(x, kind="plain"):
    return np.sum(x**2) if kind == "plain" else np.sum(x**3)


def chosen(x, kind="tanh"):
    act = np.tanh if kind == "tanh" else np.sin
    return np.sum(act(x))


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
def test_a_parameter_left_at_its_default_gets_no_gradient(mode):
    x = np.array([0.3, -0.7])
    out, back = srcgrad.vjp(squares, x, mode=mode)
    grads = back(1.0)
    assert len(grads) == 1  # d/dx sum(x**2) = 2x
    np.testing.assert_allclose(grads[0], 2 * x)


def test_the_tape_takes_a_function_with_a_string_default():
    x = np.array([0.3, -0.7])
    out, back = srcgrad.vjp(chosen, x)  # the compiler refuses act(...): auto runs the tape
    np.testing.assert_allclose(back(1.0)[0], 1 - np.tanh(x) ** 2)


@pytest.mark.parametrize("value", ["cubic", None, True, np.array(["a", "b"])])
def test_a_value_that_is_no_number_is_refused(value):
    x = np.array([0.3, -0.7])
    with pytest.raises(TypeError, match="'kind'"):
        srcgrad.vjp(squares, x, value)
    with pytest.raises(TypeError, match="'kind'"):
        srcgrad.grad(squares, wrt=1)(x, value)
