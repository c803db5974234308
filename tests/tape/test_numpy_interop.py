"""NumPy functions on Tensors: recorded through the rules table, or passed through."""

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor
from srcgrad.rules import NoRuleError


def test_ufuncs_and_functions_are_recorded():
    x = tensor([0.5, 1.0], requires_grad=True)
    u = tensor([2.0, 3.0], requires_grad=True)
    y = np.sin(x)
    assert y.grad_fn.name() == "SinBackward0"
    s = np.sum(x * u, axis=0)
    assert isinstance(s, srcgrad.Tensor) and s.grad_fn is not None
    c = np.concatenate([x, u])
    np.testing.assert_array_equal(c.data, [0.5, 1.0, 2.0, 3.0])
    w = np.where(x > 0.7, x, u)
    np.testing.assert_array_equal(w.data, [2.0, 1.0])
    (c.sum() + w.sum() + np.einsum("i,i", x, u)).backward()
    # d/dx: 1 (concat) + [0, 1] (where picks x[1]) + u (einsum)
    np.testing.assert_array_equal(x.grad.data, [3.0, 5.0])
    # d/du: 1 + [1, 0] + x
    np.testing.assert_array_equal(u.grad.data, [2.5, 2.0])


def test_einsum_matrix_product():
    a = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = tensor([[5.0, 6.0], [7.0, 8.0]], requires_grad=True)
    np.einsum("ij,jk", a, b).sum().backward()
    # d sum(AB)/dA = 1 B^T (row sums of B), d/dB = A^T 1 (column sums of A)
    np.testing.assert_array_equal(a.grad.data, [[11.0, 15.0], [11.0, 15.0]])
    np.testing.assert_array_equal(b.grad.data, [[4.0, 4.0], [6.0, 6.0]])


def test_mixed_operands_arrays_numbers_tensors():
    x = tensor([1.0, 2.0], requires_grad=True)
    arr = np.array([3.0, 4.0])
    for y in (arr * x, x * arr, arr + x, 2 - x, x / arr, arr / x, 2.0**x, x**2):
        assert isinstance(y, srcgrad.Tensor) and y.requires_grad
    (arr @ x).backward()
    np.testing.assert_array_equal(x.grad.data, arr)


def test_shape_queries_pass_through():
    x = tensor(np.ones((2, 3)), requires_grad=True)
    assert np.shape(x) == (2, 3)
    assert np.ndim(x) == 2
    assert np.size(x) == 6
    assert np.result_type(x) == np.float64
    assert not np.isscalar(x)
    for like in (np.zeros_like(x), np.ones_like(x), np.empty_like(x)):
        assert isinstance(like, srcgrad.Tensor) and not like.requires_grad
        assert like.shape == (2, 3)


def test_no_rule_with_grad_raises_naming_function():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(NoRuleError, match=r"np\.fft\.hfft has no derivative rule in srcgrad"):
        np.fft.hfft(x)


def test_no_rule_without_grad_just_computes():
    x = tensor([1.0, 2.0])
    y = np.fft.fft(x)
    assert isinstance(y, srcgrad.Tensor)
    np.testing.assert_allclose(y.data, np.fft.fft([1.0, 2.0]))
    with srcgrad.no_grad():
        z = np.fft.fft(tensor([1.0, 2.0], requires_grad=True))
    assert not z.requires_grad


def test_ufunc_method_without_rule():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(NoRuleError, match=r"np\.subtract\.accumulate"):
        np.subtract.accumulate(x)


def test_primitive_helper_is_recorded():
    from srcgrad.rules import scatter_add

    x = tensor([1.0, 2.0], requires_grad=True)
    y = scatter_add(x, [0, 0], (3,))
    np.testing.assert_array_equal(y.data, [3.0, 0.0, 0.0])
    (y * tensor([5.0, 1.0, 1.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [5.0, 5.0])


def test_methods_call_numpy_functions():
    x = tensor([[1.0, -2.0], [3.0, 4.0]], requires_grad=True)
    assert x.sum().item() == 6.0
    assert x.mean(axis=0).shape == (2,)
    assert x.max().item() == 4.0 and x.min().item() == -2.0
    assert x.reshape(4).shape == (4,) and x.reshape(1, 4).shape == (1, 4)
    assert x.T.shape == (2, 2) and x.transpose(1, 0).shape == (2, 2)
    assert x.ravel().shape == (4,)
    flat = x.flatten()
    assert not np.shares_memory(flat.data, x.data)
    assert x.abs().sum().item() == 10.0
    np.testing.assert_array_equal(x.relu().data, [[1.0, 0.0], [3.0, 4.0]])
    np.testing.assert_allclose(x.sigmoid().data, 1 / (1 + np.exp(-x.data)))
    assert x.clip(0, 3).max().item() == 3.0
    assert x.dot(x).shape == (2, 2)
    assert x.var().item() == pytest.approx(np.var(x.data))
    assert x.std(axis=1).shape == (2,)
    assert x.cumsum(axis=0).shape == (2, 2)
    assert x.prod().item() == -24.0
    assert x.argmax().item() == 3 and not x.argmax().requires_grad
    assert np.exp(x).log().sum().item() == pytest.approx(6.0)


def test_relu_and_sigmoid_gradients():
    x = tensor([-1.0, 0.0, 2.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0, 1.0])
    x.grad = None
    x.sigmoid().sum().backward()
    s = 1 / (1 + np.exp(-x.data))
    np.testing.assert_allclose(x.grad.data, s * (1 - s))


def test_comparisons_return_plain_tensors():
    x = tensor([1.0, 2.0], requires_grad=True)
    for result in (x < 1.5, x <= 1.0, x > 1.0, x >= 2.0, x == 1.0, x != 1.0, 1.5 > x):
        assert isinstance(result, srcgrad.Tensor) and not result.requires_grad
    np.testing.assert_array_equal((x < 1.5).data, [True, False])
    assert not np.less(x, 1.5).requires_grad


def test_indexing_kinds():
    x = tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    parts = [x[1], x[:, 2], x[..., 1:3], x[x > 5], x[np.array([0, 0, 2])], x[1, 2], x[None]]
    total = sum((p.sum() for p in parts), start=tensor(0.0))
    total.backward()
    expected = np.zeros((3, 4))
    expected[1] += 1
    expected[:, 2] += 1
    expected[..., 1:3] += 1
    expected[x.data > 5] += 1
    expected[0] += 2
    expected[2] += 1
    expected[1, 2] += 1
    expected += 1
    np.testing.assert_array_equal(x.grad.data, expected)
    assert x[1].grad_fn.name() == "SelectBackward0"


def test_len_iteration_and_bool():
    x = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert len(x) == 2
    rows = list(x)
    assert len(rows) == 2 and rows[1].grad_fn is not None
    sum(r.sum() for r in rows).backward()
    np.testing.assert_array_equal(x.grad.data, np.ones((2, 2)))
    assert bool(tensor([1.0]))
    assert not bool(tensor(0.0))
    with pytest.raises(RuntimeError, match="more than one value is ambiguous"):
        bool(x)
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(tensor(1.0))
