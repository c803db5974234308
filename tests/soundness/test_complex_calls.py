"""Complex values crossing calls of the user's functions: each function is compiled on its
own, with the complex forms of the rules only where its code computes with complex numbers,
so compiled code checks complex values passed to, or used from, another function; the tape
follows every value. Right or refused with a ComplexGradientError; never a wrong number."""

import numpy as np
import pytest

from srcgrad.result_checks import ComplexGradientError

from .checks import MODES, outcome

SIGNAL = np.random.default_rng(11).uniform(-1.0, 1.0, 8)


def squared(z):
    return z * z


def transform(z):
    return np.fft.fft(z) / 4.0


def phasors(x):
    return np.exp(1j * x)


def magnitudes(x):
    return np.abs(np.fft.rfft(x))


def complex_into_a_real_helper(x):
    return np.sum(np.abs(squared(x + 1j * x[::-1])))


def complex_into_a_complex_helper(x):
    return np.sum(np.abs(transform(x + 1j * x[::-1])) ** 2)


def complex_result_used_by_real_code(x):
    z = phasors(x)
    return np.sum(np.abs(z * z + 1.0))


def real_result_of_a_complex_helper(x):
    return np.sum((magnitudes(x) - 1.0) ** 2)


def complex_result_passed_on(x):
    return np.sum(np.abs(transform(phasors(x))) ** 2)


ROTATION = np.exp(0.3j)


def complex_global(x):
    return np.sum(np.abs(x * ROTATION + 0.5) ** 2)


class Rotor:
    phase = np.exp(0.7j)


ROTOR = Rotor()


def complex_attribute(x):
    return np.sum(np.abs(x * ROTOR.phase + 0.5) ** 2)


ACROSS_CALLS = [
    (complex_into_a_real_helper, {"compile", "auto", "jvp"}),
    (complex_into_a_complex_helper, set()),
    (complex_result_used_by_real_code, set()),
    (real_result_of_a_complex_helper, set()),
    (complex_result_passed_on, set()),
    (complex_global, set()),
    (complex_attribute, None),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f, refused", ACROSS_CALLS, ids=[f.__name__ for f, _ in ACROSS_CALLS])
def test_complex_values_across_calls_are_right_or_refused(f, refused, mode):
    # The tape follows every value. A function that calls one compiled with the complex
    # forms is compiled with them too; compiled code refuses a complex value passed to a
    # function compiled with real rules only. None: either is allowed.
    kind, err = outcome(f, SIGNAL.copy(), mode)
    if refused is not None:
        assert kind == ("error" if mode in refused else "right"), err
    if kind == "error":
        assert isinstance(err, ComplexGradientError)


def rotated_power(u, rotor):
    return np.sum(np.abs(u * rotor.phase) ** 2)


def spectrum_and_rotated_power(x):
    # rotated_power reads a complex value from an object, so it computes with complex
    # numbers though nothing in its code says so: its real rules give u a complex
    # gradient (2 u phase**2 for 2 u), which the caller's rules refuse, never reduce.
    u = x * 2.0
    return rotated_power(u, ROTOR) + np.sum(np.abs(np.fft.fft(x)))


@pytest.mark.parametrize("mode", MODES)
def test_a_complex_gradient_from_real_rules_is_refused_not_reduced(mode):
    kind, err = outcome(spectrum_and_rotated_power, SIGNAL.copy(), mode)
    if mode == "tape":
        assert kind == "right"
    else:
        assert kind == "error" and isinstance(err, ComplexGradientError), err
