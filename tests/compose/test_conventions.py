"""JAX/torch.func conventions: has_aux, stop_gradient, custom_vjp, custom_jvp, and custom
autograd Functions called from compiled code."""

import warnings

import numpy as np
import pytest

import srcgrad

MODES = ["compile", "auto", "tape"]
X = np.array([0.3, -0.5, 1.2])


def with_aux(x):
    y = np.sin(x)
    return np.sum(y * x), {"sines": y, "label": "loss"}


def _sum_sin_x_grad(x):  # by hand: d/dx sum(sin(x) x) = cos(x) x + sin(x)
    return np.cos(x) * x + np.sin(x)


@pytest.mark.parametrize("mode", MODES)
def test_has_aux(mode):
    g, aux = srcgrad.grad(with_aux, has_aux=True, mode=mode)(X)
    np.testing.assert_allclose(g, _sum_sin_x_grad(X))
    np.testing.assert_allclose(aux["sines"], np.sin(X))
    assert aux["label"] == "loss"

    (value, aux), g = srcgrad.value_and_grad(with_aux, has_aux=True, mode=mode)(X)
    assert value == pytest.approx(np.sum(np.sin(X) * X))
    np.testing.assert_allclose(g, _sum_sin_x_grad(X))

    out, back, aux = srcgrad.vjp(with_aux, X, has_aux=True, mode=mode)
    (g,) = back(2.0)
    np.testing.assert_allclose(g, 2 * _sum_sin_x_grad(X))
    assert aux["label"] == "loss"


def test_jacobian_has_aux():
    def f(x):
        return np.sin(x) * x[0], "aux"

    for mode in ("fwd", "rev"):
        jac, aux = srcgrad.jacobian(f, has_aux=True, mode=mode)(X)
        want = np.diag(np.cos(X) * X[0])  # d sin(x_i) x_0 / dx_j, by hand
        want[:, 0] += np.sin(X)
        np.testing.assert_allclose(jac, want)
        assert aux == "aux"


def test_has_aux_needs_a_pair():
    with pytest.raises(TypeError, match="has_aux=True"):
        srcgrad.grad(lambda x: x**2, has_aux=True)(1.0)


@pytest.mark.parametrize("mode", MODES)
def test_tuple_outputs_on_every_engine(mode):
    # A vjp of a function returning a tuple: the seed's None part takes no part.
    def f(x):
        y = np.sin(x)
        return np.sum(y * x), y * 2

    out, back = srcgrad.vjp(f, X, mode=mode)
    np.testing.assert_allclose(back((1.0, None))[0], _sum_sin_x_grad(X))
    np.testing.assert_allclose(back((0.0, np.ones(3)))[0], 2 * np.cos(X))


@pytest.mark.parametrize("mode", MODES)
def test_stop_gradient(mode):
    def f(x):
        return np.sum(x * srcgrad.stop_gradient(x) ** 2)  # d/dx = c^2 with c = x held

    np.testing.assert_allclose(srcgrad.grad(f, mode=mode)(X), X**2)
    assert srcgrad.jvp(f, (X,), (np.ones(3),))[1] == pytest.approx(np.sum(X**2))


@srcgrad.custom_vjp
def scaled_sine(x, y):
    return np.sin(x) * y


def _scaled_sine_fwd(x, y):
    return scaled_sine(x, y), (np.cos(x), np.sin(x), y)


def _scaled_sine_bwd(residuals, g):
    cos_x, sin_x, y = residuals
    return cos_x * y * g, sin_x * g


scaled_sine.defvjp(_scaled_sine_fwd, _scaled_sine_bwd)


@srcgrad.custom_vjp
def clipped_identity(x):
    return x


clipped_identity.defvjp(lambda x: (x, None), lambda res, g: (np.clip(g, -1.0, 1.0),))


@pytest.mark.parametrize("mode", MODES)
def test_custom_vjp_is_used_by_every_engine(mode):
    def loss(x, y):
        return np.sum(scaled_sine(x, y) ** 2)

    y = np.array([1.5, -2.0, 0.5])
    dx, dy = srcgrad.grad(loss, wrt=(0, 1), mode=mode)(X, y)
    r = np.sin(X) * y  # by hand: 2 r cos(x) y and 2 r sin(x)
    np.testing.assert_allclose(dx, 2 * r * np.cos(X) * y)
    np.testing.assert_allclose(dy, 2 * r * np.sin(X))
    # The user's rule, not the function's derivative: the gradient 3 is clipped to 1.
    assert srcgrad.grad(lambda x: 3.0 * clipped_identity(x), mode=mode)(2.0) == 1.0


def test_custom_vjp_in_generated_code_calls_the_backward():
    def loss(x):
        return np.sum(clipped_identity(x) * 3.0)

    source = srcgrad.grad(loss, mode="compile").source
    assert "clipped_identity_custom_backward(" in source


@srcgrad.custom_jvp
def cube(x):
    return x**3


cube.defjvp(lambda primals, tangents: (primals[0] ** 3, 3 * primals[0] ** 2 * tangents[0]))


@pytest.mark.parametrize("mode", MODES)
def test_custom_jvp_forward_and_reverse(mode):
    def f(x):
        return np.sum(cube(x) * 2.0)

    np.testing.assert_allclose(srcgrad.grad(f, mode=mode)(X), 6 * X**2)
    assert srcgrad.jvp(f, (X,), (np.ones(3),))[1] == pytest.approx(np.sum(6 * X**2))


class Exp(srcgrad.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = np.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y


def uses_function(x):
    return np.sum(Exp.apply(x) * x)


@pytest.mark.parametrize("mode", MODES)
def test_autograd_function_in_compiled_code_calls_its_backward(mode):
    with warnings.catch_warnings():
        warnings.simplefilter("error", srcgrad.FallbackWarning)  # no island, no fallback
        got = srcgrad.grad(uses_function, mode=mode)(X)
    np.testing.assert_allclose(got, np.exp(X) * X + np.exp(X))
    assert "Exp_backward(" in srcgrad.grad(uses_function, mode="compile").source
