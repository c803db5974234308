"""Source to compiled adjoint: the front end, the reverse generator, the optimiser, code.

``compile_vjp(fn, active)`` returns a :class:`~.cache.Compiled` whose ``vjp(*args)`` runs
the primal and returns ``(output, backward)``; ``backward(output_grad)`` returns the
gradients of the ``active`` parameters, in order. Calls to other user functions compile
those functions too (each with its own cached adjoint), recursion included.
"""

from __future__ import annotations

import copy
import inspect

import gast

from . import ir
from .backend.inline import RuleText
from .backend.install import define, install
from .backend.optimize import StackNames, optimize
from .backend.reverse import ReverseGenerator
from .cache import Compiled, base_name, bind_callee, cached
from .frontend.lifting import LocalFunction, params_of
from .frontend.source import MutatesArgument, TransformError
from .frontend.stages import FrontEnd, front_end

__all__ = ["compile_vjp", "compile_flat_vjp", "define", "TransformError"]


def compile_vjp(
    fn, active: tuple[str, ...], islands: bool = False, numbers: frozenset = frozenset()
) -> Compiled:
    """The compiled vector-Jacobian product of ``fn`` for the ``active`` parameters.

    With ``islands``, calls the compiler cannot differentiate run on the tape inside the
    compiled code; without, they raise :class:`TransformError`. ``numbers`` names the
    parameters the code may assume are Python numbers (it then leaves out the shape
    bookkeeping that arrays need); the caller must pass numbers for them.
    """
    active = tuple(active)
    return cached(
        "vjp",
        fn,
        (active, islands, numbers),
        lambda: Compiled(name=f"{base_name(fn)}_vjp"),
        lambda compiled: _build(fn, active, compiled, islands, numbers),
    )


def compile_flat_vjp(fn, active: tuple[str, ...]) -> Compiled:
    """``fn``'s vector-Jacobian product as one plain function, ``compiled.vjp``:
    ``f_vjp_flat(*params, output_grad) -> (gradients of active,)``.

    Unlike :func:`compile_vjp`'s closure it keeps no state between sweeps, and its source
    is registered, so the compiler can transform it again (second derivatives). Calls to
    other user functions call their own flat vector-Jacobian products, which recompute
    the callee's primal values.
    """
    active = tuple(active)
    compiled = cached(
        "flat",
        fn,
        (active,),
        lambda: Compiled(name=f"{base_name(fn)}_vjp_flat"),
        lambda compiled: _build_flat(fn, active, compiled),
    )
    _bind_finished_callees()
    return compiled


# Recursive flat functions name a callee still being compiled: (namespace, name, callee)
# entries whose names get the callee's function, with its source, once it exists.
_unfinished: list = []


def _bind_finished_callees():
    for entry in list(_unfinished):
        namespace, name, callee = entry
        if callee.vjp is not None:
            namespace[name] = callee.vjp
            _unfinished.remove(entry)


def _build_flat(fn, active, compiled: Compiled):
    front = front_end(fn, active, compiled)
    activity, namespace, names = front.activity, front.namespace, front.names

    def flat_callees(stmt, plain):
        call = stmt.value
        if plain:
            function = call.function
            if isinstance(function, LocalFunction):
                node = copy.copy(function.node)
                node.name = names.fresh(function.name)
                function = define(node.name, gast.unparse(node), namespace)
            name = names.fresh(function.__name__)
            namespace[name] = function
            return name
        params = params_of(call.function)
        callee_active = tuple(p for p, a in zip(params, call.args) if a in activity.varied)
        callee = compile_flat_vjp(call.function, callee_active)
        name = bind_callee(compiled, callee, names, namespace)
        if not callee.built:  # recursion: bind the real function when it is done
            _unfinished.append((namespace, name, callee))
        return name

    generator = ReverseGenerator(
        stmts=front.stmts,
        params=front.params,
        active_params=list(active),
        result=front.result,
        activity=activity,
        names=names,
        rule_text=RuleText(namespace, front.splitter.locals),
        callee_name=None,
        source=front.source,
    )
    generator.prologue = front.prologue
    generator.in_place_sums = False
    text = optimize(generator.generate_flat(compiled.name, flat_callees), **_known(generator))
    compiled.vjp = install(compiled, fn, front, text)


def _build(fn, active, compiled: Compiled, islands: bool, numbers=frozenset()):
    front = front_end(fn, active, compiled, islands)
    source, params, names, splitter = front.source, front.params, front.names, front.splitter
    stmts, result, activity = front.stmts, front.result, front.activity
    namespace, prologue = front.namespace, front.prologue
    callees = _compile_callees(front, islands)
    for stmt in ir.assignments(stmts):
        value = stmt.value
        gradient_in = isinstance(value, ir.TapeCall) and any(
            name in activity.varied for name in value.reads()
        )
        if gradient_in and activity.is_active(stmt):
            call = source.file_line(stmt.line), source.text_of(stmt.line), stmt.value.why
            compiled.islands.append((source.filename, *call))

    def callee_name(stmt):
        return bind_callee(compiled, callees[id(stmt)], names, namespace)

    generator = ReverseGenerator(
        stmts=stmts,
        params=params,
        active_params=list(active),
        result=result,
        activity=activity,
        names=names,
        rule_text=RuleText(namespace, splitter.locals),
        callee_name=callee_name,
        source=source,
        scalar_params=numbers,
    )
    generator.prologue = prologue
    text = optimize(generator.generate(compiled.name), **_known(generator))
    compiled.vjp = install(compiled, fn, front, text)


def _known(generator: ReverseGenerator) -> dict:
    """What the optimiser may assume of a generator's code: its own names, its gradients."""
    names = StackNames(generator.saved, generator.stack, generator.backward)
    return {
        "stack": names,
        "gradients": frozenset(generator.grad_names.values()),
        "fold": generator.adjoint_names.neutral,
    }


def _compile_callees(front: FrontEnd, islands: bool) -> dict:
    """Compile every user function ``front`` calls: ``{id(call statement): Compiled}``.

    A callee that cannot be compiled becomes a plain call where no gradient flows through
    it and, with ``islands``, a tape island where one does.
    """
    activity, callees = front.activity, {}
    for stmt in ir.assignments(front.stmts):
        call = stmt.value
        if not isinstance(call, ir.UserCall):
            continue
        active = activity.is_active(stmt)
        params = params_of(call.function)
        callee_active = tuple(
            p for p, a in zip(params, call.args) if active and a in activity.varied
        )
        try:
            callees[id(stmt)] = compile_vjp(call.function, callee_active, islands)
        except TransformError as err:
            if (
                isinstance(err, MutatesArgument)
                or isinstance(call.function, LocalFunction)
                or inspect.isgeneratorfunction(call.function)
                or getattr(call.function, "__module__", "") == "srcgrad.generated"
                or (active and not islands)
            ):
                raise
            name = front.names.fresh(call.function.__name__)
            front.namespace[name] = call.function
            primal = f"{name}({', '.join(call.args)})"
            stmt.value = ir.TapeCall(name, call.args, {}, primal, str(err))
    return callees
