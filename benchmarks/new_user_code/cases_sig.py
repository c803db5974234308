import math

import numpy as np
from harness import reg


def fir_filter(x, h):
    y = np.zeros(len(x))
    for n in range(len(x)):
        for k in range(len(h)):
            if n - k >= 0:
                y[n] += h[k] * x[n - k]
    return np.sum(y**2)


reg(fir_filter, lambda r: (r.randn(8), r.randn(3)))


def fir_taps(h, x):
    return fir_filter(x, h)


reg(fir_taps, lambda r: (r.randn(3), r.randn(8)))


def iir_first_order(a, x):
    y = np.zeros_like(x)
    prev = 0.0
    for i in range(len(x)):
        prev = a * prev + (1 - a) * x[i]
        y[i] = prev
    return np.sum(y**2)


reg(iir_first_order, lambda r: (float(0.3 + 0.5 * r.rand()), r.randn(10)))


def biquad(coefs, x):
    b0, b1, b2, a1, a2 = coefs
    x1 = x2 = y1 = y2 = 0.0
    out = []
    for xn in x:
        yn = b0 * xn + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1 = x1, xn
        y2, y1 = y1, yn
        out.append(yn)
    return np.sum(np.array(out) ** 2)


reg(biquad, lambda r: (np.array([0.5, 0.2, 0.1, -0.3, 0.1]) + 0.05 * r.randn(5), r.randn(8)))


class IIR:
    def __init__(self, a):
        self.a = a
        self.state = 0.0

    def step(self, x):
        self.state = self.a * self.state + x
        return self.state


def iir_object(x):
    f = IIR(0.5)
    return sum(f.step(v) ** 2 for v in x)


reg(iir_object, lambda r: (r.randn(6),))


def moving_average(x):
    w = 3
    out = np.empty(len(x) - w + 1)
    for i in range(len(out)):
        out[i] = x[i : i + w].mean()
    return np.sum(out**2)


reg(moving_average, lambda r: (r.randn(8),))


def moving_average_cumsum(x):
    w = 3
    c = np.cumsum(np.insert(x, 0, 0.0))
    ma = (c[w:] - c[:-w]) / w
    return np.sum(ma**2)


reg(moving_average_cumsum, lambda r: (r.randn(8),))


def ema(x):
    alpha = 0.3
    s = np.zeros_like(x)
    s[0] = x[0]
    for t in range(1, len(x)):
        s[t] = alpha * x[t] + (1 - alpha) * s[t - 1]
    return s[-1] * s[3]


reg(ema, lambda r: (r.randn(7),))


def np_convolve_loss(x, k):
    y = np.convolve(x, k, mode="same")
    return np.sum(y**2)


reg(np_convolve_loss, lambda r: (r.randn(8), r.randn(3)))


def np_correlate(x, k):
    return np.sum(np.correlate(x, k, mode="valid") ** 2)


reg(np_correlate, lambda r: (r.randn(8), r.randn(3)))


def conv_by_hand_full(x, k):
    n = len(x) + len(k) - 1
    y = [0.0] * n
    for i, xi in enumerate(x):
        for j, kj in enumerate(k):
            y[i + j] += xi * kj
    return sum(v * v for v in y)


reg(conv_by_hand_full, lambda r: (r.randn(5), r.randn(3)))


def ring_buffer_filter(x):
    buf = np.zeros(4)
    idx = 0
    out = 0.0
    for v in x:
        buf[idx] = v
        idx = (idx + 1) % 4
        out += np.mean(buf) ** 2
    return out


reg(ring_buffer_filter, lambda r: (r.randn(9),))


def delay_line_roll(x):
    line = np.zeros(3)
    acc = 0.0
    for v in x:
        line = np.roll(line, 1)
        line[0] = v
        acc += line @ np.array([0.5, 0.3, 0.2])
    return acc**2


reg(delay_line_roll, lambda r: (r.randn(6),))


def dft_power(x):
    n = len(x)
    k = np.arange(n)
    M = np.exp(-2j * np.pi * np.outer(k, k) / n)
    X = M @ x
    return np.sum(np.abs(X) ** 2) / n


reg(dft_power, lambda r: (r.randn(6),))


