"""benchmarks/scale_dask.py on tiny data (no timing): its engines agree with the
hand-written gradient, and its table has one row per engine."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("dask.array")
SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scale_dask.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("scale_dask", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_numpy_and_dask_threads_agree_with_the_hand_written_gradient(bench):
    results = [bench.run_engine(e, 2000, 5, 500, repeats=1) for e in bench.ENGINES[:2]]
    bench.check(results)
    assert results[0]["hand_written_max_diff"] < 1e-12
    assert np.shape(results[1]["gradient"]) == (5,)
    text = bench.section(results, 500, 1)
    assert text.startswith(bench.HEADING) and text.count("\n| ") == 3


def test_a_wrong_gradient_fails_the_check(bench):
    results = [bench.run_engine(e, 1000, 3, 500, repeats=1) for e in bench.ENGINES[:2]]
    results[1]["gradient"] = [g * 1.001 for g in results[1]["gradient"]]
    with pytest.raises(AssertionError):
        bench.check(results)
