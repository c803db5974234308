"""The Hessian benchmark's engines are right on a small instance (no timing).

srcgrad's Hessian and Hessian-vector product and the hand-written ones are always checked;
each peer engine only where its package (the optional "bench" extra) is installed.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "hessian_vs_peers.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("hessian_vs_peers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def prob(bench):
    return bench.problem(np.random.default_rng(1), dim=6)


def test_srcgrad_hessian_agrees_with_the_hand_written_one(bench, prob):
    x, a = prob["x"], prob["a"]
    expected = bench.hand_hessian(x, a)
    got = bench.srcgrad.hessian(bench.lse_quadratic, mode="compile")(x, a)
    np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(expected, expected.T)
    assert np.all(np.linalg.eigvalsh(prob["a"]) > 0)  # A is positive definite


def test_hand_written_hessian_matches_differences_of_the_gradient(bench, prob):
    x, a = prob["x"], prob["a"]

    def gradient(y):  # softmax(y) + A y
        p = np.exp(y) / np.sum(np.exp(y))
        return p + a @ y

    eps = 1e-6
    columns = [(gradient(x + eps * e) - gradient(x - eps * e)) / (2 * eps) for e in np.eye(6)]
    np.testing.assert_allclose(bench.hand_hessian(x, a), np.array(columns).T, atol=1e-8)


def test_srcgrad_engines_are_ok(bench, prob):
    engines = ("hand-written", "srcgrad.hessian", "srcgrad.hessian, one sweep per column")
    hessians = bench.prepare(prob, engines)
    expected = bench.hand_hvp(prob["x"], prob["a"], prob["v"])
    engines = ("hand-written", "srcgrad.hvp", "srcgrad.jvp(kept gradient)")
    products = bench.prepare(prob, engines, bench.make_hvp, expected)
    for prepared in (hessians, products):
        assert all(e["status"] == "ok" for e in prepared.values()), prepared
        bench.time_interleaved(prepared, repeats=1, budget=0.0)
    np.testing.assert_allclose(
        expected, bench.hand_hessian(prob["x"], prob["a"]) @ prob["v"], rtol=1e-12
    )
    text = bench.table(hessians, "Hessian", again=1e-3)
    assert "| srcgrad.hessian | **" in text and "again after forget" in text


PEERS = {
    "jax.hessian": "jax",
    "jax.jit(jax.hessian)": "jax",
    "torch.func.hessian": "torch",
    "autograd.hessian": "autograd",
}


@pytest.mark.parametrize("engine", list(PEERS))
def test_peer_hessian_agrees(bench, prob, engine):
    pytest.importorskip(PEERS[engine])
    assert bench.prepare(prob, [engine])[engine]["status"] == "ok"


@pytest.mark.parametrize("engine", ["jax.jvp(jax.grad)", "jax.jit(jax.jvp(jax.grad))"])
def test_peer_hvp_agrees(bench, prob, engine):
    pytest.importorskip("jax")
    expected = bench.hand_hvp(prob["x"], prob["a"], prob["v"])
    assert bench.prepare(prob, [engine], bench.make_hvp, expected)[engine]["status"] == "ok"


def test_a_wrong_engine_is_reported_not_timed(bench, prob):
    expected = bench.hand_hessian(prob["x"], prob["a"]) * 1.001
    prepared = bench.prepare(prob, ["srcgrad.hessian"], expected=expected)
    assert prepared["srcgrad.hessian"]["status"].startswith("wrong: ")
    bench.time_interleaved(prepared, repeats=1, budget=0.0)
    assert "time" not in prepared["srcgrad.hessian"]


def test_write_doc_replaces_only_its_section(bench, tmp_path, monkeypatch):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## A\n\na\n\n## Hessian\n\nold\n\n## B\n\nb\n")
    monkeypatch.setattr(bench, "DOC", doc)
    bench.write_doc("## Hessian\n\nnew\n")
    assert doc.read_text() == "# Benchmarks\n\n## A\n\na\n\n## Hessian\n\nnew\n\n## B\n\nb\n"
    doc.write_text("# Benchmarks\n\n## A\n\na\n")
    bench.write_doc("## Hessian\n\nnew\n")
    assert doc.read_text() == "# Benchmarks\n\n## A\n\na\n\n## Hessian\n\nnew\n"
