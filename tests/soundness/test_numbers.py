"""Complex intermediates in a real function: differentiated where every rule on their path
follows complex values, refused naming the line where one does not. NaN from an undefined
step of the chain rule (sqrt at 0 times 0): refused, naming the function, in every mode."""

import numpy as np
import pytest

import srcgrad
from srcgrad.result_checks import ComplexGradientError, NaNGradientError

from .checks import MODES, outcome

X = np.array([0.5, -1.0, 2.0])


def abs_squared_of_imaginary(x):
    return np.sum(np.abs(1j * x) ** 2)


def modulus_of_complex_vector(x):
    z = x + 1j * x[::-1]
    return np.sum(np.abs(z))


def complex_matrix_power(x):
    m = np.array([[1, 1j, 0], [2j, 1, 0], [0, 0, 1]])
    return np.sum(np.abs(m @ x) ** 2)


def dft_power(x):
    n = len(x)
    k = np.arange(n)
    m = np.exp(-2j * np.pi * np.outer(k, k) / n)
    return np.sum(np.abs(m @ x) ** 2) / n


def distances_with_zero_diagonal(x):
    points = np.stack([x, x**2], axis=1)
    d2 = np.sum((points[:, None] - points[None]) ** 2, -1)
    return np.sum(np.sqrt(d2))


def sqrt_of_a_zero_sum(x):
    return np.sqrt(np.sum((x - x) ** 2)) + np.sum(x)


def std_of_constant_part(x):
    c = np.concatenate([np.ones(2) * x[0] * 0.0, x])
    return np.std(c[:2]) + np.sum(x)


def where_sqrt_trap(x):
    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))


def real_part_of_a_rotation(x):
    return np.sum(np.real(x * (1 + 2j)) * x)


COMPLEX = [
    real_part_of_a_rotation,
    abs_squared_of_imaginary,
    modulus_of_complex_vector,
    complex_matrix_power,
    dft_power,
]
NAN = [distances_with_zero_diagonal, sqrt_of_a_zero_sum, std_of_constant_part, where_sqrt_trap]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", COMPLEX + NAN, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", COMPLEX, ids=lambda f: f.__name__)
def test_complex_intermediates_are_differentiated(f, mode):
    assert outcome(f, X.copy(), mode)[0] == "right"


def sine_of_a_rotation(x):
    return np.sum(np.abs(np.sin(x * (1 + 2j))))


@pytest.mark.parametrize("mode", MODES)
def test_a_complex_value_reaching_a_rule_without_complex_forms_is_refused(mode):
    line = sine_of_a_rotation.__code__.co_firstlineno + 1
    with pytest.raises(ComplexGradientError, match=rf"test_numbers\.py:{line}\b"):
        if mode == "jvp":
            srcgrad.jvp(sine_of_a_rotation, (X.copy(),), (np.ones(3),))
        else:
            srcgrad.grad(sine_of_a_rotation, mode=mode)(X.copy())


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f", NAN, ids=lambda f: f.__name__)
def test_nan_from_an_undefined_step_is_refused(f, mode):
    with pytest.raises((NaNGradientError, srcgrad.TransformError), match=r"test_numbers\.py"):
        srcgrad.grad(f, mode=mode)(X.copy())


def test_a_nan_value_keeps_its_nan_gradient():
    """The check is about finite values: a NaN output has no finite derivative to give."""

    def f(x):
        return np.sum(np.sqrt(x))  # x[1] < 0: the value itself is NaN

    with np.errstate(invalid="ignore"):
        g = srcgrad.grad(f)(X.copy())
    assert np.isnan(g[1])


def test_the_tape_refuses_complex_eigenvalues_where_they_appear():
    def eigen_sum(x):
        m = np.array([[0.0, 1.0], [-1.0, 0.0]]) * x[0]  # rotation: eigenvalues +-i x0
        values, _ = np.linalg.eig(m)
        return np.sum(np.real(values) ** 2) + x[1]

    line = eigen_sum.__code__.co_firstlineno + 2
    with pytest.raises(ComplexGradientError, match=rf"test_numbers\.py:{line}\b"):
        srcgrad.grad(eigen_sum, mode="tape")(X.copy())
