"""Tape islands: calls the compiler cannot differentiate run on the tape inside compiled code."""

import functools
import math
import warnings

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference


def scaled_sin(x, scale):
    return np.sin(x) * scale


scaled = functools.partial(scaled_sin, scale=3.0)


class Cube:
    def __call__(self, x):
        return x**3


cube = Cube()


def guarded_exp(x):
    try:
        y = np.exp(x)
    except FloatingPointError:
        y = x
    return y


def model(x, w):
    a = np.tanh(x * w)
    b = scaled(a)
    c = cube(b)
    s = 0.0
    for i in range(3):
        s = s + np.sum(guarded_exp(c * i))
    return s + np.sum(a)


X, W = np.array([0.3, -0.2]), np.array([1.5, 0.5])


def test_islands_agree_with_tape_and_finite_differences():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = srcgrad.grad(model, wrt=(0, 1))(X, W)
    taped = srcgrad.grad(model, wrt=(0, 1), mode="tape")(X, W)
    for position in (0, 1):
        np.testing.assert_allclose(got[position], taped[position], rtol=1e-12)
        expected = finite_difference(model, (X, W), position)
        np.testing.assert_allclose(got[position], expected, rtol=1e-6)


def test_the_rest_of_the_function_stays_compiled():
    gradient = srcgrad.grad(model, wrt=(0, 1))
    with pytest.warns(srcgrad.FallbackWarning) as caught:
        gradient(X, W)
    source = gradient.source
    # Two islands, each named with the reason it runs on the tape (the partial
    # scaled = partial(scaled_sin, scale=3.0) compiles as a call of scaled_sin)...
    assert source.count("runtime.on_tape(") == 2
    assert "scaled has no derivative rule" not in source
    assert "# on the tape: cube has no derivative rule and no source" in source
    assert "try/except/finally cannot be transformed" in source
    # ...and everything else compiled: the tanh line and its adjoint are generated code.
    assert "a = np.tanh(x * w)" in source
    assert "mul1_grad = a_grad * (1 - a ** 2)" in source
    # One warning, naming every island with the user's file and line.
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "test_islands.py:39" not in message
    assert "test_islands.py:40: c = cube(b)" in message
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradient(X, W)  # no second warning


def test_compile_mode_refuses_islands_with_the_line():
    with pytest.raises(srcgrad.TransformError, match=r"test_islands.py:40:1: cube has no"):
        srcgrad.grad(model, mode="compile")(X, W)


def test_island_backward_runs_again():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        out, backward = srcgrad.vjp(model, X, W)
    first = backward(1.0)
    again = backward(1.0)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)


def next_float_of(x):
    return math.nextafter(x, 3.0) * 2


def test_a_gradient_lost_inside_an_island_is_an_error_not_a_zero():
    # math.nextafter has no rule: on the tape it would turn x into a float and drop the
    # gradient, so the island raises instead of returning a zero.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        with pytest.raises(TypeError, match="nextafter"):
            srcgrad.grad(next_float_of)(1.5)


class Constant:
    def __call__(self, x):
        return np.ones(2)


constant = Constant()


def ignores_input(x):
    return np.sum(constant(x) * 2) + np.sum(x)


class Pair:
    def __call__(self, x):
        return x, x * 2


pair = Pair()


def uses_pair(x):
    a = pair(x)
    return np.sum(a[0])


def test_island_edge_cases():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        # The island's output does not depend on x: only np.sum(x) contributes.
        np.testing.assert_array_equal(srcgrad.grad(ignores_input)(np.zeros(2)), [1.0, 1.0])
    # An island returning a tuple is refused when it runs; auto mode then runs the whole
    # function on the tape, which follows the tuple.
    with pytest.warns(srcgrad.FallbackWarning, match="must return one array"):
        np.testing.assert_array_equal(srcgrad.grad(uses_pair)(np.zeros(2)), [1.0, 1.0])
