"""A case of a primitive that srcgrad does not differentiate is refused with the user's
line in the error message itself, by the compiled code and by the tape."""

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import UnsupportedDerivative

A = np.arange(8.0).reshape(4, 2) / 7 + np.eye(4, 2)


def complete_qr(a):
    q, r = np.linalg.qr(a, mode="complete")
    return np.sum(q[:, :2] * a) + np.sum(r)


def max_with_initial(x):
    return np.max(x, initial=2.0) * 3.0


@pytest.mark.parametrize("mode", ["compile", "auto"])
def test_a_rule_refusal_in_compiled_code_names_the_line(mode):
    line = complete_qr.__code__.co_firstlineno + 1
    with pytest.raises(UnsupportedDerivative) as info:
        srcgrad.grad(complete_qr, mode=mode)(A.copy())
    assert f"test_rule_refusals.py:{line}" in str(info.value)
    assert "mode='complete'" in str(info.value)


def test_the_tape_refuses_a_keyword_the_rule_does_not_take_with_the_line():
    line = max_with_initial.__code__.co_firstlineno + 1
    with pytest.raises(TypeError, match=rf"takes no argument 'initial' \(called at .*:{line}\)"):
        srcgrad.grad(max_with_initial, mode="tape")(np.array([1.0, 3.0]))


def test_compiled_code_refuses_the_same_keyword():
    with pytest.raises(srcgrad.TransformError, match="takes no argument 'initial'"):
        srcgrad.grad(max_with_initial, mode="compile")(np.array([1.0, 3.0]))
