"""Every kind of callable a user differentiates, in every mode: right or a clear error."""

import functools
import multiprocessing
import operator
import pickle
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import srcgrad

MODES = ["compile", "auto", "tape"]
X = np.array([1.0, -2.0, 0.5])


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        yield


class Model:
    def __init__(self, scale):
        self.w = np.array([0.5, 2.0, -1.0])
        self.scale = scale

    def loss(self, x, bias=0.0):
        return self.scale * np.sum(self.w * x**2) + bias

    @srcgrad.grad
    def loss_grad(self, x):
        return self.scale * np.sum(self.w * x**2)


@pytest.mark.parametrize("mode", MODES)
def test_bound_method_counts_explicit_parameters(mode):
    model = Model(3.0)
    # d/dx 3 sum(w x^2) = 6 w x; d/dbias = 1
    np.testing.assert_allclose(srcgrad.grad(model.loss, mode=mode)(X), 6 * model.w * X)
    assert srcgrad.grad(model.loss, wrt="bias", mode=mode)(X, 0.5) == pytest.approx(1.0)
    # self's arrays are constants: another instance, another answer
    other = Model(1.0)
    np.testing.assert_allclose(srcgrad.grad(other.loss, mode=mode)(X), 2 * other.w * X)


def test_grad_decorating_a_method_in_a_class_body():
    a, b = Model(3.0), Model(1.0)
    np.testing.assert_allclose(a.loss_grad(X), 6 * a.w * X)
    np.testing.assert_allclose(b.loss_grad(X), 2 * b.w * X)


def scaled_cube(x, a, b=1.0):
    return a * x**3 + b


@pytest.mark.parametrize("mode", MODES)
def test_partial(mode):
    # d/dx a x^3 = 3 a x^2
    assert srcgrad.grad(functools.partial(scaled_cube, a=2.0), mode=mode)(1.5) == (
        pytest.approx(13.5)
    )
    assert srcgrad.grad(functools.partial(scaled_cube, 1.5), mode=mode)(2.0) == pytest.approx(
        1.5**3  # d/da a x^3 with x = 1.5 bound first
    )


