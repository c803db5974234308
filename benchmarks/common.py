"""What the benchmark scripts share: the machine line, time formatting, and writing one
section of docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def package_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine(packages, threads="BLAS, torch and XLA on 1 thread") -> str:
    """The CPU, its cores, the thread settings and the versions of ``packages``."""
    versions = ", ".join(f"{dist} {package_version(dist)}" for dist in packages)
    return (
        f"{cpu_name()}, {os.cpu_count()} cores; {threads}; "
        f"Python {platform.python_version()}, {versions}"
    )


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def write_section(heading: str, text: str, doc: Path = DOC) -> None:
    """Replace the section ``heading`` of docs/benchmarks.md with ``text`` (which starts
    with the heading), keeping the other sections; append it if it is not there."""
    old = doc.read_text() if doc.exists() else "# Benchmarks\n"
    before, found, after = old.partition(heading + "\n")
    if found:
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) == 2 else ""
    else:
        before = before.rstrip("\n") + "\n\n"
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(before + text + after)


# ---------------------------------------------------------------- hand-written gradients
# of the workloads both the tape and the compiled benchmarks time.


def seed_grad(w):
    return (20.0 * w,)  # d/dw (10 w^2 + 25)


def logreg_grad(w, b, x, y):
    # yhat = sigmoid(w^T x + b); d(mean BCE)/dz = (yhat - y) / m for z = w^T x + b
    m = x.shape[1]
    err = 1 / (1 + np.exp(-(w.T @ x + b))) - y
    return x @ err.T / m, np.mean(err)


def mlp_grad(w1, b1, w2, b2, x, y_onehot):
    n = x.shape[0]
    h = np.tanh(x @ w1 + b1)
    logits = h @ w2 + b2
    e = np.exp(logits)
    d_logits = (e / e.sum(axis=1, keepdims=True) - y_onehot) / n  # (softmax - onehot) / n
    d_h = d_logits @ w2.T
    d_z1 = d_h * (1 - h * h)  # tanh' = 1 - tanh^2
    return x.T @ d_z1, d_z1.sum(axis=0), h.T @ d_logits, d_logits.sum(axis=0)