def fft_power(x):
    X = np.fft.rfft(x)
    return np.sum(np.abs(X) ** 2)


reg(fft_power, lambda r: (r.randn(8),))


def dft_real_loops(x):
    n = len(x)
    total = 0.0
    for k in range(n):
        re = 0.0
        im = 0.0
        for t in range(n):
            re += x[t] * math.cos(2 * math.pi * k * t / n)
            im -= x[t] * math.sin(2 * math.pi * k * t / n)
        total += re * re + im * im
    return total


reg(dft_real_loops, lambda r: (r.randn(5),))


def window_hann(x):
    w = np.hanning(len(x))
    return np.sum((x * w) ** 2)


reg(window_hann, lambda r: (r.randn(7),))


def median_smoother_like(x):
    y = np.copy(x)
    for i in range(1, len(x) - 1):
        y[i] = (x[i - 1] + 2 * x[i] + x[i + 1]) / 4
    return np.dot(y, y)


reg(median_smoother_like, lambda r: (r.randn(6),))


def kalman_1d(q):
    zs = [1.0, 1.2, 0.9, 1.1, 1.05]
    x, P = 0.0, 1.0
    R = 0.1
    for z in zs:
        P = P + q
        K = P / (P + R)
        x = x + K * (z - x)
        P = (1 - K) * P
    return x


reg(kalman_1d, lambda r: (float(0.01 + 0.1 * r.rand()),))


def kalman_nd(x0):
    F = np.array([[1.0, 0.1], [0.0, 1.0]])
    H = np.array([[1.0, 0.0]])
    P = np.eye(2)
    x = x0
    for z in [0.1, 0.3, 0.2]:
        x = F @ x
        P = F @ P @ F.T + 0.01 * np.eye(2)
        S = H @ P @ H.T + 0.1
        K = P @ H.T / S
        x = x + (K * (z - H @ x)).ravel()
        P = (np.eye(2) - K @ H) @ P
    return x[0] + x[1]


reg(kalman_nd, lambda r: (r.randn(2),))


def envelope(x):
    return np.sum(np.sqrt(x**2 + np.roll(x, 1) ** 2))


reg(envelope, lambda r: (r.randn(6),))


def preemphasis(x):
    y = np.append(x[0], x[1:] - 0.97 * x[:-1])
    return np.sum(y**2)


reg(preemphasis, lambda r: (r.randn(6),))


def downsample_sum(x):
    return np.sum(x[::2] ** 2) + np.sum(x[1::3])


reg(downsample_sum, lambda r: (r.randn(9),))


def pad_and_filter(x):
    xp = np.pad(x, 2, mode="edge")
    return np.sum((xp[2:] - xp[:-2]) ** 2)


reg(pad_and_filter, lambda r: (r.randn(6),))


def normalize_signal(x):
    x = x - x.mean()
    x /= x.std()
    return np.sum(x[:3] ** 3)


reg(normalize_signal, lambda r: (r.randn(6),))


def zero_crossings_weighted(x):
    s = 0.0
    for i in range(1, len(x)):
        if x[i] * x[i - 1] < 0:
            s += (x[i] - x[i - 1]) ** 2
    return s


reg(zero_crossings_weighted, lambda r: (r.randn(8),))


def stft_energy(x):
    frames = np.lib.stride_tricks.sliding_window_view(x, 4)[::2]
    return np.sum(frames**2 * np.hanning(4))


reg(stft_energy, lambda r: (r.randn(10),))


def polyfit_residual(y):
    t = np.linspace(0, 1, len(y))
    A = np.vander(t, 3)
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return np.sum((A @ coef - y) ** 2)


reg(polyfit_residual, lambda r: (r.randn(6),))


def interp_loss(y):
    xs = np.linspace(0, 1, len(y))
    q = np.array([0.15, 0.5, 0.77])
    return np.sum(np.interp(q, xs, y) ** 2)


reg(interp_loss, lambda r: (r.randn(5),))


def autocorr(x):
    n = len(x)
    x = x - np.mean(x)
    ac = [np.sum(x[: n - k] * x[k:]) for k in range(3)]
    return ac[1] / ac[0] + ac[2] / ac[0]


reg(autocorr, lambda r: (r.randn(8),))
