"""One cache for every transform: compiled adjoints, flat adjoints and tangent code.

An entry is keyed by the kind of transform, the function's identity (its code, and the
globals and closure cells it reads) and the transform's options. It stays valid while every
global and closure cell the transform resolved still holds the same object
(:meth:`Compiled.still_valid`); a changed one makes the next call transform again.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field

from .backend.standalone import standalone
from .frontend.lifting import LocalFunction

__all__ = [
    "Compiled",
    "base_name",
    "bind_callee",
    "cached",
    "forget",
    "is_cached",
    "identity",
    "lock",
]

lock = threading.RLock()
_entries: dict = {}
_absent = object()


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

    @property
    def function(self):
        """The generated function; None while the transform is still running."""
        return self.vjp

    @property
    def built(self) -> bool:
        """False while the transform is still running (a recursive call finds it so)."""
        return self.function is not None

    def still_valid(self) -> bool:
        for scope, name, obj in self.dependencies:
            if scope.get(name, _absent) is not obj:
                return False
        return True


def base_name(fn) -> str:
    """``fn``'s name for the generated functions made from it (``lambda`` for a lambda)."""
    return fn.__name__ if fn.__name__.isidentifier() else "lambda"


def bind_callee(compiled: Compiled, callee: Compiled, names, namespace: dict) -> str:
    """Record ``callee`` as a callee of ``compiled`` (its dependencies become
    ``compiled``'s) and bind its generated function under a fresh name in ``namespace``;
    a callee still being built (recursion) is bound to a forwarder that calls it later."""
    if callee not in compiled.callees:
        compiled.callees.append(callee)
        compiled.dependencies += callee.dependencies
    name = names.fresh(callee.name)
    if callee.built:
        namespace[name] = callee.function
    else:

        def forward(*args):
            return callee.function(*args)

        namespace[name] = forward
    return name


def cached(kind: str, fn, options: tuple, make, build):
    """The cached ``kind`` transform of ``fn`` with ``options``, else a new one.

    ``make()`` creates the empty entry, which is cached before ``build(entry)`` fills it,
    so a recursive call finds it (unbuilt) instead of transforming again.
    """
    key = (kind, identity(fn), *options)
    with lock:
        compiled = _entries.get(key)
        if compiled is not None and (not compiled.built or compiled.still_valid()):
            return compiled
        compiled = _entries[key] = make()
        collecting = gc.isenabled()
        gc.disable()  # a transform makes many small objects and frees none of them
        try:
            build(compiled)
        except BaseException:
            _entries.pop(key, None)
            raise
        finally:
            if collecting:
                gc.enable()
        return compiled


def _keys_of(fn) -> list:
    key = identity(fn)
    return [entry for entry in _entries if entry[1] == key]


def forget(fn) -> None:
    """Drop every cached transform of ``fn``: its next gradient transforms it again."""
    with lock:
        for key in _keys_of(fn):
            del _entries[key]


def is_cached(fn) -> bool:
    """True when some transform of ``fn`` is in the cache."""
    with lock:
        return bool(_keys_of(fn))


def identity(fn):
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


class CellScope:
    """Closure cells read like a namespace, for checking that compiled code is current."""

    def __init__(self, cells):
        self.cells = cells

    def get(self, name, default=None):
        try:
            return self.cells[name].cell_contents
        except (KeyError, ValueError):
            return default
