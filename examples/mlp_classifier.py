"""A small MLP learns two interleaved spirals; its gradients come from ``@srcgrad.grad``.

The network is tanh(x @ W1 + b1) -> tanh(. @ W2 + b2) -> . @ W3 + b3 -> softmax, trained
full-batch with Adam (written out below in NumPy). The loss is plain NumPy code, so the
compiler turns it into a Python gradient function once and every step calls that.

Shows a progress bar if ``tqdm`` is installed (plain lines otherwise) and saves the loss
curve and the decision boundary as a PNG if ``matplotlib`` is installed.

    python examples/mlp_classifier.py [--epochs 400] [--out mlp_classifier.png]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import srcgrad

try:
    from tqdm import tqdm
except ImportError:
    tqdm = None


def make_spirals(n_per_class: int = 100, noise: float = 0.2, seed: int = 0):
    """Two spirals, one per class, each turning 1.5 times around the origin."""
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0.05, 1.0, n_per_class))  # denser towards the outside
    angle = 3 * np.pi * t
    points, labels = [], []
    for label, phase in ((0, 0.0), (1, np.pi)):
        radius = 2.0 * t
        xy = np.stack([radius * np.cos(angle + phase), radius * np.sin(angle + phase)], axis=1)
        points.append(xy + noise * rng.standard_normal(xy.shape) * t[:, None])
        labels.append(np.full(n_per_class, label))
    return np.concatenate(points), np.concatenate(labels)


def init_params(hidden: int = 32, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(0.0, 1.0, (2, hidden)),
        "b1": np.zeros(hidden),
        "W2": rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, hidden)),
        "b2": np.zeros(hidden),
        "W3": rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, 2)),
        "b3": np.zeros(2),
    }


def logits_of(W1, b1, W2, b2, W3, b3, x):
    h1 = np.tanh(x @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    return h2 @ W3 + b3


def loss(W1, b1, W2, b2, W3, b3, x, onehot):
    """Mean cross-entropy of the softmax of the logits (log-softmax with the max shift)."""
    logits = logits_of(W1, b1, W2, b2, W3, b3, x)
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(np.sum(onehot * log_probs, axis=1))


NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
loss_and_grads = srcgrad.value_and_grad(loss, wrt=NAMES, mode="compile")


def accuracy(params: dict, x, labels) -> float:
    logits = logits_of(*(params[n] for n in NAMES), x)
    return float(np.mean(np.argmax(logits, axis=1) == labels))


def train(params: dict, x, labels, epochs: int, lr: float = 0.01) -> list[float]:
    """Full-batch Adam (beta1 0.9, beta2 0.999); returns the loss before each step."""
    onehot = np.eye(2)[labels]
    m = {n: np.zeros_like(p) for n, p in params.items()}
    v = {n: np.zeros_like(p) for n, p in params.items()}
    history = []
    steps = range(1, epochs + 1)
    bar = tqdm(steps, desc="training", unit="epoch") if tqdm is not None else None
    for t in bar if bar is not None else steps:
        value, grads = loss_and_grads(*(params[n] for n in NAMES), x, onehot)
        history.append(float(value))
        for name, g in zip(NAMES, grads):
            m[name] = 0.9 * m[name] + 0.1 * g
            v[name] = 0.999 * v[name] + 0.001 * g * g
            step = lr * (m[name] / (1 - 0.9**t)) / (np.sqrt(v[name] / (1 - 0.999**t)) + 1e-8)
            params[name] = params[name] - step
        if bar is not None:
            if t % 10 == 0 or t == epochs:
                bar.set_postfix(loss=f"{value:.4f}", refresh=False)
        elif t == 1 or t % max(1, epochs // 10) == 0 or t == epochs:
            print(f"epoch {t:4d}/{epochs}  loss {value:.4f}  "
                  f"accuracy {accuracy(params, x, labels):.1%}")  # fmt: skip
    return history


def save_plot(path: str, params: dict, x, labels, history) -> bool:
    """Loss curve and decision boundary as a PNG; False if matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.5))
    left.plot(history)
    left.set(xlabel="epoch", ylabel="cross-entropy", title="training loss", yscale="log")
    grid = np.linspace(-2.6, 2.6, 200)
    gx, gy = np.meshgrid(grid, grid)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    logits = logits_of(*(params[n] for n in NAMES), points)
    margin = (logits[:, 1] - logits[:, 0]).reshape(gx.shape)
    right.contourf(gx, gy, margin > 0, levels=1, colors=["#9ecae1", "#fdae6b"], alpha=0.6)
    right.scatter(x[:, 0], x[:, 1], c=labels, cmap="coolwarm", s=12, edgecolors="k")
    right.set(title="decision boundary", aspect="equal")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=400, help="training steps (full batch)")
    parser.add_argument("--out", default="mlp_classifier.png", help="where to save the plot")
    parser.add_argument("--show-source", action="store_true", help="print the generated code")
    args = parser.parse_args([] if argv is None else argv)

    x, labels = make_spirals()
    params = init_params()
    start = time.perf_counter()
    history = train(params, x, labels, args.epochs)
    seconds = time.perf_counter() - start
    if args.show_source:
        print(loss_and_grads.source)
    if save_plot(args.out, params, x, labels, history):
        print(f"saved the loss curve and decision boundary to {args.out}")
    else:
        print("matplotlib is not installed: skipped the plot")
    final = accuracy(params, x, labels)
    print(f"{args.epochs} epochs in {seconds:.2f} s; loss {history[0]:.4f} -> {history[-1]:.4f}")
    print(f"training accuracy: {final:.1%}")
    return {"accuracy": final, "losses": history, "params": params, "x": x, "labels": labels}


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
