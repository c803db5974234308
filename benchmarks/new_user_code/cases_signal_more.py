import math

import numpy as np
from harness import reg

# Signal processing: filters written as loops, padding, windows, spectra.


def iir_lowpass(alpha):
    x = np.sin(np.linspace(0, 6, 30)) + 0.3 * np.cos(np.linspace(0, 40, 30))
    y = np.zeros_like(x)
    y[0] = x[0]
    for n in range(1, len(x)):
        y[n] = alpha * x[n] + (1 - alpha) * y[n - 1]
    return np.sum((y - np.sin(np.linspace(0, 6, 30))) ** 2)


reg(iir_lowpass, lambda r: (float(0.2 + 0.5 * r.rand()),))


def moving_average_padded(x):
    k = 3
    padded = np.pad(x, (k // 2, k // 2), mode="edge")
    smooth = np.convolve(padded, np.ones(k) / k, mode="valid")
    return np.sum((smooth - x) ** 2)


reg(moving_average_padded, lambda r: (r.randn(8),))


def ramp_padded_filter(x):
    padded = np.pad(x, 2, mode="linear_ramp", end_values=0.0)
    kernel = np.array([0.25, 0.5, 0.25])
    out = np.convolve(padded, kernel, mode="same")
    return np.sum(out**2)


reg(ramp_padded_filter, lambda r: (r.randn(6),))


def mean_padded_detrend(x):
    padded = np.pad(x, 3, mode="mean", stat_length=2)
    trend = np.convolve(padded, np.ones(7) / 7, mode="valid")
    return np.sum((x - trend) ** 2)


reg(mean_padded_detrend, lambda r: (r.randn(8),))


def windowed_energy(x):
    w = np.hanning(len(x))
    spectrum = np.fft.rfft(x * w)
    power = spectrum.real**2 + spectrum.imag**2
    return np.sum(power * np.arange(len(power)))


reg(windowed_energy, lambda r: (r.randn(8),))


def envelope_follower(attack):
    x = np.abs(np.sin(np.linspace(0, 10, 40))) + 0.05
    env = 0.0
    out = []
    for v in x:
        if v > env:
            env = env + attack * (v - env)
        else:
            env = env * 0.9
        out.append(env)
    return np.sum(np.array(out) ** 2)


reg(envelope_follower, lambda r: (float(0.2 + 0.5 * r.rand()),))


def biquad_filter(coeffs):
    b0, b1, a1 = coeffs
    x = np.cos(np.linspace(0, 8, 25))
    y1 = 0.0
    x1 = 0.0
    total = 0.0
    for xn in x:
        yn = b0 * xn + b1 * x1 - a1 * y1
        x1, y1 = xn, yn
        total += yn * yn
    return total


reg(biquad_filter, lambda r: (np.array([0.5, 0.3, -0.2]) + 0.05 * r.randn(3),))


def delete_outliers_rms(x):
    cleaned = np.delete(x, [0, 3])
    return math.sqrt(np.mean(cleaned**2))


reg(delete_outliers_rms, lambda r: (r.randn(7),))


def insert_guard_samples(x):
    guarded = np.insert(x, [0, len(x)], [x[0], x[-1]])
    return np.sum(np.diff(guarded) ** 2)


reg(insert_guard_samples, lambda r: (r.randn(6),))


def row_normalised_energy(x):
    frames = x.reshape(3, 4)
    normed = np.apply_along_axis(lambda f: f / np.linalg.norm(f), 1, frames)
    return np.sum(normed * np.arange(12).reshape(3, 4))


reg(row_normalised_energy, lambda r: (r.randn(12),))
