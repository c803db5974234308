"""Time srcgrad's Hessians and Hessian-vector products against a hand-written Hessian and
other engines.

The workload is ``f(x) = log(sum(exp(x))) + 0.5 * x @ A @ x`` with ``x`` of dimension 50
and a fixed symmetric positive definite ``A`` (passed to every engine as a second,
constant argument). Its Hessian is ``diag(p) - p p^T + A`` with ``p = softmax(x)``, which
is the hand-written floor.

Hessian engines: hand-written, ``srcgrad.hessian`` (compiled: forward mode over the
generated gradient, all columns in one batched tangent sweep), the same with one tangent
sweep per column (the batch turned off, for comparison), ``jax.hessian``,
``jax.jit(jax.hessian)``, ``torch.func.hessian`` and HIPS ``autograd.hessian``.
Hessian-vector product engines, for one vector ``v``:
hand-written (``p * v - p (p . v) + A v``), ``srcgrad.hvp``, ``srcgrad.jvp`` of a gradient
function built once (``srcgrad.grad(f).as_function()``), ``jax.jvp`` of ``jax.grad``, and
the same under ``jax.jit``. Peers that are not installed are left out. Every engine
is checked against the hand-written result (rtol 1e-8) before any timing; one that raises
or disagrees is listed, not timed.

Calls are interleaved across engines in one process after a warm-up; the figure reported
is the median time per call. BLAS is pinned to one thread, torch to one thread and jax to
the CPU.

    python benchmarks/hessian_vs_peers.py           # full run; writes docs/benchmarks.md
    python benchmarks/hessian_vs_peers.py --quick   # few repeats; writes nothing
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
)

import argparse  # noqa: E402
import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import srcgrad  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOC, fmt_time, machine, write_section  # noqa: E402

PACKAGES = ("numpy", "srcgrad", "autograd", "torch", "jax", "jaxlib")
from srcgrad.compiler import cache  # noqa: E402

# The peers are in the optional "bench" extra; each one that is missing is left out.
try:
    import autograd  # noqa: E402
    import autograd.numpy as anp  # noqa: E402
except ImportError:
    autograd = anp = None
try:
    import torch  # noqa: E402
    import torch.func  # noqa: E402

    torch.set_num_threads(1)
except ImportError:
    torch = None
try:
    import jax  # noqa: E402
    import jax.numpy as jnp  # noqa: E402

    jax.config.update("jax_enable_x64", True)  # float64, as the NumPy engines compute
except ImportError:
    jax = jnp = None

HEADING = "## Hessian"
RTOL, ATOL = 1e-8, 1e-12
DIM = 50

HESSIAN_ENGINES = (
    "hand-written",
    "srcgrad.hessian",
    "srcgrad.hessian, one sweep per column",
    "jax.hessian",
    "jax.jit(jax.hessian)",
    "torch.func.hessian",
    "autograd.hessian",
)
HVP_ENGINES = (
    "hand-written",
    "srcgrad.hvp",
    "srcgrad.jvp(kept gradient)",
    "jax.jvp(jax.grad)",
    "jax.jit(jax.jvp(jax.grad))",
)


# ---------------------------------------------------------------- the function


def lse_quadratic(x, a):
    return np.log(np.sum(np.exp(x))) + 0.5 * x @ a @ x


def lse_quadratic_xp(xp, x, a):
    # x stays near the origin (standard normal entries), so log-sum-exp needs no shift;
    # leaving it out keeps every engine on the same operations.
    return xp.log(xp.sum(xp.exp(x))) + 0.5 * x @ a @ x


def hand_hessian(x, a):
    p = np.exp(x - np.max(x))
    p /= np.sum(p)
    return np.diag(p) - np.outer(p, p) + a  # softmax Jacobian, plus A (symmetric)


def hand_hvp(x, a, v):
    p = np.exp(x - np.max(x))
    p /= np.sum(p)
    return p * v - p * (p @ v) + a @ v


def problem(rng: np.random.Generator, dim: int = DIM) -> dict:
    """A point ``x``, a symmetric positive definite ``A`` and a direction ``v``."""
    m = rng.standard_normal((dim, dim))
    a = m @ m.T / dim + np.eye(dim)
    return dict(x=rng.standard_normal(dim), a=a, v=rng.standard_normal(dim))


# ---------------------------------------------------------------- the engines
# ``make(engine, prob)`` returns ``(fn, args)``: ``fn(*args)`` is the Hessian (or the
# product), ``args`` converted once, beforehand, to the engine's own types.


class Unavailable(Exception):
    """The engine's package is not installed."""


def _need(module, name):
    if module is None:
        raise Unavailable(name)


def _jax_args(prob, *names):
    return [jnp.asarray(prob[n]) for n in names]


def _blocking(fn):
    def call(*args):
        return jax.block_until_ready(fn(*args))

    return call


