"""``np.piecewise`` and ``np.apply_over_axes`` with their functions written in the call,
compiled as the calls they make (compiler/frontend/given_functions.py): the gradient in
compile, auto and tape mode and the forward tangent are those of central finite
differences."""

import warnings

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

X = np.array([0.31, -0.72, 1.13, 0.05, -0.44, 0.86])


def square(v):
    return v * v


def lambdas(x):
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [lambda v: v**2, lambda v: 3.0 * v]))


def names_and_a_number(x):
    return np.sum(np.piecewise(x, [x < 0.2], [square, 1.5]) * np.arange(6))


def numpy_functions_and_otherwise(x):
    return np.sum(np.piecewise(x, [x < 0, x > 0.5], [np.sin, np.cos, np.exp]))


def one_condition_array(x):
    return np.sum(np.piecewise(x, x > 0.2, [lambda v: v**3, 0.5]))


def closure_over_a_differentiated_value(x):
    scale = np.sum(x**2)
    return np.sum(np.piecewise(x, [x < 0], [lambda v: v * scale, lambda v: np.sin(v) + scale]))


def local_functions(x):
    def low(v):
        return 0.1 * v

    def high(v):
        return 2.0 + 0.3 * (v - 1.0)

    return np.sum(np.piecewise(x + 0.5, [x + 0.5 < 1.0], [low, high]) ** 2)


def a_piece_that_selects_nothing(x):
    # np.max of an empty selection would raise: like NumPy, the function is not called
    return np.sum(np.piecewise(x, [x > 100.0], [lambda v: np.max(v) * v, lambda v: v * 3.0]))


def extra_arguments(x):
    out = np.piecewise(
        x, [x < 0], [lambda v, s, t=0.0: v * s + t, lambda v, s, t=0.0: v - s], 2.0, t=0.5
    )
    return np.sum(out**2)


def on_a_matrix(x):
    m = x.reshape(2, 3)
    out = np.piecewise(m, [m < 0], [lambda v: v * 2.0, lambda v: v**2])
    return np.sum(out * np.arange(6).reshape(2, 3))


def on_a_number(x):
    return np.piecewise(x[0], [x[0] < 0, x[0] >= 0], [lambda v: -v, lambda v: v**2]) * x[1]


def normalised_over_axes(x):
    grid = x.reshape(1, 2, 3) ** 2
    totals = np.apply_over_axes(np.sum, grid, [0, 2])
    return np.sum(grid / totals * np.arange(6).reshape(1, 2, 3))


def spread(v, axis):
    return np.std(v, axis=axis, keepdims=True)


def over_negative_axis_with_own_function(x):
    grid = x.reshape(2, 3)
    return np.sum(np.apply_over_axes(spread, grid, -1) * np.array([[1.0], [2.0]]))


def over_one_axis_dropped(x):
    return np.sum(np.apply_over_axes(np.mean, x.reshape(2, 3) ** 3, 1) ** 2)


CASES = [
    normalised_over_axes,
    over_negative_axis_with_own_function,
    over_one_axis_dropped,
    lambdas,
    names_and_a_number,
    numpy_functions_and_otherwise,
    one_condition_array,
    closure_over_a_differentiated_value,
    local_functions,
    a_piece_that_selects_nothing,
    extra_arguments,
    on_a_matrix,
    on_a_number,
]


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_gradient_matches_finite_differences(f, mode):
    expected = finite_difference(f, (X.copy(),), 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", srcgrad.FallbackWarning)  # auto compiles it
        got = srcgrad.grad(f, mode=mode)(X.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_tangent_matches_finite_differences(f):
    direction = np.linspace(1.0, -0.5, X.size)
    expected = np.sum(finite_difference(f, (X.copy(),), 0) * direction)
    _, got = srcgrad.jvp(f, (X.copy(),), (direction,))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def test_functions_held_in_a_variable_run_on_the_tape():
    def held(x):
        pieces = [np.sin, np.cos]
        return np.sum(np.piecewise(x, [x < 0], pieces))

    with pytest.raises(srcgrad.TransformError, match="piecewise calls the function"):
        srcgrad.grad(held, mode="compile")(X.copy())
    assert np.shape(np.apply_over_axes(spread, X.reshape(2, 3), -1)) == (2, 1)
    with pytest.warns(srcgrad.FallbackWarning):
        got = srcgrad.grad(held, mode="auto")(X.copy())
    np.testing.assert_allclose(got, np.where(X < 0, np.cos(X), -np.sin(X)))
