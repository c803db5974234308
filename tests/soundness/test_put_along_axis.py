"""``np.put_along_axis`` writes into its first argument. Before it was modelled, the tape
ran NumPy's write on the plain values and the gradient came out zero, silently; compiled
code refused it. Now both engines treat it as the item write it performs."""

import numpy as np
import pytest

from .checks import MODES, outcome

X = np.array([0.3, 0.7, 1.1, -0.4, 0.9])


def into_new_buffer(x):
    y = np.zeros(5)
    np.put_along_axis(y, np.array([1, 3]), x[:2], axis=0)
    return np.sum(y * np.arange(5))


def rows_into_buffer(x):
    m = np.zeros((5, 2))
    np.put_along_axis(m, np.array([[1], [0], [1], [0], [1]]), x[:, None] ** 2, axis=1)
    return np.sum(m * np.array([1.0, 3.0]))


def zero_the_smallest(x):
    m = np.outer(x, x[:3])
    smallest = np.argsort(m, axis=1)[:, :1]
    np.put_along_axis(m, smallest, 0.0, axis=1)
    return np.sum(m**2)


def flat_positions(x):
    y = np.ones(5)
    np.put_along_axis(y, np.array([4, 0]), x[1:3], axis=None)
    return np.sum(y * x)


CASES = [into_new_buffer, rows_into_buffer, zero_the_smallest, flat_positions]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_compiled_code_differentiates_it(f):
    for mode in ("compile", "auto", "jvp"):
        assert outcome(f, X.copy(), mode)[0] == "right"


def test_the_tape_writes_into_a_recorded_array():
    # The target is made from x, so it is a Tensor on the tape and the write is recorded.
    assert outcome(zero_the_smallest, X.copy(), "tape")[0] == "right"
