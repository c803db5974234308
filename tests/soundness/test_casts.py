"""A differentiated value written into an integer or boolean array is truncated there:
its derivative through the write is not the identity. Refused, naming the line."""

import numpy as np
import pytest

from .checks import MODES, outcome

X = np.array([0.53, -1.27, 2.31])


def into_an_int_buffer(x):
    y = np.zeros(3, dtype=int)
    y[0] = x[0] * 10
    return np.sum(y * x)


def into_an_int_buffer_by_slice(x):
    y = np.zeros_like(np.arange(3))
    y[:] = x * 10
    return np.sum(y * x)


def into_a_bool_buffer(x):
    y = np.zeros(3, dtype=bool)
    y[1] = x[1]
    return np.sum(y * x)


def copyto_an_int_buffer(x):
    y = np.zeros(3, dtype=int)
    np.copyto(y, x * 10, casting="unsafe")
    return np.sum(y * x)


def int_array_plus_floats(x):
    y = np.arange(3)
    y = y + x
    return np.sum(y * x)


CASES = [
    into_an_int_buffer,
    into_an_int_buffer_by_slice,
    into_a_bool_buffer,
    copyto_an_int_buffer,
    int_array_plus_floats,
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


@pytest.mark.parametrize("mode", ["compile", "jvp-compile"])
@pytest.mark.parametrize("f", CASES[:4], ids=lambda f: f.__name__)
def test_compiled_code_refuses_the_truncating_write(f, mode):
    kind, err = outcome(f, X.copy(), mode)
    assert kind == "error" and "truncates" in str(err)
