"""The compiled-gradient benchmark's workloads run and its engines are right (no timing).

Every workload is shrunk (``small=True``: same code, tiny arrays and loops). srcgrad's
engines and the hand-written gradients are always checked; each peer engine only where its
package (the optional "bench" extra) is installed.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "compiled_vs_peers.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("compiled_vs_peers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small(bench, seed=0):
    return bench.workloads(np.random.default_rng(seed), small=True)


def test_workloads_are_the_six_named(bench):
    names = [w["name"] for w in small(bench)]
    assert names == ["tiny", "logreg", "mlp", "rnn", "scalar_loop", "rnn_long"]


def test_srcgrad_engines_agree_with_the_hand_written_gradient(bench):
    engines = ("hand-written", "srcgrad compiled", "srcgrad tape")
    for work in small(bench):
        prepared = bench.prepare(work, engines)
        for name in engines:
            assert prepared[name]["status"] == "ok", (work["name"], name, prepared[name])
            assert prepared[name]["first"] > 0


PEERS = {
    "tangent": "tangent",
    "autograd": "autograd",
    "torch": "torch",
    "jax.grad": "jax",
    "jax.jit(jax.grad)": "jax",
}


@pytest.mark.parametrize("engine", list(PEERS))
def test_peer_engine_agrees_with_the_hand_written_gradient(bench, engine):
    pytest.importorskip(PEERS[engine])
    for work in small(bench):
        status = bench.prepare(work, [engine])[engine]["status"]
        assert status == "ok", (work["name"], status)


def test_missing_peers_are_left_out(bench):
    work = small(bench)[0]
    prepared = bench.prepare(work)
    for engine, module in PEERS.items():
        installed = getattr(bench, module.split(".")[0]) is not None
        assert (engine in prepared) == installed


def test_a_wrong_gradient_is_reported_not_timed(bench):
    work = dict(small(bench)[0], grad=lambda w: (21.0 * w,))
    prepared = bench.prepare(work, ["hand-written", "srcgrad compiled"])
    assert prepared["srcgrad compiled"]["status"].startswith("wrong: ")
    bench.time_interleaved(prepared, repeats=1, budget=0.0)
    assert "time" not in prepared["srcgrad compiled"]


def test_a_failing_engine_is_reported(bench):
    def broken(w):
        raise RuntimeError("no")

    work = dict(small(bench)[0], loss=broken)
    status = bench.prepare(work, ["srcgrad compiled"])["srcgrad compiled"]["status"]
    assert status.startswith("fails: ")


def test_the_xp_spelling_computes_the_plain_loss(bench):
    for work in small(bench):
        args = [*work["params"], *work["consts"]]
        plain = work["loss"](*args)
        assert np.allclose(work["loss_xp"](np, *args), plain, rtol=1e-12)


def test_hand_written_gradients_match_finite_differences(bench):
    # The reference itself is checked: central differences on one entry per parameter.
    for work in small(bench, seed=1):
        params, consts = work["params"], work["consts"]
        grads = work["grad"](*params, *consts)
        for i, p in enumerate(params):
            index = (0,) * np.ndim(p)
            eps = 1e-6
            loss_at = []
            for delta in (eps, -eps):
                moved = [np.array(q, dtype=float) for q in params]
                moved[i][index] += delta
                loss_at.append(work["loss"](*moved, *consts))
            numeric = (loss_at[0] - loss_at[1]) / (2 * eps)
            assert np.isclose(np.asarray(grads[i])[index], numeric, rtol=1e-5, atol=1e-9)


def test_first_call_transforms_from_scratch(bench):
    work = small(bench)[1]
    bench.srcgrad.grad(work["loss"], wrt=(0, 1), mode="compile").source  # noqa: B018
    bench.forget_compiled(work["loss"])
    assert not bench.cache.is_cached(work["loss"])
    assert bench.transform_time(work) > 0
    assert bench.cache.is_cached(work["loss"])


def test_tables_and_memory_on_small_workloads(bench):
    results = []
    for work in small(bench):
        prepared = bench.prepare(work, bench.NUMPY_ENGINES[:4])
        bench.time_interleaved(prepared, repeats=1, budget=0.0)
        res = dict(name=work["name"], engines=prepared, transform=bench.transform_time(work))
        if work["name"] == "rnn_long":
            res["memory"] = bench.measure_memory(prepared, subprocesses=False)
            assert all(value > 0 for value, _ in res["memory"].values())
        results.append(res)
    text = bench.table(results)
    assert text.count("\n") == 1 + 4 * len(results)
    assert "tracemalloc" in text and "transform" in text
    assert "| srcgrad tape |" in bench.summary(results)
    overhead = bench.call_overhead(results)
    assert overhead.count("\n") == 1 + len(results) and "| tiny |" in overhead
