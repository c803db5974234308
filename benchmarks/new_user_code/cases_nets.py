import numpy as np
from harness import reg

# Small neural networks written with classes, the way a tutorial would.


class Dense:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def __call__(self, x):
        return x @ self.w + self.b


class MLP:
    def __init__(self, params):
        self.l1 = Dense(params[:6].reshape(3, 2), params[6:8])
        self.l2 = Dense(params[8:10].reshape(2, 1), params[10:11])

    def forward(self, x):
        h = np.tanh(self.l1(x))
        return self.l2(h)


def mlp_class_loss(params):
    x = np.array([[0.1, 0.5, -0.3], [0.9, -0.2, 0.4], [0.3, 0.3, 0.3]])
    y = np.array([[0.5], [-0.2], [0.1]])
    model = MLP(params)
    pred = model.forward(x)
    return np.mean((pred - y) ** 2)


reg(mlp_class_loss, lambda r: (r.randn(11) * 0.5,))


class Conv1D:
    def __init__(self, kernel):
        self.kernel = kernel

    def apply(self, signal):
        k = len(self.kernel)
        out = []
        for i in range(len(signal) - k + 1):
            out.append(np.dot(signal[i : i + k], self.kernel))
        return np.array(out)


def conv_class(kernel):
    signal = np.sin(np.linspace(0, 3, 10))
    layer = Conv1D(kernel)
    return np.sum(np.maximum(layer.apply(signal), 0.0) ** 2)


reg(conv_class, lambda r: (r.randn(3),))


def rnn_with_state_dict(w):
    params = {"wx": w[0], "wh": w[1], "b": w[2]}
    h = 0.0
    xs = [0.5, -0.1, 0.3, 0.8]
    states = []
    for x in xs:
        h = np.tanh(params["wx"] * x + params["wh"] * h + params["b"])
        states.append(h)
    return sum(s * s for s in states)


reg(rnn_with_state_dict, lambda r: (r.randn(3) * 0.5,))


def residual_block(w):
    x = np.array([0.2, -0.4, 0.6, 0.1])
    W = w.reshape(4, 4)
    h = x
    for _ in range(3):
        h = h + 0.1 * np.tanh(W @ h)
    return np.sum(h**2)


reg(residual_block, lambda r: (r.randn(16) * 0.3,))


def batchnorm_train(gamma):
    x = np.array([[0.2, 1.0], [0.5, -0.3], [1.5, 0.4], [-0.7, 0.2]])
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    xn = (x - mu) / np.sqrt(var + 1e-5)
    out = gamma * xn
    running = np.zeros(2)
    running *= 0.9
    running += 0.1 * mu
    return np.sum(out**3) + np.sum(running)


reg(batchnorm_train, lambda r: (r.rand(2) + 0.5,))


def dropout_fixed_mask(w):
    rng = np.random.default_rng(0)
    mask = rng.random(6) > 0.3
    h = np.tanh(w * np.arange(1.0, 7.0))
    h = np.where(mask, h / 0.7, 0.0)
    return np.sum(h**2)


reg(dropout_fixed_mask, lambda r: (r.randn(6) * 0.5,))


def gru_cell(params):
    wz, wr, wh = params[0], params[1], params[2]
    h = 0.1
    for x in (0.5, -0.3, 0.8):
        z = 1.0 / (1.0 + np.exp(-(wz * x + h)))
        rr = 1.0 / (1.0 + np.exp(-(wr * x + h)))
        cand = np.tanh(wh * x + rr * h)
        h = (1 - z) * h + z * cand
    return h


reg(gru_cell, lambda r: (r.randn(3),))


def embedding_lookup(table):
    emb = table.reshape(5, 3)
    tokens = [0, 3, 3, 1]
    vecs = emb[tokens]
    pooled = vecs.mean(axis=0)
    return np.sum(np.tanh(pooled) * np.array([1.0, -2.0, 0.5]))


reg(embedding_lookup, lambda r: (r.randn(15),))
