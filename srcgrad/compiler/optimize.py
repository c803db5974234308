"""The optimiser: passes over generated code that make it shorter without changing what it does.

The reverse-mode generator writes one statement per operation and saves every value a loop
or branch overwrites; the result is right but wordy (``total1 = total + sum1; total =
total1``). :func:`optimize` parses the generated text once (comments kept, see
:mod:`srcgrad.compiler.codeblocks`), runs the passes below in order, and prints it once:

- :func:`copy_propagation`: ``a = b`` followed by reads of ``a`` reads ``b`` instead, and a
  temporary read once by a copy (``item1 = x[k1]; xi = item1``) is assigned directly;
- :func:`straight_line_saves`: a value saved outside any loop or branch goes to a named
  variable instead of the stack, and a save whose restored value is never read goes away;
- :func:`trip_counts`: ``for ... in range(n)`` without ``break`` gets its trip count before
  the loop instead of counting every trip;
- :func:`fold_constants`: ``g * 1``, ``g + 0`` and ``-(-g)`` on gradients become ``g``;
- :func:`dead_code`: assignments of plain values (names, constants, shapes) never read.

Each pass rewrites only what it can show is the same computation; otherwise it leaves the
code as it is. The ``# line N:`` comments stay above the statements they describe, so
tracebacks still name the user's line. A backward closure stays re-runnable: no pass makes
it write a value the primal sweep made.

>>> print(optimize("def f(x):\\n    y = x\\n    z = y * 2\\n    return z\\n"), end="")
def f(x):
    z = x * 2
    return z
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .codeblocks import Unsupported, emit, parse
from .dataflow import NESTED_SCOPES, live_after, pinned_names, reads, writes
from .optimize_loops import straight_line_saves, trip_counts

__all__ = [
    "StackNames",
    "optimize",
    "optimize_tree",
    "copy_propagation",
    "dead_code",
    "fold_constants",
    "straight_line_saves",
    "trip_counts",
]


@dataclass(frozen=True)
class StackNames:
    """The generated code's own names: the list of saved values, the backward closure's
    copy of it, and the closure itself (renamed where the user's code has the name)."""

    saved: str = "saved"
    stack: str = "stack"
    backward: str = "backward"


def optimize(text: str, stack: StackNames | None = None, gradients=frozenset()) -> str:
    """Generated code ``text``, optimised; ``text`` unchanged where a pass cannot run.

    ``gradients`` names the variables that hold gradients (floating-point values), which
    :func:`fold_constants` may simplify.
    """
    try:
        tree = parse(text)
        before = _bindings(tree)
        tree = optimize_tree(tree, stack or StackNames(), gradients)
        if not _same_scopes(before, tree):
            return text
        return emit(tree.body)
    except (Unsupported, SyntaxError, RecursionError):
        return text


def optimize_tree(tree: ast.Module, stack: StackNames, gradients=frozenset()) -> ast.Module:
    """All passes, in order, on a tree from :func:`srcgrad.compiler.codeblocks.parse`."""
    tree = copy_propagation(tree, stack.backward)
    tree = trip_counts(tree)
    tree = fold_constants(tree, gradients)
    tree = dead_code(tree)
    tree = straight_line_saves(tree, stack.saved, stack.stack, stack.backward)
    tree = copy_propagation(tree, stack.backward)
    return dead_code(tree)


# ---- copy propagation -------------------------------------------------------------------
def copy_propagation(tree: ast.Module, closure: str = "backward") -> ast.Module:
    """Reads of ``a`` after ``a = b`` read ``b`` (until either is assigned again), and
    ``t = e; v = t`` with ``t`` read nowhere else becomes ``v = e``.

    >>> print(emit(copy_propagation(parse("def f(b):\\n    a = b\\n    c = a + 1\\n")).body))
    def f(b):
        a = b
        c = b + 1
    <BLANKLINE>
    """
    for function in _functions(tree):
        pinned = pinned_names(function)
        counts = _name_counts(function)
        # Names a nested function other than the backward closure reads: it may be
        # called while the function runs. (The backward closure runs after it returns.)
        called_later = set()
        for stmt in ast.walk(function):
            if stmt is not function and not (
                isinstance(stmt, ast.FunctionDef) and stmt.name == closure
            ):
                if isinstance(stmt, (ast.FunctionDef, *NESTED_SCOPES)):
                    called_later |= {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}
        for block in _blocks(function.body):
            _forward_temporaries(block, pinned, counts, called_later)
            _propagate_copies(block, pinned)
    return tree


def _propagate_copies(block, pinned):
    position = 0
    while position < len(block):
        copy = _name_copy(block[position])
        if copy and copy[0] not in pinned:
            _substitute_after(block, position, *copy)
        position += 1


def _substitute_after(block, position, copied, source):
    """Replace reads of ``copied`` by ``source`` after ``block[position]``."""
    stop = {copied, source}
    later = position + 1
    while later < len(block):
        stmt = block[later]
        if isinstance(stmt, ast.FunctionDef):
            if stmt.name in stop:
                return
            later += 1
            continue
        if isinstance(stmt, (ast.If, ast.For, ast.While)) and writes(stmt) & stop:
            head = stmt.iter if isinstance(stmt, ast.For) else stmt.test
            _Rename(copied, source).visit(head)
            return
        if isinstance(stmt, ast.AugAssign) and writes(stmt) & stop:
            return
        _Rename(copied, source).visit(stmt)
        if _name_copy(stmt) == (source, source):  # became ``b = b``
            del block[later]
            continue
        if writes(stmt) & stop:
            return
        later += 1


class _Rename(ast.NodeTransformer):
    """Loads of one name become loads of another; nested scopes are left alone."""

    def __init__(self, old, new):
        self.old, self.new = old, new

    def visit_Name(self, node):
        if node.id == self.old and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Name(self.new, ast.Load()), node)
        return node

    def generic_visit(self, node):
        if isinstance(node, (ast.FunctionDef, *NESTED_SCOPES)):
            return node
        return super().generic_visit(node)


