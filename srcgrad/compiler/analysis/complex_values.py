"""Code that computes with complex numbers: the complex forms of the rules, and a check
before each step whose rules do not follow complex values.

A function *computes with complex numbers* when its code holds a complex literal
(``1j * w``), a ``dtype`` naming a complex type, or a call of a primitive whose entry says
so (``np.fft.rfft``, ``np.real``: ``Rule.complex_signal``). In such a function every
differentiated call of a primitive whose rules are right for complex values uses their
complex forms (``srcgrad/rules/complex_table.py``), and every other differentiated call is
preceded by a check that none of its inputs is complex (``runtime.refuse_complex``), so a
complex value never reaches a rule that does not follow it.

Any other function is compiled as before: a complex value there (a complex argument, a
complex global) makes a gradient come out complex, which the checks of
``srcgrad/result_checks.py`` refuse.
"""

from __future__ import annotations

import ast
import re

from ...rules.complex_table import complex_twin
from .. import ir

__all__ = ["plan_complex"]

_COMPLEX_LITERAL = re.compile(r"(?<![\w.])(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[jJ]\b")


def plan_complex(stmts, varied) -> bool:
    """Switch ``stmts`` to the complex forms of the rules and mark the checks, if the code
    computes with complex numbers; True if it does."""
    assigns = list(ir.assignments(stmts))
    if not any(_signals_complex(stmt.value) for stmt in assigns):
        return False
    for stmt in assigns:
        value = stmt.value
        if not isinstance(value, ir.Prim) or value.rule.nondiff:
            continue
        if not any(name in varied for name in value.reads()):
            continue
        if value.rule.complex_ok:
            value.rule = complex_twin(value.rule)
        else:
            stmt.real_only = True
    return True


def _signals_complex(value) -> bool:
    if isinstance(value, ir.Prim):
        if value.rule.complex_signal:
            return True
        dtype = value.args.get("dtype")
        if isinstance(dtype, str) and "complex" in dtype:
            return True
        return any(_is_complex_literal(atom) for atom in _atoms(value))
    if isinstance(value, ir.Pack):
        return any(_is_complex_literal(atom) for atom in value.items)
    if isinstance(value, (ir.Plain, ir.TapeCall)):
        return bool(_COMPLEX_LITERAL.search(value.primal)) or "complex" in value.primal
    return False


def _atoms(prim):
    for value in (*prim.args.values(), *prim.positional):
        yield from value if isinstance(value, list) else [value]


def _is_complex_literal(atom) -> bool:
    if not isinstance(atom, str) or "j" not in atom.lower():
        return False
    try:
        return isinstance(ast.literal_eval(atom), complex)
    except (ValueError, SyntaxError):
        return False
