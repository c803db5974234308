"""A generator meeting a statement or value kind it has no case for raises; it never skips
it (a skipped kind would be a gradient silently lost)."""

import numpy as np
import pytest

from srcgrad.compiler import ir
from srcgrad.compiler.backend.forward import ForwardGenerator
from srcgrad.compiler.backend.inline import RuleText
from srcgrad.compiler.backend.reverse import ReverseGenerator
from srcgrad.compiler.cache import Compiled
from srcgrad.compiler.frontend.stages import front_end


def square_sum(x):
    return np.sum(x * x)


class NewKind:
    """A kind of statement or value the generators were not written for."""

    line = 0
    target = "y"

    def reads(self):
        return ["x"]


def _reverse_generator():
    front = front_end(square_sum, ("x",), Compiled(name="square_sum_vjp"))
    return ReverseGenerator(
        stmts=front.stmts,
        params=front.params,
        active_params=["x"],
        result=front.result,
        activity=front.activity,
        names=front.names,
        rule_text=RuleText(front.namespace, front.splitter.locals),
        callee_name=None,
        source=front.source,
    )


def test_the_adjoint_sweep_refuses_an_unknown_statement():
    with pytest.raises(TypeError, match="adjoint sweep has no case for NewKind"):
        _reverse_generator()._reverse(NewKind(), {"y"})


def test_the_primal_sweep_refuses_an_unknown_statement():
    with pytest.raises(TypeError, match="primal sweep has no case for NewKind"):
        _reverse_generator()._primal(NewKind(), 1)


def test_the_adjoint_sweep_refuses_an_unknown_value():
    generator = _reverse_generator()
    stmt = ir.Assign("y", NewKind(), 0)
    with pytest.raises(TypeError, match="adjoint sweep has no case for NewKind"):
        generator._contributions(stmt, {"y"})


def test_the_tangent_sweep_refuses_an_unknown_value():
    front = front_end(square_sum, ("x",), Compiled(name="square_sum_jvp"))
    generator = ForwardGenerator(front, ["x"], callee_name=None)
    with pytest.raises(TypeError, match="tangent sweep has no case for NewKind"):
        generator._assign_tangent(ir.Assign("y", NewKind(), 0))
