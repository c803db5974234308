"""Which names a statement reads and writes, and which are live after it, in generated code.

The optimiser (:mod:`srcgrad.compiler.backend.optimize`) removes an assignment only when its target
is dead, and that needs liveness through loops, branches, ``break`` and nested functions.
A name that a nested scope reads (the backward closure, a lambda, a comprehension) is
*pinned*: the nested code may read it at any later time, so it counts as live everywhere.

>>> import ast
>>> body = ast.parse("a = 1\\nb = a\\nc = 2\\nprint(b)").body
>>> sorted(live_after(body, set())[id(body[1])])
['b', 'print']
"""

from __future__ import annotations

import ast

from .codeblocks import Comment, Unsupported

__all__ = [
    "Facts",
    "facts",
    "forget",
    "changed",
    "reads",
    "writes",
    "function_facts",
    "pinned_names",
    "live_after",
    "NESTED_SCOPES",
]

NESTED_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class Facts:
    """What one statement does with names, found in one walk and kept on the statement.

    ``loads``: name -> times read (nested scopes included); ``stores``: names bound in the
    statement's own scope; ``bound``: name -> times bound anywhere in it; ``nested``: names
    a nested scope (lambda, comprehension, ``def``) in it mentions; ``jumps``: whether it
    holds a ``break``, ``continue`` or ``return`` of its own.
    """

    __slots__ = ("loads", "stores", "bound", "nested", "jumps")

    def __init__(self):
        self.loads: dict[str, int] = {}
        self.stores: set = set()
        self.bound: dict[str, int] = {}
        self.nested: set = set()
        self.jumps = False

    def add(self, other: Facts, nested=False):
        _merge(self.loads, other.loads)
        _merge(self.bound, other.bound)
        self.nested |= other.nested
        if nested:
            self.nested |= other.loads.keys() | other.bound.keys()
        else:
            self.stores |= other.stores
            self.jumps = self.jumps or other.jumps


def _merge(counts: dict, more: dict):
    get = counts.get
    for name, count in more.items():
        counts[name] = get(name, 0) + count


_COMPOUND = (ast.If, ast.For, ast.While)


def facts(node) -> Facts:
    """The :class:`Facts` of a statement (cached on simple statements; a pass that changes
    one calls :func:`forget`) or of an expression."""
    if isinstance(node, ast.FunctionDef):
        # A nested function's own names (its parameters and what it assigns: generated
        # code declares nothing global or nonlocal) are its locals, not the enclosing
        # function's: it reads and pins only its free names.
        inside = Facts()
        for stmt in node.body:
            inside.add(facts(stmt))
        local = inside.stores | {a.arg for a in node.args.args}
        found = Facts()
        found.loads = {name: c for name, c in inside.loads.items() if name not in local}
        found.nested = set(found.loads) | (inside.nested - local)
        found.stores.add(node.name)
        _merge(found.bound, {node.name: 1})
        return found
    if isinstance(node, _COMPOUND):
        cached = getattr(node, "_facts", None)
        if cached is not None and cached[0] == _generation[0]:
            return cached[1]
        head = node.iter if isinstance(node, ast.For) else node.test
        found = _walk(head)
        if isinstance(node, ast.For):
            found.add(_walk(node.target))
        for stmt in node.body + node.orelse:
            found.add(facts(stmt))
        node._facts = (_generation[0], found)
        return found
    cached = getattr(node, "_facts", None) if isinstance(node, ast.stmt) else None
    if cached is None:
        cached = _walk(node)
        if isinstance(node, ast.stmt):
            node._facts = cached
    return cached


_generation = [0]  # bumped by every change: facts of compound statements are then stale


def changed():
    """Note that statements were added, removed or replaced in some block."""
    _generation[0] += 1


def forget(stmt):
    """Drop the cached facts of ``stmt`` and the statements in it (after changing them);
    those of the loops and branches around it are dropped too."""
    _generation[0] += 1
    for node in ast.walk(stmt):
        if isinstance(node, ast.stmt) and hasattr(node, "_facts"):
            del node._facts


