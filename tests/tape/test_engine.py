"""Engine paths: several outputs from one node, keyword Tensors, pruning, shape checks."""

import numpy as np
import pytest

from srcgrad import autograd, tensor
from srcgrad.rules import RULES, NoRuleError, vjp_rule
from srcgrad.rules.registry import primitive


@primitive
def double_and_triple(x):
    """A test-local primitive with two outputs."""
    return x * 2.0, x * 3.0


def double_and_triple_x(g, ans, x):
    g_double, g_triple = g
    return 2.0 * g_double + 3.0 * g_triple


@primitive
def wrong_shape(x):
    return x * 1.0


def wrong_shape_x(g, ans, x):
    return np.sum(g)  # a scalar where x is a vector: a bug the engine must catch


def test_two_outputs_share_one_node():
    x = tensor([1.0, 2.0], requires_grad=True)
    a, b = double_and_triple(x)
    assert a.grad_fn is b.grad_fn and (a.output_nr, b.output_nr) == (0, 1)
    (a.sum() + 10 * b.sum()).backward()
    np.testing.assert_array_equal(x.grad.data, [32.0, 32.0])  # 2 + 10 * 3


def test_missing_output_gradient_is_zero():
    x = tensor([1.0, 2.0], requires_grad=True)
    a, _ = double_and_triple(x)
    a.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_two_outputs_second_order():
    x = tensor(1.5, requires_grad=True)
    a, b = double_and_triple(x * x)
    (g,) = autograd.grad(a + b, x, create_graph=True)  # 5 * 2x
    (h,) = autograd.grad(g, x)
    assert g.item() == 15.0 and h.item() == 10.0


def test_keyword_tensor_arguments():
    x = tensor([-2.0, 0.5, 3.0], requires_grad=True)
    low = tensor(-1.0, requires_grad=True)
    np.clip(x, a_min=low, a_max=1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 0.0])
    assert low.grad.item() == 1.0  # only x[0] is clipped from below


@primitive
def scaled(x, scale=1.0):
    return x * scale


def scaled_x(g, ans, x, scale=1.0):
    return g * scale


def test_keyword_tensor_without_rule():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(NoRuleError, match="no derivative rule for its argument 'scale'"):
        scaled(x, scale=tensor(2.0, requires_grad=True))
    scaled(x, scale=tensor(2.0)).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_invalid_gradient_shape_from_rule():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"returned an invalid gradient at index 0 - got \[\]"):
        wrong_shape(x).sum().backward()


def test_pruned_branches_are_not_computed():
    calls = []

    @primitive
    def traced(x):
        return x * 1.0

    @vjp_rule(traced, "x")
    def traced_x(g, ans, x):
        calls.append(1)
        return g

    x = tensor(1.0, requires_grad=True)
    y = tensor(2.0, requires_grad=True)
    out = x * 3 + traced(y)
    (gx,) = autograd.grad(out, x)
    assert gx.item() == 3.0 and calls == []


def test_gradient_dtype_follows_the_leaf():
    w = tensor([1.0, 2.0], dtype=np.float32, requires_grad=True)
    (w * np.array([0.5, 0.25])).sum().backward()  # float64 constant promotes the product
    assert w.grad.dtype == np.float32


@primitive
def observed(x):
    return x * 2.0


SEEN_TYPES = []


def observed_x(g, ans, x):
    SEEN_TYPES.append((type(g).__name__, type(x).__name__))
    return 2.0 * g


def test_rules_get_arrays_unless_create_graph():
    SEEN_TYPES.clear()
    x = tensor([1.0], requires_grad=True)
    observed(x).sum().backward()
    observed(x).sum().backward(create_graph=True)
    assert SEEN_TYPES == [("ndarray", "ndarray"), ("Tensor", "Tensor")]
    assert x.grad.item() == 4.0


@pytest.fixture(autouse=True, scope="module")
def local_rules():
    """Register this module's test-only rules for its tests, and remove them afterwards."""
    before = set(RULES)
    vjp_rule(double_and_triple, "x", name="DoubleAndTripleBackward0")(double_and_triple_x)
    vjp_rule(wrong_shape, "x")(wrong_shape_x)
    vjp_rule(scaled, "x")(scaled_x)
    vjp_rule(observed, "x")(observed_x)
    yield
    for key in set(RULES) - before:
        del RULES[key]
