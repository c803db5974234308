"""Real functions of real arrays that compute through complex values (spectra, phases,
convolution by FFT, complex exponentials): the derivative central differences give, in
compile, auto, tape and forward mode. A complex value reaching a rule that does not follow
complex values is refused naming its line; so is a complex argument."""

import numpy as np
import pytest

import srcgrad
from srcgrad.result_checks import ComplexGradientError

from .checks import MODES, outcome

rng = np.random.default_rng(11)
SIGNAL = rng.uniform(-1.0, 1.0, 8)
TARGET = rng.uniform(0.5, 1.5, 5)
KERNEL = np.array([0.5, 0.3, 0.2])
WEIGHTS = rng.uniform(0.5, 1.0, 8)
TIMES = np.linspace(0.0, 2.0, 9)
DATA = 1.3 * np.exp(1j * (2.1 * TIMES + 0.4)) + 0.05 * rng.standard_normal(9)
MEASURED = np.abs(np.fft.fft2(rng.uniform(0.0, 1.0, (4, 4))))
WAVENUMBERS = 2 * np.pi * np.fft.fftfreq(8)
MASK = np.array([1.0, 1.0, 0.8, 0.3, 0.0])
IMAGE_WEIGHTS = rng.uniform(0.5, 1.5, (4, 4))


def spectral_loss(x, target=TARGET):
    spectrum = np.fft.rfft(x)
    return np.sum((np.abs(spectrum) - target) ** 2)


def weighted_power_spectrum(x, weights=WEIGHTS):
    power = np.abs(np.fft.fft(x)) ** 2 / len(x)
    return np.sum(power * weights)


def phase_retrieval(x, measured=MEASURED):
    estimate = np.reshape(x, (4, 4))
    return np.sum((np.abs(np.fft.fft2(estimate)) - measured) ** 2)


def convolution_by_fft(x, kernel=KERNEL, target=SIGNAL[::-1]):
    n = len(x) + len(kernel) - 1
    full = np.fft.irfft(np.fft.rfft(x, n) * np.fft.rfft(kernel, n), n)
    return np.sum((full[: len(x)] - target) ** 2)


def complex_exponential_fit(params, t=TIMES, data=DATA):
    amplitude, frequency, phase = params[0], params[1], params[2]
    model = amplitude * np.exp(1j * (frequency * t + phase))
    return np.sum(np.abs(model - data) ** 2)


def spectral_derivative(x, k=WAVENUMBERS):
    derivative = np.real(np.fft.ifft(1j * k * np.fft.fft(x)))
    return np.sum(derivative**2)


def low_pass_residual(x, mask=MASK):
    smooth = np.fft.irfft(np.fft.rfft(x) * mask, n=len(x))
    return np.sum((smooth - x) ** 2)


def autocorrelation(x):
    spectrum = np.fft.rfft(x, n=2 * len(x))
    lags = np.fft.irfft(spectrum * np.conj(spectrum))
    return np.sum(lags[:3] ** 2)


def order_parameter(x):
    phasors = np.exp(1j * x)
    return np.abs(np.mean(phasors))


def centred_image_spectrum(x, weights=IMAGE_WEIGHTS):
    spectrum = np.fft.fftshift(np.fft.fft2(np.reshape(x, (4, 4))))
    return np.sum(np.abs(spectrum) ** 2 * weights)


FREQUENCIES = np.linspace(0.5, 3.0, 6)


def bode_magnitude(params, w=FREQUENCIES):
    response = 1.0 / (1j * w * params[0] + params[1])
    return np.sum(np.log(np.abs(response)))


def parts_and_conjugate(x):
    z = np.fft.fft(x)
    return np.sum(z.real * z.imag) + np.sum(np.real(z * np.conj(z))) / 10


def padded_smoothing_2d(x):
    image = np.reshape(x, (4, 4))
    spectrum = np.fft.rfftn(image, s=(6, 6), axes=(0, 1))
    smooth = np.fft.irfftn(spectrum * 0.5, s=(6, 6), axes=(0, 1))
    return np.sum(smooth[:4, :4] * image)