def _walk(root) -> Facts:
    found = Facts()
    pending = [(root, False)]
    while pending:
        node, inner = pending.pop()
        kind = type(node)
        if kind is ast.Name:
            loaded = type(node.ctx) is ast.Load
            counts = found.loads if loaded else found.bound
            counts[node.id] = counts.get(node.id, 0) + 1
            if not loaded and not inner:
                found.stores.add(node.id)
            if inner:
                found.nested.add(node.id)
            continue
        if kind is ast.AugAssign and type(node.target) is ast.Name:  # x += a reads x too
            found.loads[node.target.id] = found.loads.get(node.target.id, 0) + 1
        if kind in (ast.Break, ast.Continue, ast.Return) and not inner:
            found.jumps = True
        elif kind in (ast.Global, ast.Nonlocal):
            raise Unsupported("global or nonlocal")
        elif kind is ast.FunctionDef or kind in NESTED_SCOPES:
            inner = True
        elif kind is ast.arg:
            found.bound[node.arg] = found.bound.get(node.arg, 0) + 1
            if inner:
                found.nested.add(node.arg)
        pending.extend((child, inner) for child in ast.iter_child_nodes(node))
    return found


def reads(node) -> set:
    """Names ``node`` loads, nested scopes included (they read the enclosing names)."""
    return set(facts(node).loads)


def writes(node) -> set:
    """Names ``node`` binds in its own scope (nested statements included, nested scopes not)."""
    return set(facts(node).stores)


def function_facts(function: ast.FunctionDef) -> Facts:
    """The facts of ``function``'s body (its parameters counted as bound once)."""
    cached = getattr(function, "_body_facts", None)
    if cached is not None and cached[0] == _generation[0]:
        return cached[1]
    found = Facts()
    _merge(found.bound, {a.arg: 1 for a in function.args.args})
    for stmt in function.body:
        found.add(facts(stmt))
    function._body_facts = (_generation[0], found)
    return found


def pinned_names(function: ast.FunctionDef) -> set:
    """Names of ``function`` that a scope nested in it reads or binds."""
    return function_facts(function).nested


def live_after(stmts, live_at_end: set, wanted=None) -> dict:
    """``id(stmt)`` -> the names live right after ``stmt``, for every statement in
    ``stmts`` and in the blocks nested in them (not inside nested functions); with
    ``wanted`` (a set of ids), for those statements only."""
    table: dict[int, set] = {}
    _block(stmts, set(live_at_end), table, None, wanted)
    return table


def _block(stmts, live, table, loop, wanted):
    """The names live before ``stmts``; ``live`` (those after) is the caller's, and it is
    updated in place."""
    for stmt in reversed(stmts):
        if wanted is None or id(stmt) in wanted:
            table[id(stmt)] = set(live)
        live = _before(stmt, live, table, loop, wanted)
    return live


def _before(stmt, live, table, loop, wanted):
    """The names live before ``stmt`` given those live after it (``live``, changed in
    place). ``loop`` is the pair (live after the loop, live at its head) of the innermost
    loop, for break and continue."""
    kind = type(stmt)
    if kind is Comment or kind is ast.Pass:
        return live
    if kind is ast.Assign:
        for target in stmt.targets:
            if type(target) is ast.Name:
                live.discard(target.id)
        live.update(facts(stmt).loads)
        return live
    if kind in (ast.AugAssign, ast.Expr, ast.AnnAssign, ast.Raise, ast.Assert):
        live.update(facts(stmt).loads)
        return live
    if kind is ast.Return:
        return set(facts(stmt).loads)
    if kind is ast.FunctionDef:
        live.discard(stmt.name)
        live.update(facts(stmt).loads)
        return live
    if kind is ast.Break:
        return set(loop[0]) if loop else live
    if kind is ast.Continue:
        return set(loop[1]) if loop else live
    if kind is ast.If:
        body = _block(stmt.body, set(live), table, loop, wanted)
        orelse = _block(stmt.orelse, live, table, loop, wanted)
        return body | orelse | reads(stmt.test)
    if kind in (ast.For, ast.While) and not stmt.orelse:
        return _loop(stmt, live, table, wanted)
    raise Unsupported(kind.__name__)


def _loop(stmt, live, table, wanted):
    target = writes(stmt.target) if isinstance(stmt, ast.For) else set()
    test = reads(stmt.test) if isinstance(stmt, ast.While) else set()
    after = set(live)
    head = after | test
    while True:
        body = _block(stmt.body, set(head), table, (after, head), wanted)
        new_head = after | test | (body - target)
        if new_head == head:
            break
        head = new_head
    if isinstance(stmt, ast.For):
        return head | reads(stmt.iter)
    return head
