import numpy as np


def rnn(x, w, steps):
    x = x / np.linalg.norm(x)
    h = np.tanh(w * x)
    for _ in range(steps):
        if np.sum(h) > 0:
            h = np.tanh(w * h + x)
        else:
            h = 0.5 * h
    return np.sum(h**2)
