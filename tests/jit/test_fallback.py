"""Where numba cannot compile the generated code, jit=True runs the plain code and
``srcgrad.explain`` says why; a changed global is transformed again."""

import warnings

import numpy as np
import pytest

import srcgrad

pytest.importorskip("numba")


def sort_loss(x):
    total = 0.0
    for i in range(x.shape[0]):
        total = total + np.sum(np.sort(x * i) ** 2)
    return total


def list_loss(x):
    parts = []
    for i in range(3):
        parts.append(x * i)
    return np.sum(parts[1] * parts[2])


def helper(v):
    return v * v


def calls_helper(x):
    return np.sum(helper(x))


@pytest.mark.parametrize(
    "fn, why",
    [
        (list_loss, "not compiled"),
        (calls_helper, "it calls the user function helper"),
    ],
)
def test_plain_code_runs_and_explain_says_why(fn, why):
    x = np.array([0.5, -1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: explain is where the reason is
        got = srcgrad.grad(fn, jit=True)(x)
    want = srcgrad.grad(fn, mode="tape")(x)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    report = str(srcgrad.explain(fn))
    assert "numba (jit=True)" in report and why in report
    assert "runs the plain code" in report


def test_numba_error_hands_the_call_to_the_plain_code():
    def ratio(a, b):
        total = 0.0
        for _ in range(2):
            total = total + a / b
        return total

    df = srcgrad.grad(ratio, wrt=0, jit=True)
    assert df(1.0, 2.0) == 1.0  # d(2 a / b)/da = 2 / b
    with pytest.raises(ZeroDivisionError):  # as the plain code raises it
        df(1.0, 0.0)


def test_nan_gradient_is_refused_as_without_jit():
    def loss(x):
        total = 0.0
        for _ in range(2):
            total = total + np.sum(np.sqrt(x * x))
        return total

    x = np.array([0.0, 1.0])
    with pytest.raises(Exception) as plain:
        srcgrad.grad(loss, mode="compile")(x)
    with pytest.raises(type(plain.value)):
        srcgrad.grad(loss, mode="compile", jit=True)(x)


SCALE = 2.0


def scaled(x):
    total = 0.0
    for _ in range(3):
        total = total + SCALE * x
    return total


def test_a_changed_global_is_transformed_again():
    global SCALE
    df = srcgrad.grad(scaled, jit=True)
    assert df(1.0) == 6.0
    SCALE = 5.0
    try:
        assert df(1.0) == 15.0
    finally:
        SCALE = 2.0


def test_tape_mode_is_refused():
    with pytest.raises(ValueError, match='mode="tape"'):
        srcgrad.grad(scaled, mode="tape", jit=True)
