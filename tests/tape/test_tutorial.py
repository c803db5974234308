"""The examples from PyTorch's autograd tutorials, with independently derived answers."""

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor
from srcgrad.autograd import Function, grad


def test_scalar_chain():
    # z = 10 w^2 + 25, dz/dw = 20 w = 40 at w = 2.
    w = tensor(2.0, requires_grad=True)
    y = w**2
    z = 10 * y + 25
    z.backward()
    assert w.grad.item() == 40.0
    assert repr(w.grad) == "tensor(40.)"
    assert repr(z) == "tensor(65., grad_fn=<AddBackward0>)"


def test_vector_output_with_gradient_argument():
    # dQ/da = 9 a^2 = [36, 81]; dQ/db = -2 b = [-12, -8].
    a = tensor([2.0, 3.0], requires_grad=True)
    b = tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2
    Q.backward(gradient=tensor([1.0, 1.0]))
    np.testing.assert_array_equal(a.grad.data, [36.0, 81.0])
    np.testing.assert_array_equal(b.grad.data, [-12.0, -8.0])
    assert repr(a) == "tensor([2., 3.], requires_grad=True)"


def test_vector_output_without_gradient_raises():
    a = tensor([2.0, 3.0], requires_grad=True)
    b = tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2
    scalar_only = "grad can be implicitly created only for scalar outputs"
    with pytest.raises(RuntimeError, match=scalar_only):
        Q.backward()


def test_two_layer_matrix_vector_network():
    # out = sum(w2 (w1 inp)); h = w1 inp = [5, 11].
    # d out / d w2[i, j] = h[j]          -> [[5, 11], [5, 11]]
    # d out / d w1[j, k] = sum_i w2[i, j] inp[k] = colsum(w2)[j] inp[k], colsum = [6, 5]
    #                                    -> [[6, 12], [5, 10]]
    w1 = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    w2 = tensor([[2.0, 3.0], [4.0, 2.0]], requires_grad=True)
    inp = tensor([1.0, 2.0])
    hidden = w1 @ inp
    output = w2 @ hidden
    out = output.sum()
    assert w1.grad is None and w2.grad is None
    assert hidden.grad_fn.name() == "MvBackward0"
    assert repr(out.grad_fn).startswith("<SumBackward0 object at 0x")
    assert repr(output.grad_fn).startswith("<MvBackward0 object at 0x")
    assert out.grad_fn.next_functions[0][0] is output.grad_fn
    out.backward()
    np.testing.assert_array_equal(w1.grad.data, [[6.0, 12.0], [5.0, 10.0]])
    np.testing.assert_array_equal(w2.grad.data, [[5.0, 11.0], [5.0, 11.0]])


def test_linear_regression_float32():
    xs, ys = [1, 2, 3], [2, 4, 6]
    w = tensor([1.0], dtype=np.float32, requires_grad=True)
    grads = []
    for _ in range(10):
        for x_i, y_i in zip(xs, ys, strict=True):
            loss = (x_i * w - y_i) ** 2
            loss.backward()
            grads.append(w.grad.item())
            w.data -= 0.01 * w.grad
            w.grad.zero_()
    assert w.dtype == np.float32 and w.grad.dtype == np.float32
    # The same loop by hand in float32: d/dw (x w - y)^2 = 2 x (x w - y).
    w_ref = np.float32(1.0)
    expected = []
    for _ in range(10):
        for x_i, y_i in zip(xs, ys, strict=True):
            g = np.float32(2) * x_i * (x_i * w_ref - y_i)
            expected.append(float(g))
            w_ref = np.float32(w_ref - np.float32(0.01) * g)
    assert grads == expected
    assert grads[:3] == pytest.approx([-2.0, -7.84, -16.2288], abs=1e-5)
    prediction = (4 * w).item()
    assert prediction == pytest.approx(float(4 * w_ref), abs=1e-6)
    assert prediction == pytest.approx(7.8049, abs=1e-4)


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        result = np.exp(x)
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


def test_custom_function_first_and_second_derivative():
    x = tensor([0.5, -1.0], requires_grad=True)
    y = Exp.apply(x)
    assert y.grad_fn.name() == "ExpBackward"
    np.testing.assert_allclose(y.data, np.exp([0.5, -1.0]))
    (dx,) = grad(y.sum(), x, create_graph=True)
    np.testing.assert_allclose(dx.data, np.exp([0.5, -1.0]))  # d e^x = e^x
    assert dx.requires_grad
    (d2x,) = grad(dx.sum(), x)
    np.testing.assert_allclose(d2x.data, np.exp([0.5, -1.0]))  # d^2 e^x = e^x
    y2 = Exp.apply(x)
    y2.sum().backward()
    np.testing.assert_allclose(x.grad.data, np.exp([0.5, -1.0]))
    assert srcgrad.autograd.gradcheck(Exp.apply, (x,))