def make(engine: str, prob: dict):
    if engine == "hand-written":
        return hand_hessian, [prob["x"], prob["a"]]
    if engine == "srcgrad.hessian":
        return srcgrad.hessian(lse_quadratic, mode="compile"), [prob["x"], prob["a"]]
    if engine == "srcgrad.hessian, one sweep per column":
        # The same Jacobian of the gradient with its batched sweep turned off: one tangent
        # sweep per entry of x, as srcgrad.hessian ran before it batched the columns.
        gradient = srcgrad.grad(lse_quadratic, mode="compile").as_function()
        jacobian = srcgrad.jacobian(gradient)
        jacobian.batch_refusal = "one sweep per column, for comparison"
        return jacobian, [prob["x"], prob["a"]]
    if engine in ("jax.hessian", "jax.jit(jax.hessian)"):
        _need(jax, "jax")
        h = jax.hessian(lambda x, a: lse_quadratic_xp(jnp, x, a))
        return _blocking(jax.jit(h) if "jit" in engine else h), _jax_args(prob, "x", "a")
    if engine == "torch.func.hessian":
        _need(torch, "torch")
        h = torch.func.hessian(lambda x, a: lse_quadratic_xp(torch, x, a))
        return h, [torch.from_numpy(prob["x"]), torch.from_numpy(prob["a"])]
    if engine == "autograd.hessian":
        _need(autograd, "autograd")
        return autograd.hessian(lambda x, a: lse_quadratic_xp(anp, x, a)), [prob["x"], prob["a"]]
    raise ValueError(engine)


def make_hvp(engine: str, prob: dict):
    args = [prob["x"], prob["a"], prob["v"]]
    if engine == "hand-written":
        return hand_hvp, args
    if engine == "srcgrad.hvp":

        def product(x, a, v):
            return srcgrad.hvp(lse_quadratic, (x, a), (v, None), mode="compile")[0]

        return product, args
    if engine == "srcgrad.jvp(kept gradient)":
        # The gradient as a plain function, built once and kept: each product is one
        # tangent sweep of it, with no per-call transform of the wrapper.
        gradient = srcgrad.grad(lse_quadratic, mode="compile").as_function()

        def product(x, a, v):
            return srcgrad.jvp(gradient, (x, a), (v, None))[1]

        return product, args
    if engine in ("jax.jvp(jax.grad)", "jax.jit(jax.jvp(jax.grad))"):
        _need(jax, "jax")
        gradient = jax.grad(lambda x, a: lse_quadratic_xp(jnp, x, a))

        def product(x, a, v):
            return jax.jvp(lambda y: gradient(y, a), (x,), (v,))[1]

        fn = jax.jit(product) if "jit" in engine else product
        return _blocking(fn), _jax_args(prob, "x", "a", "v")
    raise ValueError(engine)


# ---------------------------------------------------------------- checking and timing


def as_array(value) -> np.ndarray:
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if torch is not None and isinstance(value, torch.Tensor):
        value = value.detach().numpy()
    return np.asarray(value, dtype=float)


def compare(got, expected) -> str | None:
    """None if the results agree (rtol 1e-8), else why not."""
    got = as_array(got)
    if got.shape != expected.shape:
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.allclose(got, expected, rtol=RTOL, atol=ATOL):
        err = np.max(np.abs(got - expected) / (np.abs(expected) + ATOL))
        return f"off by up to {err:.1e} (relative)"
    return None