def forwarding(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def doubling(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return 2 * fn(*args, **kwargs)

    return wrapper


@forwarding
def forwarded(x):
    return x**3


@doubling
def doubled(x):
    return x**3


@pytest.mark.parametrize("mode", MODES)
def test_wraps_decorators_followed_only_when_they_forward(mode):
    assert srcgrad.grad(forwarded, mode=mode)(2.0) == pytest.approx(12.0)  # 3 x^2
    if mode == "compile":  # the wrapper changes the value: not the wrapped function's
        with pytest.raises(srcgrad.TransformError):
            srcgrad.grad(doubled, mode=mode)(2.0)
    else:
        assert srcgrad.grad(doubled, mode=mode)(2.0) == pytest.approx(24.0)  # 6 x^2


def keyword_only(x, *, scale, shift=1.0):
    return np.sum(scale * x**2) + shift


@pytest.mark.parametrize("mode", MODES)
def test_keyword_only_parameters_by_name(mode):
    # d/dscale = sum(x^2); d/dx = 2 scale x
    assert srcgrad.grad(keyword_only, wrt="scale", mode=mode)(X, scale=2.0) == pytest.approx(
        np.sum(X**2)
    )
    dx, dshift = srcgrad.grad(keyword_only, wrt=("x", "shift"), mode=mode)(X, scale=2.0)
    np.testing.assert_allclose(dx, 4 * X)
    assert dshift == pytest.approx(1.0)


def calls_keyword_only(x):
    return keyword_only(x, scale=3.0)


def test_keyword_only_callee_in_compiled_code():
    np.testing.assert_allclose(srcgrad.grad(calls_keyword_only, mode="compile")(X), 6 * X)


@pytest.mark.parametrize("mode", ["compile", "auto"])
def test_two_lambdas_on_one_line(mode):
    double, triple = (lambda v: v * 2.0), (lambda v: v * 3.0)
    assert srcgrad.grad(double, mode=mode)(1.0) == 2.0
    assert srcgrad.grad(triple, mode=mode)(1.0) == 3.0
    assert "lambda" in srcgrad.grad(triple, mode="compile").source


def star_args(*args):
    return args[0] * args[1] ** 2


@pytest.mark.parametrize("mode", ["auto", "tape"])
def test_star_args_with_integer_wrt_counts_positional_arguments(mode):
    # d/dx1 x0 x1^2 = 2 x0 x1; d/dx0 = x1^2
    assert srcgrad.grad(star_args, wrt=1, mode=mode)(2.0, 3.0) == pytest.approx(12.0)
    assert srcgrad.grad(star_args, wrt=(0, 1), mode=mode)(2.0, 3.0) == (
        pytest.approx(9.0),
        pytest.approx(12.0),
    )


def test_star_args_in_compile_mode_is_a_clear_error():
    with pytest.raises(srcgrad.TransformError, match=r"\*args"):
        srcgrad.grad(star_args, wrt=1, mode="compile")(2.0, 3.0)


@pytest.mark.parametrize("mode", MODES)
def test_operator_functions_are_primitives(mode):
    def f(a, b):
        return operator.add(operator.mul(a, b), operator.pow(a, 2.0)) - operator.neg(b)

    # d/da = b + 2 a; d/db = a + 1
    assert srcgrad.grad(f, wrt=(0, 1), mode=mode)(3.0, 4.0) == (
        pytest.approx(10.0),
        pytest.approx(4.0),
    )


@pytest.mark.parametrize("mode", MODES)
def test_operator_functions_themselves(mode):
    # d/da a * b = b, d/db a / b = -a / b^2
    assert srcgrad.grad(operator.mul, wrt=(0, 1), mode=mode)(3.0, 4.0) == (4.0, 3.0)
    assert srcgrad.grad(operator.truediv, wrt=1, mode=mode)(3.0, 4.0) == pytest.approx(-3 / 16)
    assert srcgrad.jvp(operator.pow, (2.0, 3.0), (1.0, None))[1] == pytest.approx(12.0)


def layer(x, act=np.tanh):
    return np.sum(act(x))


@pytest.mark.parametrize("mode", ["auto", "tape"])
def test_functions_as_default_arguments(mode):
    np.testing.assert_allclose(srcgrad.grad(layer, mode=mode)(X), 1 - np.tanh(X) ** 2)
    np.testing.assert_allclose(srcgrad.grad(layer, mode=mode)(X, np.sin), np.cos(X))


def structured(params, x):
    return np.sum(params["w"] * x) + params["b"] ** 2 + params["pair"][0] * params["pair"][1]


@pytest.mark.parametrize("mode", MODES)
def test_containers_as_arguments_and_wrt_targets(mode):
    params = {"w": np.array([1.0, 2.0, 3.0]), "b": 0.5, "pair": [2.0, 5.0]}
    got = srcgrad.grad(structured, mode=mode)(params, X)
    np.testing.assert_allclose(got["w"], X)
    assert got["b"] == pytest.approx(1.0)
    assert got["pair"][0] == pytest.approx(5.0) and got["pair"][1] == pytest.approx(2.0)


@srcgrad.grad
def module_level_gradient(x):
    return np.sum(np.sin(x))


@srcgrad.jacobian
def module_level_jacobian(x):
    return np.sin(x)


def test_decorated_functions_pickle_by_reference():
    assert pickle.loads(pickle.dumps(module_level_gradient)) is module_level_gradient
    assert pickle.loads(pickle.dumps(module_level_jacobian)) is module_level_jacobian


def test_a_process_pool_maps_a_gradient():
    points = [np.array([0.1, 0.2]), np.array([1.0, -1.0])]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(pool.map(module_level_gradient, points))
    for got, x in zip(results, points):
        np.testing.assert_allclose(got, np.cos(x))


def test_fallback_warning_points_at_the_callers_line():
    def uses_try(x):
        try:
            return x**2
        finally:
            pass

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        srcgrad.grad(uses_try)(1.0)
    (warning,) = [w for w in caught if issubclass(w.category, srcgrad.FallbackWarning)]
    assert warning.filename == __file__


def _complex_sort_model(x):
    y = x * 2.0
    return np.sum(np.sort_complex(y).real * y)


@pytest.mark.parametrize("mode", ["auto", "tape"])
def test_a_missing_rule_names_the_users_line_first(mode):
    with pytest.raises(TypeError) as caught:
        srcgrad.grad(_complex_sort_model, mode=mode)(np.array([0.5, 1.0]))
    message = str(caught.value)
    line = _complex_sort_model.__code__.co_firstlineno + 2
    assert message.startswith(
        f"np.sort_complex has no derivative rule (called at {__file__}:{line}:"
    )
    assert "Tensor" not in message and "custom_vjp" in message


def test_forward_mode_takes_bound_methods_and_partials():
    model = Model(3.0)
    # d/dx 3 sum(w x^2) = 6 w x, so the Jacobian of that gradient is diag(6 w)
    np.testing.assert_allclose(srcgrad.jacobian(srcgrad.grad(model.loss))(X), np.diag(6 * model.w))
    np.testing.assert_allclose(srcgrad.hessian(model.loss)(X), np.diag(6 * model.w))
    cube = functools.partial(scaled_cube, a=2.0)  # 2 x^3 + 1: derivative 6 x^2
    assert srcgrad.jvp(cube, (1.5, 2.0, 1.0), (1.0, None, None))[1] == pytest.approx(13.5)
    assert srcgrad.jacobian(cube)(1.5) == pytest.approx(13.5)
