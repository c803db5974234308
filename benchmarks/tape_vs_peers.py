"""Time the tape engine's gradients against hand-written NumPy gradients and HIPS autograd.

Three workloads, each differentiated by every engine and checked against the hand-written
gradient before any timing:

1. ``z = 10 * w**2 + 25`` for a scalar ``w`` (per-call overhead dominates);
2. logistic regression, mean binary cross-entropy, ``x`` (100, 1000), ``w`` (100, 1), ``b``;
3. a 784-256-10 tanh MLP with softmax cross-entropy on a batch of 256 (all four parameters).

Calls are interleaved across engines in one process after a warm-up; the figure reported is
the median time per gradient. BLAS is pinned to one thread so that the comparison measures
the engines, not the thread pool.

    python benchmarks/tape_vs_peers.py           # full run; writes docs/benchmarks.md
    python benchmarks/tape_vs_peers.py --quick   # few repeats; writes nothing
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import srcgrad  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOC, fmt_time, logreg_grad, machine, mlp_grad, seed_grad, write_section  # noqa: E402

PACKAGES = ("numpy", "autograd")

try:
    import autograd  # noqa: E402
    import autograd.numpy as anp  # noqa: E402
except ImportError:  # autograd is in the optional "bench" extra
    autograd = anp = None

HEADING = "## Tape engine"


# ---------------------------------------------------------------- the functions, once
# Each loss takes the NumPy namespace as ``xp``: plain ``numpy`` for the tape (Tensors
# dispatch through __array_function__) and ``autograd.numpy`` for autograd.


def scalar_seed(xp, w):
    return 10 * w**2 + 25


def logistic_loss(xp, w, b, x, y):
    a = 1 / (1 + xp.exp(-(xp.matmul(xp.transpose(w), x) + b)))
    return -xp.mean(y * xp.log(a) + (1 - y) * xp.log(1 - a))


def mlp_loss(xp, w1, b1, w2, b2, x, y_onehot):
    h = xp.tanh(xp.matmul(x, w1) + b1)
    logits = xp.matmul(h, w2) + b2
    # The logits stay small here (tanh features, small weights), so log-sum-exp needs no
    # shift; leaving it out keeps the three engines on exactly the same operations.
    log_norm = xp.log(xp.sum(xp.exp(logits), axis=1))
    return xp.mean(log_norm - xp.sum(y_onehot * logits, axis=1))


# ---------------------------------------------------------------- the workloads
# (their hand-written gradients are in common.py, shared with compiled_vs_peers.py)


def workloads(rng: np.random.Generator) -> list[dict]:
    """Each workload: its loss, hand-written gradient, parameters and constant inputs."""
    x_lr = rng.standard_normal((100, 1000))
    y_lr = (rng.random((1, 1000)) < 0.5).astype(float)
    x_mlp = rng.standard_normal((256, 784))
    labels = rng.integers(0, 10, 256)
    return [
        dict(
            name="scalar 10*w**2 + 25",
            loss=scalar_seed,
            grad=seed_grad,
            params=[3.0],
            consts=[],
        ),
        dict(
            name="logistic regression (100x1000)",
            loss=logistic_loss,
            grad=logreg_grad,
            params=[0.01 * rng.standard_normal((100, 1)), 0.0],
            consts=[x_lr, y_lr],
        ),
        dict(
            name="MLP 784-256-10, batch 256",
            loss=mlp_loss,
            grad=mlp_grad,
            params=[
                rng.uniform(-1, 1, (784, 256)) / np.sqrt(784),
                np.zeros(256),
                rng.uniform(-1, 1, (256, 10)) / np.sqrt(256),
                np.zeros(10),
            ],
            consts=[x_mlp, np.eye(10)[labels]],
        ),
    ]


def tape_gradient(work: dict):
    """A function computing every parameter's gradient on the tape."""
    loss, consts = work["loss"], work["consts"]

    def run(*params):
        leaves = [srcgrad.tensor(p, requires_grad=True) for p in params]
        return srcgrad.autograd.grad(loss(np, *leaves, *consts), leaves)

    return run


