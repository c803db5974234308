"""srcgrad.testing.check_grads: agreement is reported, and a wrong rule is caught precisely."""

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import RULES
from srcgrad.testing import GradientMismatch, check_grads


def model(w, b, x):
    return np.sum(np.tanh(x @ w + b) ** 2)


def guarded(x):
    try:
        return np.sum(np.exp(x))
    except FloatingPointError:
        return 0.0


W, B, X = np.array([0.5, -0.3]), 0.1, np.array([[1.0, 2.0], [0.5, -1.0]])


def test_agreement_is_reported():
    summary = check_grads(model, (W, B, X), wrt=("w", "b"))
    assert summary == "compiled, tape and finite differences agree for model wrt w, b"


def test_a_function_the_compiler_refuses_is_checked_in_auto_mode():
    summary = check_grads(guarded, (np.array([0.1, 0.2]),))
    assert summary.startswith("auto (the compiler refused: try/except/finally")


def test_a_wrong_rule_is_reported_with_argument_index_and_values(monkeypatch):
    rule = RULES[np.tanh]
    right = rule.grads["x"]

    def wrong(g, ans, x):
        return right(g, ans, x) * np.array([1.0, 1.5])  # wrong in the second column only

    monkeypatch.setitem(rule.grads, "x", wrong)
    with pytest.raises(
        GradientMismatch,
        match=r"model: gradient wrt w\[0\]: compiled gives -?[0-9.]+, "
        r"(tape|finite differences) -?[0-9.]+ ",
    ):
        check_grads(model, (W, B, X), wrt="w")


def test_python_float_arguments():
    # d/dw (10 w^2 + 25) = 20 w
    assert "agree" in check_grads(lambda w: 10 * w**2 + 25, (2.0,))
    assert srcgrad.grad(lambda w: 10 * w**2 + 25)(2.0) == 40.0
