"""The normal form the reverse sweep works on: one operation per statement.

An *atom* is the source text of a variable name or of a constant (``"x"``, ``"2.0"``,
``"None"``). Every statement remembers the user's line it came from, so generated code
can say which line an adjoint block belongs to and errors can point at the user's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..rules import Rule

__all__ = [
    "Prim",
    "UserCall",
    "TapeCall",
    "Copy",
    "Pack",
    "Index",
    "Plain",
    "Assign",
    "SetItem",
    "Append",
    "ExprStmt",
    "If",
    "For",
    "While",
    "BreakIf",
    "Return",
    "is_name",
    "primal_text",
    "children",
    "walk",
    "guarded_names",
]


def is_name(atom) -> bool:
    return isinstance(atom, str) and atom.isidentifier() and atom not in ("None", "True", "False")


def unknown_kind(stage: str, node) -> TypeError:
    """The error a generator raises for a statement or value kind it has no case for: a
    new kind must be given its case, never skipped (a skipped kind is a lost gradient)."""
    return TypeError(
        f"srcgrad: internal error: the {stage} has no case for {type(node).__name__}; "
        "please report it"
    )


def names_of(*atoms) -> list:
    """The atoms that are variable names (not constants)."""
    return [a for a in atoms if is_name(a)]


# ---- right-hand sides -------------------------------------------------------------------
@dataclass
class Prim:
    """A call of a primitive that has a rule. ``args`` binds the rule's parameters."""

    rule: Rule
    primal: str  # the primal expression as the user spelled it (``x.sum(axis=1)``)
    args: dict[str, object]  # parameter -> atom, or list of atoms for a sequence argument
    positional: list = field(default_factory=list)  # for variadic rules: atoms in order

    def reads(self):
        names = []
        for value in list(self.args.values()) + list(self.positional):
            items = value if isinstance(value, list) else [value]
            names += [a for a in items if is_name(a)]
        return names


@dataclass
class UserCall:
    """A call of another user function, compiled into its own vjp."""

    callee: object  # the compiled callee (set by the compiler)
    function: object  # the Python function being called
    args: list  # atoms, one per callee parameter, in order
    primal: str  # the plain call, used where no gradient is needed

    def reads(self):
        return [a for a in self.args if is_name(a)]


@dataclass
class TapeCall:
    """A call the compiler cannot differentiate (no rule, no source it can transform).

    Where it carries a gradient it is a *tape island*: the primal sweep runs it on the tape
    engine and keeps its backward closure, which the adjoint sweep calls.
    """

    function: str  # the text naming the callable in the generated code
    args: list  # positional atoms
    kwargs: dict  # keyword -> atom
    primal: str  # the plain call
    why: str  # why the compiler cannot differentiate it
    island: bool = True  # False: the tape cannot stand in for it either (it makes objects)

    def reads(self):
        return [a for a in [*self.args, *self.kwargs.values()] if is_name(a)]


@dataclass
class Copy:
    """``target = source``; ``primal`` is a different primal spelling (``x.copy()``)."""

    source: str
    primal: str | None = None

    def reads(self):
        return [self.source] if is_name(self.source) else []


@dataclass
class Pack:
    """A tuple, list or dict display."""

    kind: str  # "tuple", "list" or "dict"
    items: list
    keys: list | None = None

    def reads(self):
        return [a for a in self.items if is_name(a)]


@dataclass
class Index:
    """``obj[index]``: an array, list, tuple or dict read."""

    obj: str
    index: str  # source text of an index *value* (slices spelled ``slice(1, 4)``)
    index_reads: list
    primal_index: str  # the index as the user wrote it, for the primal line

    def reads(self):
        return ([self.obj] if is_name(self.obj) else []) + self.index_reads


@dataclass
class Plain:
    """An expression that carries no gradient (comparisons, ``len``, shapes, flags)."""

    primal: str
    names: list
    # False when the expression would drop a gradient if one of its inputs carried one.
    gradient_free: bool = True
    why: str = ""
    scalar: bool = False  # certainly one number (``len(x)``)
    view: bool = False  # may be its argument itself (``stop_gradient(y)``): a write shows in both

    def reads(self):
        return list(self.names)


def children(stmt) -> list:
    """The statements nested in a compound statement (its body, then its else block)."""
    return list(getattr(stmt, "body", [])) + list(getattr(stmt, "orelse", []))


