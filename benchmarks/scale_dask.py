"""The compiled logistic-regression gradient on 10^7 x 20 float64 rows: NumPy in one piece,
dask on local threads, and dask on a LocalCluster of two worker processes.

All three use the same data: chunks drawn by ``dask.array.random`` from one seed. NumPy
computes them into one array first (its time is given apart); dask draws each chunk inside
every gradient computation and drops it after use, so its time includes drawing the data.
Each engine runs in a fresh process; peak memory is the resident-set high-water mark of
that process (for the cluster: the client's plus both workers'), above what the process
held before the data. Every gradient is checked against the hand-written one first.

    python benchmarks/scale_dask.py                    # writes its section of docs/benchmarks.md
    python benchmarks/scale_dask.py --rows 100000      # a quick run (prints, writes nothing)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fmt_time, machine, write_section  # noqa: E402

ENGINES = ("numpy", "dask threads", "dask 2-process cluster")
HEADING = "## Scale-out: the same gradient on dask"


def logistic_loss(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def hand_written_grad(w, X, y):
    # p = sigmoid(X w); d(mean BCE)/dz = (p - y) / m  =>  dL/dw = X.T (p - y) / m
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return X.T @ (p - y) / X.shape[0]


def lazy_data(rows: int, features: int, chunk_rows: int, seed: int = 0):
    import dask.array as da

    rng = da.random.default_rng(seed)
    X = rng.standard_normal((rows, features), chunks=(chunk_rows, features))
    y = (rng.random(rows, chunks=chunk_rows) < 0.5).astype(float)
    return X, y


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def run_engine(engine: str, rows: int, features: int, chunk_rows: int, repeats: int) -> dict:
    """Time ``repeats`` gradients on ``engine``; the gradient, times and memory."""
    import dask

    import srcgrad

    before = peak_rss_bytes()
    X, y = lazy_data(rows, features, chunk_rows)
    w = np.linspace(-0.5, 0.5, features)
    gradient = srcgrad.grad(logistic_loss, mode="compile", verify=False)
    result = {"engine": engine, "rows": rows, "features": features}
    if engine == "numpy":
        start = time.perf_counter()
        X, y = dask.compute(X, y, scheduler="threads")
        result["data_time"] = time.perf_counter() - start
        expected = hand_written_grad(w, X, y)

        def one():
            return gradient(w, X, y)

        client = None
    elif engine == "dask threads":
        expected = None
        client = None

        def one():
            return dask.compute(gradient(w, X, y), scheduler="threads")[0]

    else:
        from distributed import Client, LocalCluster

        expected = None
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)

        def one():
            return client.compute(gradient(w, X, y), sync=True)

    if engine != "numpy":
        gradient(w, X, y)  # the first call transforms the loss; the second only builds
        start = time.perf_counter()
        gradient(w, X, y)  # the lazy gradient alone: no computation
        result["graph_time"] = time.perf_counter() - start
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = np.asarray(one())
        times.append(time.perf_counter() - start)
    result["time"] = float(np.median(times))
    result["gradient"] = value.tolist()
    if expected is not None:
        result["hand_written_max_diff"] = float(np.max(np.abs(value - expected)))
    peak = peak_rss_bytes()
    if client is not None:
        workers = client.run(peak_rss_bytes)
        peak += sum(workers.values())
        result["workers"] = len(workers)
        client.close()
        cluster.close()
    result["peak_memory"] = peak - before
    return result


def run_in_fresh_process(engine, rows, features, chunk_rows, repeats) -> dict:
    command = [sys.executable, __file__, "--one", engine, "--rows", str(rows)]
    command += ["--features", str(features), "--chunk-rows", str(chunk_rows)]
    command += ["--repeats", str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(results: list[dict]) -> None:
    """Every engine's gradient equals NumPy's, which equals the hand-written one."""
    numpy = results[0]
    assert numpy["hand_written_max_diff"] < 1e-10, numpy["hand_written_max_diff"]
    for result in results[1:]:
        np.testing.assert_allclose(result["gradient"], numpy["gradient"], rtol=1e-9, atol=1e-12)


def table(results: list[dict]) -> str:
    lines = [
        "| engine | time / gradient | graph built in | data made apart | peak memory |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        data = fmt_time(r["data_time"]) if "data_time" in r else "no (drawn per chunk)"
        graph = fmt_time(r["graph_time"]) if "graph_time" in r else ""
        memory = f"{r['peak_memory'] / 2**30:.2f} GiB"
        lines.append(f"| {r['engine']} | {fmt_time(r['time'])} | {graph} | {data} | {memory} |")
    return "\n".join(lines)


def section(results: list[dict], chunk_rows: int, repeats: int) -> str:
    rows, features = results[0]["rows"], results[0]["features"]
    size = rows * features * 8 / 2**30
    return (
        f"{HEADING}\n\n"
        f"The compiled gradient of the mean logistic loss on {rows:,} x {features} float64 "
        f"rows ({size:.2f} GiB), chunks of {chunk_rows:,} rows; median of {repeats} "
        "gradients; `python benchmarks/scale_dask.py`. Each engine runs in a fresh process; "
        "peak memory is that process's resident-set high-water mark above its start (for "
        "the cluster, plus both workers' whole high-water marks, start-up included). NumPy "
        "holds the data as one array, made once (its time in *data made apart*); dask draws "
        "each chunk inside every gradient and drops it, so its time includes drawing the "
        "data. *Graph built in*: srcgrad building the lazy gradient (no computation), after "
        "a first call. Every gradient equals the hand-written one first. See "
        "[Scale-out](scale.md).\n\n"
        f"Machine: {machine(['numpy', 'dask', 'distributed'], threads='dask on 2 threads')}."
        f"\n\n{table(results)}\n"
    )


def main(argv=None) -> list[dict] | dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--chunk-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", choices=ENGINES, help="run one engine here, print JSON")
    args = parser.parse_args(argv)
    if args.one:
        result = run_engine(args.one, args.rows, args.features, args.chunk_rows, args.repeats)
        print(json.dumps(result))
        return result
    results = []
    for engine in ENGINES:
        result = run_in_fresh_process(
            engine, args.rows, args.features, args.chunk_rows, args.repeats
        )
        print(f"{engine}: {fmt_time(result['time'])}, "
              f"{result['peak_memory'] / 2**30:.2f} GiB", flush=True)  # fmt: skip
        results.append(result)
    check(results)
    text = section(results, args.chunk_rows, args.repeats)
    print(text)
    if args.rows == 10_000_000:
        write_section(HEADING, text)
    return results


if __name__ == "__main__":
    main()
