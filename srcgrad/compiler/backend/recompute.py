"""Which values of a loop the adjoint recomputes instead of saving them on every trip.

A value assigned once per trip of ``for k in range(n)`` from values that do not change
while the function runs, the counter ``k`` and other such values of the same trip
(``xi = x[k]``, ``prediction = np.tanh(xi @ w + b)``) can be computed again at the start of
the same trip of the adjoint, which runs ``for k in reversed(range(trips))``: nothing is
saved for it, as a person writing the gradient by hand would do.

It is done only where recomputing gives the same value for certain:

- the loop runs over ``range`` with one argument, so its counter on trip ``t`` is ``t``;
- the counter and each recomputed name are assigned nowhere else in the function, are
  read nowhere outside the loop, and each is assigned (at the top level of the loop's
  body, before any ``break``) before the body reads it;
- the value is a primitive of the rules table (deterministic NumPy), an item read, a copy
  or a tuple/list display, with no in-place check before it;
- every other name it reads is assigned at most once in the function, outside the loop;
- the loop's body writes into nothing and calls no user function, and the function runs
  nothing on the tape and no statement for its effect, so no array a recomputed value
  reads can change between the primal sweep and the adjoint.

>>> import ast
>>> _one_argument_range("range(trips1)"), _one_argument_range("range(1, n)")
(True, False)
"""

from __future__ import annotations

import ast
from collections import Counter

from .. import ir

__all__ = ["recomputable"]

_VALUES = (ir.Prim, ir.Index, ir.Copy, ir.Pack)


def recomputable(stmts, params) -> dict:
    """``id(loop) -> [Assign ...]``: for each loop of ``stmts`` (the function's normal form)
    the assignments of its body the adjoint recomputes, in the order the primal runs them."""
    if any(
        isinstance(s, ir.ExprStmt)
        or (isinstance(s, ir.Assign) and isinstance(s.value, ir.TapeCall))
        for s in ir.walk(stmts)
    ):
        return {}
    counts = Counter(params)
    for stmt in ir.walk(stmts):
        if isinstance(stmt, ir.Assign):
            counts[stmt.target] += 1
        elif isinstance(stmt, ir.For):
            counts[stmt.target] += 1
    found = {}
    for loop in ir.walk(stmts):
        if isinstance(loop, ir.For):
            chosen = _in_loop(loop, stmts, counts)
            if chosen:
                found[id(loop)] = chosen
    return found


def _in_loop(loop, stmts, counts) -> list:
    inside = list(ir.walk(loop.body))
    if not _one_argument_range(loop.iterable) or counts[loop.target] != 1:
        return []
    if any(isinstance(s, (ir.SetItem, ir.Append)) for s in inside) or any(
        isinstance(s, ir.Assign) and isinstance(s.value, ir.UserCall) for s in inside
    ):
        return []
    assigned_inside = {s.target for s in inside if isinstance(s, ir.Assign)}
    assigned_inside |= {s.target for s in inside if isinstance(s, ir.For)}
    outside_reads = _reads_outside(stmts, loop)
    if loop.target in outside_reads:
        return []
    available = {loop.target}  # names whose value on this trip the adjoint can compute
    read_so_far: set = set()
    chosen = []
    for stmt in loop.body:
        if isinstance(stmt, ir.BreakIf):
            break
        if (
            isinstance(stmt, ir.Assign)
            and isinstance(stmt.value, _VALUES)
            and not (stmt.shared_with or stmt.container or stmt.from_outside)
            and counts[stmt.target] == 1
            and stmt.target not in outside_reads
            and stmt.target not in read_so_far
            and all(
                name in available or (counts[name] <= 1 and name not in assigned_inside)
                for name in stmt.reads()
            )
        ):
            chosen.append(stmt)
            available.add(stmt.target)
        read_so_far.update(name for s in ir.walk([stmt]) for name in s.reads())
    return chosen


def _one_argument_range(text: str) -> bool:
    """Whether ``text`` is ``range(n)``: its counter is 0, 1, ... as the trips go."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "range"
        and len(node.args) == 1
        and not isinstance(node.args[0], ast.Starred)
        and not node.keywords
    )


def _reads_outside(stmts, loop) -> set:
    """The names read by the statements of ``stmts`` that are not in ``loop``'s body."""
    names = set()
    for stmt in stmts:
        names.update(stmt.reads())
        if stmt is loop:
            continue
        names |= _reads_outside(ir.children(stmt), loop)
    return names
