"""Derivatives taken inside differentiated functions: the inner and the outer derivative
are kept apart (no perturbation confusion), in every mode, or compile mode refuses with
the line."""

import warnings

import numpy as np
import pytest

import srcgrad


def closure_times_inner(x):
    # inner: d/dy (x y) = x, so f = x^2 and f' = 2 x
    return x * srcgrad.grad(lambda y: x * y)(2.0)


def siskind_pearlmutter(x):
    # inner: d/dy (x + y) = 1, so f = x and f' = 1 (confusing the two derivatives gives 2)
    return x * srcgrad.grad(lambda y: x + y)(1.0)


def inner_at_outer_point(x):
    # inner: d/dy (x y^2) at y = x is 2 x^2, so f' = 4 x
    return srcgrad.grad(lambda y: x * y**2)(x)


def forward_inside(x):
    # inner: the tangent of y -> x y^2 along 1 at y = x is 2 x^2, so f' = 4 x
    return srcgrad.jvp(lambda y: x * y**2, (x,), (1.0,))[1]


def hessian_inside(x):
    # inner: d^2/dy^2 (x y^3) at y = 1 is 6 x, so f = 6 x^2 and f' = 12 x
    return x * srcgrad.hessian(lambda y: x * y**3)(1.0)


def jacobian_inside(x):
    # inner: d/dy sin(x y) at y = 2 is x cos(2 x), so f' = cos(2 x) - 2 x sin(2 x)
    return srcgrad.jacobian(lambda y: np.sin(x * y))(2.0)


def vjp_inside(x):
    # inner: y -> x y^2 at y = 2 is 4 x, its vjp with 1 is 4 x; f = 16 x^2, f' = 32 x
    out, back = srcgrad.vjp(lambda y: x * y**2, 2.0)
    return back(1.0)[0] * out


def hvp_inside(x):
    # inner: d^2/dy^2 (x y^3) at y = 1, times 1, is 6 x: f' = 6
    return srcgrad.hvp(lambda y: x * y**3, 1.0, 1.0)


def value_and_grad_inside(x):
    # inner at y = x: value x^3, slope 2 x^2; f = x^3 + 2 x^2, f' = 3 x^2 + 4 x
    value, slope = srcgrad.value_and_grad(lambda y: x * y**2)(x)
    return value + slope


CASES = [
    (closure_times_inner, lambda x: 2 * x),
    (siskind_pearlmutter, lambda x: 1.0),
    (inner_at_outer_point, lambda x: 4 * x),
    (forward_inside, lambda x: 4 * x),
    (hessian_inside, lambda x: 12 * x),
    (jacobian_inside, lambda x: np.cos(2 * x) - 2 * x * np.sin(2 * x)),
    (vjp_inside, lambda x: 32 * x),
    (hvp_inside, lambda x: 6.0),
    (value_and_grad_inside, lambda x: 3 * x**2 + 4 * x),
]


@pytest.mark.parametrize("mode", ["auto", "tape"])
@pytest.mark.parametrize("fn, derivative", CASES, ids=[c[0].__name__ for c in CASES])
def test_nested_derivatives_stay_apart(fn, derivative, mode):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = srcgrad.grad(fn, mode=mode)(1.5)
    assert float(got) == pytest.approx(derivative(1.5), rel=1e-10)


@pytest.mark.parametrize("fn", [c[0] for c in CASES], ids=[c[0].__name__ for c in CASES])
def test_compile_mode_refuses_a_transform_made_inside(fn):
    with pytest.raises(srcgrad.TransformError, match=r"test_nested.py:\d+:.*inside"):
        srcgrad.grad(fn, mode="compile")(1.5)


slope = srcgrad.grad(lambda y: y**3)  # 3 y^2


def calls_a_gradient(x):
    return x * slope(x)  # 3 x^3, so f' = 9 x^2


def test_a_gradient_called_in_compiled_code_is_differentiated_through():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        assert srcgrad.grad(calls_a_gradient)(2.0) == pytest.approx(36.0)
        assert srcgrad.grad(calls_a_gradient, mode="tape")(2.0) == pytest.approx(36.0)


def test_nested_gradient_of_vector_function():
    # f(x) = sum(x * grad(y -> sum(x y^2))(x)) = sum(2 x^3), so grad f = 6 x^2
    def f(x):
        return np.sum(x * srcgrad.grad(lambda y: np.sum(x * y**2))(x))

    x = np.array([0.5, -1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        np.testing.assert_allclose(srcgrad.grad(f)(x), 6 * x**2)
