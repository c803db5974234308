"""Array constructors fed a differentiated value: never a silent zero gradient."""

import numpy as np
import pytest

import srcgrad

from .checks import MODES, outcome

X = np.array([0.7, -0.4])


def linspace_end_points(x):
    return np.sum(np.linspace(x[0], x[1] + 2.0, 5) ** 2)


def full_of_a_value(x):
    return np.sum(np.full((3,), x[0]) ** 2 * x[1])


def full_like_of_a_value(x):
    return np.sum(np.full_like(x, x[1]) * x)


def arange_from_a_start(x):
    return np.sum(np.arange(x[0], 4.0) ** 2)


def r_of_arrays(x):
    return np.sum(np.r_[x, x * 3.0] ** 2)


def c_of_arrays(x):
    return np.sum(np.c_[x, 2 * x] ** 2)


def str_round_trip(x):
    return float(str(float(x[0]))) * x[1]


CASES = [
    linspace_end_points,
    full_of_a_value,
    full_like_of_a_value,
    arange_from_a_start,
    r_of_arrays,
    c_of_arrays,
    str_round_trip,
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


def test_shape_constructors_stay_gradient_free():
    def f(x):
        return np.sum((np.zeros(2) + np.ones_like(x) + np.eye(2)[0]) * x)

    assert outcome(f, X.copy(), "compile")[0] == "right"
    assert "zeros" in srcgrad.grad(f).source
