import math

import numpy as np
from harness import reg


def softmax_xent(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    n = logits.shape[0]
    return -np.mean(logp[np.arange(n), labels])


reg(softmax_xent, lambda r: (r.randn(4, 3), np.array([0, 2, 1, 1])))


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def kl_to_uniform(x):
    p = softmax(x)
    q = np.ones_like(p) / p.size
    return np.sum(p * np.log(p / q))


reg(kl_to_uniform, lambda r: (r.randn(5),))


def attention(q, k, v):
    d = q.shape[-1]
    scores = q @ k.T / np.sqrt(d)
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w /= w.sum(axis=-1, keepdims=True)
    out = w @ v
    return np.sum(out**2)


reg(attention, lambda r: (r.randn(3, 4), r.randn(5, 4), r.randn(5, 2)))


def layer_norm(x, gamma, beta):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    y = gamma * xhat + beta
    return np.sum(np.tanh(y))


reg(layer_norm, lambda r: (r.randn(3, 6), r.rand(6) + 0.5, r.randn(6)))


def layer_norm_var(x):
    mu = np.mean(x, axis=1, keepdims=True)
    sd = np.std(x, axis=1, keepdims=True)
    return np.sum(((x - mu) / (sd + 1e-6)) * np.arange(x.shape[1]))


reg(layer_norm_var, lambda r: (r.randn(2, 5),))


def conv2d_loops(img, kern):
    H, W = img.shape
    kh, kw = kern.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(img[i : i + kh, j : j + kw] * kern)
    return np.sum(out**2)


reg(conv2d_loops, lambda r: (r.randn(5, 5), r.randn(2, 2)))


def conv2d_wrt_kernel(kern, img):
    H, W = img.shape
    kh, kw = kern.shape
    total = 0.0
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            acc = 0.0
            for a in range(kh):
                for b in range(kw):
                    acc += img[i + a, j + b] * kern[a, b]
            total += max(acc, 0.0) ** 2 if False else acc**2
    return total


reg(conv2d_wrt_kernel, lambda r: (r.randn(2, 2), r.randn(4, 4)))


def conv1d_valid(x, w):
    n = len(x) - len(w) + 1
    y = np.empty(n)
    for i in range(n):
        y[i] = np.dot(x[i : i + len(w)], w)
    return np.sum(np.sin(y))


reg(conv1d_valid, lambda r: (r.randn(8), r.randn(3)))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn_cell_seq(h0, xs, Wx, Wh):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(Wx @ xs[t] + Wh @ h)
    return np.sum(h**2)


reg(rnn_cell_seq, lambda r: (r.randn(3), r.randn(4, 2), r.randn(3, 2) * 0.5, r.randn(3, 3) * 0.5))


def gru_cell(Wz, x, h):
    Wr = Wz * 0.7
    Wn = Wz[::-1] * 1.1
    xh = np.concatenate([x, h])
    z = sigmoid(Wz @ xh)
    r_ = sigmoid(Wr @ xh)
    n = np.tanh(Wn @ np.concatenate([x, r_ * h]))
    hn = (1 - z) * n + z * h
    return np.sum(hn)


reg(gru_cell, lambda r: (r.randn(3, 5) * 0.5, r.randn(2), r.randn(3)))


def lstm_step(W, x, h, c):
    H = h.shape[0]
    gates = W @ np.concatenate([x, h])
    i, f, o, g = np.split(gates, 4)
    i, f, o = sigmoid(i), sigmoid(f), sigmoid(o)
    g = np.tanh(g)
    c = f * c + i * g
    h = o * np.tanh(c)
    return np.sum(h) + 0.1 * np.sum(c) + 0 * H


reg(lstm_step, lambda r: (r.randn(12, 5) * 0.5, r.randn(2), r.randn(3), r.randn(3)))


def lstm_unrolled(W, xs):
    H = W.shape[0] // 4
    h = np.zeros(H)
    c = np.zeros(H)
    hs = []
    for x in xs:
        gates = W @ np.concatenate([x, h])
        i = sigmoid(gates[:H])
        f = sigmoid(gates[H : 2 * H])
        o = sigmoid(gates[2 * H : 3 * H])
        g = np.tanh(gates[3 * H :])
        c = f * c + i * g
        h = o * np.tanh(c)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


reg(lstm_unrolled, lambda r: (r.randn(8, 4) * 0.5, r.randn(3, 2)))


def mlp(params, x, y):
    W1, b1, W2, b2 = params[:12].reshape(4, 3), params[12:16], params[16:20], params[20]
    h = np.maximum(W1 @ x + b1, 0.0)
    pred = W2 @ h + b2
    return 0.5 * (pred - y) ** 2


reg(mlp, lambda r: (r.randn(21), r.randn(3), 0.3))


def mlp_layers(w, X):
    layers = [(w[:6].reshape(2, 3), w[6:9]), (w[9:15].reshape(3, 2), w[15:17])]
    h = X
    for W, b in layers:
        h = np.tanh(h @ W + b)
    return np.mean(h)


reg(mlp_layers, lambda r: (r.randn(17), r.randn(4, 2)))


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z))) + 0.01 * np.dot(w, w)


