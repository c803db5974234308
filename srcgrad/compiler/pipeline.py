"""Source to compiled adjoint: the stages run in order, with one cache for all functions.

``compile_vjp(fn, active)`` returns a :class:`Compiled` whose ``vjp(*args)`` runs the
primal and returns ``(output, backward)``; ``backward(output_grad)`` returns the
gradients of the ``active`` parameters, in order. Calls to other user functions compile
those functions too (each with its own cached adjoint), recursion included.
"""

from __future__ import annotations

import builtins
import copy
import gc
import inspect
import itertools
import linecache
import threading
from dataclasses import dataclass, field

import gast

from . import ir, runtime
from .analysis.activity import analyse, reaching_output
from .analysis.aliasing import check_writes
from .backend.inline import RuleText
from .backend.optimize import StackNames, optimize
from .backend.reverse import ReverseGenerator
from .backend.standalone import standalone
from .frontend.jumps import lower_jumps
from .frontend.lifting import LocalFunction
from .frontend.names import Names
from .frontend.normalize import Normalizer
from .frontend.source import FunctionSource, MutatesArgument, Resolver, TransformError, read_source
from .frontend.ssa import assign_versions
from .runtime import tracebacks

__all__ = ["Compiled", "compile_vjp", "TransformError"]

_lock = threading.RLock()
_cache: dict = {}


@dataclass(eq=False)
class Compiled:
    name: str
    vjp: object = None
    source: str = ""
    callees: list = field(default_factory=list)
    # Tape islands: (user file, line, the call, why it runs on the tape)
    islands: list = field(default_factory=list)
    # (namespace dict, name, object) triples whose identity the compiled code relies on
    dependencies: list = field(default_factory=list)
    # The user's function: its name, file and first line
    origin: tuple = ("", "", 0)
    # Checked against the user's function by verify=True (srcgrad.verify)
    verified: bool = False
    # The namespace the generated code runs in
    namespace: dict = field(default=None, repr=False)

    def all_sources(self) -> str:
        """This function's generated code followed by that of every callee, once each,
        with the imports that make the text run on its own."""
        return standalone(self.tree())

    def tree(self) -> list:
        """This function and every callee, each once, callers first."""
        seen, order = set(), []

        def visit(compiled):
            if id(compiled) in seen:
                return
            seen.add(id(compiled))
            order.append(compiled)
            for callee in compiled.callees:
                visit(callee)

        visit(self)
        return order

    def still_valid(self) -> bool:
        for scope, name, obj in self.dependencies:
            if scope.get(name, _absent) is not obj:
                return False
        return True


_absent = object()


def compile_vjp(
    fn, active: tuple[str, ...], islands: bool = False, numbers: frozenset = frozenset()
) -> Compiled:
    """The compiled vector-Jacobian product of ``fn`` for the ``active`` parameters.

    With ``islands``, calls the compiler cannot differentiate run on the tape inside the
    compiled code; without, they raise :class:`TransformError`. ``numbers`` names the
    parameters the code may assume are Python numbers (it then leaves out the shape
    bookkeeping that arrays need); the caller must pass numbers for them.
    """
    key = (_identity(fn), tuple(active), islands, numbers)
    with _lock:
        compiled = _cache.get(key)
        if compiled is not None and (compiled.vjp is None or compiled.still_valid()):
            return compiled
        base = fn.__name__ if fn.__name__.isidentifier() else "lambda"
        compiled = Compiled(name=f"{base}_vjp")
        _cache[key] = compiled
        collecting = gc.isenabled()
        gc.disable()  # the transform makes many small objects and frees none of them
        try:
            _build(fn, tuple(active), compiled, islands, numbers)
        except BaseException:
            _cache.pop(key, None)
            raise
        finally:
            if collecting:
                gc.enable()
        return compiled


def compile_flat_vjp(fn, active: tuple[str, ...]) -> Compiled:
    """``fn``'s vector-Jacobian product as one plain function, ``compiled.vjp``:
    ``f_vjp_flat(*params, output_grad) -> (gradients of active,)``.

    Unlike :func:`compile_vjp`'s closure it keeps no state between sweeps, and its source
    is registered, so the compiler can transform it again (second derivatives). Calls to
    other user functions call their own flat vector-Jacobian products, which recompute
    the callee's primal values.
    """
    key = ("flat", _identity(fn), tuple(active))
    with _lock:
        compiled = _cache.get(key)
        if compiled is not None and (compiled.vjp is None or compiled.still_valid()):
            return compiled
        base = fn.__name__ if fn.__name__.isidentifier() else "lambda"
        compiled = _cache[key] = Compiled(name=f"{base}_vjp_flat")
        try:
            _build_flat(fn, tuple(active), compiled)
        except BaseException:
            _cache.pop(key, None)
            raise
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
        params = _params_of(call.function)
        callee_active = tuple(p for p, a in zip(params, call.args) if a in activity.varied)
        callee = compile_flat_vjp(call.function, callee_active)
        if callee not in compiled.callees:
            compiled.callees.append(callee)
            compiled.dependencies += callee.dependencies
        name = names.fresh(callee.name)
        namespace[name] = _late_bound(callee)
        if callee.vjp is None:  # recursion: bind the real function when it is done
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
    text = optimize(generator.generate_flat(compiled.name, flat_callees), **_known(generator))
    compiled.vjp = install(compiled, fn, front, text)


