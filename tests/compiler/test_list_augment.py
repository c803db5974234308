"""``+=`` and ``*=`` on lists change the list in place (``list.extend``), unlike on
numbers and arrays, where the compiler writes ``x = x + a``: ``items += [a, b]`` is
compiled as the appends it performs, and ``+=``/``*=`` with another right-hand side is
refused when the code runs where another name may hold the list."""

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.runtime import Refused
from tests.helpers import finite_difference

X = np.array([0.3, -0.5, 0.8])


def appended_with_plus_equals(x):
    items = [x]
    for k in range(2):
        items += [np.sin(x) * k, x**2]
    return np.sum(np.stack(items) * np.arange(5.0)[:, None])


def extended_by_a_comprehension(x):
    parts = [np.tanh(x)]
    parts += [v * 2.0 for v in [x, x**2]]
    return np.sum(parts[0] * parts[-1]) + len(parts)


def extended_through_a_second_name(x):
    items = [x]
    other = items
    other += [v * 2.0 for v in [x]]
    return np.sum(items[-1]) * len(items)


def test_appends_written_with_plus_equals_compile():
    f = appended_with_plus_equals
    got = srcgrad.grad(f, mode="compile")(X.copy())
    np.testing.assert_allclose(got, finite_difference(f, (X.copy(),), 0), rtol=1e-6)
    assert "runtime.refuse_list_extend" not in srcgrad.grad(f, mode="compile").source


def test_extending_by_a_comprehension_with_a_gradient_is_refused_clearly():
    # Compiled as `parts = parts + [...]` (no other name holds the list, so that is what
    # += does here), list concatenation carrying a gradient, which has no rule.
    f = extended_by_a_comprehension
    with pytest.raises(srcgrad.TransformError, match="on a list or tuple"):
        srcgrad.grad(f, mode="compile")(X.copy())
    with pytest.warns(srcgrad.FallbackWarning):
        got = srcgrad.grad(f)(X.copy())
    np.testing.assert_allclose(got, finite_difference(f, (X.copy(),), 0), rtol=1e-6)


def test_a_list_another_name_holds_is_refused_when_the_code_runs():
    with pytest.raises(Refused, match=r"test_list_augment\.py:\d+: '\+=' or '\*='"):
        srcgrad.grad(extended_through_a_second_name, mode="compile", verify=False)(X.copy())
    with pytest.warns(srcgrad.FallbackWarning):
        got = srcgrad.grad(extended_through_a_second_name)(X.copy())
    expected = finite_difference(extended_through_a_second_name, (X.copy(),), 0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
