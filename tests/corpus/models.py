"""Small models and objectives as they appear in user code."""

import numpy as np


def linear_regression_mse(w, b, X, y):
    pred = X @ w + b
    return np.mean((pred - y) ** 2)


def ridge_least_squares(w, X, y, lam):
    r = X @ w - y
    return 0.5 * r @ r + 0.5 * lam * np.sum(w**2)


def logistic_regression_nll(w, b, X, y):
    z = X @ w + b
    # log(1 + exp(-z)) written stably
    loss = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return np.mean(loss)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def logistic_with_helper(w, X, y):
    p = sigmoid(X @ w)
    eps = 1e-12
    return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))


def log_softmax(logits):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def mlp_softmax_cross_entropy(W1, b1, W2, b2, X, labels):
    h = np.maximum(X @ W1 + b1, 0.0)
    logits = h @ W2 + b2
    logp = log_softmax(logits)
    n = X.shape[0]
    return -np.sum(logp[np.arange(n), labels]) / n


def mlp_one_hot(W1, W2, X, Y):
    h = np.tanh(X @ W1)
    logits = h @ W2
    m = logits.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -np.mean(np.sum(Y * (logits - lse), axis=1))


def rnn_unrolled(Wx, Wh, b, xs):
    h = np.zeros(Wh.shape[0])
    for t in range(xs.shape[0]):
        h = np.tanh(Wx @ xs[t] + Wh @ h + b)
    return np.sum(h**2)


def rnn_collect_states(Wx, Wh, xs):
    h = np.zeros(Wh.shape[0])
    states = []
    for x in xs:
        h = np.tanh(Wx @ x + Wh @ h)
        states.append(h)
    H = np.stack(states)
    return np.mean(H**2) + np.sum(H[-1])


def gru_like_cell(Wz, Wh, xs):
    h = np.zeros(Wz.shape[0])
    for x in xs:
        inp = np.concatenate([x, h])
        z = sigmoid(Wz @ inp)
        cand = np.tanh(Wh @ inp)
        h = (1 - z) * h + z * cand
    return np.sum(h)


def attention_single_head(Wq, Wk, Wv, X):
    Q = X @ Wq
    K = X @ Wk
    V = X @ Wv
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    scores = scores - scores.max(axis=1, keepdims=True)
    A = np.exp(scores)
    A = A / A.sum(axis=1, keepdims=True)
    return np.sum((A @ V) ** 2)


def causal_attention(Wq, Wk, X):
    Q = X @ Wq
    K = X @ Wk
    n = X.shape[0]
    mask = np.tril(np.ones((n, n))) > 0
    scores = np.where(mask, Q @ K.T, -1e9)
    weights = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    weights = weights / np.sum(weights, axis=-1, keepdims=True)
    return np.sum(weights @ X)


def layer_norm(x, gamma, beta):
    mu = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    y = gamma * xhat + beta
    return np.sum(y * np.arange(y.size).reshape(y.shape))


def batch_norm_train(x, gamma):
    mu = x.mean(axis=0)
    sigma = x.std(axis=0)
    return np.sum(np.sin(gamma * (x - mu) / (sigma + 1e-3)))


def euler_ode_decay(k, y0):
    y = y0
    dt = 0.05
    for _ in range(40):
        y = y + dt * (-k * y + np.sin(y))
    return np.sum(y**2)


def euler_pendulum(theta0, omega0, g):
    theta, omega = theta0, omega0
    dt = 0.02
    for _ in range(50):
        theta, omega = theta + dt * omega, omega - dt * g * np.sin(theta)
    return theta**2 + 0.1 * omega**2


def rk2_oscillator(params, state):
    a, b = params[0], params[1]
    x = state
    dt = 0.1
    for _ in range(10):
        k1 = np.stack([x[1], -a * x[0] - b * x[1]])
        mid = x + 0.5 * dt * k1
        k2 = np.stack([mid[1], -a * mid[0] - b * mid[1]])
        x = x + dt * k2
    return np.sum(x**2)


def gaussian_log_likelihood(mu, log_sigma, x):
    sigma = np.exp(log_sigma)
    z = (x - mu) / sigma
    return -np.sum(0.5 * z**2 + log_sigma + 0.5 * np.log(2 * np.pi))


