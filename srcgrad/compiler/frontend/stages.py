"""The front end's stages, in order: a function to normal form, checked and analysed.

:func:`front_end` reads the source, lowers ``return``/``break``/``continue``, splits
expressions into one operation per statement (:mod:`.normalize`), gives values fresh
names (:mod:`.ssa`), checks writes through aliases (:mod:`..analysis.aliasing`), finds the
active values (:mod:`..analysis.activity`) and refuses code where a gradient would be lost.
Both generators, reverse and forward, start from its :class:`FrontEnd`.
"""

from __future__ import annotations

import builtins
import copy
from dataclasses import dataclass

import gast

from .. import ir, runtime
from ..analysis.activity import analyse, reaching_output
from ..analysis.aliasing import check_writes
from ..analysis.complex_values import plan_complex
from ..cache import CellScope, Compiled
from .jumps import lower_jumps
from .lifting import LocalFunction
from .names import Names
from .normalize import Normalizer
from .source import FunctionSource, Resolver, TransformError, read_source
from .ssa import assign_versions

__all__ = ["FrontEnd", "front_end"]


@dataclass(eq=False)
class FrontEnd:
    """One function in normal form, and the namespace its generated code runs in.

    Both generators (reverse and forward) start from here.
    """

    source: FunctionSource
    params: list
    names: Names
    splitter: Normalizer
    stmts: list
    result: str
    activity: object
    namespace: dict
    prologue: list


def front_end(fn, active, compiled: Compiled, islands: bool = False) -> FrontEnd:
    """Parse, lower, normalise, version and analyse ``fn`` for the ``active`` parameters.

    Adds the globals the code is compiled against to ``compiled.dependencies``. Calls
    that would need a tape island raise :class:`TransformError` unless ``islands``.
    """
    if isinstance(fn, LocalFunction):
        source = FunctionSource(fn.node, fn.outer.filename, fn.outer.first_line, fn.outer.lines)
        resolver = fn.resolver
        node = copy.deepcopy(fn.node)
        user_globals, cells = {}, {}
    else:
        source = read_source(fn)
        resolver = Resolver(fn)
        node = source.node
        user_globals = fn.__globals__
        cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
        if isinstance(node, gast.Lambda):
            node = gast.FunctionDef(
                fn.__name__, node.args, [gast.Return(node.body)], [], None, None, []
            )
            gast.copy_location(node, source.node)
            node.body[0].lineno = source.node.lineno
    _check_signature(source, node)
    # The generated code takes every parameter by position, keyword-only ones last (the
    # order of the signature, in which callers pass one value per parameter).
    node.args.args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
    node.args.posonlyargs, node.args.kwonlyargs, node.args.kw_defaults = [], [], []
    params = [a.id for a in node.args.args]
    unknown = [a for a in active if a not in params]
    if unknown:
        raise TransformError(f"{fn.__name__} has no parameter {unknown[0]!r}", source.filename)
    names = Names(node)
    lower_jumps(node, names.fresh, source.error)
    splitter = Normalizer(source, resolver, names, params)
    if isinstance(fn, LocalFunction):
        splitter.local_functions.update(fn.siblings)
    stmts = splitter.function(node)
    stmts, _ = assign_versions(stmts, params, names)
    check_writes(stmts, source, names.user_names, params)
    result = stmts[-1].value
    activity = analyse(stmts, active, result)
    _check_lost_gradients(stmts, activity, result, source, islands)
    values = {**splitter.static, **splitter.constants}
    for name in splitter.dynamic:  # their values now: a hint (a later value is checked)
        values[name] = _current_value(name, cells, user_globals)
    plan_complex(stmts, activity.varied, source, fn, values)

    namespace = {"np": __import__("numpy"), "runtime": runtime, "__name__": "srcgrad.generated"}
    for name, value in splitter.static.items():
        namespace[name] = value
        if isinstance(fn, LocalFunction):
            continue
        # A closure variable, a global of the user's module, or else a builtin (len...)
        if name in cells:
            scope = CellScope(cells)
        else:
            scope = user_globals if name in user_globals else vars(builtins)
        compiled.dependencies.append((scope, name, value))
    namespace.update(splitter.constants)
    prologue = []
    cells_name, globals_name = names.internal("user_cells"), names.internal("user_globals")
    for name, where in sorted(splitter.dynamic.items()):
        if isinstance(fn, LocalFunction):
            raise source.error(node, f"the local function reads the global {name!r}; pass it in")
        if where == "closure":
            namespace[cells_name] = cells
            prologue.append(f"{name} = {cells_name}[{name!r}].cell_contents")
        else:
            namespace[globals_name] = user_globals
            prologue.append(f"{name} = {globals_name}[{name!r}]")
    return FrontEnd(source, params, names, splitter, stmts, result, activity, namespace, prologue)


