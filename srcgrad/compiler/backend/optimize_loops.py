"""Optimiser passes about loops and the stack of saved values (see :mod:`.optimize`).

The primal sweep pushes a value on the ``saved`` list before a statement overwrites it, and
the backward closure pops it (from its own copy, ``stack``) after that statement's adjoint.
Pushes and pops nest like the loops and branches that make them: the pushes of a loop are
all popped by its reversed loop. So the k-th last push outside every loop and branch of the
primal is the k-th pop outside every loop and branch of the backward closure.
"""

from __future__ import annotations

import ast
import builtins
import copy

from .dataflow import changed, facts, forget, function_facts, live_after, pinned_names
from .optimize_copies import blocks, functions

__all__ = ["trip_counts", "straight_line_saves"]


def trip_counts(tree: ast.Module) -> ast.Module:
    """``n = 0; for i in range(k): n += 1; ...`` (no ``break``) counts before the loop.

    >>> from srcgrad.compiler.backend.codeblocks import emit, parse
    >>> code = "def f(x):\\n    n = 0\\n    for i in range(len(x)):\\n        n += 1\\n"
    >>> print(emit(trip_counts(parse(code)).body), end="")
    def f(x):
        n = len(x)
        for i in range(n):
            pass
    """
    for function in functions(tree):
        for block in blocks(function.body):
            for position in range(len(block) - 1):
                _count_before(block[position], block[position + 1])
    return tree


def _count_before(start, loop):
    counter = _zero_counter(start)
    if counter is None or not isinstance(loop, ast.For) or loop.orelse:
        return
    bound = _range_bound(loop.iter)
    if bound is None or not loop.body or not _is_increment(loop.body[0], counter):
        return
    rest = loop.body[1:]
    if any(counter in facts(s).loads or counter in facts(s).bound for s in rest):
        return
    if _leaves_early(rest):
        return
    if isinstance(bound, ast.Constant) and type(bound.value) is int:
        start.value = ast.Constant(max(bound.value, 0))
    elif _is_length(bound):  # a count of items: a whole number, never negative
        start.value = bound
        loop.iter.args = [ast.Name(counter, ast.Load())]
    elif isinstance(bound, ast.Name):
        start.value = ast.Call(ast.Name("len", ast.Load()), [copy.deepcopy(loop.iter)], [])
    else:
        return
    loop.body = rest or [ast.Pass()]
    forget(start)
    forget(loop)


def _zero_counter(stmt):
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Constant)
        and type(stmt.value.value) is int
        and stmt.value.value == 0
    ):
        return stmt.targets[0].id
    return None


def _range_bound(node):
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "range"
        and len(node.args) == 1
        and not node.keywords
        and not isinstance(node.args[0], ast.Starred)
    ):
        return node.args[0]
    return None


def _is_increment(stmt, counter) -> bool:
    return (
        isinstance(stmt, ast.AugAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id == counter
        and isinstance(stmt.op, ast.Add)
        and isinstance(stmt.value, ast.Constant)
        and type(stmt.value.value) is int
        and stmt.value.value == 1
    )


def _is_length(node) -> bool:
    """``len(a)``, or ``min``/``max`` of such (how the compiler bounds ``zip`` loops)."""
    if not isinstance(node, ast.Call) or node.keywords or not isinstance(node.func, ast.Name):
        return False
    if node.func.id == "len":
        return len(node.args) == 1 and isinstance(node.args[0], ast.Name)
    return (
        node.func.id in ("min", "max") and len(node.args) > 1 and all(map(_is_length, node.args))
    )


def _leaves_early(stmts) -> bool:
    """Whether a ``break``, ``continue``, ``return`` or ``yield`` can end a trip early."""

    def visit(node, in_inner_loop):
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.Break, ast.Continue)) and not in_inner_loop:
            return True
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            return False
        inner = in_inner_loop or isinstance(node, (ast.For, ast.While))
        return any(visit(child, inner) for child in ast.iter_child_nodes(node))

    return any(visit(stmt, False) for stmt in stmts)


def straight_line_saves(tree, saved="saved", stack="stack", backward="backward"):
    """Saves made outside every loop and branch go to named variables, not the stack; a
    save whose restored value the backward closure never reads is dropped. Sets
    ``tree.saves_changed`` to the number of saves it named or dropped.

    >>> from srcgrad.compiler.backend.codeblocks import emit, parse
    >>> code = '''def f(x):
    ...     saved = []
    ...     saved.append(x)
    ...     x = x * 2
    ...     def backward(g):
    ...         stack = list(saved)
    ...         x = stack.pop()
    ...         return g * x
    ...     return x, backward
    ... '''
    >>> print(emit(straight_line_saves(parse(code)).body), end="")
    def f(x):
        x_before = x
        x = x * 2
        def backward(g):
            x = x_before
            return g * x
        return x, backward
    """
    tree.saves_changed = 0
    outer = next((s for s in tree.body if isinstance(s, ast.FunctionDef)), None)
    closure = outer and next(
        (s for s in outer.body if isinstance(s, ast.FunctionDef) and s.name == backward), None
    )
    if closure is None or saved not in function_facts(outer).loads:
        return tree
    uses = _stack_uses(outer, saved, stack)
    if uses is None or uses[0] != uses[1]:
        return tree
    live = live_after(closure.body, set())
    pinned = pinned_names(closure)
    everything = function_facts(outer)
    taken = set(dir(builtins)) | set(everything.bound) | set(everything.loads) | {outer.name}
    left = _pair(taken, outer.body, closure.body, (saved, stack), live, pinned)
    tree.saves_changed = uses[0] - left
    if left == 0:  # no stack left: drop the lists too
        outer.body[:] = [s for s in outer.body if not _makes(s, saved)]
        closure.body[:] = [s for s in closure.body if not _makes(s, stack)]
        changed()
    return tree