def assignments(stmts):
    """Every ``Assign`` in ``stmts``, nested ones included."""
    return (stmt for stmt in walk(stmts) if isinstance(stmt, Assign))


def walk(stmts):
    """Every statement in ``stmts`` and, after each, those nested in it, in order."""
    for stmt in stmts:
        yield stmt
        yield from walk(children(stmt))


def guarded_names(stmts) -> set:
    """The names the checks before in-place ``+=`` read (``Assign.shared_with``)."""
    return {
        n
        for s in walk(stmts)
        if isinstance(s, Assign)
        for n in (*s.shared_with, *([s.container] if s.container else []))
    }


def primal_text(value) -> str:
    """The Python expression that computes a right-hand side in the primal sweep."""
    if isinstance(value, (Prim, Plain, TapeCall)):
        return value.primal
    if isinstance(value, Copy):
        return value.primal or value.source
    if isinstance(value, Pack):
        if value.kind == "dict":
            return "{" + ", ".join(f"{k}: {v}" for k, v in zip(value.keys, value.items)) + "}"
        inner = ", ".join(value.items)
        if value.kind == "list":
            return f"[{inner}]"
        return f"({inner}{',' if len(value.items) == 1 else ''})"
    if isinstance(value, Index):
        return f"{value.obj}[{value.primal_index}]"
    raise TypeError(f"unexpected value {type(value).__name__}")


# ---- statements -------------------------------------------------------------------------
@dataclass
class Assign:
    target: str
    value: object
    line: int
    augmented: bool = False  # from ``x += ...``: in place when x is an array
    # names that may hold the same array as x there (checked when the code runs)
    shared_with: tuple = ()
    element: bool = False  # from ``y[i] += ...``: x is the element y[i]
    container: str = ""  # for ``y[i] += ...``: y, when it may be a list or dict
    from_outside: bool = False  # x may be an argument's (or a global's) array
    # the line that refuses complex inputs the call's rules do not follow, if needed
    # (analysis/complex_values.py)
    complex_check: str = ""

    def guard(self, source) -> list:
        """The lines that refuse complex inputs (``complex_check``) and ``x += ...`` on an
        array another name holds, where needed."""
        lines = [self.complex_check] if self.complex_check else []
        if not self.shared_with and not self.container and not self.from_outside:
            return lines
        operand = next(iter(self.value.args.values()))
        others = ", ".join(self.shared_with) + ("," if len(self.shared_with) == 1 else "")
        where = f"{source.filename}:{source.file_line(self.line)}"
        options = f", {self.container}" if self.container else ""
        options += ", outside=True" if self.from_outside else ""
        return lines + [f"runtime.refuse_shared({operand}, ({others}), {where!r}{options})"]

    def reads(self):
        return self.value.reads()


@dataclass
class SetItem:
    obj: str
    index: str
    index_reads: list
    primal_index: str
    value: str
    line: int

    def reads(self):
        return [self.obj, *self.index_reads] + ([self.value] if is_name(self.value) else [])


@dataclass
class Append:
    obj: str
    value: str
    line: int

    def reads(self):
        return [self.obj] + ([self.value] if is_name(self.value) else [])


@dataclass
class ExprStmt:
    """A statement kept for its effect only (``print(...)``, ``assert ...``)."""

    primal: str
    names: list
    line: int
    gradient_free: bool = True
    why: str = ""

    def reads(self):
        return list(self.names)


@dataclass
class If:
    cond: str
    body: list
    orelse: list
    line: int

    def reads(self):
        return [self.cond] if is_name(self.cond) else []


@dataclass
class For:
    target: str  # an int counter or index: loops over sequences are rewritten to index
    iterable: str  # source text, ``range(...)``
    iter_reads: list
    body: list
    line: int
    trips: str = ""  # name of the trip counter, set by the compiler

    def reads(self):
        return list(self.iter_reads)


@dataclass
class While:
    cond: str  # recomputed at the end of the body
    body: list
    line: int
    trips: str = ""

    def reads(self):
        return [self.cond]


@dataclass
class BreakIf:
    flag: str
    line: int

    def reads(self):
        return [self.flag]


@dataclass
class Return:
    value: str
    line: int

    def reads(self):
        return [self.value] if is_name(self.value) else []
