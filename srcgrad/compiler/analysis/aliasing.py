"""Writes into arrays that another name still sees.

``r = y[0:2]`` is a view of ``y``, and ``v = y`` is ``y`` itself: after ``y[0] = x`` both
``r`` and ``v`` show the new value. The normal form treats every name as holding the value
it was given, so a gradient read through such a name after the write would miss the write
(and come out wrong). Those programs are refused; a copy taken before the write
(``r = np.copy(y[0:2])``) makes them fine.
"""

from __future__ import annotations

import copy

from .. import ir
from ..frontend.source import MutatesArgument, TransformError
from .containers import Objects

__all__ = ["check_writes"]


def check_writes(stmts, source, user_names=(), params=()) -> None:
    """Raise TransformError where a name is read after a write into memory it shares."""
    # Writes into lists and dicts (built here with a display) replace an element: nothing
    # else sees them. Only writes into arrays change memory other names may share.
    containers = {
        s.target
        for s in ir.walk(stmts)
        if isinstance(s, ir.Assign) and isinstance(s.value, ir.Pack) and s.value.kind != "tuple"
    }
    written = {s.obj for s in ir.walk(stmts) if isinstance(s, ir.SetItem)} - containers
    augmented = any(isinstance(s, ir.Assign) and s.augmented for s in ir.walk(stmts))
    appended = any(isinstance(s, (ir.Append, ir.SetItem)) for s in ir.walk(stmts))
    if written or augmented or appended:
        walk = _Walk(written, source, augmented, user_names)
        walk.objects.assigned = frozenset(
            s.target for s in ir.walk(stmts) if isinstance(s, (ir.Assign, ir.For))
        )
        walk.objects.enter(params)
        walk.block(stmts)


