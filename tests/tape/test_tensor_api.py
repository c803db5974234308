"""The Tensor's own API: construction, repr, properties, conversions."""

import copy

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor


def test_default_dtypes_follow_numpy():
    assert tensor(1.0).dtype == np.float64
    assert tensor([1, 2]).dtype == np.int64
    assert tensor([True]).dtype == np.bool_
    assert tensor([1, 2], dtype=np.float32).dtype == np.float32


def test_tensor_copies_and_data_is_the_array():
    source = np.array([1.0, 2.0])
    t = tensor(source)
    assert type(t.data) is np.ndarray
    assert not np.shares_memory(t.data, source)
    t.data = np.array([5.0])
    np.testing.assert_array_equal(t.data, [5.0])


@pytest.mark.parametrize(
    "value, text",
    [
        (tensor([1.0, 2.0], requires_grad=True), "tensor([1., 2.], requires_grad=True)"),
        (tensor(40.0), "tensor(40.)"),
        (tensor([0.5, 1.25]), "tensor([0.5000, 1.2500])"),
        (tensor([1, 2, 3]), "tensor([1, 2, 3])"),
        (tensor([True, False]), "tensor([ True, False])"),
        (tensor([1.0], dtype=np.float32), "tensor([1.], dtype=float32)"),
        (tensor([[6.0, 12.0], [5.0, 10.0]]), "tensor([[ 6., 12.],\n        [ 5., 10.]])"),
    ],
)
def test_repr(value, text):
    assert repr(value) == text


def test_repr_with_grad_fn():
    a = tensor([1.0, 1.5], requires_grad=True)
    assert repr(a * tensor([2.0, 2.0])) == "tensor([2., 3.], grad_fn=<MulBackward0>)"


def test_properties():
    t = tensor(np.zeros((2, 3)), requires_grad=True)
    assert t.shape == (2, 3) and t.ndim == 2 and t.size == 6 and t.numel() == 6
    assert t.dim() == 2 and t.T.shape == (3, 2)
    assert t.is_leaf and t.grad_fn is None


def test_item_and_numpy():
    t = tensor(3.5, requires_grad=True)
    assert t.item() == 3.5
    message = (
        "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
    )
    with pytest.raises(RuntimeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        t.numpy()
    assert t.detach().numpy() is t.data
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted"):
        tensor([1.0, 2.0]).item()


def test_conversions_outside_strict_mode():
    t = tensor(2.5, requires_grad=True)
    assert float(t) == 2.5 and int(t) == 2 and complex(t) == 2.5
    assert f"{t:.1f}" == "2.5"
    assert [10, 20, 30][tensor(1)] == 20
    with pytest.raises(TypeError, match="only integer tensors of a single element"):
        [1, 2][t]
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\)"):
        np.asarray(t)
    assert np.asarray(tensor([1.0, 2.0])).tolist() == [1.0, 2.0]


def test_grad_assignment():
    t = tensor([1.0, 2.0], requires_grad=True)
    t.grad = np.array([0.5, 0.5])
    assert isinstance(t.grad, srcgrad.Tensor)
    with pytest.raises(RuntimeError, match="different size"):
        t.grad = np.zeros(3)


def test_deepcopy_leaf():
    t = tensor([1.0], requires_grad=True)
    (t * 2).sum().backward()
    clone = copy.deepcopy(t)
    assert clone.requires_grad and clone.grad.item() == 2.0
    assert not np.shares_memory(clone.data, t.data)
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(t * 2)


def test_grad_fn_next_functions_and_accumulate_grad():
    a = tensor(1.0, requires_grad=True)
    b = tensor(2.0)
    y = a * b
    (acc, nr), (none, _) = y.grad_fn.next_functions
    assert acc.name() == "AccumulateGrad" and acc.variable is a and nr == 0
    assert none is None
    assert y.grad_fn.next_functions[0][0] is acc
    assert type(y.grad_fn).__name__ == "MulBackward0"
