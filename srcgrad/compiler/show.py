"""A readable listing of the normal form (:mod:`.ir`), for documentation and debugging.

``format_statements(stmts)`` writes one line per statement in a Python-like notation::

    h = np.tanh(x=mul1)              # a primitive with a rule: its parameters bound to atoms
    out = call cell(h, w)            # a user function, compiled into its own adjoint
    b = on tape scaled(a)            # a tape island
    c = h                            # a copy
    t = (a, b)                       # a tuple, list or dict display
    v = xs[i]                        # an index read
    cond1 = sum1 > 0  # no gradient  # an expression that carries no gradient
    y[i] = v                         # a write into an array or list
    xs.append(v)
    if cond1: / else:                # branches, loops and the lowered ``break``
    for i in range(n): / while cond:
    break if flag
    return out

With ``line_of`` (a function of a statement's line, such as ``FunctionSource.file_line``)
each line is prefixed by the user's line it came from.
"""

from __future__ import annotations

from . import ir

__all__ = ["format_statements", "format_value"]

_INDENT = "    "


def format_value(value) -> str:
    """The right-hand side of an :class:`ir.Assign`."""
    if isinstance(value, ir.Prim):
        return _prim(value)
    if isinstance(value, ir.UserCall):
        name = getattr(value.function, "__name__", None) or value.primal.split("(")[0]
        return f"call {name}({', '.join(map(str, value.args))})"
    if isinstance(value, ir.TapeCall):
        args = [str(a) for a in value.args] + [f"{k}={v}" for k, v in value.kwargs.items()]
        return f"on tape {value.function}({', '.join(args)})"
    if isinstance(value, ir.Copy):
        return value.source if value.primal is None else f"{value.source}  # {value.primal}"
    if isinstance(value, ir.Pack):
        return _pack(value)
    if isinstance(value, ir.Index):
        return f"{value.obj}[{value.index}]"
    if isinstance(value, ir.Plain):
        return f"{value.primal}  # no gradient"
    return repr(value)


def format_statements(stmts, line_of=None) -> str:
    """The statements, one per line, nested blocks indented.

    ``line_of(line)`` maps a statement's ``line`` to the number shown before it; without
    it no numbers are shown.
    """
    out: list[str] = []
    _block(stmts, 0, out, line_of)
    return "\n".join(out)


def _prim(value: ir.Prim) -> str:
    name = _primitive_name(value.rule.primitive)
    args = [_atoms(a) for a in value.positional]
    args += [f"{param}={_atoms(atom)}" for param, atom in value.args.items()]
    return f"{name}({', '.join(args)})"


def _primitive_name(primitive) -> str:
    name = getattr(primitive, "__name__", None) or repr(primitive)
    module = getattr(primitive, "__module__", None) or ""
    if isinstance(primitive, type(abs)) and module == "builtins":
        return name
    if module.startswith("numpy.linalg"):
        return f"np.linalg.{name}"
    if module.startswith("numpy") or type(primitive).__name__ == "ufunc":
        return f"np.{name}"
    if module == "math":
        return f"math.{name}"
    if module.startswith("operator") or module == "_operator":
        return f"operator.{name}"
    return name


def _atoms(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _pack(value: ir.Pack) -> str:
    items = [str(a) for a in value.items]
    if value.kind == "dict":
        keys = value.keys or []
        return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items)) + "}"
    if value.kind == "list":
        return "[" + ", ".join(items) + "]"
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _block(stmts, depth: int, out: list, line_of) -> None:
    if not stmts:
        _emit(out, depth, "pass", None, line_of)
    for stmt in stmts:
        line = getattr(stmt, "line", None)
        if isinstance(stmt, ir.Assign):
            _emit(out, depth, f"{stmt.target} = {format_value(stmt.value)}", line, line_of)
        elif isinstance(stmt, ir.SetItem):
            _emit(out, depth, f"{stmt.obj}[{stmt.index}] = {stmt.value}", line, line_of)
        elif isinstance(stmt, ir.Append):
            _emit(out, depth, f"{stmt.obj}.append({stmt.value})", line, line_of)
        elif isinstance(stmt, ir.ExprStmt):
            _emit(out, depth, stmt.primal, line, line_of)
        elif isinstance(stmt, ir.If):
            _emit(out, depth, f"if {stmt.cond}:", line, line_of)
            _block(stmt.body, depth + 1, out, line_of)
            if stmt.orelse:
                _emit(out, depth, "else:", None, line_of)
                _block(stmt.orelse, depth + 1, out, line_of)
        elif isinstance(stmt, ir.For):
            _emit(out, depth, f"for {stmt.target} in {stmt.iterable}:", line, line_of)
            _block(stmt.body, depth + 1, out, line_of)
        elif isinstance(stmt, ir.While):
            _emit(out, depth, f"while {stmt.cond}:", line, line_of)
            _block(stmt.body, depth + 1, out, line_of)
        elif isinstance(stmt, ir.BreakIf):
            _emit(out, depth, f"break if {stmt.flag}", line, line_of)
        elif isinstance(stmt, ir.Return):
            _emit(out, depth, f"return {stmt.value}", line, line_of)
        else:
            _emit(out, depth, repr(stmt), line, line_of)


def _emit(out: list, depth: int, text: str, line, line_of) -> None:
    prefix = ""
    if line_of is not None:
        prefix = f"{line_of(line):>4} | " if line is not None else "     | "
    out.append(prefix + _INDENT * depth + text)
