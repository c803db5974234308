"""The flat vector-Jacobian product with the end of its primal sweep marked.

``marked_flat_source(fn, active)`` generates, like ``compile_flat_vjp``, one plain function
``f_vjp_jit(*params, output_grad)`` that runs the primal and then the adjoint sweep, but with
a call ``jit_boundary(result)`` between the two sweeps: the rewrite in ``rewrite.py`` turns
it into a capture of the output (the flat function returns only the gradients), and the
probe run reads the types of the primal's variables there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..backend import nodes
from ..backend.inline import RuleText
from ..backend.optimize import StackNames, optimize
from ..backend.reverse import ReverseGenerator
from ..cache import Compiled
from ..frontend.stages import front_end

__all__ = ["BOUNDARY", "FlatSource", "NotJittable", "marked_flat_source"]

BOUNDARY = "jit_boundary"


class NotJittable(Exception):
    """The generated code holds something the numba back end does not compile; the
    message says what, and the plain generated code runs instead."""


@dataclass
class FlatSource:
    name: str  # the generated function's name
    text: str  # its source, with the boundary call
    namespace: dict  # what the generated code's names denote
    compiled: Compiled  # the globals and closure cells the code depends on
    saved_lists: tuple  # the names of the lists of saved values


class _MarkedGenerator(ReverseGenerator):
    def _assemble_flat(self, name, primal, adjoint, seed, returned):
        marked = [*primal, ast.Expr(nodes.call(BOUNDARY, self.result))]
        return super()._assemble_flat(name, marked, adjoint, seed, returned)


def _no_callees(stmt, plain):
    name = getattr(stmt.value.function, "__name__", "a function")
    raise NotJittable(
        f"it calls the user function {name} (the numba back end compiles single functions)"
    )


def marked_flat_source(fn, active: tuple) -> FlatSource:
    """``fn``'s flat vector-Jacobian product for the ``active`` parameters, marked.

    Raises :class:`~srcgrad.TransformError` where the compiler refuses ``fn`` and
    :class:`NotJittable` where it calls other user functions.
    """
    base = fn.__name__ if fn.__name__.isidentifier() else "lambda"
    compiled = Compiled(name=f"{base}_vjp_jit")
    front = front_end(fn, active, compiled)
    generator = _MarkedGenerator(
        stmts=front.stmts,
        params=front.params,
        active_params=list(active),
        result=front.result,
        activity=front.activity,
        names=front.names,
        rule_text=RuleText(front.namespace, front.splitter.locals),
        callee_name=None,
        source=front.source,
    )
    generator.prologue = front.prologue
    text = generator.generate_flat(compiled.name, _no_callees)
    stack = StackNames(generator.saved, generator.stack, generator.backward)
    text = optimize(text, stack=stack, gradients=frozenset(generator.grad_names.values()))
    front.namespace[BOUNDARY] = _boundary
    saved_lists = (generator.saved, generator.kept)
    return FlatSource(compiled.name, text, front.namespace, compiled, saved_lists)


def _boundary(value):
    """The boundary marker: replaced before any generated code runs."""
    raise AssertionError("the jit boundary marker was left in generated code")
