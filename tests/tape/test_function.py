"""Custom autograd Functions."""

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor
from srcgrad.autograd import Function, grad, gradcheck


class MulAdd(Function):
    """(x * y + c, x - y) with a constant c."""

    @staticmethod
    def forward(ctx, x, y, c):
        assert not srcgrad.is_grad_enabled()
        ctx.save_for_backward(x, y)
        ctx.c = c
        return x * y + c, x - y

    @staticmethod
    def backward(ctx, g_sum, g_diff):
        x, y = ctx.saved_tensors
        return g_sum * y + g_diff, g_sum * x - g_diff, None


def test_multiple_outputs_and_needs_input_grad():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor([3.0, 4.0])
    seen = []

    class Probe(MulAdd):
        @staticmethod
        def forward(ctx, x, y, c):
            seen.append(ctx.needs_input_grad)
            return MulAdd.forward(ctx, x, y, c)

    s, d = Probe.apply(x, y, 1.0)
    assert seen == [(True, False, False)]
    assert s.grad_fn is d.grad_fn and s.grad_fn.name() == "ProbeBackward"
    np.testing.assert_array_equal(s.data, [4.0, 9.0])
    (s.sum() + 2 * d.sum()).backward()
    np.testing.assert_array_equal(x.grad.data, [3.0 + 2, 4.0 + 2])


def test_unused_output_gets_zero_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor([3.0, 4.0], requires_grad=True)
    s, _ = MulAdd.apply(x, y, 0.0)
    s.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 4.0])
    np.testing.assert_array_equal(y.grad.data, [1.0, 2.0])


def test_gradcheck_custom_function():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor([3.0, -4.0], requires_grad=True)
    assert gradcheck(lambda a, b: MulAdd.apply(a, b, 2.0), (x, y))


def test_wrong_number_of_gradients():
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, g):
            return g

    x = tensor(1.0, requires_grad=True)
    with pytest.raises(
        RuntimeError, match=r"returned an incorrect number of gradients \(expected 2, got 1\)"
    ):
        Bad.apply(x, tensor(1.0)).backward()


def test_saved_tensor_modified_in_place():
    class Square(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    x = tensor([1.0], requires_grad=True)
    h = x * 1
    y = Square.apply(h)
    h += 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_saved_tensors_freed_after_backward():
    x = tensor([0.5], requires_grad=True)

    class Exp(Function):
        @staticmethod
        def forward(ctx, t):
            result = np.exp(t)
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, g):
            (result,) = ctx.saved_tensors
            return g * result

    y = Exp.apply(x)
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_mark_non_differentiable():
    class SortWithIndex(Function):
        @staticmethod
        def forward(ctx, x):
            order = np.argsort(x.data)
            ctx.order = order
            index = tensor(order.astype(float))
            ctx.mark_non_differentiable(index)
            return x[order], index

        @staticmethod
        def backward(ctx, g, g_index):
            out = np.zeros(g.shape)
            out[ctx.order] = g.data
            return tensor(out)

    x = tensor([3.0, 1.0, 2.0], requires_grad=True)
    values, index = SortWithIndex.apply(x)
    assert values.requires_grad and not index.requires_grad
    (values * tensor([1.0, 10.0, 100.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [100.0, 1.0, 10.0])


def test_no_graph_when_nothing_requires_grad():
    out = MulAdd.apply(tensor([1.0]), tensor([2.0]), 0.0)
    assert out[0].grad_fn is None and not out[0].requires_grad


def test_second_derivative_through_function():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x**2 * g

    x = tensor(2.0, requires_grad=True)
    (d1,) = grad(Cube.apply(x), x, create_graph=True)
    (d2,) = grad(d1, x)
    assert d1.item() == 12.0 and d2.item() == 12.0  # 3x^2, 6x at x = 2
