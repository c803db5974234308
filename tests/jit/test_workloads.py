"""jit=True on the benchmark workloads: the same gradients as the plain generated code,
the hand-written gradients and central differences; value_and_grad and vjp too."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

pytest.importorskip("numba")

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "compiled_vs_peers.py"


@pytest.fixture(scope="module")
def workloads():
    spec = importlib.util.spec_from_file_location("compiled_vs_peers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {w["name"]: w for w in module.workloads(np.random.default_rng(0), small=True)}


NAMES = ["tiny", "logreg", "mlp", "rnn", "scalar_loop", "rnn_long"]


@pytest.mark.parametrize("name", NAMES)
def test_jit_gradient_matches_plain_hand_written_and_differences(workloads, name):
    work = workloads[name]
    args = [*work["params"], *work["consts"]]
    wrt = tuple(range(len(work["params"])))
    jitted = srcgrad.grad(work["loss"], wrt=wrt, jit=True)
    got = jitted(*args)
    again = jitted(*args)  # the compiled entry, not the first call's
    plain = srcgrad.grad(work["loss"], wrt=wrt, mode="compile")(*args)
    hand = work["grad"](*args)
    for i, position in enumerate(wrt):
        assert type(got[i]) is type(args[position])
        np.testing.assert_allclose(got[i], plain[i], rtol=1e-9, atol=1e-12)
        np.testing.assert_array_equal(again[i], got[i])
        np.testing.assert_allclose(got[i], hand[i], rtol=1e-8, atol=1e-12)
        fd = finite_difference(work["loss"], args, position)
        np.testing.assert_allclose(got[i], fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", ["logreg", "scalar_loop"])
def test_explain_says_numba_compiled_it(workloads, name):
    work = workloads[name]
    args = [*work["params"], *work["consts"]]
    wrt = tuple(range(len(work["params"])))  # as above: numba's compilation is reused
    srcgrad.grad(work["loss"], wrt=wrt, jit=True)(*args)
    report = str(srcgrad.explain(work["loss"], wrt=wrt))
    assert "numba (jit=True), for (" in report
    assert "compiled in" in report


def test_straight_line_code_on_numbers_stays_python(workloads):
    work = workloads["tiny"]
    assert srcgrad.grad(work["loss"], jit=True)(3.0) == 60.0  # d(10 w^2 + 25)/dw = 20 w
    assert "straight-line code on numbers" in str(srcgrad.explain(work["loss"]))


def test_value_and_grad_returns_the_value(workloads):
    work = workloads["scalar_loop"]
    args = [*work["params"], *work["consts"]]
    value, gradient = srcgrad.value_and_grad(work["loss"], jit=True)(*args)
    assert value == work["loss"](*args)
    assert gradient == pytest.approx(work["grad"](*args)[0], rel=1e-12)


def test_vjp_backward_runs_compiled_and_takes_any_output_gradient(workloads):
    work = workloads["scalar_loop"]
    args = [*work["params"], *work["consts"]]
    out, back = srcgrad.vjp(work["loss"], *args, wrt=(0, 1), jit=True)
    plain_out, plain_back = srcgrad.vjp(work["loss"], *args, wrt=(0, 1), mode="compile")
    assert out == plain_out
    for seed in (1.0, 2.5):
        for got, want in zip(back(seed), plain_back(seed)):
            assert got == pytest.approx(want, rel=1e-12)
    assert "compiled in" in str(srcgrad.explain(work["loss"], wrt=(0, 1)))


def test_new_argument_types_get_their_own_compilation():
    def loss(w, xs):
        total = 0.0
        for i in range(xs.shape[0]):
            total = total + np.sum(np.sin(w * xs[i]))
        return total

    df = srcgrad.grad(loss, jit=True)
    xs = np.linspace(0.0, 1.0, 6).reshape(3, 2)
    assert df(0.5, xs) == pytest.approx(np.sum(xs * np.cos(0.5 * xs)), rel=1e-12)
    w = np.array([0.5, -0.25])  # d/dw sum_i sin(w * x_i) = sum_i x_i cos(w * x_i)
    np.testing.assert_allclose(df(w, xs), np.sum(xs * np.cos(w * xs), axis=0), rtol=1e-12)
    report = str(srcgrad.explain(loss))
    assert "for (float, float64[2d])" in report and "for (float64[1d], float64[2d])" in report
