"""grad / value_and_grad / vjp: arguments, modes, types, errors, cache."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.nn import functional as F


def loss(w, b, x):
    return np.sum((x @ w + b) ** 2)


W, B, X = np.array([0.5, -1.0]), 0.3, np.array([[1.0, 2.0], [3.0, -1.0]])


def test_wrt_by_name_and_index_give_tuples_of_gradients():
    by_name = srcgrad.grad(loss, wrt=("w", "b"))(W, B, X)
    by_index = srcgrad.grad(loss, wrt=(0, 1))(W, B, X)
    # hand derivation: r = x @ w + b; dL/dw = 2 x^T r, dL/db = 2 sum(r)
    r = X @ W + B
    for got in (by_name, by_index):
        np.testing.assert_allclose(got[0], 2 * X.T @ r)
        assert isinstance(got[1], float)
        assert got[1] == pytest.approx(2 * r.sum())


def test_decorator_forms_keep_metadata():
    @srcgrad.grad
    def cube(x):
        """Cube."""
        return x**3

    @srcgrad.grad(wrt=0)
    def square(x):
        return x * x

    assert cube(2.0) == pytest.approx(12.0)  # 3 x^2
    assert square(3.0) == pytest.approx(6.0)
    assert cube.__name__ == "cube" and cube.__doc__ == "Cube." and cube.__wrapped__


def test_value_and_grad_and_vjp():
    value, dw = srcgrad.value_and_grad(loss, wrt="w")(W, B, X)
    assert value == pytest.approx(loss(W, B, X))
    out, back = srcgrad.vjp(lambda x: np.sin(x) * 2, np.array([0.0, 1.0]))
    np.testing.assert_allclose(out, np.sin([0.0, 1.0]) * 2)
    (dx,) = back(np.array([1.0, 1.0]))
    np.testing.assert_allclose(dx, 2 * np.cos([0.0, 1.0]))


def test_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match="names no argument"):
        srcgrad.grad(loss, wrt="v")
    with pytest.raises(ValueError, match="names no argument"):
        srcgrad.grad(loss, wrt=5)
    with pytest.raises(TypeError, match="dtype int64"):
        srcgrad.grad(loss)(np.array([1, 2]), B, X)
    with pytest.raises(ValueError, match="scalar output.*srcgrad.vjp"):
        srcgrad.grad(lambda x: x * 2)(np.array([1.0, 2.0]))


def uses_try(x):
    try:
        y = x * 2
    except ValueError:
        y = x
    return np.sum(y)


def test_compile_mode_names_file_and_line_and_auto_falls_back():
    with pytest.raises(srcgrad.TransformError, match=r"test_api.py:\d+:\d+: try/except"):
        srcgrad.grad(uses_try, mode="compile")(np.ones(2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = srcgrad.grad(uses_try)(np.ones(2))
    np.testing.assert_allclose(got, [2.0, 2.0])
    assert any(issubclass(w.category, srcgrad.FallbackWarning) for w in caught)


def test_gradient_types_follow_arguments():
    assert isinstance(srcgrad.grad(lambda x: x * x)(3), float)
    x32 = np.array([1.0, 2.0], dtype=np.float32)
    assert srcgrad.grad(lambda x: np.sum(x * x))(x32).dtype == np.float32


def test_redefinition_gives_a_fresh_transform():
    namespace = {"np": np}
    exec("def f(x):\n    return x * 2\n", namespace)
    first = srcgrad.grad(namespace["f"], mode="tape")(1.0)
    assert first == pytest.approx(2.0)


def helper_scale(x):
    return x * 2


def uses_helper(x):
    return helper_scale(x) + x


def test_cache_notices_a_redefined_global_helper():
    global helper_scale
    g = srcgrad.grad(uses_helper, mode="compile")
    assert g(1.0) == pytest.approx(3.0)
    original = helper_scale

    def helper_scale(x):  # noqa: F811
        return x * 5

    try:
        assert g(1.0) == pytest.approx(6.0)
    finally:
        helper_scale = original


def checked(x):
    assert x.ndim == 1, "x must be a vector"
    if np.any(np.isnan(x)):
        raise ValueError("x has NaN")
    return np.sum(np.sin(x))


def test_assert_and_raise_compile_and_still_check():
    x = np.array([0.3, -0.4])
    # d/dx sum(sin x) = cos x
    np.testing.assert_allclose(srcgrad.grad(checked, mode="compile")(x), np.cos(x))
    with pytest.raises(AssertionError, match="must be a vector"):
        srcgrad.grad(checked, mode="compile")(np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        srcgrad.grad(checked, mode="compile")(np.array([np.nan]))


def uses_nn_functional(x, t):
    return F.mse_loss(F.tanh(x), t) + np.sum(F.sigmoid(x))


def test_nn_functional_helpers_compile_like_user_functions():
    x, t = np.array([0.3, -0.2, 0.5]), np.array([0.0, 1.0, 1.0])
    compiled = srcgrad.grad(uses_nn_functional, mode="compile")(x, t)
    taped = srcgrad.grad(uses_nn_functional, mode="tape")(x, t)
    np.testing.assert_allclose(compiled, taped, rtol=1e-12)


def test_an_internal_compiler_error_falls_back_in_auto_mode(monkeypatch):
    from srcgrad.compiler import pipeline

    def broken(fn, active, islands, numbers):
        raise AttributeError("simulated compiler bug")

    monkeypatch.setattr("srcgrad.gradient.compile_vjp", broken)
    x = np.array([0.3, -0.4])
    with pytest.warns(srcgrad.FallbackWarning, match="internal error"):
        got = srcgrad.grad(checked)(x)
    np.testing.assert_allclose(got, np.cos(x))  # d/dx sum(sin x), on the tape
    with pytest.raises(AttributeError, match="simulated"):
        srcgrad.grad(checked, mode="compile")(x)
    assert pipeline.compile_vjp is not broken


def make_scaled_sum(k):
    def scaled_sum(x):
        return np.sum(x * k)

    return scaled_sum


def test_closures_made_by_one_factory_get_their_own_gradients():
    # Same code, different closure cells: d/dx sum(k x) = k for each.
    x = np.ones(2)
    np.testing.assert_array_equal(srcgrad.grad(make_scaled_sum(2.0), mode="compile")(x), [2, 2])
    np.testing.assert_array_equal(srcgrad.grad(make_scaled_sum(3.0), mode="compile")(x), [3, 3])


def uses_builtins(x):
    return np.sum(x) * len(x) if isinstance(x, np.ndarray) else x


def test_functions_using_builtins_are_transformed_once(monkeypatch):
    from srcgrad.compiler import pipeline

    builds = []
    real = pipeline._build
    monkeypatch.setattr(pipeline, "_build", lambda *a: builds.append(a[0]) or real(*a))
    gradient = srcgrad.grad(uses_builtins, mode="compile")
    for _ in range(3):
        np.testing.assert_allclose(gradient(np.ones(3)), [3.0, 3.0, 3.0])  # d/dx sum(x)*3
    assert builds == [uses_builtins]


def make_caller(helper):
    def call_helper(x):
        return helper(x) * 2

    return call_helper


def test_a_closure_cell_that_changes_gives_a_fresh_transform():
    def square(v):
        return v * v

    def cube(v):
        return v * v * v

    caller = make_caller(square)
    gradient = srcgrad.grad(caller, mode="compile")
    assert gradient(3.0) == 12.0  # d/dx 2x^2
    caller.__closure__[0].cell_contents = cube
    assert gradient(3.0) == 54.0  # d/dx 2x^3


def sine_and_square_sum(x):
    return np.sin(x), np.sum(x**2)


def doubled_and_cosine(x):
    return [x * 2, np.cos(x)]


@pytest.mark.parametrize("mode", ["compile", "tape", "auto"])
def test_vjp_of_several_outputs_takes_one_gradient_per_output(mode):
    x = np.array([0.3, -0.5])
    out, back = srcgrad.vjp(sine_and_square_sum, x, wrt=0, mode=mode)
    np.testing.assert_allclose(out[0], np.sin(x))
    # d/dx [sin(x) . g0 + g1 * sum(x^2)] = cos(x) g0 + 2 x g1
    np.testing.assert_allclose(back((np.ones(2), 1.0)), np.cos(x) + 2 * x)
    np.testing.assert_allclose(back((None, 2.0)), 4 * x)
    np.testing.assert_allclose(back((np.array([1.0, 3.0]), None)), np.cos(x) * [1.0, 3.0])
    out, back = srcgrad.vjp(doubled_and_cosine, x, wrt=0, mode=mode)
    assert isinstance(out, list) and len(out) == 2
    np.testing.assert_allclose(back([np.ones(2), np.ones(2)]), 2 - np.sin(x))
    for wrong in (np.ones(2), (np.ones(2),), (np.ones(2), np.ones(2), np.ones(2))):
        with pytest.raises(ValueError, match="one gradient per output"):
            back(wrong)


@pytest.mark.parametrize("mode", ["compile", "tape", "auto"])
def test_grad_of_several_outputs_says_to_use_vjp(mode):
    with pytest.raises(ValueError, match=r"test_api.py:\d+\) returned a tuple of 2.*srcgrad.vjp"):
        srcgrad.grad(sine_and_square_sum, mode=mode)(np.array([0.3, -0.5]))
