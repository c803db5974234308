"""The optimiser: passes over generated code that make it shorter without changing what it does.

The reverse-mode generator writes one statement per operation and saves every value a loop
or branch overwrites; the result is right but wordy (``total1 = total + sum1; total =
total1``). :func:`optimize` parses the generated text once (comments kept, see
:mod:`srcgrad.compiler.backend.codeblocks`), runs these passes (in the order of
:func:`optimize_tree`), and prints it once:

- :func:`copy_propagation`: ``a = b`` followed by reads of ``a`` reads ``b`` instead, and a
  temporary read once by a copy (``item1 = x[k1]; xi = item1``) is assigned directly;
- :func:`inline_temporaries`: a temporary read once by the next statement is written into
  it (``y = np.tanh(a + b)``), where moving its computation changes nothing;
- :func:`straight_line_saves`: a value saved outside every loop goes to a named variable
  instead of the stack, and a save whose restored value is never read goes away (in
  loops too);
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
from .dataflow import changed, facts, forget, function_facts, live_after, pinned_names
from .optimize_copies import blocks, copy_propagation, functions, inline_temporaries
from .optimize_loops import straight_line_saves, trip_counts

__all__ = [
    "StackNames",
    "optimize",
    "optimize_tree",
    "copy_propagation",
    "inline_temporaries",
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


def optimize(code, stack: StackNames | None = None, gradients=frozenset(), fold=True) -> str:
    """Generated code (a module tree from the generators, or a text), optimised and
    printed. A text comes back as it was where a pass cannot run; for a tree that is an
    error (the passes have changed it).

    ``gradients`` names the variables that hold gradients (floating-point values), which
    :func:`fold_constants` may simplify; ``fold=False`` says the code holds nothing to
    fold (no integer 0 or 1, no negation), which spares that pass.
    """
    text = code if isinstance(code, str) else None
    tree = parse(code) if text is not None else code
    try:
        before = _bindings(tree)
        tree = optimize_tree(tree, stack or StackNames(), gradients, fold)
        if _same_scopes(before, tree):
            return emit(tree.body)
        failure = "a pass changed which names are local"
    except (Unsupported, RecursionError) as err:
        failure = f"{type(err).__name__}: {err}"
    if text is not None:
        return text
    # The passes change the generators' trees in place, so there is no unoptimised code
    # left to print: a compiler error (auto mode then runs the tape).
    raise RuntimeError(f"the optimiser could not run on generated code ({failure})")


def optimize_tree(tree: ast.Module, stack: StackNames, gradients=frozenset(), fold=True):
    """All passes, in order, on a tree from :func:`srcgrad.compiler.backend.codeblocks.parse`."""
    tree = copy_propagation(tree, stack.backward)
    tree = trip_counts(tree)
    if fold:
        tree = fold_constants(tree, gradients)
    tree = dead_code(tree)
    tree = straight_line_saves(tree, stack.saved, stack.stack, stack.backward)
    if tree.saves_changed:  # new copies (``x = x_before``), fewer reads between copies
        tree = copy_propagation(tree, stack.backward)
    tree = inline_temporaries(tree, gradients)
    return dead_code(tree)


# ---- dead code ----------------------------------------------------------------------------
def dead_code(tree: ast.Module) -> ast.Module:
    """Assignments of plain values (names, constants, tuples of them, shapes, zeros, list
    copies) to names read nowhere later are removed, until none is left.

    >>> print(emit(dead_code(parse("def f(x):\\n    a = x\\n    return x\\n")).body))
    def f(x):
        return x
    <BLANKLINE>
    """
    for function in functions(tree):
        pinned = pinned_names(function)
        while _remove_dead(function, pinned):
            pass
    return tree


def _remove_dead(function, pinned) -> bool:
    candidates = {}
    for block in blocks(function.body):
        for stmt in block:
            if (
                isinstance(stmt, ast.Assign)
                and all(isinstance(t, ast.Name) for t in stmt.targets)
                and not all(t.id in pinned for t in stmt.targets)
                and _pure(stmt.value)
            ):
                candidates[id(stmt)] = (block, stmt)
    if not candidates:
        return False
    live = live_after(function.body, set(), wanted=candidates.keys())
    removed = False
    for key, (block, stmt) in candidates.items():
        kept = [t for t in stmt.targets if t.id in pinned or t.id in live[key]]
        if len(kept) == len(stmt.targets):
            continue
        removed = True
        if kept:
            stmt.targets = kept
            forget(stmt)
        else:
            del block[next(i for i, s in enumerate(block) if s is stmt)]
            changed()
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
    folding = _Fold(frozenset(gradients))
    folding.visit(tree)
    if folding.changed:
        forget(tree)
    return tree


class _Fold(ast.NodeTransformer):
    def __init__(self, gradients):
        self.gradients = gradients
        self.changed = False

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
            node, self.changed = folded, True

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


def _bindings(tree) -> dict:
    """function name -> the names it binds itself (its locals)."""
    bound = {}
    for function in functions(tree):
        bound[function.name] = function_facts(function).stores | {
            a.arg for a in function.args.args
        }
    return bound


def _same_scopes(before: dict, tree) -> bool:
    """Whether every name each function reads is still local, or still not, as before."""
    after = _bindings(tree)
    if after.keys() != before.keys():
        return False
    for function in functions(tree):
        known, own = before[function.name], after[function.name]
        for stmt in function.body:
            if isinstance(stmt, ast.FunctionDef):
                continue
            if any((name in own) != (name in known) for name in facts(stmt).loads):
                return False
    return True
