"""Tensor hooks and retain_grad."""

import numpy as np
import pytest

from srcgrad import autograd, tensor


def test_leaf_hook_sees_and_replaces_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.data.copy()))
    x.register_hook(lambda g: g * 10)
    (x * 3).sum().backward()
    np.testing.assert_array_equal(seen[0], [3.0, 3.0])
    np.testing.assert_array_equal(x.grad.data, [30.0, 30.0])


def test_non_leaf_hook_replacement_flows_on():
    # y = x^2, z = 3y; hook doubles dz/dy = 3 -> 6, then dy/dx = 2x
    x = tensor(2.0, requires_grad=True)
    y = x * x
    seen = []
    y.register_hook(lambda g: seen.append(g.item()) or g * 2)
    (3 * y).backward()
    assert seen == [3.0]
    assert x.grad.item() == 24.0


def test_hook_handle_remove():
    x = tensor(1.0, requires_grad=True)
    handle = x.register_hook(lambda g: g * 0)
    handle.remove()
    (x * 2).backward()
    assert x.grad.item() == 2.0


def test_hook_on_tensor_without_grad():
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't"):
        tensor(1.0).register_hook(lambda g: g)


def test_hooks_run_for_autograd_grad():
    x = tensor(1.0, requires_grad=True)
    x.register_hook(lambda g: g + 1)
    (gx,) = autograd.grad(x * 5, x)
    assert gx.item() == 6.0


def test_retain_grad_keeps_non_leaf_gradient_and_accumulates():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    z = (y * y).sum()
    z.backward(retain_graph=True)
    assert y.retains_grad
    np.testing.assert_array_equal(y.grad.data, [4.0, 8.0])  # 2y
    z.backward()
    np.testing.assert_array_equal(y.grad.data, [8.0, 16.0])


def test_retain_grad_on_root():
    x = tensor(1.0, requires_grad=True)
    y = x * 3
    y.retain_grad()
    y.backward()
    assert y.grad.item() == 1.0


def test_retain_grad_requires_grad():
    with pytest.raises(
        RuntimeError, match="can't retain_grad on Tensor that has requires_grad=False"
    ):
        tensor(1.0).retain_grad()
