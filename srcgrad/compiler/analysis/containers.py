"""Which objects each name may be, and what each list, dict or tuple may hold.

The normal form treats a name as holding the value it was given. A list changed through
another name breaks that: after ``b = a; b.append(v)`` or ``outer = [a]; a[0] = v`` the
name ``a`` (or ``outer``) shows the change, and a gradient read through it would miss it.
This module follows objects, not names: every statement that makes a new object is an
abstract object of its own; a name may point to several (branches join); a container
holds the objects put into it. A write into an object (``append``, an item write) makes
every *other* name that may be that object, or may hold it at any depth, stale.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .. import ir

__all__ = ["Objects"]


@dataclass
class Objects:
    points: dict = field(default_factory=dict)  # name -> abstract objects it may be
    contents: dict = field(default_factory=dict)  # object -> objects it may hold
    assigned: frozenset = frozenset()  # names the function assigns (the rest come from outside)

    def copy(self) -> Objects:
        return copy.deepcopy(self)

    def merge(self, other: Objects) -> None:
        """After a branch: a name may be what it is on either side."""
        for table, theirs in ((self.points, other.points), (self.contents, other.contents)):
            for key, values in theirs.items():
                table[key] = table.get(key, frozenset()) | values

    def enter(self, params) -> None:
        """The parameters, at the start: each is an object the caller passed in (even when
        the function later assigns the name again, in a loop, say)."""
        for name in params:
            self._from_outside(name)

    def of(self, name) -> frozenset:
        if not ir.is_name(name):
            return frozenset()
        if name not in self.points and name in self.assigned:  # assigned later in a loop
            return frozenset()
        if name not in self.points:  # a name from outside (a global): its own object
            self._from_outside(name)
        return self.points[name]

    def _from_outside(self, name) -> None:
        self.points[name] = frozenset({f"outside {name}"})
        self.contents[f"outside {name}"] = frozenset({f"inside {name}"})

    def held(self, objects) -> frozenset:
        """Everything ``objects`` may hold, at any depth."""
        seen, todo = set(), list(objects)
        while todo:
            for item in self.contents.get(todo.pop(), ()):
                if item not in seen:
                    seen.add(item)
                    todo.append(item)
        return frozenset(seen)

    def assign(self, stmt) -> None:
        target, value = stmt.target, stmt.value
        new = f"made at {id(stmt)}"
        if isinstance(value, ir.Copy) and value.primal is None:
            self.points[target] = self.of(value.source)
            return
        if isinstance(value, ir.Index):  # an element: what the container may hold
            self.points[target] = self.held(self.of(value.obj)) or frozenset({new})
            return
        self.points[target] = frozenset({new})
        if isinstance(value, ir.Copy):  # x.copy(), list(x): a new object, same items
            self.contents[new] = self.held(self.of(value.source))
        elif isinstance(value, ir.Pack):
            self.contents[new] = frozenset().union(*(self.of(item) for item in value.items))
        elif isinstance(value, (ir.UserCall, ir.TapeCall)) or (
            isinstance(value, ir.Plain) and not value.gradient_free  # d.get(k), list(x)...
        ):
            # may return an argument, or something an argument holds
            args = frozenset().union(*(self.of(name) for name in value.reads()))
            self.points[target] |= args | self.held(args)

    def write(self, obj, value) -> frozenset:
        """``obj.append(value)`` or ``obj[i] = value``: the objects written into."""
        written = self.of(obj)
        for target in written:
            self.contents[target] = self.contents.get(target, frozenset()) | self.of(value)
        return written

    def from_outside(self, name) -> bool:
        """May ``name`` be an object the caller passed in (or a global)?"""
        return any(o.startswith("outside ") for o in self.of(name))

    def seeing(self, written, names) -> list:
        """The names that may be, or may hold, one of the ``written`` objects."""
        return [
            name
            for name in names
            if self.points.get(name, frozenset()) & written
            or self.held(self.points.get(name, ())) & written
        ]
