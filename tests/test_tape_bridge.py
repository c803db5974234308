"""srcgrad.tape_bridge: running a function on the tape, for every part of srcgrad that does."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.tape import GradientLostError, Tensor
from srcgrad.tape_bridge import jacobians_on_tape, plain, vjp_on_tape
from tests.helpers import finite_difference


def product(x, y, scale=1.0):
    return np.sum(np.sin(x) * y) * scale


def test_value_and_gradients_of_the_chosen_arguments():
    x, y = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    out, backward = vjp_on_tape(product, (x, y), (0, 1))
    assert plain(out) == pytest.approx(product(x, y))
    gx, gy = backward(1.0)
    # d/dx sum(sin(x) y) = cos(x) y; d/dy = sin(x)
    np.testing.assert_allclose(gx, np.cos(x) * y)
    np.testing.assert_allclose(gy, np.sin(x))
    np.testing.assert_allclose(backward(2.0)[0], 2 * np.cos(x) * y)  # it runs again


def test_a_keyword_argument_is_differentiated_by_name():
    x, y = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    _, backward = vjp_on_tape(product, (x, y), ("scale",), {"scale": 3.0})
    (gscale,) = backward(1.0)
    assert float(gscale) == pytest.approx(product(x, y))


def test_the_call_form_maps_values_to_the_call():
    x, y = np.array([0.3]), np.array([2.0])
    _, backward = vjp_on_tape(
        product, (x, y, 2.0), (2,), call_form=lambda v: (v[:2], {"scale": v[2]})
    )
    assert float(backward(1.0)[0]) == pytest.approx(product(x, y))


def test_structured_arguments_get_gradients_of_their_structure():
    def f(pair, table):
        return pair[0] * pair[1] + table["w"] ** 2

    out, backward = vjp_on_tape(f, ([2.0, 5.0], {"w": 3.0}), (0, 1))
    (g_pair, g_table) = backward(1.0)
    assert isinstance(g_pair, list) and isinstance(g_table, dict)
    assert [float(g) for g in g_pair] == [5.0, 2.0]
    assert float(g_table["w"]) == 6.0
    # Without structure the list enters as one array.
    _, backward = vjp_on_tape(lambda v: np.sum(v**2), ([1.0, 2.0],), (0,), structured=False)
    np.testing.assert_allclose(backward(1.0)[0], [2.0, 4.0])


def test_a_part_of_the_output_with_no_seed_takes_no_part():
    def f(x):
        return x**2, {"aux": x * 10.0}

    _, backward = vjp_on_tape(f, (3.0,), (0,))
    assert float(backward((1.0, None))[0]) == 6.0
    assert float(backward((1.0, {"aux": 1.0}))[0]) == 16.0


def test_an_argument_the_output_does_not_use_gets_a_zero_gradient():
    x = np.array([1.0, 2.0], dtype=np.float32)
    _, backward = vjp_on_tape(lambda a, b: np.sum(a) * 2.0, (x, x), (0, 1))
    ga, gb = backward(1.0)
    np.testing.assert_array_equal(ga, [2.0, 2.0])
    np.testing.assert_array_equal(gb, [0.0, 0.0])
    assert gb.dtype == np.float32
    _, backward = vjp_on_tape(lambda a: 4.0, (x,), (0,))  # nothing depends on a
    np.testing.assert_array_equal(backward(1.0)[0], [0.0, 0.0])


def test_create_graph_gives_tensors_an_outer_derivative_follows():
    x = srcgrad.tensor(1.5, requires_grad=True)
    # inner: d/dy (x y^2) at y = x is 2 x y = 2 x^2; outer: d/dx 2 x^2 = 4 x
    _, backward = vjp_on_tape(lambda a, b: a * b**2, (x, x), (1,), create_graph=True)
    (inner,) = backward(1.0)
    assert isinstance(inner, Tensor) and float(inner.data) == pytest.approx(2 * 1.5**2)
    (outer,) = srcgrad.autograd.grad(inner, x)
    assert float(outer.data) == pytest.approx(4 * 1.5)


def test_a_tracked_tensor_without_create_graph_is_refused_not_detached():
    x = srcgrad.tensor(1.5, requires_grad=True)
    with pytest.raises((RuntimeError, GradientLostError)):
        vjp_on_tape(lambda a: a * 2.0, (x,), (0,))


def test_a_tracked_seed_without_create_graph_is_refused_not_detached():
    _, backward = vjp_on_tape(lambda a: a * 2.0, (1.5,), (0,))
    with pytest.raises((RuntimeError, GradientLostError)):
        backward(srcgrad.tensor(1.0, requires_grad=True))
    _, backward = vjp_on_tape(lambda a: a * 2.0, (1.5,), (0,), create_graph=True)
    seed = srcgrad.tensor(3.0, requires_grad=True)
    (g,) = backward(seed)  # 2 * seed, which the outer derivative follows
    (d_seed,) = srcgrad.autograd.grad(g, seed)
    assert float(g.data) == 6.0 and float(d_seed.data) == 2.0


def test_jacobians_match_finite_differences():
    def f(x, y):
        return np.tanh(x) * y[0] + x**2

    x, y = np.array([0.2, -0.4, 0.9]), np.array([1.5, 2.0])
    out, (jx, jy) = jacobians_on_tape(f, (x, y), (0, 1))
    np.testing.assert_allclose(out, f(x, y))
    assert jx.shape == (3, 3) and jy.shape == (3, 2)
    for row in range(3):
        for position, jac in ((0, jx), (1, jy)):
            expected = finite_difference(lambda *a, r=row: f(*a)[r], (x, y), position)
            np.testing.assert_allclose(jac[row], expected, rtol=1e-6, atol=1e-9)
    _, (tensors,) = jacobians_on_tape(f, (x, y), (0,), create_graph=True)
    assert isinstance(tensors, Tensor)
    np.testing.assert_allclose(tensors.data, jx)


def test_a_vjp_of_a_tuple_output_inside_a_tape_run_is_not_zero():
    # A vjp of a function returning a tuple, taken while the tape recorded an outer
    # derivative, gave a zero gradient; it goes through the same bridge as every other.
    def pair(x):
        return x * x, 3.0 * x

    def outer(x):
        _, vjp_fn = srcgrad.vjp(pair, x)
        (g,) = vjp_fn((1.0, 1.0))  # 2x + 3
        return g * x  # (2x + 3) x, whose derivative is 4x + 3

    assert srcgrad.grad(outer, mode="tape")(2.0) == pytest.approx(11.0)


def test_a_tape_hvp_with_an_unused_argument_is_zero_for_it():
    def f(x, y):
        try:  # the compiler refuses try: the product runs on the tape
            return x**3
        finally:
            pass

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        hx, hy = srcgrad.hvp(f, (2.0, 1.0), (1.0, 1.0))
    assert float(hx) == pytest.approx(12.0)  # 6 x times the tangent 1
    assert float(hy) == 0.0
