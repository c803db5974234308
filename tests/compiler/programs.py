"""Functions written the way users write them, one per construct the compiler handles."""

import math

import numpy as np


def reassign(x):
    x = np.sin(x)
    x = x * 2
    return np.sum(x)


def branch(x):
    if np.sum(x) > 0:
        y = x * 2
    else:
        y = x**3
    return np.sum(y)


def loop(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(x * i)
        x = np.sin(x)
    return s


def whileloop(x):
    while x > 0.1:
        x = x / 2
    return x * x


def early(x):
    if x < 0:
        return -x
    return x * x


def brk(x):
    s = x
    for i in range(10):
        s = s * 1.5
        if s > 5:
            break
        s = s + 1
    return s


def appendlist(x):
    hs = []
    h = x
    for t in range(3):
        h = np.tanh(h * 1.1)
        hs.append(h)
    return np.sum(np.stack(hs))


def comp(x):
    return sum([xi**2 for xi in x])


def setitem(x):
    y = np.zeros(5)
    y[1:3] = x[1:3] * 2
    return np.sum(y * y)


def helper(a, b=2.0):
    return a * b


def calls(x):
    return np.sum(helper(x) + helper(x, b=3.0))


def nested(x, w):
    def g(z):
        return z * w

    return np.sum(g(x) + g(x * 2))


def lam(x):
    f = lambda z: z**2
    return np.sum(f(x))


def swap(a, b):
    a, b = b, a * 2
    return a * b


def methods(x):
    return x.T.reshape(6).sum() + x.sum(axis=1).mean() + (x @ x.T).trace()


def rows(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row**2)
    return s


def zips(X, w):
    s = 0.0
    for i, (a, b) in enumerate(zip(X, w)):
        s = s + a * b * i
    return np.sum(s)


def dicts(x):
    d = {"a": x, "b": x * 2}
    return np.sum(d["a"] * d["b"])


def boolidx(x):
    return np.sum(x[x > 0] ** 2) + x[..., ::-1][0]


def mathf(x):
    return math.sin(x) * math.exp(x) + abs(x) + max(x, 0.5)


def ifexp(x):
    y = x * 2 if x > 1 else x * 3
    return y + (x > 0 and x < 5)


def recursion(x, n):
    if n == 0:
        return x
    return recursion(x * 1.5, n - 1) + x


def aug(x):
    y = x
    y += 1
    y *= x
    y /= 2
    y **= 2
    y -= x
    return y


def skip_odd(x):
    s = 0.0
    for i in range(6):
        if i % 2 == 1:
            continue
        s = s + x**i
    return s


def nested_loops(x):
    total = 0.0
    for i in range(3):
        for j in range(i + 1):
            total = total + np.sum(x[i] * x[j])
    return total


def return_in_loop(x):
    y = x
    for i in range(20):
        y = y * 1.3
        if y > 4.0:
            return y * y
    return -y


def rnn(xs, W, U, h0):
    h = h0
    for x in xs:
        h = np.tanh(x @ W + h @ U)
    return np.sum(h * h)


def mlp_loss(W1, b1, W2, b2, x, labels):
    hidden = np.tanh(x @ W1 + b1)
    logits = hidden @ W2 + b2
    logits = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(labels)), labels])


def logistic(w, b, x, y):
    p = 1 / (1 + np.exp(-(x @ w + b)))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def unary_and_abs(x):
    return np.sum(-x + (+x) * abs(x) - np.abs(x))
