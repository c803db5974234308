"""Logistic regression by gradient steps on a dataset that never exists in memory at once.

The data are a dask array made chunk by chunk by ``dask.array.random``: each compute makes
the chunks it needs from their seeds, uses them and drops them, so the rows can outnumber
what the machine's memory holds. The loss is plain NumPy code; ``srcgrad.value_and_grad``
turns it into generated NumPy code, which on dask arrays builds a lazy task graph (no
computation); one ``dask.compute`` per step gives the loss and the gradient.

For p = sigmoid(X w) and the mean binary cross-entropy over m rows the gradient is
dL/dw = X.T (p - y) / m (derived in examples/logistic_regression.py); the tests compare
the generated gradient with it.

    python examples/out_of_core_logistic.py                 # small and quick
    python examples/out_of_core_logistic.py --cluster 2     # on a LocalCluster, 2 processes
    python examples/out_of_core_logistic.py --big           # 1.5 x the free memory, in chunks
"""

from __future__ import annotations

import argparse
import sys
import time

import dask
import dask.array as da
import numpy as np

import srcgrad


def logistic_loss(w, X, y):
    """Mean binary cross-entropy of a logistic model (plain NumPy code)."""
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def make_data(rows: int, features: int, chunk_rows: int, seed: int = 0):
    """Lazy standard-normal rows X and 0/1 labels y drawn from a logistic model."""
    rng = da.random.default_rng(seed)
    X = rng.standard_normal((rows, features), chunks=(chunk_rows, features))
    true_w = np.linspace(-1.0, 1.0, features)
    p = 1.0 / (1.0 + np.exp(-(X @ true_w)))
    y = (rng.random(rows, chunks=chunk_rows) < p).astype(float)
    return X, y, true_w


def free_memory_bytes() -> int:
    """The memory Linux says is available now (MemAvailable), or 0 where unknown."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def train(X, y, steps: int, lr: float, progress=None) -> dict:
    """``steps`` gradient steps from w = 0; the loss and gradient per step."""
    value_and_grad = srcgrad.value_and_grad(logistic_loss, mode="compile", verify=False)
    w = np.zeros(X.shape[1])
    losses, gradients = [], []
    for step in range(1, steps + 1):
        start = time.perf_counter()
        lazy_loss, lazy_grad = value_and_grad(w, X, y)  # a task graph; nothing computed yet
        with progress() if progress else _nothing():
            loss, gradient = dask.compute(lazy_loss, lazy_grad)
        losses.append(float(loss))
        gradients.append(gradient)
        print(f"step {step:3d}  loss {float(loss):.6f}  |grad| {np.linalg.norm(gradient):.2e}"
              f"  ({time.perf_counter() - start:.1f} s)", flush=True)  # fmt: skip
        w = w - lr * gradient
    return {"w": w, "losses": losses, "gradients": gradients}


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--lr", type=float, default=2.0)
    parser.add_argument("--cluster", type=int, default=0, help="worker processes (0: threads)")
    parser.add_argument("--big", action="store_true", help="rows for 1.5 x the free memory")
    args = parser.parse_args([] if argv is None else argv)

    rows = args.rows
    if args.big:
        rows = int(1.5 * free_memory_bytes() / (8 * args.features))
        args.chunk_rows = 1_000_000
    X, y, true_w = make_data(rows, args.features, args.chunk_rows)
    size, free = X.nbytes / 2**30, free_memory_bytes() / 2**30
    print(f"data: {rows:,} rows x {args.features} float64 = {size:.2f} GiB in "
          f"{X.numblocks[0]} chunks; free memory {free:.1f} GiB")  # fmt: skip

    if args.cluster:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=args.cluster, threads_per_worker=1) as cluster,
            Client(cluster) as client,
        ):
            print(f"dask dashboard: {client.dashboard_link}")
            result = train(X, y, args.steps, args.lr)
    else:
        from dask.diagnostics import ProgressBar

        result = train(X, y, args.steps, args.lr, progress=ProgressBar if args.big else None)
    print("fitted w:", np.array2string(result["w"], precision=3))
    print("true w:  ", np.array2string(true_w, precision=3))
    return {**result, "X": X, "y": y}


if __name__ == "__main__":
    main(sys.argv[1:])
