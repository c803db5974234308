"""Time gradients of real functions that compute through complex values.

Two workloads, each with its hand-written NumPy gradient as the floor:

1. ``spectral``: ``sum((abs(rfft(x)) - target) ** 2)`` for ``x`` of 4096 samples;
2. ``phasor_fit``: ``sum(abs(a * exp(1j * (f * t + p)) - data) ** 2)`` over 4096 samples,
   the gradient of the three parameters.

Engines: hand-written NumPy, srcgrad compiled (``mode="compile"``) and the tape
(``mode="tape"``). Every gradient is checked against the hand-written one first; calls are
interleaved across engines in one process after a warm-up, and the median time per
gradient is reported with its ratio to the hand-written one.

    python benchmarks/complex_paths.py
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import srcgrad  # noqa: E402

N = 4096
rng = np.random.default_rng(3)
TARGET = rng.uniform(0.5, 1.5, N // 2 + 1)
TIMES = np.linspace(0.0, 10.0, N)
DATA = 1.3 * np.exp(1j * (2.1 * TIMES + 0.4)) + 0.05 * rng.standard_normal(N)


def spectral(x):
    return np.sum((np.abs(np.fft.rfft(x)) - TARGET) ** 2)


def spectral_by_hand(x):
    spectrum = np.fft.rfft(x)
    size = np.abs(spectrum)
    g = 2 * (size - TARGET) * spectrum / size  # the gradient of each bin
    padded = np.zeros(len(x), dtype=complex)
    padded[: len(g)] = g
    return np.real(np.fft.fft(np.conj(padded)))  # the adjoint of rfft, real part


def phasor_fit(params):
    model = params[0] * np.exp(1j * (params[1] * TIMES + params[2]))
    return np.sum(np.abs(model - DATA) ** 2)


def phasor_fit_by_hand(params):
    rotation = np.exp(1j * (params[1] * TIMES + params[2]))
    model = params[0] * rotation
    twice = 2 * np.conj(model - DATA)
    return np.array(
        [
            np.sum(np.real(twice * rotation)),
            np.sum(np.real(twice * model * 1j * TIMES)),
            np.sum(np.real(twice * model * 1j)),
        ]
    )


WORKLOADS = [
    ("spectral", spectral, spectral_by_hand, rng.uniform(-1.0, 1.0, N)),
    ("phasor_fit", phasor_fit, phasor_fit_by_hand, np.array([1.1, 2.0, 0.3])),
]


def median_times(engines, arg, repeats=200):
    times = {name: [] for name in engines}
    for _ in range(repeats):
        for name, fn in engines.items():
            start = time.perf_counter()
            fn(arg)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def main():
    print("| workload | engine | median per gradient | ratio to hand-written |")
    print("|---|---|---|---|")
    for name, f, by_hand, arg in WORKLOADS:
        engines = {
            "hand-written": by_hand,
            "srcgrad compiled": srcgrad.grad(f, mode="compile"),
            "srcgrad tape": srcgrad.grad(f, mode="tape"),
        }
        expected = by_hand(arg)
        for engine, fn in engines.items():
            np.testing.assert_allclose(fn(arg), expected, rtol=1e-6, err_msg=engine)
        medians = median_times(engines, arg)
        for engine, seconds in medians.items():
            ratio = seconds / medians["hand-written"]
            print(f"| {name} | {engine} | {seconds * 1e6:.1f} µs | {ratio:.2f} |")


if __name__ == "__main__":
    main()
