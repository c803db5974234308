"""The chosen gradients at kinks and ties, derived by hand, and the tables' bookkeeping."""

from __future__ import annotations

import math
import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import srcgrad.rules as rules
from srcgrad.rules import RULES, assign_index, lookup

from .fd import check_rule, rule_gradients


def grads(f, *args, g=None, **kwargs):
    ans = f(*args, **kwargs)
    g = np.ones(np.shape(ans)) if g is None else g
    return rule_gradients(f, args, kwargs, g, ans)


def test_max_splits_ties_evenly():
    # max([1, 3, 3]) = 3 is attained twice: each tied entry gets g / 2.
    (grad,) = grads(np.max, np.array([1.0, 3.0, 3.0]))
    np.testing.assert_array_equal(grad, [0.0, 0.5, 0.5])


def test_max_along_an_axis_splits_ties_per_slice():
    # Row 0 ties three ways (1/3 each), row 1 has one maximum.
    x = np.array([[2.0, 2.0, 2.0], [0.0, 5.0, 1.0]])
    (grad,) = grads(np.amax, x, axis=1, g=np.array([3.0, 1.0]))
    np.testing.assert_allclose(grad, [[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])


def test_min_splits_ties_evenly_with_keepdims():
    x = np.array([[1.0, 4.0], [1.0, 0.0]])
    (grad,) = grads(np.min, x, axis=0, keepdims=True)
    np.testing.assert_array_equal(grad, [[0.5, 0.0], [0.5, 1.0]])


@pytest.mark.parametrize("f", [np.maximum, np.minimum, np.fmax, np.fmin])
def test_elementwise_extremes_give_half_to_each_side_at_ties(f):
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 5.0])
    gx, gy = grads(f, x, y)
    np.testing.assert_array_equal(gx + gy, [1.0, 1.0, 1.0])
    assert gx[0] == gy[0] == 0.5


def test_fmax_sends_the_gradient_past_nan():
    # fmax(nan, 2) = 2: all of it belongs to y.
    gx, gy = grads(np.fmax, np.array([np.nan, 1.0]), np.array([2.0, np.nan]))
    np.testing.assert_array_equal(gx, [0.0, 1.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0])


def test_abs_has_zero_gradient_at_zero():
    (grad,) = grads(np.absolute, np.array([-2.0, 0.0, 3.0]))
    np.testing.assert_array_equal(grad, [-1.0, 0.0, 1.0])
    assert grads(math.fabs, 0.0)[0] == 0.0


def test_clip_bounds_are_inclusive():
    # lo = 0, hi = 1: x passes the gradient at 0, 0.5 and 1 (the bounds included); lo
    # gets it only where x < lo, hi only where x > hi.
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.0])
    gx, glo, ghi = grads(np.clip, x, 0.0, 1.0)
    np.testing.assert_array_equal(gx, [0.0, 1.0, 1.0, 1.0, 0.0])
    assert glo == 1.0 and ghi == 1.0


def test_power_with_zero_exponent_at_zero_base_is_zero_not_nan():
    # d/dx x**0 = 0 everywhere; d/dx x**2 at 0 is 0; d/dy 0**y for y > 0 is 0.
    gx, gy = grads(np.power, np.array([0.0, 0.0, 2.0]), np.array([0.0, 2.0, 3.0]))
    np.testing.assert_array_equal(gx, [0.0, 0.0, 12.0])
    np.testing.assert_allclose(gy, [0.0, 0.0, 8.0 * math.log(2.0)])
    assert grads(math.pow, 0.0, 0.0) == [0.0, 0.0]


def test_prod_with_zeros_is_the_product_of_the_others():
    # prod([0, 2, 3]): d/dx0 = 6, others 0. Two zeros: every partial is 0.
    (one_zero,) = grads(np.prod, np.array([0.0, 2.0, 3.0]))
    np.testing.assert_array_equal(one_zero, [6.0, 0.0, 0.0])
    (two_zeros,) = grads(np.prod, np.array([0.0, 2.0, 0.0]))
    np.testing.assert_array_equal(two_zeros, [0.0, 0.0, 0.0])


def test_repeated_indices_accumulate():
    # x[[0, 0, 2]] uses x[0] twice.
    (grad, _) = grads(operator.getitem, np.zeros(4), [0, 0, 2])
    np.testing.assert_array_equal(grad, [2.0, 0.0, 1.0, 0.0])


def test_assign_index_leaves_its_input_alone():
    x = np.zeros(4)
    y = assign_index(x, slice(1, 3), 7.0)
    np.testing.assert_array_equal(x, np.zeros(4))
    np.testing.assert_array_equal(y, [0.0, 7.0, 7.0, 0.0])
    gx, _, gv = grads(assign_index, x, slice(1, 3), 7.0, g=np.arange(4.0))
    np.testing.assert_array_equal(gx, [0.0, 0.0, 0.0, 3.0])
    assert gv == 3.0


