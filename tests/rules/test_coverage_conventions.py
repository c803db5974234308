"""Hand-derived gradients of the sorting, selection and cumulative rules at ties and zeros,
where finite differences are one-sided."""

from __future__ import annotations

import numpy as np
import pytest

from .fd import rule_gradients
from .test_tangents import rule_tangent


def grads(f, *args, g=None, **kwargs):
    ans = f(*args, **kwargs)
    g = np.ones(np.shape(ans)) if g is None else g
    return rule_gradients(f, args, kwargs, g, ans)


def test_sort_gives_three_tied_entries_the_mean_of_their_places():
    # sort([2, 2, 2, 0]) = [0, 2, 2, 2]: the tied places carry g = 1, 2, 3, so each 2 gets
    # (1 + 2 + 3) / 3 = 2 and the gradient still sums to sum(g).
    (grad,) = grads(np.sort, np.array([2.0, 2.0, 2.0, 0.0]), g=np.array([5.0, 1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(grad, [2.0, 2.0, 2.0, 5.0])


def test_sort_tangent_averages_tied_entries():
    # Moving the tied entries by 1, 2, 3 moves each tied place of the output by their mean.
    x = np.array([2.0, 2.0, 2.0, 0.0])
    tangent = rule_tangent(np.sort, (x,), {}, [np.array([1.0, 2.0, 3.0, 7.0])], np.sort(x))
    np.testing.assert_array_equal(tangent, [7.0, 2.0, 2.0, 2.0])


def test_median_of_three_equal_middle_values_shares_the_gradient():
    # median([1, 1, 1, 5, -3]) = 1, taken from the middle place of the sorted ties: the
    # three entries equal to 1 get 1/3 each.
    (grad,) = grads(np.median, np.array([1.0, 1.0, 1.0, 5.0, -3.0]))
    np.testing.assert_allclose(grad, [1 / 3, 1 / 3, 1 / 3, 0.0, 0.0])


def test_quantile_weights_interpolate_between_neighbours():
    # quantile([4, 1, 3, 2], 0.5) sits halfway between the sorted values 2 and 3.
    (grad,) = grads(np.quantile, np.array([4.0, 1.0, 3.0, 2.0]), q=0.5)
    np.testing.assert_allclose(grad, [0.0, 0.0, 0.5, 0.5])


@pytest.mark.parametrize("method", ["nearest", "lower", "midpoint"])
def test_quantile_other_methods_are_refused(method):
    x = np.array([4.0, 1.0, 3.0, 2.0])
    with pytest.raises(NotImplementedError, match="method='linear'"):
        grads(np.quantile, x, q=0.5, method=method)


def test_a_complex_value_is_refused_by_real_if_close():
    # np.real, np.imag, np.conj and np.angle follow complex values (test_complex_rules.py);
    # whether real_if_close drops the imaginary part depends on the values.
    z = np.array([1.0 + 2.0j])
    with pytest.raises(TypeError, match="complex"):
        rule_gradients(np.real_if_close, (z,), {}, np.ones(1), z, wrt=[0])
