"""The names and keywords JAX and torch.func users bring: argnums=, jacfwd, jacrev,
grad_and_value, vmap, linearize. Expected values: finite differences or hand derivations."""

import warnings

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

X = np.array([0.3, -0.7, 1.1])
Y = np.array([1.5, 0.2, -0.4])


def weighted(x, y):
    return np.sum(np.sin(x) * y**2)


def squares(x):
    return x**2 + np.sum(x)


def loss(w, x, t):
    return (np.tanh(x @ w) - t) ** 2


@pytest.mark.parametrize("transform", [srcgrad.grad, srcgrad.value_and_grad])
def test_argnums_is_wrt_by_position(transform):
    got = transform(weighted, argnums=1)(X, Y)
    gradient = got[1] if transform is srcgrad.value_and_grad else got
    np.testing.assert_allclose(gradient, finite_difference(weighted, (X, Y), 1), atol=1e-6)


def test_argnums_tuple_gives_a_tuple():
    gx, gy = srcgrad.grad(weighted, argnums=(0, 1))(X, Y)
    np.testing.assert_allclose(gx, np.cos(X) * Y**2)  # d/dx sin(x) y^2
    np.testing.assert_allclose(gy, 2 * np.sin(X) * Y)  # d/dy sin(x) y^2


def test_argnums_with_wrt_is_refused():
    with pytest.raises(TypeError, match="wrt= or argnums=, not both"):
        srcgrad.grad(weighted, wrt=1, argnums=1)


def test_argnums_takes_positions_only():
    with pytest.raises(TypeError, match="argnums must be an int or a tuple of ints"):
        srcgrad.grad(weighted, argnums="y")


@pytest.mark.parametrize("transform", [srcgrad.jacfwd, srcgrad.jacrev])
def test_jacfwd_and_jacrev(transform):
    # d(x_i^2 + sum x)/dx_j = 2 x_i [i == j] + 1
    expected = np.diag(2 * X) + 1.0
    np.testing.assert_allclose(transform(squares)(X), expected, atol=1e-12)


def test_jacobian_and_hessian_take_argnums():
    np.testing.assert_allclose(
        srcgrad.jacobian(weighted, argnums=1)(X, Y), 2 * np.sin(X) * Y, atol=1e-12
    )
    # d2/dy2 sum sin(x) y^2 = diag(2 sin(x))
    np.testing.assert_allclose(
        srcgrad.hessian(weighted, argnums=1)(X, Y), np.diag(2 * np.sin(X)), atol=1e-12
    )


def test_grad_and_value_is_torch_func_order():
    gradient, value = srcgrad.grad_and_value(weighted)(X, Y)
    assert value == pytest.approx(weighted(X, Y))
    np.testing.assert_allclose(gradient, np.cos(X) * Y**2)


def test_vmap_of_grad_gives_per_example_gradients():
    w = np.array([0.5, -0.2, 0.1])
    xs = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [0.0, 0.4, -0.6], [1.2, 0.1, 0.2]])
    ts = np.array([0.1, -0.3, 0.5, 0.0])
    per_example = srcgrad.vmap(srcgrad.grad(loss), in_axes=(None, 0, 0))(w, xs, ts)
    assert per_example.shape == (4, 3)
    for i in range(4):
        expected = finite_difference(loss, (w, xs[i], ts[i]), 0)
        np.testing.assert_allclose(per_example[i], expected, atol=1e-6)


def test_vmap_in_dims_out_dims_and_tuple_outputs():
    def both(a, b):
        return a * b, np.sum(a)

    a, b = np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0])
    prods, sums = srcgrad.vmap(both, in_dims=(1, None), out_dims=(1, 0))(a, b)
    assert prods.shape == (2, 3) and sums.shape == (3,)
    np.testing.assert_allclose(prods, a * b[:, None])
    np.testing.assert_allclose(sums, a.sum(axis=0))


def test_vmap_maps_every_array_of_a_list_argument():
    def norm_of_pair(pair):
        return np.sqrt(pair[0] ** 2 + pair[1] ** 2)

    out = srcgrad.vmap(norm_of_pair)([np.array([3.0, 5.0]), np.array([4.0, 12.0])])
    np.testing.assert_allclose(out, [5.0, 13.0])


def test_vmap_refuses_mismatched_sizes():
    with pytest.raises(ValueError, match="different sizes"):
        srcgrad.vmap(np.add)(np.ones(2), np.ones(3))


def test_a_gradient_through_vmap():
    def total(w, xs):
        return np.sum(srcgrad.vmap(lambda x: np.tanh(x @ w), in_axes=0)(xs))

    xs = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
    w = np.array([0.5, -0.2, 0.1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)  # vmap's loop: on the tape
        got = srcgrad.grad(total)(w, xs)
    np.testing.assert_allclose(got, finite_difference(total, (w, xs), 0), atol=1e-6)


def test_linearize():
    out, f_jvp = srcgrad.linearize(weighted, X, Y)
    assert out == pytest.approx(weighted(X, Y))
    dx, dy = np.array([1.0, 0.0, 2.0]), np.zeros(3)
    # the derivative along (dx, 0): sum cos(x) dx y^2
    assert f_jvp(dx, dy) == pytest.approx(np.sum(np.cos(X) * dx * Y**2))


def test_transforms_of_numpy_functions_themselves():
    # jax.grad(jnp.sin)-style calls: the primitive is the function
    assert srcgrad.grad(np.sin)(0.5) == pytest.approx(np.cos(0.5))
    np.testing.assert_allclose(srcgrad.grad(np.sum)(X), np.ones(3))
    # d tanh(x_i)/dx_j = (1 - tanh(x_i)^2) [i == j]
    expected = np.diag(1 - np.tanh(X) ** 2)
    np.testing.assert_allclose(srcgrad.jacfwd(np.tanh)(X), expected, atol=1e-12)
    np.testing.assert_allclose(srcgrad.jacrev(np.tanh)(X), expected, atol=1e-12)
    # d cumsum(x)_i / dx_j = [j <= i]
    np.testing.assert_allclose(srcgrad.jacobian(np.cumsum)(X), np.tril(np.ones((3, 3))))
    _, back = srcgrad.vjp(np.tanh, X)
    (gradient,) = back(np.ones(3))
    np.testing.assert_allclose(gradient, 1 - np.tanh(X) ** 2, atol=1e-12)