def test_integer_and_boolean_operands_give_float_gradients():
    mask = np.array([True, False, True])
    x = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    gx, _ = grads(np.multiply, x, mask, g=np.ones(3, dtype=np.float32))
    assert gx.dtype == np.float32
    np.testing.assert_array_equal(gx, [1.0, 0.0, 1.0])


@pytest.mark.parametrize(
    ("f", "args", "kwargs", "name"),
    [
        (np.multiply, (np.ones(2), np.ones(2)), {}, "MulBackward0"),
        (np.true_divide, (np.ones(2), 2.0), {}, "DivBackward0"),
        (np.power, (np.ones(2), 2), {}, "PowBackward0"),
        (np.power, (np.ones(2), np.ones(2)), {}, "PowBackward1"),
        (np.power, (2.0, np.ones(2)), {}, "PowBackward2"),
        (np.matmul, (np.ones((2, 3)), np.ones((3, 4))), {}, "MmBackward0"),
        (np.matmul, (np.ones((2, 3)), np.ones(3)), {}, "MvBackward0"),
        (np.matmul, (np.ones(3), np.ones(3)), {}, "DotBackward0"),
        (np.matmul, (np.ones((5, 2, 3)), np.ones((5, 3, 4))), {}, "BmmBackward0"),
        (np.matmul, (np.ones((5, 2, 3)), np.ones((3, 4))), {}, "MatmulBackward0"),
        (np.sum, (np.ones(2),), {}, "SumBackward0"),
        (np.sum, (np.ones(2),), {"axis": 0}, "SumBackward1"),
        (np.mean, (np.ones(2),), {"axis": 0}, "MeanBackward1"),
        (np.max, (np.ones(2),), {}, "MaxBackward1"),
        (np.exp, (np.ones(2),), {}, "ExpBackward0"),
        (np.tanh, (np.ones(2),), {}, "TanhBackward0"),
        (np.negative, (np.ones(2),), {}, "NegBackward0"),
        (np.absolute, (np.ones(2),), {}, "AbsBackward0"),
        (operator.getitem, (np.ones(2), 0), {}, "SelectBackward0"),
        (operator.getitem, (np.ones(2), slice(1)), {}, "SliceBackward0"),
        (operator.getitem, (np.ones(2), [0]), {}, "IndexBackward0"),
    ],
)
def test_backward_names_follow_pytorch(f, args, kwargs, name):
    assert lookup(f).backward_name(args, kwargs) == name


def test_numpy_aliases_share_one_entry():
    assert lookup(np.abs) is lookup(np.absolute)
    assert lookup(np.divide) is lookup(np.true_divide)
    assert lookup(np.amax) is not None and lookup(np.max) is not None


@pytest.mark.parametrize(
    "f",
    [np.greater, np.less, np.equal, np.sign, np.floor, np.ceil, np.round, np.rint, np.argmax]
    + [np.argmin, np.logical_and, np.isnan, np.zeros_like, np.ones_like, np.shape]
    + [np.floor_divide],
)
def test_piecewise_constant_primitives_are_declared(f):
    assert lookup(f).nondiff


def test_unknown_primitives_have_no_rule():
    assert lookup(np.sort_complex) is None
    with pytest.raises(AssertionError, match="no derivative rule"):
        check_rule(np.sort_complex, np.array([2.0, 1.0]))


def test_unsupported_forms_fail_loudly():
    with pytest.raises(ValueError, match="full_matrices=False"):
        grads(np.linalg.svd, np.eye(3, 2), g=(np.ones((3, 3)), np.ones(2), np.ones((2, 2))))


def test_syntax_tables_point_into_the_rules():
    tables = [rules.BINARY_OPERATORS, rules.UNARY_OPERATORS, rules.COMPARISONS]
    tables += [rules.ARRAY_METHODS, rules.ARRAY_ATTRIBUTES]
    for table in tables:
        for key, primitive in table.items():
            assert primitive in RULES, f"{key!r} -> {primitive!r} has no entry"
    assert lookup(rules.GETITEM) is not None


@settings(max_examples=40, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    f=st.sampled_from([np.add, np.subtract, np.multiply, np.true_divide, np.maximum]),
    seed=st.integers(0, 2**16),
)
def test_binary_ops_unbroadcast_any_shapes(shapes, f, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 2.0, shapes.input_shapes[0])
    y = -rng.uniform(0.5, 2.0, shapes.input_shapes[1])
    check_rule(f, x, y)


@settings(max_examples=40, deadline=None)
@given(
    x=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=3),
        # Values on a 0.01 grid, all distinct: no two entries of a slice come within the
        # finite-difference step of each other, so max has one clear winner.
        elements=st.integers(-200, 200).filter(lambda v: abs(v) > 10).map(lambda v: v / 100),
        unique=True,
    ),
    f=st.sampled_from([np.sum, np.mean, np.max, np.var, np.prod]),
    keepdims=st.booleans(),
    data=st.data(),
)
def test_reductions_over_any_axes(x, f, keepdims, data):
    axes = data.draw(st.lists(st.integers(-x.ndim, x.ndim - 1), unique_by=lambda a: a % x.ndim))
    check_rule(f, x, axis=tuple(axes), keepdims=keepdims)
