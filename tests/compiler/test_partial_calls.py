"""Calls of ``functools.partial`` objects inside compiled code: ``partial(f, a, k=v)(x)``
is compiled as ``f(a, x, k=v)``, the values the partial holds being constants."""

import functools

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

X = np.array([[0.3, -1.2, 0.5], [2.0, 0.7, -0.4]])
WEIGHTS = np.array([1.0, 2.0, 3.0])

row_sums = functools.partial(np.sum, axis=1)
power = functools.partial(np.power, 2.0)  # 2 ** x


def weighted(x, w, scale=1.0):
    return np.sum(x * w) * scale


weighted_by_table = functools.partial(weighted, w=WEIGHTS, scale=0.5)


def uses_a_numpy_partial(x):
    return np.sum(row_sums(x) ** 2)


def uses_a_bound_first_argument(x):
    return np.sum(power(x))


def uses_a_user_function_partial(x):
    return weighted_by_table(np.tanh(x))


@pytest.mark.parametrize(
    "f", [uses_a_numpy_partial, uses_a_bound_first_argument, uses_a_user_function_partial]
)
def test_compiled_through_the_partial(f):
    got = srcgrad.grad(f, mode="compile")(X.copy())
    np.testing.assert_allclose(got, finite_difference(f, (X.copy(),), 0), rtol=1e-6, atol=1e-8)


def test_the_generated_code_calls_the_function_itself():
    source = srcgrad.grad(uses_a_numpy_partial, mode="compile").source
    code = [line for line in source.splitlines() if not line.lstrip().startswith("#")]
    assert any(line.endswith("(x, axis=1)") for line in code)
    assert not any("row_sums" in line for line in code)