def _forward_temporaries(block, pinned, counts, called_later):
    """``t = e; ...; v = t`` with ``t`` read nowhere else: ``v = e`` in one statement.

    With only saves of other values between, ``e`` moves down to ``v``; else, where
    nothing between reads or writes ``v``, ``t = e`` becomes ``v = e`` in its place.
    """
    position = 0
    while position < len(block):
        temporary = _single_target(block[position])
        if temporary and temporary not in pinned and counts.get(temporary) == (1, 1):
            user = _copy_user(block, position, temporary)
            if user is not None:
                value, name = block[position].value, _single_target(block[user])
                if all(_is_save(s) for s in block[position + 1 : user]):
                    block[user] = _assign(name, value, like=block[user])
                    del block[position]
                    continue
                between = block[position + 1 : user]
                if name not in called_later and not any(name in _mentions(s) for s in between):
                    block[position] = _assign(name, value, like=block[position])
                    del block[user]
                    continue
        position += 1


def _copy_user(block, position, temporary):
    """Where ``v = temporary`` follows ``block[position]`` in the same block."""
    for later in range(position + 1, len(block)):
        copy = _name_copy(block[later])
        if copy and copy[1] == temporary:
            return later
        if temporary in _mentions(block[later]):
            return None
    return None


def _mentions(stmt) -> set:
    return reads(stmt) | writes(stmt)


