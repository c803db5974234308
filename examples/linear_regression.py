"""Fit y = w x + b to noisy points of y = 2x + 1, in float32, with minibatch SGD.

The loop is written twice: once on the tape (``nn.Linear``, ``mse_loss``, ``loss.backward()``,
``optim.SGD``), once with ``srcgrad.value_and_grad`` over a plain NumPy loss. Both start
from the same weights, see the same minibatches, and print the same numbers.

    python examples/linear_regression.py [--epochs 10] [--lr 0.1]
"""

from __future__ import annotations

import argparse

import numpy as np

import srcgrad
import srcgrad.nn.functional as F
from srcgrad import nn, optim

N_POINTS = 30
BATCH = 10


def make_data(seed: int = 0):
    """x uniform in [-1, 1], y = 2x + 1 + N(0, 0.1^2), float32 columns of shape (30, 1)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=(N_POINTS, 1)).astype(np.float32)
    y = (2.0 * x + 1.0 + 0.1 * rng.standard_normal((N_POINTS, 1))).astype(np.float32)
    return x, y


def batches(epochs: int, seed: int = 1) -> list[list[np.ndarray]]:
    """For each epoch, the index arrays of its minibatches (a fixed shuffle)."""
    rng = np.random.default_rng(seed)
    return [np.array_split(rng.permutation(N_POINTS), N_POINTS // BATCH) for _ in range(epochs)]


def loss(w, b, x, y):
    """Mean squared error of the line x @ w.T + b (w of shape (1, 1), b of shape (1,))."""
    prediction = x @ w.T + b
    return np.mean((prediction - y) ** 2)


def train_on_tape(x, y, schedule, lr: float) -> dict:
    print("== on the tape: nn.Linear, loss.backward(), optim.SGD ==")
    model = nn.Linear(1, 1, rng=0, dtype=np.float32)
    start = (model.weight.data.copy(), model.bias.data.copy())
    optimizer = optim.SGD(model.parameters(), lr=lr)
    step_grads, epoch_losses = [], []
    for epoch, epoch_batches in enumerate(schedule, 1):
        for step, index in enumerate(epoch_batches, 1):
            optimizer.zero_grad()
            batch_loss = F.mse_loss(model(x[index]), y[index])
            batch_loss.backward()
            dw, db = model.weight.grad.item(), model.bias.grad.item()
            step_grads.append((dw, db))
            print(f"  epoch {epoch} step {step}: loss {batch_loss.item():.6f}  "
                  f"dL/dw {dw:+.6f}  dL/db {db:+.6f}")  # fmt: skip
            optimizer.step()
        with srcgrad.no_grad():
            epoch_loss = F.mse_loss(model(x), y).item()
        epoch_losses.append(epoch_loss)
        print(f"epoch {epoch}, loss {epoch_loss:.6f}")
    w, b = model.weight.item(), model.bias.item()
    print(f"w = {w:.4f}, b = {b:.4f}   (the data came from w = 2, b = 1)\n")
    return {"start": start, "step_grads": step_grads, "epoch_losses": epoch_losses,
            "w": w, "b": b, "dtype": model.weight.dtype}  # fmt: skip


def train_compiled(x, y, schedule, lr: float, start) -> dict:
    print("== compiled: srcgrad.value_and_grad(loss, wrt=('w', 'b')) ==")
    loss_and_grads = srcgrad.value_and_grad(loss, wrt=("w", "b"), mode="compile")
    w, b = (array.copy() for array in start)
    step_grads, epoch_losses = [], []
    for epoch, epoch_batches in enumerate(schedule, 1):
        for step, index in enumerate(epoch_batches, 1):
            batch_loss, (dw, db) = loss_and_grads(w, b, x[index], y[index])
            step_grads.append((dw.item(), db.item()))
            print(f"  epoch {epoch} step {step}: loss {batch_loss:.6f}  "
                  f"dL/dw {dw.item():+.6f}  dL/db {db.item():+.6f}")  # fmt: skip
            w = w - lr * dw
            b = b - lr * db
        epoch_loss = float(loss(w, b, x, y))
        epoch_losses.append(epoch_loss)
        print(f"epoch {epoch}, loss {epoch_loss:.6f}")
    print(f"w = {w.item():.4f}, b = {b.item():.4f}\n")
    print("the generated code:\n")
    print(loss_and_grads.source)
    return {"step_grads": step_grads, "epoch_losses": epoch_losses,
            "w": w.item(), "b": b.item(), "dtype": w.dtype}  # fmt: skip


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args([] if argv is None else argv)
    x, y = make_data()
    schedule = batches(args.epochs)
    tape = train_on_tape(x, y, schedule, args.lr)
    compiled = train_compiled(x, y, schedule, args.lr, tape["start"])
    diff = max(
        np.max(np.abs(np.subtract(tape["step_grads"], compiled["step_grads"]))),
        np.max(np.abs(np.subtract(tape["epoch_losses"], compiled["epoch_losses"]))),
    )
    print(f"tape vs compiled, largest difference in any gradient or loss: {diff:.2e}")
    return {"x": x, "y": y, "schedule": schedule, "tape": tape, "compiled": compiled,
            "max_difference": float(diff)}  # fmt: skip


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