def phase_of_bins(x):
    spectrum = np.fft.fft(x)
    return np.sum(np.angle(spectrum[1:4]) * np.array([1.0, 0.5, 0.25]))


def complex_linear_model(x):
    a = x[:4] + 1j * x[4:]
    m = np.array([[1.0, 2j], [0.5 - 1j, 3.0]])
    y = m @ np.reshape(a, (2, 2))
    return np.sum(np.abs(y) ** 2) + np.real(np.sum(y * y))


PROGRAMS = [
    (spectral_loss, SIGNAL),
    (weighted_power_spectrum, SIGNAL),
    (phase_retrieval, rng.uniform(0.0, 1.0, 16)),
    (convolution_by_fft, SIGNAL),
    (complex_exponential_fit, np.array([1.1, 2.0, 0.3])),
    (spectral_derivative, SIGNAL),
    (low_pass_residual, SIGNAL),
    (autocorrelation, SIGNAL),
    (order_parameter, SIGNAL),
    (centred_image_spectrum, rng.uniform(-1.0, 1.0, 16)),
    (bode_magnitude, np.array([0.7, 1.2])),
    (parts_and_conjugate, SIGNAL),
    (padded_smoothing_2d, rng.uniform(-1.0, 1.0, 16)),
    (phase_of_bins, SIGNAL),
    (complex_linear_model, SIGNAL),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f, x", PROGRAMS, ids=[f.__name__ for f, _ in PROGRAMS])
def test_program_through_complex_values_is_differentiated(f, x, mode):
    assert outcome(f, x.copy(), mode)[0] == "right"


# One primitive at a time: z = a + ib built from a real x, the primitive, then a real
# loss through a complex weight (every rule on the path but the primitive's is plain).
WEIGHT = np.array([0.7 - 0.2j, -0.4 + 1.1j, 0.3 + 0.5j, 1.2 - 0.8j])


def _complex_of(x):
    return x[:4] + 1j * x[4:]


def through_exp(x):
    return np.sum(np.real(WEIGHT * np.exp(x[:4] + 1j * x[4:])))


def through_log(x):
    return np.sum(np.real(WEIGHT * np.log(x[:4] + 1j * x[4:])))


def through_sqrt(x):
    return np.sum(np.imag(WEIGHT * np.sqrt(x[:4] + 1j * x[4:])))


def through_divide(x):
    z = x[:4] + 1j * x[4:]
    return np.sum(np.real(WEIGHT / z + z / WEIGHT))


def through_integer_power(x):
    z = x[:4] + 1j * x[4:]
    return np.sum(np.real(WEIGHT * z**3))


def through_abs_and_angle(x):
    z = x[:4] + 1j * x[4:]
    return np.sum(np.abs(z) * np.angle(z))


def through_matmul_and_sum(x):
    z = np.reshape(x[:4] + 1j * x[4:], (2, 2))
    return np.real(np.sum(z @ np.conj(z).T * np.reshape(WEIGHT, (2, 2))))


def through_shapes(x):
    z = np.reshape(x[:4] + 1j * x[4:], (2, 2)).T
    joined = np.concatenate([np.ravel(z), x[:2]])
    return np.sum(np.imag(joined[1:5] * WEIGHT)) + np.real(np.mean(z[0]))


def through_fft_norms(x):
    z = x[:4] + 1j * x[4:]
    a = np.fft.ifft(z, norm="ortho")
    b = np.fft.fft(z, n=6, norm="forward")
    return np.sum(np.abs(a) ** 2) + np.sum(np.real(b * np.conj(b[::-1])))


def through_irfft_odd(x):
    spectrum = x[:4] + 1j * x[4:]
    return np.sum(np.fft.irfft(spectrum, n=7) ** 2)


PRIMITIVES = [
    through_exp,
    through_log,
    through_sqrt,
    through_divide,
    through_integer_power,
    through_abs_and_angle,
    through_matmul_and_sum,
    through_shapes,
    through_fft_norms,
    through_irfft_odd,
]
POINT = np.array([0.8, -1.2, 1.5, 0.4, 0.6, 0.9, -0.7, 1.1])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", PRIMITIVES, ids=lambda f: f.__name__)
def test_each_primitive_on_a_complex_path_is_differentiated(f, mode):
    assert outcome(f, POINT.copy(), mode)[0] == "right"


# Rules that do not follow complex values: refused where the value meets them.
def tanh_of_complex(x):
    z = x + 0.5j
    return np.sum(np.abs(np.tanh(z)))


def cumsum_of_spectrum(x):
    spectrum = np.fft.fft(x)
    return np.sum(np.abs(np.cumsum(spectrum)))


def product_of_bins(x):
    spectrum = np.fft.fft(x)
    return np.abs(np.prod(spectrum[1:3]))


def fractional_power_of_spectrum(x):
    spectrum = np.fft.fft(x)
    return np.sum(np.real(spectrum**0.5))


def complex_cast(x):
    return np.sum(np.abs(np.cos(x.astype(complex))))


REFUSED = [
    (tanh_of_complex, 2),
    (cumsum_of_spectrum, 2),
    (product_of_bins, 2),
    (complex_cast, 1),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f, line", REFUSED, ids=[f.__name__ for f, _ in REFUSED])
def test_a_rule_that_does_not_follow_complex_values_is_refused_with_the_line(f, line, mode):
    kind, err = outcome(f, SIGNAL.copy(), mode)
    assert kind == "error"
    assert isinstance(err, ComplexGradientError)
    number = f.__code__.co_firstlineno + line
    assert f"test_complex_paths.py:{number}" in str(err) + "".join(getattr(err, "__notes__", []))


@pytest.mark.parametrize("mode", MODES)
def test_a_fractional_power_of_a_complex_value_is_refused(mode):
    # The tape applies the rule in its backward pass, where the error names the function.
    kind, err = outcome(fractional_power_of_spectrum, SIGNAL.copy(), mode)
    assert kind == "error"
    assert isinstance(err, ComplexGradientError) and "integer exponents" in str(err)


def modulus_of(z):
    return np.sum(np.abs(z * z))


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
def test_a_complex_argument_is_refused(mode):
    z = np.array([1.0 + 2.0j, 0.5 - 1.0j])
    with pytest.raises(ComplexGradientError, match="complex argument"):
        srcgrad.grad(modulus_of, mode=mode)(z)


def test_a_complex_argument_is_refused_in_forward_mode():
    z = np.array([1.0 + 2.0j, 0.5 - 1.0j])
    with pytest.raises(ComplexGradientError, match="complex argument"):
        srcgrad.jvp(modulus_of, (z,), (np.ones(2, dtype=complex),))


def test_compiled_code_uses_the_complex_forms_only_where_complex_values_are_computed():
    def real_only(x):
        return np.sum(x * np.sin(x))

    def spectral(x):
        return np.sum(np.abs(np.fft.rfft(x * np.sin(x))))

    assert "conj" not in srcgrad.grad(real_only).source
    source = srcgrad.grad(spectral).source
    assert "np.conj" in source and "runtime.refuse_complex" in source


@pytest.mark.parametrize("mode", ["compile", "tape"])
@pytest.mark.parametrize("f", [spectral_loss, complex_exponential_fit], ids=lambda f: f.__name__)
def test_second_derivatives_through_complex_values(f, mode):
    x = dict(PROGRAMS)[f].copy()
    gradient = srcgrad.grad(f, mode="tape")
    steps = np.eye(len(x)) * 1e-5
    expected = np.array([(gradient(x + h) - gradient(x - h)) / 2e-5 for h in steps])
    np.testing.assert_allclose(srcgrad.hessian(f, mode=mode)(x), expected, rtol=1e-5, atol=1e-6)