def _is_save(stmt) -> bool:
    """``list.append(name)`` or ``list.append(runtime.shape_of(name))``: a read of a value
    that has no effect on any other (no comment either: a value stays under its line)."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "append"
        and isinstance(call.func.value, ast.Name)
        and len(call.args) == 1
        and not call.keywords
    ):
        return False
    argument = call.args[0]
    return isinstance(argument, ast.Name) or (
        isinstance(argument, ast.Call)
        and ast.unparse(argument.func) == "runtime.shape_of"
        and len(argument.args) == 1
        and isinstance(argument.args[0], ast.Name)
    )


# ---- dead code ----------------------------------------------------------------------------
def dead_code(tree: ast.Module) -> ast.Module:
    """Assignments of plain values (names, constants, tuples of them, shapes, zeros, list
    copies) to names read nowhere later are removed, until none is left.

    >>> print(emit(dead_code(parse("def f(x):\\n    a = x\\n    return x\\n")).body))
    def f(x):
        return x
    <BLANKLINE>
    """
    for function in _functions(tree):
        pinned = pinned_names(function)
        while _remove_dead(function, pinned):
            pass
    return tree


def _remove_dead(function, pinned) -> bool:
    live = live_after(function.body, set())
    removed = False
    for block in _blocks(function.body):
        for position in range(len(block) - 1, -1, -1):
            stmt = block[position]
            if not isinstance(stmt, ast.Assign) or not _pure(stmt.value):
                continue
            if not all(isinstance(t, ast.Name) for t in stmt.targets):
                continue
            kept = [t for t in stmt.targets if t.id in pinned or t.id in live[id(stmt)]]
            if len(kept) == len(stmt.targets):
                continue
            removed = True
            if kept:
                stmt.targets = kept
            else:
                del block[position]
    return removed


_PURE_CALLS = {("runtime", "shape_of"), ("runtime", "zeros_like"), (None, "list")}


def _pure(node) -> bool:
    """Whether evaluating ``node`` has no effect besides its value (and cannot fail)."""
    if isinstance(node, (ast.Constant, ast.Name)):
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_pure(item) for item in node.elts)
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            key = (func.value.id, func.attr)
        else:
            key = (None, func.id) if isinstance(func, ast.Name) else None
        return key in _PURE_CALLS and isinstance(node.args[0], ast.Name)
    return False


# ---- constant folding -----------------------------------------------------------------------
def fold_constants(tree: ast.Module, gradients=frozenset()) -> ast.Module:
    """``g * 1``, ``1 * g``, ``g + 0``, ``0 + g``, ``g - 0`` and ``-(-g)`` become ``g`` where
    every name in ``g`` is a gradient (a floating-point value, for which these are exact)
    and the result is an operand of a larger expression (so no new alias is made).

    >>> tree = parse("y_grad = (g * 1) / 2")
    >>> print(emit(fold_constants(tree, {"g"}).body), end="")
    y_grad = g / 2
    """
    _Fold(frozenset(gradients)).visit(tree)
    return tree


class _Fold(ast.NodeTransformer):
    def __init__(self, gradients):
        self.gradients = gradients

    def visit_BinOp(self, node):
        node.left, node.right = self._operand(node.left), self._operand(node.right)
        return node

    def visit_UnaryOp(self, node):
        node.operand = self._operand(node.operand)
        return node

    def _operand(self, node):
        node = self.visit(node)
        while True:
            folded = self._identity(node)
            if folded is None:
                return node
            node = folded

    def _identity(self, node):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.UnaryOp) and isinstance(inner.op, ast.USub):
                return inner.operand if self._gradient(inner.operand) else None
            return None
        if not isinstance(node, ast.BinOp):
            return None
        left, right = node.left, node.right
        if isinstance(node.op, ast.Mult):
            pairs = [(left, right), (right, left)]
            neutral = 1
        elif isinstance(node.op, ast.Add):
            pairs = [(left, right), (right, left)]
            neutral = 0
        elif isinstance(node.op, ast.Sub):
            pairs = [(left, right)]
            neutral = 0
        else:
            return None
        for kept, constant in pairs:
            if _is_int(constant, neutral) and self._gradient(kept):
                return kept
        return None

    def _gradient(self, node) -> bool:
        names = [n for n in ast.walk(node) if isinstance(n, ast.Name)]
        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
        return bool(names) and not calls and all(n.id in self.gradients for n in names)


def _is_int(node, value) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == value


# ---- helpers ----------------------------------------------------------------------------------
def _functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _blocks(stmts):
    """Every statement list in ``stmts`` and its compound statements (not nested functions)."""
    yield stmts
    for stmt in list(stmts):
        for field in ("body", "orelse"):
            if isinstance(stmt, (ast.If, ast.For, ast.While)):
                yield from _blocks(getattr(stmt, field))


def _name_copy(stmt):
    """``(a, b)`` for the statement ``a = b`` between two plain names, else None."""
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Name)
    ):
        return stmt.targets[0].id, stmt.value.id
    return None


def _single_target(stmt):
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _name_counts(function) -> dict:
    """name -> (times it is read, times it is bound) anywhere in ``function``."""
    counts: dict[str, list[int]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            entry = counts.setdefault(node.id, [0, 0])
            entry[0 if isinstance(node.ctx, ast.Load) else 1] += 1
        elif isinstance(node, ast.arg):
            counts.setdefault(node.arg, [0, 0])[1] += 1
    return {name: tuple(entry) for name, entry in counts.items()}


def _assign(name, value, like):
    stmt = ast.Assign([ast.Name(name, ast.Store())], value)
    stmt = ast.copy_location(stmt, like)
    if getattr(like, "trailing", None):
        stmt.trailing = like.trailing
    return stmt


def _bindings(tree) -> dict:
    """function name -> the names it binds itself (its locals)."""
    bound = {}
    for function in _functions(tree):
        own = {a.arg for a in function.args.args}
        for stmt in function.body:
            own |= writes(stmt)
        bound[function.name] = own
    return bound


def _same_scopes(before: dict, tree) -> bool:
    """Whether every name each function reads is still local, or still not, as before."""
    after = _bindings(tree)
    if after.keys() != before.keys():
        return False
    for function in _functions(tree):
        known = before[function.name]
        own = after[function.name]
        for stmt in function.body:
            if isinstance(stmt, ast.FunctionDef):
                continue
            for name in reads(stmt):
                if (name in own) != (name in known):
                    return False
    return True