def short(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    text = f"{type(err).__name__}: {text[0] if text else ''}"
    return text if len(text) <= 70 else text[:67] + "..."


def prepare(prob: dict, engines, maker=make, expected=None) -> dict:
    """Build every engine freshly, time its first call, check its result.

    Returns engine -> dict(fn, args, first, status="ok") for the engines that are right;
    the others map to dict(status="fails: ..." or "wrong: ..."). Engines whose package is
    not installed are absent. srcgrad's cached transforms of the function are dropped
    (``cache.forget``) before its engine is built, so its first call transforms.
    """
    if expected is None:
        expected = hand_hessian(prob["x"], prob["a"])
    out = {}
    for engine in engines:
        if engine.startswith("srcgrad"):
            cache.forget(lse_quadratic)
        gc.collect()
        start = time.perf_counter()
        try:
            fn, args = maker(engine, prob)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = fn(*args)
        except Unavailable:
            continue
        except Exception as err:  # an engine that cannot differentiate this function
            out[engine] = dict(status="fails: " + short(err))
            continue
        first = time.perf_counter() - start
        wrong = compare(got, expected)
        out[engine] = (
            dict(status="wrong: " + wrong)
            if wrong
            else dict(fn=fn, args=args, first=first, status="ok")
        )
    return out


def first_again(prob: dict) -> float:
    """srcgrad's first Hessian once more after ``cache.forget``: the function is
    transformed again, the rule helpers' tangent code (which ``forget`` of the function
    does not drop) is reused."""
    cache.forget(lse_quadratic)
    gc.collect()
    start = time.perf_counter()
    srcgrad.hessian(lse_quadratic, mode="compile")(prob["x"], prob["a"])
    return time.perf_counter() - start


def time_interleaved(prepared: dict, repeats: int, budget: float) -> None:
    """Median seconds per call for each engine, calls interleaved across engines."""
    ok = {name: e for name, e in prepared.items() if e["status"] == "ok"}
    number = {}
    for name, e in ok.items():
        fn, args = e["fn"], e["args"]
        fn(*args)  # warm-up
        start = time.perf_counter()
        fn(*args)
        number[name] = max(1, int(budget / max(time.perf_counter() - start, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in ok}
    for _ in range(repeats):
        for name, e in ok.items():
            fn, args = e["fn"], e["args"]
            start = time.perf_counter()
            for _ in range(number[name]):
                fn(*args)
            samples[name].append((time.perf_counter() - start) / number[name])
    for name, times in samples.items():
        ok[name]["time"] = statistics.median(times)
        ok[name]["repeats"] = len(times)


# ---------------------------------------------------------------- reporting


def table(prepared: dict, what: str, again: float | None = None) -> str:
    lines = [
        f"| engine | time / {what} | / hand-written | first call |",
        "|---|---|---|---|",
    ]
    hand = prepared.get("hand-written", {}).get("time")
    for name, e in prepared.items():
        if e["status"] != "ok":
            cells = [e["status"], "", ""]
        else:
            first = fmt_time(e["first"])
            if name == "srcgrad.hessian" and again is not None:
                first += f" (again after forget: {fmt_time(again)})"
            ratio = f"{e['time'] / hand:.2f}x" if hand else ""
            cells = [fmt_time(e["time"]), ratio, first]
            if name.startswith("srcgrad"):
                cells[:2] = [f"**{c}**" for c in cells[:2]]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md, keeping the others."""
    write_section(HEADING, text, DOC)


def run(quick: bool) -> dict:
    repeats, budget = (3, 0.002) if quick else (31, 0.05)
    prob = problem(np.random.default_rng(0))
    # srcgrad's Hessian is built first, before anything else in this process transforms,
    # so its first call includes transforming the rule helpers' tangent code too.
    hessians = prepare(prob, HESSIAN_ENGINES)
    again = first_again(prob) if "srcgrad.hessian" in hessians else None
    time_interleaved(hessians, repeats, budget)
    print("hessian: done", file=sys.stderr, flush=True)
    expected = hand_hvp(prob["x"], prob["a"], prob["v"])
    products = prepare(prob, HVP_ENGINES, make_hvp, expected)
    time_interleaved(products, repeats, budget)
    print("hvp: done", file=sys.stderr, flush=True)
    return dict(hessian=hessians, hvp=products, again=again, repeats=repeats)


def report(results: dict) -> str:
    return (
        table(results["hessian"], "Hessian", results["again"])
        + "\n\nOne Hessian-vector product:\n\n"
        + table(results["hvp"], "product")
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, write nothing")
    args = parser.parse_args(argv)

    results = run(args.quick)
    body = report(results)
    print(body)
    if not args.quick:
        text = (
            f"{HEADING}\n\n"
            "The Hessian of `f(x) = log(sum(exp(x))) + 0.5 * x @ A @ x`, `x` of dimension "
            f"{DIM}, `A` a fixed symmetric positive definite matrix (a second, constant "
            "argument for every engine); the hand-written Hessian is "
            "`diag(p) - p p^T + A` with `p = softmax(x)`. Median time per call, engines "
            "interleaved in one process after a warm-up, "
            f"{results['repeats']} samples each; `python benchmarks/hessian_vs_peers.py`. "
            "Every engine's result is checked against the hand-written one (rtol 1e-8) "
            'first. srcgrad.hessian runs with `mode="compile"` (forward mode over the '
            "generated gradient: one tangent sweep carrying a tangent for every entry of "
            "`x`); *one sweep per column* is the same Jacobian of the gradient with that "
            "batch turned off. *First call* is a "
            "freshly built engine's first call: for srcgrad with its cached transforms of "
            "`f` dropped (`srcgrad.compiler.cache.forget(f)`) and, as it runs first in the "
            "process, the tangent code of the rule helpers it calls transformed too; *again "
            "after forget* repeats it with those helpers' tangent code still cached. For jax "
            "it is tracing and XLA compilation.\n\n"
            "The Hessian-vector product is for one direction `v`. `srcgrad.hvp` looks up the "
            "gradient function (`srcgrad.grad(f).as_function()`, made once per function and "
            "kept) and its tangent code on every call; *srcgrad.jvp(kept gradient)* holds the "
            "gradient function and calls `srcgrad.jvp` on it directly. "
            "See [second-order.md](second-order.md).\n\n"
            f"Machine: {machine(PACKAGES)}.\n\n{body}\n"
        )
        write_doc(text)
        print(f"\nwritten to {DOC}")
    return body


if __name__ == "__main__":
    main(sys.argv[1:])