def _pair(taken, primal, adjoint, lists, live, pinned, looped=False) -> int:
    """Name (or drop) the saves made in block ``primal`` and restored in ``adjoint``, its
    reversed block, then recurse into the branches and loops they hold. Inside a loop a
    save is only dropped (its restored value never read), never named. Returns how many
    pushes are left in ``primal``."""
    saved, stack = lists
    pushes = [s for s in primal if _is_push(s, saved)]
    pops = [s for s in adjoint if _pop_target(s, stack)]
    top_pop_calls = sum(_is_pop_call(n, stack) for s in adjoint for n in _shallow(s))
    if len(pushes) != len(pops) or top_pop_calls != len(pops):
        return _count(primal, saved)
    for push, pop in zip(reversed(pushes), pops):
        target = _pop_target(pop, stack)
        unread = target not in live[id(pop)] and target not in pinned
        if unread and _plain_value(push.value.args[0]):
            primal.remove(push)
            adjoint.remove(pop)
            changed()
        elif not looped:
            name = _fresh(taken, f"{target}_before")
            value = push.value.args[0]
            _replace(primal, push, ast.Assign([ast.Name(name, ast.Store())], value))
            _replace(
                adjoint,
                pop,
                ast.Assign([ast.Name(target, ast.Store())], ast.Name(name, ast.Load())),
            )
    compounds = [s for s in primal if isinstance(s, _COMPOUND) and _count([s], saved)]
    reversed_compounds = [s for s in adjoint if isinstance(s, _COMPOUND) and _count([s], stack)]
    pairs = list(zip(reversed(compounds), reversed_compounds))
    if len(compounds) == len(reversed_compounds) and all(_mirror(a, b, lists) for a, b in pairs):
        for block, reverse in pairs:
            inner = looped or not isinstance(block, ast.If)
            _pair(taken, block.body, reverse.body, lists, live, pinned, inner)
            _pair(taken, block.orelse, reverse.orelse, lists, live, pinned, inner)
    return _count(primal, saved)


_COMPOUND = (ast.If, ast.For, ast.While)


def _mirror(block, reverse, lists) -> bool:
    """Whether ``reverse`` is the adjoint of ``block``: a branch on the same condition, or
    a loop for a loop, with as many pops in each part as ``block`` has pushes."""
    saved, stack = lists
    if isinstance(block, ast.If) != isinstance(reverse, ast.If):
        return False
    if isinstance(block, ast.If) and ast.unparse(block.test) != ast.unparse(reverse.test):
        return False
    return _count(block.body, saved) == _count(reverse.body, stack) and _count(
        block.orelse, saved
    ) == _count(reverse.orelse, stack)


def _count(block, name) -> int:
    """The pushes to (or pops from) list ``name`` in ``block``."""
    return sum(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in ("append", "pop")
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == name
        for s in block
        for n in ast.walk(s)
    )


def _plain_value(node) -> bool:
    """A name, or ``runtime.shape_of(name)``: saving it has no effect but the save."""
    if isinstance(node, ast.Name):
        return True
    return (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) == "runtime.shape_of"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
    )


def _stack_uses(outer, saved, stack):
    """(pushes to ``saved``, pops from ``stack``) in ``outer``, or None if either list is
    used any other way than being made, pushed to, copied and popped from."""
    allowed, pushes, pops = set(), 0, 0
    for node in ast.walk(outer):
        if isinstance(node, ast.Expr) and _is_push(node, saved):
            allowed.add(id(node.value.func.value))
            pushes += 1
        elif _is_pop_call(node, stack):
            allowed.add(id(node.func.value))
            pops += 1
        elif isinstance(node, ast.Assign) and (_makes(node, saved) or _makes(node, stack)):
            allowed |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Name) and node.id in (saved, stack) and id(node) not in allowed:
            return None
    return pushes, pops


def _is_push(stmt, saved) -> bool:
    call = getattr(stmt, "value", None) if isinstance(stmt, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "append"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == saved
        and len(call.args) == 1
        and not call.keywords
    )


def _is_pop_call(node, stack) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "pop"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == stack
        and not node.args
        and not node.keywords
    )


def _pop_target(stmt, stack):
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and _is_pop_call(stmt.value, stack)
    ):
        return stmt.targets[0].id
    return None


def _makes(stmt, name) -> bool:
    """``saved = []`` or ``stack = list(saved)``."""
    return (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.targets[0].id == name
        and isinstance(stmt.value, (ast.List, ast.Call))
    )


def _shallow(stmt):
    """The nodes of a simple statement; nothing for a compound one (its own block)."""
    if isinstance(stmt, (ast.If, ast.For, ast.While, ast.FunctionDef)):
        return []
    return list(ast.walk(stmt))


def _replace(block, old, new):
    changed()
    new = ast.copy_location(new, old)
    if getattr(old, "trailing", None):
        new.trailing = old.trailing
    block[block.index(old)] = new


def _fresh(taken: set, hint: str) -> str:
    """A name like ``hint`` not in ``taken`` (which it joins)."""
    name, number = hint, 0
    while name in taken:
        number += 1
        name = f"{hint}{number}"
    taken.add(name)
    return name