reg(logistic_loss, lambda r: (r.randn(3), r.randn(6, 3), np.sign(r.randn(6))))


def hinge_sq(w, X, y):
    m = 1 - y * (X @ w)
    return np.sum(np.where(m > 0, m, 0.0) ** 2)


reg(hinge_sq, lambda r: (r.randn(3), r.randn(6, 3), np.sign(r.randn(6))))


def huber(pred, target, delta=1.0):
    r = pred - target
    a = np.abs(r)
    quad = 0.5 * r**2
    lin = delta * (a - 0.5 * delta)
    return np.sum(np.where(a <= delta, quad, lin))


reg(huber, lambda r: (r.randn(6) * 2, r.randn(6)))


def focal_loss(logit, y):
    p = 1 / (1 + np.exp(-logit))
    pt = np.where(y == 1, p, 1 - p)
    return -np.sum((1 - pt) ** 2 * np.log(pt))


reg(focal_loss, lambda r: (r.randn(5), (r.rand(5) > 0.5).astype(int)))


def log_softmax_rows(x):
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        row = x[i]
        m = row.max()
        out[i] = row - m - np.log(np.exp(row - m).sum())
    return out[:, 0].sum()


reg(log_softmax_rows, lambda r: (r.randn(3, 4),))


def batchnorm_running(x, state):
    mean = x.mean(axis=0)
    var = x.var(axis=0)
    state["mean"] = 0.9 * state["mean"] + 0.1 * mean
    y = (x - mean) / np.sqrt(var + 1e-5)
    return np.sum(y * np.arange(1, x.shape[1] + 1)) + np.sum(state["mean"])


reg(batchnorm_running, lambda r: (r.randn(4, 3), {"mean": np.zeros(3)}))


def dropout_fixed_mask(x):
    rng = np.random.RandomState(0)
    mask = rng.rand(*x.shape) > 0.3
    return np.sum((x * mask / 0.7) ** 2)


reg(dropout_fixed_mask, lambda r: (r.randn(6),))


def gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def gelu_sum(x):
    return np.sum(gelu(x) * x)


reg(gelu_sum, lambda r: (r.randn(5),))


def swish_ln(x):
    y = x * sigmoid(x)
    y = y - y.mean()
    return np.sum(np.log(1 + y**2))


reg(swish_ln, lambda r: (r.randn(5),))


def embedding_lookup(E, ids):
    vecs = E[ids]
    return np.sum(vecs.mean(axis=0) ** 2)


reg(embedding_lookup, lambda r: (r.randn(5, 3), np.array([1, 3, 3, 0])))


def multihead(x, Wq):
    heads = 2
    d = x.shape[1] // heads
    q = x @ Wq
    outs = []
    for hd in range(heads):
        qh = q[:, hd * d : (hd + 1) * d]
        s = qh @ qh.T
        s = np.exp(s - s.max(axis=1, keepdims=True))
        s = s / s.sum(axis=1, keepdims=True)
        outs.append(s @ qh)
    return np.sum(np.concatenate(outs, axis=1) ** 2)


reg(multihead, lambda r: (r.randn(3, 4), r.randn(4, 4) * 0.5), jvp=True)


def multihead_wq(Wq, x):
    return multihead(x, Wq)


reg(multihead_wq, lambda r: (r.randn(4, 4) * 0.5, r.randn(3, 4)))


def maxpool1d(x):
    out = []
    for i in range(0, len(x) - 1, 2):
        out.append(max(x[i], x[i + 1]))
    return sum(o**2 for o in out)


reg(maxpool1d, lambda r: (r.randn(8),))


