"""A list passed where the code takes an array: the right gradient or a clear error.

NumPy takes a list of arrays for an array (``np.mean(points, axis=0)``), but a gradient
that adds up as an array's cannot also hold the gradients of the list's items: the
compiled code checks such a parameter when it runs (``runtime.require_arrays``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference


def spread_of_points(points):
    c = np.mean(points, axis=0)
    total = 0.0
    for p in points:
        total = total + np.sum((p - c) ** 2) + np.sum(p**3)
    return total


def copied_then_iterated(rows):
    s = np.sum(np.copy(rows))
    for r in rows:
        s = s + np.sum(r**2)
    return s


def join(items, n):
    if n == 0:
        return items * 1.0
    return join(items[0], n - 1) + join(items[1], n - 1)


def recursion_over_items(x):
    # d/dx sum(join([x[:2], 2 x[2:]])**2) = 2 (x[:2] + 2 x[2:]) for both halves, times 2
    # for the second: [5.14, -1.24, 10.28, -2.48] at the point below
    return np.sum(join([x[:2], x[2:] * 2], 1) ** 2)


POINTS = [np.array([0.1, 0.2]), np.array([0.3, -0.4]), np.array([1.0, 0.7])]


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f", [spread_of_points, copied_then_iterated])
def test_a_list_where_an_array_is_taken_is_refused_clearly(f, mode):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises((TypeError, ValueError)) as info:
            srcgrad.grad(f, mode=mode)([p.copy() for p in POINTS])
    text = str(info.value) + "".join(getattr(info.value, "__notes__", []))
    assert "test_list_arguments.py:" in text, text


@pytest.mark.parametrize("f", [spread_of_points, copied_then_iterated])
def test_the_same_code_on_an_array_is_right(f):
    x = np.stack(POINTS)
    np.testing.assert_allclose(
        srcgrad.grad(f, mode="compile")(x), finite_difference(f, (x,), 0), rtol=1e-6
    )


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
def test_a_recursion_over_list_items_keeps_every_item(mode):
    x = np.array([0.31, -0.72, 1.13, 0.05])
    got = srcgrad.grad(recursion_over_items, mode=mode)(x)
    np.testing.assert_allclose(got, finite_difference(recursion_over_items, (x,), 0), rtol=1e-6)
    np.testing.assert_allclose(got, [5.14, -1.24, 10.28, -2.48], atol=1e-9)
