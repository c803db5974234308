"""The fuzz harness itself: it must report each kind of violation, and only those."""

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.runtime import Refused
from srcgrad.rules.registry import NoRuleError
from srcgrad.verify import VerificationError
from tests.fuzz.harness import check_function, materialise, unclear_error

SOURCE = """\
import numpy as np


def f(x):
    return np.sum(np.sin(x) * x)
"""


@pytest.mark.parametrize(
    "err",
    [
        srcgrad.TransformError("cannot transform", "<prog>", 3, 1),
        NoRuleError("np.thing has no derivative rule"),
        Refused("srcgrad: <prog>:4: '+=' changes in place ..."),
        RuntimeError("something at <prog>:4 went wrong"),
    ],
)
def test_clear_errors(err):
    assert unclear_error(err, "<prog>") is None


@pytest.mark.parametrize(
    "err, why",
    [
        (UnboundLocalError("cannot access local variable 'x1'"), "internal crash"),
        (AttributeError("'Tensor' object has no attribute 'fill'"), "internal crash"),
        (ValueError("the compiler failed (an internal error; please report it)"), "internal"),
        (RuntimeError("modified by an inplace operation"), "names no line"),
        (RuntimeError("something at <other>:4 went wrong"), "names no line"),
        (VerificationError("srcgrad bug: <prog>:4 computes the value 1.0"), "Verification"),
    ],
)
def test_unclear_errors(err, why):
    assert why in unclear_error(err, "<prog>")


def test_a_note_on_generated_code_is_not_enough():
    err = IndexError("pop from empty list")
    err.add_note("srcgrad: raised in the generated gradient of f, from <prog>:4: y = x")
    assert "names no line" in unclear_error(err, "<prog>")


def test_a_right_gradient_passes():
    f = materialise(SOURCE)["f"]
    problems, outcomes, numeric = check_function(f, (np.array([0.3, -0.5, 0.8]),))
    assert problems == []
    assert [o.mode for o in outcomes] == ["compile", "auto", "tape"]
    assert numeric is not None


def _returning(value, gradient):
    def value_and_grad(f, wrt, mode, verify):
        return lambda *args: (value(f, args), (gradient(f, args),))

    return value_and_grad


def test_a_wrong_gradient_is_reported(monkeypatch):
    f = materialise(SOURCE)["f"]
    wrong = _returning(lambda f, args: f(*args), lambda f, args: np.zeros(3))
    monkeypatch.setattr(srcgrad, "value_and_grad", wrong)
    problems, _, _ = check_function(f, (np.array([0.3, -0.5, 0.8]),), modes=("tape",))
    assert problems == ["tape gradient differs from finite differences for x0"]


def test_a_wrong_value_is_reported(monkeypatch):
    f = materialise(SOURCE)["f"]

    # d/dx sum(sin(x) * x) = cos(x) * x + sin(x), written out here.
    def derivative(f, args):
        return np.cos(args[0]) * args[0] + np.sin(args[0])

    monkeypatch.setattr(srcgrad, "value_and_grad", _returning(lambda f, args: 0.0, derivative))
    problems, _, _ = check_function(f, (np.array([0.3, -0.5, 0.8]),), modes=("compile",))
    assert len(problems) == 1 and problems[0].startswith("compile value 0.0 != plain call")


def test_an_error_fails_a_program_without_hazards(monkeypatch):
    f = materialise(SOURCE)["f"]

    def refusing(f, wrt, mode, verify):
        raise srcgrad.TransformError("cannot transform", "<prog>", 3, 1)

    monkeypatch.setattr(srcgrad, "value_and_grad", refusing)
    args = (np.array([0.3, -0.5, 0.8]),)
    assert check_function(f, args, modes=("compile",))[0] == []
    problems, _, _ = check_function(f, args, modes=("compile",), strict=True)
    assert problems[0].startswith("compile raised on a program with no hazards")