def avgpool2d(x):
    h, w = x.shape
    return np.sum(x.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3)) ** 3)


reg(avgpool2d, lambda r: (r.randn(4, 6),))


def cosine_sim_loss(a, b):
    na = np.linalg.norm(a)
    nb = np.linalg.norm(b)
    return 1 - a @ b / (na * nb)


reg(cosine_sim_loss, lambda r: (r.randn(4), r.randn(4)))


def contrastive(Z):
    Zn = Z / np.linalg.norm(Z, axis=1, keepdims=True)
    S = Zn @ Zn.T / 0.5
    np.fill_diagonal(S, -1e9)
    S = S - S.max(axis=1, keepdims=True)
    lse = np.log(np.exp(S).sum(axis=1))
    pos = np.array([S[i, (i + 1) % Z.shape[0]] for i in range(Z.shape[0])])
    return np.mean(lse - pos)


reg(contrastive, lambda r: (r.randn(4, 3),))


def l2_reg_dict(w):
    params = {"a": w[:2], "b": w[2:]}
    total = 0.0
    for name, p in params.items():
        total += np.sum(p**2) * (2.0 if name == "a" else 1.0)
    return total


reg(l2_reg_dict, lambda r: (r.randn(5),))


def adam_step_loss(w):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, 4):
        g = 2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        mhat = m / (1 - 0.9**t)
        vhat = v / (1 - 0.999**t)
        w = w - 0.01 * mhat / (np.sqrt(vhat) + 1e-8)
    return np.sum(w**2)


reg(adam_step_loss, lambda r: (r.randn(3) + 1.5,))


def sgd_unrolled(w0, X, y):
    w = w0.copy()
    for _ in range(5):
        grad = X.T @ (X @ w - y) / len(y)
        w -= 0.1 * grad
    return np.sum((X @ w - y) ** 2)


reg(sgd_unrolled, lambda r: (r.randn(3), r.randn(6, 3), r.randn(6)))


def activation_by_name(x, kind="tanh"):
    if kind == "relu":
        act = lambda v: np.maximum(v, 0)  # noqa: E731
    elif kind == "tanh":
        act = np.tanh
    else:
        act = sigmoid
    return np.sum(act(x) ** 2)


reg(activation_by_name, lambda r: (r.randn(4),))


ACTS = {"tanh": np.tanh, "sin": np.sin, "softplus": lambda v: np.log1p(np.exp(v))}


def act_from_table(x, name="softplus"):
    f = ACTS[name]
    return np.sum(f(x) * x)


reg(act_from_table, lambda r: (r.randn(4),))


def cross_entropy_onehot(logits, y_onehot):
    p = np.exp(logits) / np.sum(np.exp(logits), axis=-1, keepdims=True)
    return -np.sum(y_onehot * np.log(p)) / logits.shape[0]


reg(cross_entropy_onehot, lambda r: (r.randn(3, 4), np.eye(4)[[0, 3, 1]]))


def label_smoothing(logits):
    n = logits.shape[-1]
    target = np.full(n, 0.1 / (n - 1))
    target[2] = 0.9
    lp = logits - np.log(np.sum(np.exp(logits)))
    return -np.dot(target, lp)


reg(label_smoothing, lambda r: (r.randn(5),))


def rms_norm(x, g):
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-6)
    return np.sum((x / rms) * g)


reg(rms_norm, lambda r: (r.randn(2, 4), r.randn(4)))


def positional_encoding_loss(x):
    T, D = x.shape
    pe = np.zeros((T, D))
    pos = np.arange(T)[:, None]
    div = np.exp(np.arange(0, D, 2) * (-math.log(10000.0) / D))
    pe[:, 0::2] = np.sin(pos * div)
    pe[:, 1::2] = np.cos(pos * div)
    return np.sum((x + pe) ** 2)


reg(positional_encoding_loss, lambda r: (r.randn(3, 4),))


def kmeans_objective(C, X):
    d = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    return np.sum(np.min(d, axis=1))


reg(kmeans_objective, lambda r: (r.randn(3, 2), r.randn(7, 2)))


def soft_kmeans(C, X):
    d = ((X[:, None, :] - C[None]) ** 2).sum(-1)
    w = np.exp(-d)
    w = w / w.sum(1, keepdims=True)
    return np.sum(w * d)


reg(soft_kmeans, lambda r: (r.randn(3, 2), r.randn(5, 2)))
