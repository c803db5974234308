"""The optimisations on generated code: each shows the code it produces, and the gradient
it gives stays equal to finite differences."""

import numpy as np

import srcgrad
from tests.helpers import finite_difference


def square_sum(x):
    return np.sum(x**2)


def test_constant_exponents_fold():
    gradient = srcgrad.grad(square_sum, mode="compile")
    x = np.array([0.5, -1.5])
    np.testing.assert_allclose(gradient(x), 2 * x)  # d/dx sum(x^2) = 2x
    # The power rule g * y * x ** (y - (y != 0)) with y = 2 folds to g * 2 * x.
    assert "pow1_grad * 2 * x" in gradient.source
    backward = gradient.source.split("def backward")[1]
    assert not any("**" in line for line in backward.splitlines() if "#" not in line)


def scaled(x, w):
    y = x * 3.0
    return np.sum(y * w)


def test_no_unbroadcast_where_the_other_operand_is_a_number():
    gradient = srcgrad.grad(scaled, wrt=(0, 1), mode="compile")
    source = gradient.source
    assert "x_grad = 3.0 * y_grad" in source or "x_grad = y_grad * 3.0" in source
    # y * w: both may be arrays of different shapes, so those keep their unbroadcast.
    assert "unbroadcast(mul1_grad * w, y)" in source
    x, w = np.array([0.5, -1.0]), np.array([[1.0, 2.0], [3.0, 4.0]])
    for position, got in enumerate(gradient(x, w)):
        np.testing.assert_allclose(got, finite_difference(scaled, (x, w), position), rtol=1e-6)


def running_total(x, y):
    total = 0.0
    h = 0.0
    for xi, yi in zip(x, y):
        prediction = np.tanh(xi * 2.0 + h)
        h = 0.5 * prediction
        total = total + np.sum((prediction - yi) ** 2)
    return total


def test_only_values_the_adjoint_reads_are_saved():
    gradient = srcgrad.grad(running_total, mode="compile")
    source = gradient.source
    # total, yi and sum1 are overwritten every step, but the adjoint never reads them:
    # they are not saved. prediction is read (tanh's rule uses it) and depends on h,
    # which the previous step set: it is saved. xi = x[k1] is computed again from x and
    # the counter, which the adjoint's loop counts down (reversed(range(trips1))).
    assert "saved.append(prediction)" in source
    assert "for k1 in reversed(range(trips1)):" in source
    for name in ("total", "yi", "sum1", "xi", "k1"):
        assert f"saved.append({name})" not in source
    x, y = np.array([0.3, -0.2, 0.5]), np.array([0.1, 0.4, -0.3])
    np.testing.assert_allclose(
        gradient(x, y), finite_difference(running_total, (x, y), 0), rtol=1e-6
    )


def logistic_growth(r):
    x = 0.1
    for _ in range(50):
        x = x + 0.01 * r * x * (1 - x)
    return x


def test_python_numbers_get_code_without_shape_bookkeeping():
    gradient = srcgrad.grad(logistic_growth, mode="compile")
    expected = finite_difference(logistic_growth, (2.0,), 0)
    np.testing.assert_allclose(gradient(2.0), expected, rtol=1e-6)
    numbers_source = gradient.source
    assert "unbroadcast" not in numbers_source
    assert "runtime.add_grads" not in numbers_source
    assert "x_grad = x_grad - sub1_grad" in numbers_source
    # The same gradient called with an array gets the general code, and stays right.
    got = gradient(np.array([2.0]))
    np.testing.assert_allclose(got, [expected], rtol=1e-6)
    assert "unbroadcast" in gradient.source
    np.testing.assert_allclose(gradient(2.0), expected, rtol=1e-6)  # and back again


def tanh_rnn(wh, b, xs, h):
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] + h @ wh + b)
    return np.sum(h * h)


def test_loop_gradients_of_weights_accumulate_in_place():
    rng = np.random.default_rng(1)
    wh, b = rng.normal(size=(3, 3)) / 2, rng.normal(size=3)
    xs, h = rng.normal(size=(4, 2, 3)), rng.normal(size=(2, 3))
    gradient = srcgrad.grad(tanh_rnn, wrt=(0, 1), mode="compile")
    source = gradient.source
    assert "wh_grad = runtime.zeros_like(wh)" in source
    assert "wh_grad += matmul_y(" in source
    assert "b_grad += unbroadcast(" in source
    for position, got in enumerate(gradient(wh, b, xs, h)):
        expected = finite_difference(tanh_rnn, (wh, b, xs, h), position)
        np.testing.assert_allclose(got, expected, rtol=1e-6)
    # float32 weights keep float32 gradients
    got = gradient(wh.astype(np.float32), b.astype(np.float32), xs, h)
    assert got[0].dtype == np.float32
