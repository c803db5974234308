"""A differentiated value passed where a rule gives no derivative is an error naming the
line, in reverse and forward mode; never a silent zero."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad

X = np.array([0.3, 1.2, -0.4])


def quantile_of_a_differentiated_q(x):
    return np.quantile(x, x[0] * 0.1 + 0.5)


def select_with_a_differentiated_default(x):
    return np.sum(np.select([x > 0.5], [x * 2], default=x[0] * 3))


@pytest.mark.parametrize(
    "f, argument",
    [(quantile_of_a_differentiated_q, "'q'"), (select_with_a_differentiated_default, "'default'")],
)
def test_reverse_mode_refuses_with_the_line(f, argument):
    with pytest.raises(
        srcgrad.TransformError, match=rf"test_unruled_arguments.py:\d+.*{argument}"
    ):
        srcgrad.grad(f, mode="compile")(X)


@pytest.mark.parametrize(
    "f, argument",
    [(quantile_of_a_differentiated_q, "'q'"), (select_with_a_differentiated_default, "'default'")],
)
def test_forward_mode_refuses(f, argument):
    with pytest.raises(srcgrad.TransformError, match=argument):
        srcgrad.jvp(f, (X,), (np.ones(3),), mode="compile")
    # auto mode runs the tape, which refuses too, naming the argument and the line
    with pytest.warns(srcgrad.FallbackWarning):
        with pytest.raises(
            srcgrad.rules.NoRuleError, match=rf"{argument}.*test_unruled_arguments"
        ):
            srcgrad.jvp(f, (X,), (np.ones(3),))


def test_select_with_the_default_by_position_differentiates():
    def f(x):
        return np.sum(np.select([x > 0.5], [x * 2], x[0] * 3))

    # Entries 0 and 2 take the default 3 x[0], entry 1 takes 2 x[1]: d/dx = (6, 2, 0).
    np.testing.assert_allclose(srcgrad.grad(f, mode="compile")(X), [6.0, 2.0, 0.0])
    np.testing.assert_allclose(srcgrad.jvp(f, (X,), (np.ones(3),))[1], 8.0)