def _current_value(name, cells, user_globals):
    """The value a closure variable or global read when the code runs holds now, if any."""
    try:
        return cells[name].cell_contents if name in cells else user_globals.get(name)
    except ValueError:  # an empty cell
        return None


def _check_signature(source, node):
    args = node.args
    if args.vararg or args.kwarg:
        raise source.error(node, "*args or **kwargs parameters cannot be transformed")


def _parameter_without_rule(prim, varied):
    """A parameter of ``prim`` that a gradient flows into but that has no rule, or None."""
    rule = prim.rule
    if rule.all_grads is not None or rule.nondiff:
        return None
    for param, atom in prim.args.items():
        if param in rule.grads or param in rule.shape_params:
            continue
        atoms = atom if isinstance(atom, list) else [atom]
        if any(isinstance(a, str) and a in varied for a in atoms):
            return param
    return None


def _check_lost_gradients(stmts, activity, result, source, islands):
    """Raise where a gradient would be lost: a call with no rule that a gradient flows
    through (unless it may run on the tape), or a gradient-dropping expression."""
    reach = reaching_output(stmts, result)
    for stmt in ir.walk(stmts):
        if (
            isinstance(stmt, ir.ExprStmt)
            and not stmt.gradient_free
            and any(n in activity.varied for n in stmt.names)
        ):
            raise TransformError(
                f"{stmt.why}, and a value that carries a gradient is passed to it "
                f'({stmt.primal}); use the function\'s result instead, or mode="auto" to run '
                "it on the tape",
                source.filename,
                source.file_line(stmt.line),
                1,
            )
    for stmt in ir.assignments(stmts):
        value = stmt.value
        if stmt.target not in reach or not any(n in activity.varied for n in value.reads()):
            continue
        if isinstance(value, ir.Plain) and not value.gradient_free:
            why = value.why
        elif isinstance(value, ir.Index) and any(n in activity.varied for n in value.index_reads):
            why = (
                f"{value.obj}[...] is indexed with a value (np.r_ and np.c_ have rules; "
                "for other index objects use np.concatenate or np.column_stack)"
            )
        elif isinstance(value, ir.TapeCall) and not (islands and value.island):
            why = value.why
        elif isinstance(value, ir.Prim) and _parameter_without_rule(value, activity.varied):
            param = _parameter_without_rule(value, activity.varied)
            why = f"{value.primal} has no derivative rule for its argument {param!r}"
            callee = value.primal.partition("(")[0]
            if "." in callee and not callee.startswith(("np.", "numpy.", "math.")):
                # obj.mean(x) is np.mean(obj, axis=x) for an array, but obj may be a model
                owner = callee.rpartition(".")[0]
                why += f" (if {owner} is an object of yours rather than an array, its own "
                why += "method is meant, which the compiler does not follow)"
        else:
            continue
        raise TransformError(
            f"{why}, but a value that carries a gradient flows into it "
            f"({ir.primal_text(value)}); "
            'use a NumPy function with a rule, or mode="auto" to run it on the tape',
            source.filename,
            source.file_line(stmt.line),
            1,
        )