class _Walk:
    def is_users(self, name) -> bool:
        """A variable of the user's (``v``, or a later version ``v_2``), not a temporary."""
        return name in self.user_names or name.rpartition("_")[0] in self.user_names

    def __init__(self, written, source, everything=False, user_names=()):
        self.user_names = set(user_names)
        self.written = written
        self.everything = everything  # follow every name (there are augmented assignments)
        self.source = source
        self.group: dict[str, set] = {}  # name -> the names sharing its memory (itself too)
        self.views: dict[str, set] = {}  # the same, for views only (certainly arrays)
        self.stale: dict[str, tuple] = {}  # name -> (written name, line of the write)
        self.read_from: dict[str, str] = {}  # name -> the object it was read from (x[i])
        self.objects = Objects()  # which lists and dicts each name may be or hold

    def block(self, stmts):
        for stmt in stmts:
            self.statement(stmt)

    def statement(self, stmt):
        if isinstance(stmt, (ir.For, ir.While)):
            self.check(stmt, stmt.reads())
            for _ in range(2):  # twice: a view kept from one iteration to the next
                self.block(stmt.body)
            return
        if isinstance(stmt, ir.If):
            self.check(stmt, stmt.reads())
            start = self.state()
            self.block(stmt.body)
            after_body = self.state()
            self.restore(start)
            self.block(stmt.orelse)
            self.merge(after_body)
            return
        if isinstance(stmt, (ir.SetItem, ir.Append)):
            self.check(stmt, [n for n in stmt.reads() if n != stmt.obj])
            if self.objects.from_outside(stmt.obj):
                raise MutatesArgument(
                    f"{stmt.obj} may be an argument of the function (or a global), and this "
                    "line changes it in place, which the caller would see and a compiled "
                    "gradient cannot follow; write into a copy instead (np.copy(...))",
                    self.source.filename,
                    self.source.file_line(stmt.line),
                    1,
                )
            written = self.objects.write(stmt.obj, stmt.value)
            for other in self.objects.seeing(written, list(self.objects.points)):
                if other != stmt.obj:
                    self.stale[other] = (stmt.obj, stmt.line)
        if isinstance(stmt, ir.SetItem):
            if stmt.obj not in self.written:  # a list or dict: an element is replaced
                return
            for other in self.group.get(stmt.obj, set()) - {stmt.obj}:
                self.stale[other] = (stmt.obj, stmt.line)
            return
        if not isinstance(stmt, ir.Append):
            self.check(stmt, stmt.reads())
        if isinstance(stmt, ir.Append) and self.shares(stmt.value):
            self.join(stmt.obj, stmt.value)
        elif isinstance(stmt, ir.Assign):
            self.objects.assign(stmt)
            if isinstance(stmt.value, ir.Index):
                self.read_from[stmt.target] = stmt.value.obj
            if stmt.element and stmt.augmented and isinstance(stmt.value, ir.Prim):
                self.element_update(stmt)
                return
            if stmt.augmented and isinstance(stmt.value, ir.Prim):
                # ``y += a`` writes into the array y in place: views of y see it.
                operand = next(iter(stmt.value.args.values()), None)
                for other in self.views.get(operand, set()) - {operand}:
                    self.stale[other] = (operand, stmt.line)
                self.assign(stmt.target, stmt.value)
                # Other names of the user's for the same object (v = y, [y]) only matter
                # if it is an array, which only the running code knows: it checks.
                others = self.group.get(operand, set()) - {operand}
                names = list(self.objects.points)
                seeing = set(self.objects.seeing(self.objects.of(operand), names))
                others |= seeing - {operand, stmt.target}  # the target's old value is gone
                self.guard_with(stmt, others)
                stmt.from_outside = stmt.from_outside or self.objects.from_outside(operand)
                return
            self.assign(stmt.target, stmt.value)

    # ---- branches: both sides start from the same state; after it, either may hold ------
    def state(self):
        return copy.deepcopy((self.group, self.views, self.stale, self.read_from, self.objects))

    def restore(self, state):
        self.group, self.views, self.stale, self.read_from, self.objects = copy.deepcopy(state)

    def merge(self, other):
        group, views, stale, read_from, objects = other
        for mine, theirs in ((self.group, group), (self.views, views)):
            for name, members in theirs.items():
                merged = mine.get(name, {name}) | members
                for member in merged:
                    mine[member] = mine.get(member, {member}) | merged
        for name, write in stale.items():
            self.stale.setdefault(name, write)
        self.read_from.update(read_from)
        self.objects.merge(objects)

    def element_update(self, stmt):
        """``y[i] += a``: in place on the element when y is a list or dict (the generated
        code checks when it runs that no other name holds that element)."""
        operand = next(iter(stmt.value.args.values()), None)
        container = self.read_from.get(operand)
        if container is None:
            return
        stmt.container = container
        others = (self.group.get(container, set()) | self.group.get(operand, set())) - {
            operand,
            container,
        }
        self.guard_with(stmt, others)
        self.assign(stmt.target, stmt.value)

    def guard_with(self, stmt, others):
        """Names of the user's the check before ``stmt`` compares with; a loop body is
        walked twice, and a name seen in either walk is kept."""
        users = {n for n in others if self.is_users(n)}
        stmt.shared_with = tuple(sorted(users | set(stmt.shared_with)))

    def shares(self, name) -> bool:
        if not isinstance(name, str):
            return False
        return self.everything or name in self.written or name in self.group

    def assign(self, target, value):
        self.stale.pop(target, None)
        for groups in (self.group, self.views):
            for members in groups.values():
                members.discard(target)
            groups.pop(target, None)
        view = not isinstance(value, (ir.Copy, ir.Pack))
        for name in _sources_of_shared_memory(value):
            if self.shares(name) or view:
                self.join(target, name, view)

    def join(self, a, b, view=False):
        for groups in (self.group, self.views) if view else (self.group,):
            members = groups.get(a, {a}) | groups.get(b, {b})
            for name in members:
                groups[name] = members

    def check(self, stmt, names):
        for name in names:
            if name in self.stale:
                written, line = self.stale[name]
                raise TransformError(
                    f"{name} shares memory with {written}, which line "
                    f"{self.source.file_line(line)} writes into, and is read after that "
                    f"write; its gradient would miss the write. Take a copy before the write "
                    f'(np.copy(...)), or use mode="auto" to run it on the tape',
                    self.source.filename,
                    self.source.file_line(stmt.line),
                    1,
                )


def _sources_of_shared_memory(value) -> list:
    """Names whose memory the right-hand side ``value`` may share."""
    if isinstance(value, ir.Copy):
        return [value.source]
    if isinstance(value, ir.Index):
        return [value.obj]
    if isinstance(value, ir.Pack):
        return list(value.items)
    if isinstance(value, (ir.UserCall, ir.TapeCall)):
        return value.reads()
    if isinstance(value, ir.Plain) and (not value.gradient_free or value.view):
        return value.reads()  # y.real, y.view(), d.get(k), stop_gradient(y)
    if isinstance(value, ir.Prim) and value.rule.view and _may_view(value):
        return _viewed_names(value)
    return []


def _may_view(prim) -> bool:
    """False for a call its rule says copies: ``np.array(a)``, ``a.astype(float)``."""
    unless = prim.rule.view_unless
    if unless is None or len(prim.positional) > 1:  # options given by position: unknown
        return True
    return prim.args.get(unless, "True") != "True"


def _viewed_names(prim) -> list:
    """The names a view-returning primitive may view: every operand of one that takes its
    arrays by position (``np.einsum("ii->i", a)``, ``np.broadcast_arrays(a, b)``), else its
    first parameter's, however it was passed."""
    if prim.positional:
        atoms = prim.positional
    else:
        atoms = [prim.args.get(prim.rule.params[0])] if prim.rule.params else []
    names = []
    for atom in atoms:
        names += [a for a in (atom if isinstance(atom, list) else [atom]) if ir.is_name(a)]
    return names
