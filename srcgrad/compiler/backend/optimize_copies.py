"""Optimiser passes about copies: reads through ``a = b``, and temporaries made to be copied.

See :mod:`srcgrad.compiler.backend.optimize` for the pipeline these passes are part of.
"""

from __future__ import annotations

import ast

from .dataflow import NESTED_SCOPES, changed, facts, forget, function_facts, reads, writes

__all__ = ["copy_propagation", "inline_temporaries", "functions", "blocks"]


def copy_propagation(tree: ast.Module, closure: str = "backward") -> ast.Module:
    """Reads of ``a`` after ``a = b`` read ``b`` (until either is assigned again), and
    ``t = e; v = t`` with ``t`` read nowhere else becomes ``v = e``.

    >>> print(emit(copy_propagation(parse("def f(b):\\n    a = b\\n    c = a + 1\\n")).body))
    def f(b):
        a = b
        c = b + 1
    <BLANKLINE>
    """
    for function in functions(tree):
        # Names a nested function other than the backward closure reads: it may be
        # called while the function runs. (The backward closure runs after it returns.)
        found, called_later = function_facts(function), set()
        for stmt in function.body:
            if not (isinstance(stmt, ast.FunctionDef) and stmt.name == closure):
                called_later |= facts(stmt).nested
        pinned, counts = found.nested, _counts(found)
        for block in blocks(function.body):
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
            if not isinstance(stmt, ast.While):  # a while's test runs again after its body
                _Rename(copied, source).visit(
                    stmt.iter if isinstance(stmt, ast.For) else stmt.test
                )
            return
        if isinstance(stmt, ast.AugAssign) and writes(stmt) & stop:
            return
        if copied in facts(stmt).loads:
            _Rename(copied, source).visit(stmt)
            forget(stmt)
        if _name_copy(stmt) == (source, source):  # became ``b = b``
            del block[later]
            changed()
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
                    changed()
                    continue
                between = block[position + 1 : user]
                untouched = not any(name in _mentions(s) or _jumps(s) for s in between)
                if name not in called_later and untouched:
                    block[position] = _assign(name, value, like=block[position])
                    del block[user]
                    changed()
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


def _jumps(stmt) -> bool:
    """Whether ``stmt`` may leave its block early (``break``, ``continue``, ``return``)."""
    return facts(stmt).jumps


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


def inline_temporaries(tree: ast.Module, gradients=frozenset()) -> ast.Module:
    """A temporary read once, by the next statement under the same user line, is written
    into that statement: ``add1 = a + b; y = np.tanh(add1)`` -> ``y = np.tanh(a + b)``.

    Only where moving the temporary's computation changes nothing: the statements between
    only save values, and everything the using statement evaluates before the temporary is
    a name, a constant or a module's function (reading them cannot see the computation).
    Gradients (names in ``gradients``) keep their names, one rule per line, and so does a
    returned value.

    >>> from srcgrad.compiler.backend.codeblocks import emit, parse
    >>> code = "def f(a, b):\n    t = a + b\n    y = np.tanh(t)\n    return y\n"
    >>> print(emit(inline_temporaries(parse(code)).body), end="")
    def f(a, b):
        y = np.tanh(a + b)
        return y
    """
    for function in functions(tree):
        found = function_facts(function)
        kept, counts = found.nested | set(gradients), _counts(found)
        for block in blocks(function.body):
            position = 0
            while position < len(block):
                if not _inline_at(block, position, kept, counts):
                    position += 1
    return tree


def _inline_at(block, position, pinned, counts) -> bool:
    temporary = _single_target(block[position])
    if not temporary or temporary in pinned or counts.get(temporary) != (1, 1):
        return False
    user = position + 1
    while user < len(block) and _is_save(block[user]):
        user += 1
    if user == len(block) or not isinstance(block[user], _SIMPLE):
        return False
    stmt = block[user]
    if temporary not in reads(stmt) or not _reached_first(stmt, temporary):
        return False
    value = block[position].value
    _Substitute(temporary, value).visit(stmt)
    forget(stmt)
    del block[position]
    return True


_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr)
_MODULES = {"np", "math", "runtime"}


def _reached_first(stmt, name) -> bool:
    """Whether ``stmt`` evaluates only names, constants and module attributes before it
    reads ``name`` (in Python's order: the value before the targets, left to right)."""
    order = [stmt.value] if not isinstance(stmt, ast.Assign) else [stmt.value, *stmt.targets]
    if isinstance(stmt, ast.AugAssign):
        order = [stmt.target, stmt.value]
    for node in order:
        outcome = _scan(node, name)
        if outcome is not None:
            return outcome
    return False


def _scan(node, name):
    """True: ``name`` is read, after harmless reads only; False: something else comes
    first; None: neither (all of ``node`` is harmless and ``name`` is not in it)."""
    if isinstance(node, ast.Name):
        return True if node.id == name and isinstance(node.ctx, ast.Load) else None
    if isinstance(node, ast.Constant):
        return None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return None if node.value.id in _MODULES else False
    if isinstance(node, NESTED_SCOPES):
        return False
    if isinstance(
        node,
        (
            ast.BinOp,
            ast.Call,
            ast.Tuple,
            ast.List,
            ast.UnaryOp,
            ast.Subscript,
            ast.Compare,
            ast.keyword,
            ast.Starred,
            ast.Slice,
        ),
    ):
        for child in _in_order(node):
            outcome = _scan(child, name)
            if outcome is not None:
                return outcome
        # The operation itself runs now, before anything after it is read.
        return False if name in reads(node) else _operation_harmless(node)
    return False


def _in_order(node):
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.Call):
        return [node.func, *node.args, *node.keywords]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    return list(ast.iter_child_nodes(node))


def _operation_harmless(node):
    """An operation finished before ``name`` is read: harmless only if it has no effect,
    which for an operator or call is not known, so it stops the search."""
    if isinstance(node, (ast.Tuple, ast.List, ast.keyword, ast.Starred, ast.Slice)):
        return None
    return False


class _Substitute(ast.NodeTransformer):
    def __init__(self, name, value):
        self.name, self.value = name, value

    def visit_Name(self, node):
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return self.value
        return node


def functions(tree):
    """Every function definition in ``tree``'s statements, outer ones first."""
    found = []

    def visit(stmts):
        for stmt in stmts:
            if isinstance(stmt, ast.FunctionDef):
                found.append(stmt)
                visit(stmt.body)
            elif isinstance(stmt, (ast.If, ast.For, ast.While)):
                visit(stmt.body)
                visit(stmt.orelse)

    visit(tree.body)
    return found


def blocks(stmts):
    """Every statement list in ``stmts`` and its compound statements (not nested functions)."""
    yield stmts
    for stmt in list(stmts):
        for field in ("body", "orelse"):
            if isinstance(stmt, (ast.If, ast.For, ast.While)):
                yield from blocks(getattr(stmt, field))


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


def _counts(found) -> dict:
    """name -> (times it is read, times it is bound), from a function's facts."""
    loads, bound = found.loads, found.bound
    return {name: (loads.get(name, 0), bound.get(name, 0)) for name in loads.keys() | bound.keys()}


def _assign(name, value, like):
    stmt = ast.Assign([ast.Name(name, ast.Store())], value)
    stmt = ast.copy_location(stmt, like)
    if getattr(like, "trailing", None):
        stmt.trailing = like.trailing
    return stmt
