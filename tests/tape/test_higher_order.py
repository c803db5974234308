"""Gradients of gradients (create_graph=True)."""

import numpy as np

from srcgrad import tensor
from srcgrad.autograd import grad


def test_second_derivative_of_cube():
    # d/dx x^3 = 3x^2 = 12, d2/dx2 = 6x = 12, d3/dx3 = 6 at x = 2
    x = tensor(2.0, requires_grad=True)
    (d1,) = grad(x**3, x, create_graph=True)
    (d2,) = grad(d1, x, create_graph=True)
    (d3,) = grad(d2, x)
    assert (d1.item(), d2.item(), d3.item()) == (12.0, 12.0, 6.0)


def test_second_derivative_of_tanh_against_finite_differences():
    x0 = np.array([-1.3, 0.2, 0.9])
    x = tensor(x0, requires_grad=True)
    (d1,) = grad(np.tanh(x).sum(), x, create_graph=True)
    (d2,) = grad(d1.sum(), x)

    def first(v):  # 1 - tanh^2, the known first derivative
        return 1 - np.tanh(v) ** 2

    eps = 1e-6
    numeric = (first(x0 + eps) - first(x0 - eps)) / (2 * eps)
    np.testing.assert_allclose(d2.data, numeric, rtol=1e-6)


def test_hessian_vector_product():
    # f = sum(x^2 * y), grad_x = 2xy, H_xx = diag(2y) -> H v = 2 y v
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor([3.0, 4.0])
    (gx,) = grad((x**2 * y).sum(), x, create_graph=True)
    v = tensor([1.0, -1.0])
    (hv,) = grad((gx * v).sum(), x)
    np.testing.assert_array_equal(hv.data, [6.0, -8.0])


def test_mixed_partials():
    # f = x^2 y^3, d2f/dxdy = 6 x y^2 = 6 * 1 * 4 = 24 at (1, 2)
    x = tensor(1.0, requires_grad=True)
    y = tensor(2.0, requires_grad=True)
    (dx,) = grad(x**2 * y**3, x, create_graph=True)
    (dxy,) = grad(dx, y)
    assert dxy.item() == 24.0


def test_backward_create_graph_then_grad_of_grad():
    x = tensor([0.5, 1.5], requires_grad=True)
    (np.exp(x) * x).sum().backward(create_graph=True)
    # d/dx (x e^x) = (1 + x) e^x; its derivative (2 + x) e^x
    np.testing.assert_allclose(x.grad.data, (1 + x.data) * np.exp(x.data))
    first = x.grad
    x.grad = None
    first.sum().backward()
    np.testing.assert_allclose(x.grad.data, (2 + x.data) * np.exp(x.data))


def test_double_backward_through_indexing_and_broadcast():
    # f = sum((x[0] * x)^2) for x in R^3: check against finite differences of the gradient
    x0 = np.array([0.7, -0.4, 1.1])

    def gradient(v):
        x = tensor(v, requires_grad=True)
        (g,) = grad(((x[0] * x) ** 2).sum(), x)
        return g.data

    x = tensor(x0, requires_grad=True)
    (g,) = grad(((x[0] * x) ** 2).sum(), x, create_graph=True)
    (h0,) = grad(g[0], x)
    eps = 1e-6
    numeric = np.array(
        [(gradient(x0 + eps * e)[0] - gradient(x0 - eps * e)[0]) / (2 * eps) for e in np.eye(3)]
    )
    np.testing.assert_allclose(h0.data, numeric, rtol=1e-6, atol=1e-8)
