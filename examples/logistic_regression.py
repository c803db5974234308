"""Logistic regression three ways: a hand-written backward, the tape, and the compiler.

The model is an ``srcgrad.nn.Module`` whose ``backward`` method is the gradient worked out
on paper. For p = sigmoid(z), z = x @ w + b and the mean binary cross-entropy over m
examples

    L = -(1/m) sum_i [ y_i log p_i + (1 - y_i) log(1 - p_i) ]

    dL/dp_i = (p_i - y_i) / (m p_i (1 - p_i)),   dp_i/dz_i = p_i (1 - p_i)
    => dL/dz_i = (p_i - y_i) / m
    => dL/dw = x.T @ (p - y) / m,   dL/db = mean(p - y).

Training uses the hand-written gradient; every few epochs the tape's gradient
(``loss.backward()``) and the compiled gradient (``srcgrad.grad`` of a plain NumPy loss)
are compared with it.

    python examples/logistic_regression.py [--epochs 30]
"""

from __future__ import annotations

import argparse

import numpy as np

import srcgrad
import srcgrad.nn.functional as F
from srcgrad import nn


class LogisticRegression(nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.w = nn.Parameter(np.zeros(n_features))
        self.b = nn.Parameter(np.array(0.0))

    def forward(self, x):
        return F.sigmoid(x @ self.w + self.b)

    def backward(self, x, y):
        """(dL/dw, dL/db) of the mean binary cross-entropy, derived by hand (see above)."""
        p = 1.0 / (1.0 + np.exp(-(x @ self.w.data + self.b.data)))
        return x.T @ (p - y) / len(y), np.mean(p - y)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def bce(w, b, x, y):
    """The same loss as plain NumPy code, for the compiler."""
    p = sigmoid(x @ w + b)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def make_data(n: int = 100, seed: int = 0):
    """Two Gaussian clouds in 2-D, centred at (-1, -1) (label 0) and (1, 1) (label 1)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], n // 2)
    x = rng.standard_normal((n, 2)) + np.where(y[:, None] == 1.0, 1.0, -1.0)
    return x, y


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.5)
    args = parser.parse_args([] if argv is None else argv)

    x, y = make_data()
    model = LogisticRegression(2)
    compiled = srcgrad.grad(bce, wrt=("w", "b"), mode="compile")
    differences = {"tape": 0.0, "compiled": 0.0}
    losses = []
    for epoch in range(1, args.epochs + 1):
        dw, db = model.backward(x, y)

        model.zero_grad()
        loss = F.binary_cross_entropy(model(x), y)
        loss.backward()
        tape = (model.w.grad.data, model.b.grad.data)
        generated = compiled(model.w.data, model.b.data, x, y)
        for key, (gw, gb) in (("tape", tape), ("compiled", generated)):
            diff = max(np.max(np.abs(gw - dw)), abs(float(gb) - float(db)))
            differences[key] = max(differences[key], float(diff))
        losses.append(loss.item())
        if epoch == 1 or epoch % 10 == 0:
            print(f"epoch {epoch:3d}  loss {loss.item():.6f}  "
                  f"hand dL/dw {np.array2string(dw, precision=6)}  dL/db {db:+.6f}")  # fmt: skip

        with srcgrad.no_grad():  # a gradient step with the hand-written gradient
            model.w.data -= args.lr * dw
            model.b.data -= args.lr * db

    accuracy = float(np.mean((model(x).data > 0.5) == (y == 1.0)))
    print(f"\nw = {model.w.data}, b = {model.b.item():.4f}, training accuracy {accuracy:.2%}")
    print(f"largest |tape - hand-written| over all epochs:     {differences['tape']:.2e}")
    print(f"largest |compiled - hand-written| over all epochs: {differences['compiled']:.2e}")
    print("\nthe generated code (bce, and sigmoid, which it calls):\n")
    print(compiled.source)
    return {"losses": losses, "accuracy": accuracy, "w": model.w.data.copy(),
            "b": model.b.item(), "max_difference_tape": differences["tape"],
            "max_difference_compiled": differences["compiled"],
            "source": compiled.source}  # fmt: skip


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
