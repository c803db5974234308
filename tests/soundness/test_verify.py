"""verify=True checks the first call of compiled code against the function itself."""

import numpy as np
import pytest

import srcgrad
from srcgrad.verify import requested


def fresh_loss():
    """A new function each time: the compiled entries the tests break are not shared
    (a new closure cell makes a new cache entry)."""
    scale = np.float64(1.0)

    def loss(x):
        return np.sum(np.sin(x) * x) * scale

    return loss


def test_a_correct_compilation_passes_and_is_checked_once():
    calls = []

    def counted(x):
        calls.append(1)  # the compiled code keeps this effect too
        return np.sum(np.sin(x) * x)

    df = srcgrad.grad(counted, verify=True)
    x = np.array([0.3, -1.2])
    first = df(x)
    assert len(calls) == 2  # the compiled code, and the original function once
    np.testing.assert_allclose(df(x), first)
    assert len(calls) == 3  # the compiled code only
    assert df.compiled.verified


def _break(df, x, wrong_value):
    """Compile, then make the compiled code return a wrong value on its next call."""
    compiled = df._compiled(list(x) if isinstance(x, tuple) else [x])
    real = compiled.vjp

    def lying(*args):
        out, backward = real(*args)
        return wrong_value(out), backward

    compiled.vjp = lying
    return compiled


def test_a_wrong_value_is_a_verification_error_naming_the_function():
    df = srcgrad.grad(fresh_loss(), verify=True)
    _break(df, np.ones(2), lambda out: out + 1e-3)
    with pytest.raises(srcgrad.VerificationError, match=r"srcgrad bug: .*loss .*test_verify\.py"):
        df(np.ones(2))


def test_without_verify_the_wrong_value_is_not_noticed(monkeypatch):
    monkeypatch.delenv("SRCGRAD_VERIFY", raising=False)
    df = srcgrad.grad(fresh_loss(), verify=False)
    _break(df, np.ones(2), lambda out: out + 1e-3)
    df(np.ones(2))  # the check is what finds it: nothing else does


def test_changing_the_callers_input_is_a_verification_error():
    df = srcgrad.grad(fresh_loss(), verify=True)
    compiled = df._compiled([np.ones(2)])
    real = compiled.vjp

    def scribbling(x):
        out, backward = real(x)
        x[0] = 7.0
        return out, backward

    compiled.vjp = scribbling
    with pytest.raises(srcgrad.VerificationError, match="changed its argument 0"):
        df(np.ones(2))


def test_the_environment_variable_turns_it_on(monkeypatch):
    monkeypatch.setenv("SRCGRAD_VERIFY", "1")
    assert requested(None) and not requested(False)
    monkeypatch.setenv("SRCGRAD_VERIFY", "0")
    assert not requested(None) and requested(True)


def test_value_and_grad_and_vjp_take_it():
    loss = fresh_loss()
    value, g = srcgrad.value_and_grad(loss, verify=True)(np.ones(2))
    np.testing.assert_allclose(value, loss(np.ones(2)))
    out, back = srcgrad.vjp(lambda x: np.sin(x) * 2.0, np.ones(2), verify=True)
    (gx,) = back(np.ones(2))
    np.testing.assert_allclose(gx, 2.0 * np.cos(np.ones(2)))
