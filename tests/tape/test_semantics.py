"""PyTorch's autograd semantics: leaves, accumulation, retain_graph, inputs=, errors."""

import warnings

import numpy as np
import pytest

from srcgrad import autograd, tensor


def test_only_leaves_get_grad_and_non_leaf_read_warns():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.0])
    assert x.is_leaf and not y.is_leaf
    with pytest.warns(UserWarning, match="retain_grad"):
        assert y.grad is None


def test_leaf_read_does_not_warn():
    x = tensor(1.0, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.grad is None
        assert tensor(1.0).grad is None


def test_requires_grad_propagates():
    x = tensor([1.0], requires_grad=True)
    c = tensor([2.0])
    assert (x * c).requires_grad
    assert (c * 2).requires_grad is False
    assert (c * 2).grad_fn is None
    assert (np.sin(c) + x).requires_grad


def test_accumulates_across_calls_and_first_grad_is_a_copy():
    x = tensor([1.0, 2.0], requires_grad=True)
    seed = np.array([1.0, 1.0])
    (x + 0.0).backward(seed)
    first = x.grad
    assert not np.shares_memory(first.data, seed)
    (x * 2).backward(seed)
    # 1 + 2 per element, added in place into the same .grad tensor
    assert x.grad is first
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.0])


def test_sibling_leaves_do_not_share_gradient_buffers():
    x = tensor([1.0], requires_grad=True)
    y = tensor([1.0], requires_grad=True)
    (x + y).sum().backward()
    assert not np.shares_memory(x.grad.data, y.grad.data)
    x.grad.data += 5
    assert y.grad.item() == 1.0


def test_gradients_summed_over_paths():
    # f = x*x + 3x -> 2x + 3 = 7 at x = 2
    x = tensor(2.0, requires_grad=True)
    (x * x + 3 * x).backward()
    assert x.grad.item() == 7.0


def test_backward_twice_through_freed_graph_raises():
    w = tensor(2.0, requires_grad=True)
    z = 10 * w**2 + 25
    z.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        z.backward()


def test_retain_graph_allows_second_backward():
    w = tensor(2.0, requires_grad=True)
    z = 10 * w**2
    z.backward(retain_graph=True)
    z.backward()
    assert w.grad.item() == 80.0  # 20 w twice


def test_retain_graph_defaults_to_create_graph():
    w = tensor(2.0, requires_grad=True)
    z = w**3
    z.backward(create_graph=True)
    z.backward()  # the graph was kept
    assert w.grad.item() == 24.0  # 3 w^2 = 12, twice


def test_backward_on_tensor_without_grad():
    with pytest.raises(
        RuntimeError,
        match="element 0 of tensors does not require grad and does not have a grad_fn",
    ):
        tensor(1.0).backward()


def test_backward_on_leaf_itself():
    x = tensor(3.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0


def test_gradient_shape_mismatch():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        (x * 2).backward(np.ones(3))


def test_inputs_limits_accumulation():
    a = tensor(2.0, requires_grad=True)
    b = tensor(3.0, requires_grad=True)
    (a * b).backward(inputs=[a])
    assert a.grad.item() == 3.0
    assert b.grad is None


def test_inputs_may_name_a_non_leaf():
    a = tensor(2.0, requires_grad=True)
    h = a * 3
    (h * h).backward(inputs=[h])
    assert h.grad.item() == 12.0  # 2h
    assert a.grad is None


def test_inputs_cannot_be_empty():
    a = tensor(2.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="'inputs' argument to backward\\(\\) cannot be empty"):
        (a * 2).backward(inputs=[])


def test_autograd_grad_returns_tuple_and_leaves_grad_alone():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = tensor(3.0, requires_grad=True)
    gx, gy = autograd.grad((x * y).sum(), [x, y])
    np.testing.assert_array_equal(gx.data, [3.0, 3.0])
    assert gy.item() == 3.0  # x0 + x1
    assert x.grad is None and y.grad is None
    assert not gx.requires_grad


def test_autograd_grad_with_respect_to_intermediate():
    x = tensor(2.0, requires_grad=True)
    h = x * x
    (gh,) = autograd.grad(h * 5, h)
    assert gh.item() == 5.0


def test_allow_unused():
    x = tensor(1.0, requires_grad=True)
    unused = tensor(1.0, requires_grad=True)
    message = (
        "One of the differentiated Tensors appears to not have been used in the graph. "
        "Set allow_unused=True if this is the desired behavior."
    )
    with pytest.raises(RuntimeError, match=message):
        autograd.grad(x * 2, [x, unused])
    gx, gu = autograd.grad(x * 2, [x, unused], allow_unused=True)
    assert gx.item() == 2.0 and gu is None


def test_grad_of_input_without_grad():
    x = tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="does not require grad"):
        autograd.grad(x * 2, tensor(1.0))


def test_autograd_backward_several_roots():
    x = tensor(2.0, requires_grad=True)
    autograd.backward([x * 3, x * x], [tensor(1.0), tensor(2.0)])
    assert x.grad.item() == 3 + 2 * 2 * 2


def test_requires_grad_only_for_floats():
    message = "Only Tensors of floating point and complex dtype can require gradients"
    with pytest.raises(RuntimeError, match=message):
        tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match=message):
        tensor([True], requires_grad=True)
    with pytest.raises(RuntimeError, match=message):
        tensor(1).requires_grad_()


def test_requires_grad_flag_only_on_leaves():
    x = tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="only change requires_grad flags of leaf variables"):
        (x * 2).requires_grad = False


def test_detach_cuts_graph_and_shares_data():
    x = tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert not d.requires_grad and d.grad_fn is None
    assert np.shares_memory(d.data, x.data)
    y = x * d
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 2.0])


def test_integer_results_do_not_require_grad():
    x = tensor([0.3, 2.5, -1.0], requires_grad=True)
    index = np.argmax(x)
    assert not index.requires_grad and index.item() == 1
    mask = x > 0
    assert not mask.requires_grad and mask.dtype == np.bool_


def test_rule_that_is_nondifferentiable_gives_constant_output():
    x = tensor([0.3, 2.5], requires_grad=True)
    assert not np.sign(x).requires_grad
    assert not np.floor(x).requires_grad


def test_deep_chain_of_100k_nodes():
    x = tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 1e-5
    y.backward()
    assert x.grad.item() == 1.0
    del y


def test_wide_diamond_sums_each_path_once():
    # y = sum_k (x * k) for k = 0..99 -> dy/dx = 4950
    x = tensor(1.0, requires_grad=True)
    total = x * 0
    for k in range(1, 100):
        total = total + x * k
    total.backward()
    assert x.grad.item() == 4950.0


def test_create_graph_grad_has_grad_fn():
    x = tensor(3.0, requires_grad=True)
    (x**2).backward(create_graph=True)
    assert x.grad.item() == 6.0
    assert x.grad.grad_fn is not None
    (g2,) = autograd.grad(x.grad, x)
    assert g2.item() == 2.0


def test_vjp_called_only_for_inputs_needing_grad():
    from srcgrad.rules import RULES

    calls = []
    rule = RULES[np.multiply]
    originals = dict(rule.grads)
    rule.grads = {
        name: (lambda fn, name: lambda *a, **k: calls.append(name) or fn(*a, **k))(fn, name)  # noqa: B023
        for name, fn in originals.items()
    }
    try:
        x = tensor(2.0, requires_grad=True)
        (x * tensor(3.0)).backward()
    finally:
        rule.grads = originals
    assert calls == ["x"]
    assert x.grad.item() == 3.0
