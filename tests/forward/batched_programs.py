"""Functions whose forward-mode Jacobians run as one batched tangent sweep: each exercises
a batched form where the batch size (the input's size) equals some other axis length,
where a batch axis lined up with the wrong axis would broadcast silently."""

import math

import numpy as np

M3 = np.arange(9.0).reshape(3, 3) / 7 - 0.4
S3 = np.arange(27.0).reshape(3, 3, 3) / 20 - 0.6


def broadcasting(x):
    """x of shape (3,) against (3, 3): the batch of 3 must not meet the matrix's rows."""
    y = x * M3 + x[:, None] - np.maximum(x, M3)
    z = np.where(M3 > 0, y, x) / (2.0 + x)
    return np.clip(z, -0.5, x + 1.0) + np.hypot(x, M3) - np.fmod(M3, 0.3 + x * x)


def reductions(x):
    X = np.reshape(x, (3, 3)) * M3
    parts = [
        np.sum(X, axis=0),
        np.mean(X, axis=-1),
        np.prod(X + 1.5, axis=1),
        np.max(X, axis=0),
        np.min(X),
        np.var(X, axis=1),
        np.std(X),
        np.sum(X, axis=(0, 1), keepdims=True).ravel(),
        np.cumsum(X, axis=1)[1],
        np.cumsum(X)[2:5],
    ]
    return np.concatenate([np.atleast_1d(p) for p in parts])


def products(x):
    v = x[:3]
    X = np.reshape(x, (3, 3))
    return np.concatenate(
        [
            X @ v,
            v @ X,
            np.ravel(X @ M3),
            np.ravel(M3 @ X),
            np.atleast_1d(v @ v),
            np.ravel(S3 @ v),
            np.ravel(v @ S3),
            np.ravel(S3 @ X),
            np.ravel(X @ S3),
            np.dot(X, v),
            np.dot(v, M3),
            np.ravel(np.dot(2.0, X)),
            np.ravel(np.linalg.inv(X + 3 * np.eye(3))),
        ]
    )


def shapes(x):
    X = np.reshape(x, (3, 3))
    T = np.stack([X, X * 2, X.T], axis=-1)  # (3, 3, 3)
    parts = [
        np.transpose(T, (2, 0, 1))[0],
        np.swapaxes(T, 0, -1)[1],
        np.moveaxis(T, 0, 2)[:, 1],
        np.flip(X, axis=0),
        np.expand_dims(X, 1)[:, 0],
        np.squeeze(X[None]),
        np.broadcast_to(X[0], (3, 3)),
        np.repeat(X, 2, axis=1),
        np.concatenate([X, M3], axis=-1),
        np.stack([X[0], M3[1]], axis=0),
    ]
    return np.concatenate([np.ravel(p) for p in parts])


def items(x):
    """Reads and writes with basic, fancy and separated fancy indices, in loops."""
    T = np.reshape(np.concatenate([x, x * x, x + 1.0]), (3, 3, 3))
    y = np.zeros((3, 3))
    for i in range(3):
        y[i] = T[i, :, i] * x[i]
    y[[0, 2], 1] = x[:2]
    y[:, 0] = y[:, 0] + T[[1, 0], :, [0, 2]][0]
    mask = M3 > 0
    picked = T[0][mask]
    return np.concatenate([np.ravel(y), picked, T[..., 2][:, 1], T[0, :, [1, 2]].ravel()])


def lists_and_calls(x):
    rows = []
    for i in range(len(x)):
        rows.append(_scaled_row(x, float(i)))
    total = sum([r[0] for r in rows])
    pair = (x[0], x[1] * 2)
    return np.stack(rows).ravel() * total + pair[1]


def _scaled_row(x, k):
    return np.tanh(x * k + 0.1) * x[-1]


def scalars(t):
    """A Python float input: math functions, a loop, a float output."""
    y = t
    for _ in range(3):
        y = math.sin(y) * t + math.exp(-y * y) + math.atan2(y, 2.0)
    return y * math.sqrt(abs(t) + 1.0)


def per_row_rules(x):
    """Rules without a batched form (kron, outer, tile, tensordot): once per row."""
    return np.concatenate(
        [
            np.kron(x, x),
            np.ravel(np.outer(x, M3[0])),
            np.tile(x, 2),
            np.ravel(np.tensordot(S3, x, axes=([2], [0]))),
        ]
    )


def numpy_gradient(x):
    """np.gradient with a spacing: its tangent rule takes *varargs, which the batched
    generator refuses, so the whole function runs one sweep per column."""
    return np.gradient(x * x, 0.5)
