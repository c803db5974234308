"""The ``math`` module on differentiated values. Compiled code and forward mode have rules
for ``math.*``; the tape cannot record them (a ``math`` function converts its argument with
``float()`` in C), so there they raise ``GradientLostError`` naming the line, also when
``mode="auto"`` falls back to the tape for another construct. Never a detached gradient."""

import functools
import math

import numpy as np
import pytest

from srcgrad.tape.strict import GradientLostError

from .checks import MODES, outcome


def hyperbolic_and_roots(x):
    return math.asinh(x) + math.acosh(x + 2.0) + math.atanh(x * 0.5) + math.sqrt(x + 1.0)


def exponentials_and_logs(x):
    return math.exp(x) * math.log1p(x * x) + math.erf(x) + math.lgamma(x + 2.0)


def remainders_and_signs(x):
    return math.copysign(x, -2.0) + math.fmod(5.3, x + 2.0) + math.remainder(x * 9.0, 2.0)


def sum_of_logs_in_loop(x):
    total = 0.0
    for v in x:
        total = total + math.log(1.0 + v * v)
    return total


def fallback_for_try(x):
    try:
        y = math.sin(x[0]) * x[1]
    except ValueError:
        y = 0.0
    return y


def through_partial(x):
    decay = functools.partial(lambda v, k: math.exp(-k * v), k=2.0)
    return decay(x[0]) + x[1]


SCALAR = [hyperbolic_and_roots, exponentials_and_logs, remainders_and_signs]
ARRAY = [sum_of_logs_in_loop, fallback_for_try, through_partial]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", SCALAR + ARRAY, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    x = 0.4 if f in SCALAR else np.array([0.4, -0.7])
    outcome(f, x, mode)


@pytest.mark.parametrize("f", SCALAR + ARRAY, ids=lambda f: f.__name__)
def test_the_tape_refuses_naming_the_line(f):
    x = 0.4 if f in SCALAR else np.array([0.4, -0.7])
    kind, err = outcome(f, x, "tape")
    assert kind == "error" and isinstance(err, GradientLostError)


@pytest.mark.parametrize("f", SCALAR + [sum_of_logs_in_loop], ids=lambda f: f.__name__)
def test_compiled_code_differentiates_them(f):
    x = 0.4 if f in SCALAR else np.array([0.4, -0.7])
    for mode in ("compile", "auto", "jvp"):
        assert outcome(f, x, mode)[0] == "right"