def multivariate_gaussian_nll(L, x):
    cov = L @ L.T + np.eye(L.shape[0])
    logdet = np.log(np.linalg.det(cov))
    alpha = np.linalg.solve(cov, x)
    return 0.5 * (x @ alpha) + 0.5 * logdet


def conv1d_by_slicing(w, x):
    k = w.shape[0]
    n = x.shape[0] - k + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(w * x[i : i + k])
    return np.sum(np.tanh(out) ** 2)


def conv2d_by_slicing(K, img):
    kh, kw = K.shape
    H = img.shape[0] - kh + 1
    W = img.shape[1] - kw + 1
    total = 0.0
    for i in range(H):
        for j in range(W):
            patch = img[i : i + kh, j : j + kw]
            total = total + np.tanh(np.sum(patch * K)) ** 2
    return total


def conv1d_list_comprehension(w, x):
    k = len(w)
    feats = [np.dot(w, x[i : i + k]) for i in range(len(x) - k + 1)]
    return np.sum(np.stack(feats) ** 2)


def huber_loss(pred, target):
    r = pred - target
    small = np.abs(r) < 0.5
    return np.sum(np.where(small, 0.5 * r**2, 0.5 * (np.abs(r) - 0.25)))


def softplus_poisson_regression(w, X, counts):
    rate = np.log1p(np.exp(X @ w))
    return np.sum(rate - counts * np.log(rate))


def kmeans_soft_assign(C, X):
    d = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    r = np.exp(-d)
    r = r / r.sum(axis=1, keepdims=True)
    return np.sum(r * d)


def polynomial_fit(coeffs, t, y):
    pred = np.zeros_like(t)
    for i, c in enumerate(coeffs):
        pred = pred + c * t**i
    return np.mean((pred - y) ** 2)


def horner_polynomial(coeffs, t):
    acc = 0.0
    for c in coeffs[::-1]:
        acc = acc * t + c
    return np.sum(acc**2)


def gradient_descent_unrolled(w0, X, y):
    w = w0
    for _ in range(5):
        g = X.T @ (X @ w - y) / X.shape[0]
        w = w - 0.1 * g
    return np.sum((X @ w - y) ** 2)


def power_iteration_rayleigh(A, v0):
    v = v0
    for _ in range(8):
        v = A @ v
        v = v / np.linalg.norm(v)
    return v @ A @ v


def markov_chain_steps(logits, p0):
    P = np.exp(logits)
    P = P / np.sum(P, axis=1, keepdims=True)
    p = p0
    for _ in range(6):
        p = p @ P
    return np.sum(p * np.arange(len(p)))


def mixture_log_likelihood(means, logw, x):
    w = np.exp(logw - np.max(logw))
    w = w / np.sum(w)
    dens = np.exp(-0.5 * (x[:, None] - means[None, :]) ** 2) / np.sqrt(2 * np.pi)
    return np.sum(np.log(dens @ w))


def pairwise_energy(P):
    diff = P[:, None, :] - P[None, :, :]
    r2 = np.sum(diff**2, axis=-1) + np.eye(P.shape[0])
    inv = 1.0 / np.sqrt(r2)
    return 0.5 * np.sum(inv * (1 - np.eye(P.shape[0])))


def cosine_similarity_loss(a, b):
    cos = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    return 1.0 - cos


def contrastive_logits(Z):
    Zn = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    S = Zn @ Zn.T / 0.5
    return -np.mean(np.diagonal(log_softmax(S)))


def residual_block(W1, W2, x):
    h = x
    for _ in range(3):
        h = h + np.tanh(h @ W1) @ W2
    return np.sum(h**2)


def quantile_like_loss(pred, y):
    r = y - pred
    return np.mean(np.maximum(0.3 * r, (0.3 - 1) * r))


def entropy_regularised(logits):
    p = np.exp(log_softmax(logits))
    return -np.sum(p * log_softmax(logits)) + np.sum(logits**2) * 0.01


def finite_horizon_control(u, x0):
    x = x0
    cost = 0.0
    for t in range(u.shape[0]):
        x = 0.9 * x + 0.1 * np.tanh(u[t])
        cost = cost + x**2 + 0.01 * u[t] ** 2
    return cost
