import numpy as np
from harness import reg

# Optimisation code: inner loops that update parameters in place, unrolled steps.


def unrolled_gd(lr):
    w = np.array([1.0, -1.0])
    target = np.array([0.3, 0.7])
    for _ in range(10):
        grad = 2 * (w - target)
        w -= lr * grad
    return np.sum((w - target) ** 2)


reg(unrolled_gd, lambda r: (float(0.05 + 0.1 * r.rand()),))


def momentum_steps(lr_beta):
    lr, beta = lr_beta[0], lr_beta[1]
    w = np.array([2.0, -1.5, 0.5])
    v = np.zeros(3)
    for _ in range(8):
        g = w * np.array([1.0, 3.0, 0.5])
        v = beta * v + g
        w = w - lr * v
    return np.sum(w**2)


reg(momentum_steps, lambda r: (np.array([0.05, 0.8]) + 0.05 * r.rand(2),))


def adam_unrolled(w0):
    w = w0.copy()
    m = np.zeros_like(w)
    s = np.zeros_like(w)
    for t in range(1, 6):
        g = 2 * w - 1.0
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * g * g
        mh = m / (1 - 0.9**t)
        sh = s / (1 - 0.999**t)
        w = w - 0.1 * mh / (np.sqrt(sh) + 1e-8)
    return np.sum((w - 0.5) ** 2)


reg(adam_unrolled, lambda r: (r.randn(3),))


def newton_sqrt(a):
    x = 1.0
    for _ in range(6):
        x = 0.5 * (x + a / x)
    return x


reg(newton_sqrt, lambda r: (float(1.0 + 2 * r.rand()),))


def projected_gradient(c):
    x = np.zeros(3)
    for _ in range(15):
        x = x - 0.2 * (x - c)
        x = np.clip(x, -0.5, 0.5)
    return np.sum(x * np.array([1.0, 2.0, 3.0]))


reg(projected_gradient, lambda r: (r.rand(3) * 0.6 - 0.3,))


def coordinate_descent(b):
    A = np.array([[3.0, 0.5, 0.2], [0.5, 2.0, 0.3], [0.2, 0.3, 4.0]])
    x = np.zeros(3)
    for _ in range(5):
        for i in range(3):
            x[i] = (b[i] - A[i] @ x + A[i, i] * x[i]) / A[i, i]
    return np.sum(x**2)


reg(coordinate_descent, lambda r: (r.randn(3),))


def line_search_step(w):
    def loss(v):
        return np.sum((v - 1.0) ** 2) + 0.1 * np.sum(v**4)

    g = 2 * (w - 1.0) + 0.4 * w**3
    step = 1.0
    while loss(w - step * g) > loss(w) - 0.5 * step * np.sum(g * g):
        step *= 0.5
    return loss(w - step * g)


reg(line_search_step, lambda r: (r.randn(2) * 0.5,))


def ista_lasso(y):
    A = np.array([[1.0, 0.3], [0.2, 1.2], [0.5, -0.4]])
    x = np.zeros(2)
    lam, t = 0.1, 0.3
    for _ in range(20):
        z = x - t * A.T @ (A @ x - y)
        x = np.sign(z) * np.maximum(np.abs(z) - t * lam, 0.0)
    return np.sum(x**2)


reg(ista_lasso, lambda r: (r.randn(3) + np.array([2.0, 2.0, 0.0]),))


def sgd_params_dict(lr):
    params = {"w": np.array([0.5, -0.5]), "b": 0.0}
    xs = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.1]])
    ys = np.array([1.0, 0.0, 2.0])
    for x, y in zip(xs, ys):
        err = x @ params["w"] + params["b"] - y
        params["w"] = params["w"] - lr * err * x
        params["b"] = params["b"] - lr * err
    return sum(float(np.sum((xs @ params["w"] + params["b"] - ys) ** 2)) for _ in range(1))


reg(sgd_params_dict, lambda r: (float(0.05 + 0.05 * r.rand()),))
