"""The builtin sum's tangent with a start value given by position or by keyword."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import srcgrad


def by_keyword(x, s):
    return sum([v * v for v in x], start=s)


def constant_keyword(x):
    return sum([v * v for v in x], start=1.0)


def by_position(x, s):
    return sum(x, s) * 2.0


X, T = np.array([0.3, -0.5, 0.7]), np.array([1.0, 0.2, -0.4])


def test_a_constant_start_by_keyword_compiles():
    # d(sum v^2 + 1) = sum 2 v dv
    _, dot = srcgrad.jvp(constant_keyword, (X,), (T,), mode="compile")
    np.testing.assert_allclose(dot, np.sum(2 * X * T))


def test_a_start_by_position_carries_its_tangent():
    # d(2 (sum x + s)) = 2 (sum dx + ds)
    _, dot = srcgrad.jvp(by_position, (X, 1.5), (T, 2.0), mode="compile")
    np.testing.assert_allclose(dot, 2 * (np.sum(T) + 2.0))


def test_a_differentiated_start_by_keyword_runs_on_the_tape():
    with pytest.raises(srcgrad.TransformError, match="start"):
        srcgrad.jvp(by_keyword, (X, 1.5), (T, 2.0), mode="compile")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, dot = srcgrad.jvp(by_keyword, (X, 1.5), (T, 2.0))
    np.testing.assert_allclose(dot, np.sum(2 * X * T) + 2.0)
