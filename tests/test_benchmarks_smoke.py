"""The tape benchmark's workloads run and every engine's gradient is right (no timing)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "tape_vs_peers.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("tape_vs_peers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_engine_agrees_with_the_hand_written_gradient(bench):
    for work in bench.workloads(np.random.default_rng(0)):
        fns = bench.engines(work)
        assert "tape" in fns
        if bench.autograd is None:
            assert "autograd" not in fns  # optional "bench" extra not installed
        bench.check(work, fns)


def test_hand_written_gradients_match_finite_differences(bench):
    # The reference itself is checked: central differences on one entry per parameter.
    rng = np.random.default_rng(1)
    for work in bench.workloads(rng):
        params, consts = work["params"], work["consts"]
        grads = work["grad"](*params, *consts)
        for i, p in enumerate(params):
            index = (0,) * np.ndim(p)
            eps = 1e-6
            loss_at = [None, None]
            for side, delta in enumerate((eps, -eps)):
                moved = [np.array(q, dtype=float) for q in params]
                moved[i][index] += delta
                loss_at[side] = work["loss"](np, *moved, *consts)
            numeric = (loss_at[0] - loss_at[1]) / (2 * eps)
            assert np.isclose(np.asarray(grads[i])[index], numeric, rtol=1e-5, atol=1e-9)


def test_quick_run_prints_a_table_and_writes_nothing(bench, capsys):
    before = bench.DOC.read_text() if bench.DOC.exists() else None
    table = bench.main(["--quick"])
    assert "tape / autograd" in table and table in capsys.readouterr().out
    assert (bench.DOC.read_text() if bench.DOC.exists() else None) == before


def test_transform_time_benchmark_builds_right_gradients(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "transform_time", SCRIPT.parent / "transform_time.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import srcgrad

    f = module.straight_line(5, tmp_path, "smoke")
    x = np.array([0.3, -0.2, 0.5])
    compiled = srcgrad.grad(f, mode="compile")(x)
    np.testing.assert_allclose(compiled, srcgrad.grad(f, mode="tape")(x), rtol=1e-12)
