"""Complex values in compiled code: which rules a function uses, and the checks that keep
a complex value away from rules that do not follow it.

A function *computes with complex numbers* when its code holds a complex literal
(``1j * w``), a name for a complex type (``dtype=complex``), a global or closure value
that is complex, a call of a primitive whose entry says so (``np.fft.rfft``, ``np.real``:
``Rule.complex_signal``), or a differentiated call of a user function that computes with
them (read from that function's code if it is not compiled yet). Such a function is
compiled with the complex forms of the rules that have them
(``srcgrad/rules/complex_table.py``) and checks, when it runs, before every differentiated
call

- of a primitive whose rules do not follow complex values, that no input is complex;
- of a user function that was not compiled this way, that no argument is complex.

Any other function is compiled with the real rules, and its callees are known to compute
with real values only; where that is not known (a call run on the tape, a callee whose
code could not be read first, a function that calls itself through another), a
primitive call that reads the call's result checks that it is real. Whatever else gives
a real value a complex gradient (a complex attribute of an object) is refused by the
complex forms' check on their output's gradient, or by ``srcgrad/result_checks.py``;
never reduced to its real part.
"""

from __future__ import annotations

import ast
import re
from types import SimpleNamespace

import numpy as np

from ...rules.complex_table import complex_twin, is_complex_value
from .. import ir
from ..runtime.checks import complex_key, mark_planned, planned_complex

__all__ = ["plan_complex"]

_COMPLEX_LITERAL = re.compile(r"(?<![\w.])(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[jJ]\b")


def plan_complex(stmts, varied, source, fn, values) -> bool:
    """Choose the rules of ``stmts`` (the code of ``fn``) and set their complex checks;
    ``values``: the globals and closure values the code reads (name -> value). True when
    the code computes with complex numbers."""
    assigns = [s for s in ir.assignments(stmts) if _differentiated(s, varied)]
    calls = {s.value.function for s in assigns if isinstance(s.value, ir.UserCall)}
    _PLANNING.add(complex_key(fn))
    try:  # a recursive call of fn itself is planned as fn is
        callees = {c: _planned(c) for c in calls if complex_key(c) != complex_key(fn)}
    finally:
        _PLANNING.discard(complex_key(fn))
    complex_forms = any(callees.values()) or _computes_with_complex(
        list(ir.assignments(stmts)), values
    )
    callees.update({c: complex_forms for c in calls if c not in callees})
    mark_planned(fn, complex_forms)
    if not complex_forms:
        producers = _results_of_calls(stmts)
        for stmt in assigns:
            if isinstance(stmt.value, ir.Prim):
                calls = set().union(*(producers.get(n, ()) for n in stmt.value.reads()))
                if any(call is None or callees.get(call) is not False for call in calls):
                    stmt.complex_check = _check_inputs(stmt, source)
        return False
    for stmt in assigns:
        value = stmt.value
        if isinstance(value, ir.UserCall):
            stmt.complex_check = _check_callee(stmt, source)
        elif not isinstance(value, ir.Prim) or value.rule.nondiff:
            continue
        elif value.rule.complex_ok:
            value.rule = complex_twin(value.rule)
        else:
            stmt.complex_check = _check_inputs(stmt, source)
    return True


def _differentiated(stmt, varied) -> bool:
    return any(name in varied for name in stmt.value.reads())


# The functions being planned now (a callee that calls back is not read again).
_PLANNING: set = set()


def _planned(fn):
    """Whether ``fn`` is compiled with the complex forms; found by reading its code (its
    front end, with nothing differentiated) when it is not compiled yet. None: unknown
    (a function being planned, or code the front end refuses)."""
    if planned_complex(fn) is None and complex_key(fn) not in _PLANNING:
        from ..frontend.stages import front_end  # the front end calls this module

        try:
            front_end(fn, (), SimpleNamespace(dependencies=[]), islands=True)
        except Exception:  # noqa: BLE001 - the call is compiled (and refused) on its own
            return None
    return planned_complex(fn)


def _where(stmt, source) -> str:
    return repr(f"{source.filename}:{source.file_line(stmt.line)}")


def _check_inputs(stmt, source) -> str:
    value = stmt.value
    atoms = [_atom_text(a) for a in (*value.args.values(), *value.positional)]
    return f"runtime.refuse_complex({_where(stmt, source)}, {value.primal!r}, {', '.join(atoms)})"


def _check_callee(stmt, source) -> str:
    value = stmt.value
    key = complex_key(value.function)
    args = ", ".join(value.args)
    return f"runtime.refuse_complex_call({_where(stmt, source)}, {value.primal!r}, {key}, {args})"


def _atom_text(atom) -> str:
    return f"[{', '.join(atom)}]" if isinstance(atom, list) else str(atom)


def _results_of_calls(stmts) -> dict:
    """Name -> the calls whose result (or a container of it) the name may hold: user
    functions, and None for a call run on the tape."""
    found: dict = {}
    assigns = list(ir.assignments(stmts))
    changed = True
    while changed:
        changed = False
        for stmt in assigns:
            value = stmt.value
            if isinstance(value, ir.UserCall):
                calls = {value.function}
            elif isinstance(value, ir.TapeCall):
                calls = {None}
            elif isinstance(value, (ir.Copy, ir.Index, ir.Pack)):
                calls = set().union(*(found.get(n, ()) for n in value.reads()))
            else:
                continue
            if not calls <= found.get(stmt.target, set()):
                found[stmt.target] = found.get(stmt.target, set()) | calls
                changed = True
    return found


def _computes_with_complex(assigns, values) -> bool:
    if any(_signals_complex(stmt.value) for stmt in assigns):
        return True
    return any(_complex_value(value) for value in values.values())


def _complex_value(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_complex_value(v) for v in value)
    if isinstance(value, type) or isinstance(value, np.dtype):
        try:
            return np.dtype(value).kind == "c"
        except TypeError:
            return False
    return is_complex_value(value)


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