# Numbers the generated sources' file names: a name is never reused, so linecache (which
# inspect and the compiler read generated code from) never gives one function another's
# text. (An id() can be reused once its object is freed.)
_serial = itertools.count(1)


def define(name: str, text: str, namespace: dict):
    """Define function ``name`` from source ``text`` in ``namespace``, with its source
    registered (so that it can be read and transformed like any user function)."""
    filename = f"<srcgrad {name} {next(_serial)}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), namespace)
    return namespace[name]


def _keys_of(fn) -> list:
    identity = _identity(fn)
    return [key for key in _cache if identity in key[:2]]


def forget(fn) -> None:
    """Drop every cached transform of ``fn``: its next gradient transforms it again."""
    with _lock:
        for key in _keys_of(fn):
            del _cache[key]


def is_cached(fn) -> bool:
    """True when some transform of ``fn`` is in the cache."""
    with _lock:
        return bool(_keys_of(fn))


def _identity(fn):
    """What makes two functions the same to the cache: their code, and the globals and
    closure cells it reads (two closures made by one factory differ in their cells).
    The compiled code keeps the globals and cells alive, so their ids stay unique."""
    if isinstance(fn, LocalFunction):
        return fn
    code = getattr(fn, "__code__", None)
    if code is None:
        return fn
    cells = tuple(id(cell) for cell in fn.__closure__ or ())
    return code, id(fn.__globals__), cells


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
    check_writes(stmts, source, names.user_names)
    result = stmts[-1].value
    activity = analyse(stmts, active, result)
    _check_lost_gradients(stmts, activity, result, source, islands)

    namespace = {"np": __import__("numpy"), "runtime": runtime, "__name__": "srcgrad.generated"}
    for name, value in splitter.static.items():
        namespace[name] = value
        if isinstance(fn, LocalFunction):
            continue
        # A closure variable, a global of the user's module, or else a builtin (len...)
        if name in cells:
            scope = _CellScope(cells)
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


def _build(fn, active, compiled: Compiled, islands: bool, numbers=frozenset()):
    front = front_end(fn, active, compiled, islands)
    source, params, names, splitter = front.source, front.params, front.names, front.splitter
    stmts, result, activity = front.stmts, front.result, front.activity
    namespace, prologue = front.namespace, front.prologue
    callees = _compile_callees(front, islands)
    for stmt in _assignments(stmts):
        value = stmt.value
        gradient_in = isinstance(value, ir.TapeCall) and any(
            name in activity.varied for name in value.reads()
        )
        if gradient_in and activity.is_active(stmt):
            call = source.file_line(stmt.line), source.text_of(stmt.line), stmt.value.why
            compiled.islands.append((source.filename, *call))

    def callee_name(stmt):
        callee = callees[id(stmt)]
        if callee not in compiled.callees:
            compiled.callees.append(callee)
            compiled.dependencies += callee.dependencies
        name = names.fresh(callee.name)
        namespace[name] = _late_bound(callee)
        return name

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
    return {"stack": names, "gradients": frozenset(generator.grad_names.values())}


def install(compiled, fn, front: FrontEnd, text: str):
    """Compile generated ``text`` into ``front.namespace``; the function named
    ``compiled.name``. Sets ``compiled.source`` and registers it for tracebacks."""
    source, namespace = front.source, front.namespace
    compiled.namespace = namespace
    header = f"# generated by srcgrad from {fn.__name__} ({source.filename}:{source.first_line})\n"
    compiled.source = header + text
    first_line = source.file_line(fn.node) if isinstance(fn, LocalFunction) else source.first_line
    compiled.origin = (fn.__name__, source.filename, first_line)
    filename = f"<srcgrad {compiled.name} {next(_serial)}>"
    linecache.cache[filename] = (
        len(compiled.source),
        None,
        compiled.source.splitlines(True),
        filename,
    )
    tracebacks.register(filename, compiled.source, fn.__name__, source.filename, source.first_line)
    code = compile(compiled.source, filename, "exec")
    exec(code, namespace)
    return namespace[compiled.name]


def _compile_callees(front: FrontEnd, islands: bool) -> dict:
    """Compile every user function ``front`` calls: ``{id(call statement): Compiled}``.

    A callee that cannot be compiled becomes a plain call where no gradient flows through
    it and, with ``islands``, a tape island where one does.
    """
    activity, callees = front.activity, {}
    for stmt in _assignments(front.stmts):
        call = stmt.value
        if not isinstance(call, ir.UserCall):
            continue
        active = activity.is_active(stmt)
        params = _params_of(call.function)
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


def _assignments(stmts):
    return (stmt for stmt in ir.walk(stmts) if isinstance(stmt, ir.Assign))


class _CellScope:
    """Closure cells read like a namespace, for checking that compiled code is current."""

    def __init__(self, cells):
        self.cells = cells

    def get(self, name, default=None):
        try:
            return self.cells[name].cell_contents
        except (KeyError, ValueError):
            return default


def _late_bound(callee: Compiled):
    """The callee's vjp; for a callee still being compiled (recursion), a forwarder."""
    if callee.vjp is not None:
        return callee.vjp

    def forward(*args):
        return callee.vjp(*args)

    return forward


def _params_of(function):
    if isinstance(function, LocalFunction):
        return function.params + function.free
    return list(inspect.signature(function).parameters)


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
    for stmt in _assignments(stmts):
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