def autograd_gradient(work: dict):
    """A function computing every parameter's gradient with HIPS autograd."""
    loss, consts = work["loss"], work["consts"]
    argnums = tuple(range(len(work["params"])))
    return autograd.grad(lambda *params: loss(anp, *params, *consts), argnums)


def engines(work: dict) -> dict:
    """Engine name -> function(*params) returning the gradients, hand-written first."""
    consts = work["consts"]
    out = {"hand-written": lambda *params: work["grad"](*params, *consts)}
    out["tape"] = tape_gradient(work)
    if autograd is not None:
        out["autograd"] = autograd_gradient(work)
    return out


def as_array(value) -> np.ndarray:
    return np.asarray(value.data if isinstance(value, srcgrad.Tensor) else value)


def check(work: dict, fns: dict) -> None:
    """Every engine's gradient must match the hand-written one."""
    expected = [as_array(g) for g in fns["hand-written"](*work["params"])]
    for name, fn in fns.items():
        got = [as_array(g) for g in fn(*work["params"])]
        assert len(got) == len(expected), f"{name}: {len(got)} gradients on {work['name']}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            if g.shape != e.shape or not np.allclose(g, e, rtol=1e-7, atol=1e-10):
                raise AssertionError(f"{name} gradient {i} is wrong on {work['name']}")


def time_interleaved(work: dict, fns: dict, repeats: int, budget: float) -> dict:
    """Median seconds per gradient for each engine, calls interleaved across engines."""
    params = work["params"]
    # Calls per timing sample: enough that one sample takes about ``budget`` seconds.
    number = {}
    for name, fn in fns.items():
        fn(*params)  # warm-up
        start = time.perf_counter()
        fn(*params)
        number[name] = max(1, int(budget / max(time.perf_counter() - start, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number[name]):
                fn(*params)
            samples[name].append((time.perf_counter() - start) / number[name])
    return {name: statistics.median(times) for name, times in samples.items()}


# ---------------------------------------------------------------- reporting


def table(results: list[tuple[str, dict]]) -> str:
    has_ag = autograd is not None
    head = "| workload | hand-written | tape | autograd | tape / hand | autograd / hand |"
    head += " tape / autograd |"
    lines = [head, "|" + "---|" * 7]
    for name, t in results:
        hand, tape = t["hand-written"], t["tape"]
        ag = t.get("autograd")
        cells = [
            name,
            fmt_time(hand),
            fmt_time(tape),
            fmt_time(ag) if has_ag else "n/a",
            f"{tape / hand:.1f}x",
            f"{ag / hand:.1f}x" if has_ag else "n/a",
            f"**{tape / ag:.2f}**" if has_ag else "n/a",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    """Replace the "Tape engine" section of docs/benchmarks.md, keeping the others."""
    write_section(HEADING, text, DOC)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, write nothing")
    args = parser.parse_args(argv)
    repeats, budget = (3, 0.002) if args.quick else (41, 0.05)

    results = []
    for work in workloads(np.random.default_rng(0)):
        fns = engines(work)
        check(work, fns)
        results.append((work["name"], time_interleaved(work, fns, repeats, budget)))

    body = table(results)
    print(body)
    if not args.quick:
        text = (
            f"{HEADING}\n\n"
            "Median time per gradient (all parameters), engines interleaved in one process "
            f"after a warm-up, {repeats} samples each; `python benchmarks/tape_vs_peers.py`.\n"
            "Every engine's gradient is checked against the hand-written one first. "
            "Target: tape / autograd <= 1.5.\n\n"
            f"Machine: {machine(PACKAGES, threads='BLAS pinned to 1 thread')}.\n\n{body}\n"
        )
        write_doc(text)
        print(f"\nwritten to {DOC}")
    return body


if __name__ == "__main__":
    main(sys.argv[1:])
