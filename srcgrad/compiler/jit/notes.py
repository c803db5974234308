"""What the numba back end did for each function and argument types, for ``explain``.

Kept apart from the back end itself so that ``srcgrad.explain`` can read it without
importing numba.
"""

from __future__ import annotations

import threading

__all__ = ["note", "notes_for"]

_lock = threading.Lock()
_notes: dict = {}  # code object (or function) -> {argument types: what happened}


def _key(fn):
    return getattr(fn, "__code__", fn)


def note(fn, types: str, what: str) -> None:
    """Record what ``jit=True`` does for ``fn`` called with arguments of ``types``."""
    with _lock:
        _notes.setdefault(_key(fn), {})[types] = what


def notes_for(fn) -> list:
    """``"numba (jit=True), for (types): what"`` lines for ``fn``, oldest first."""
    with _lock:
        entries = dict(_notes.get(_key(fn), {}))
    return [f"numba (jit=True), for ({types}): {what}" for types, what in entries.items()]
