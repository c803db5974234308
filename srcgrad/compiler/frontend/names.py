"""Fresh variable names that collide with nothing in the user's function or the runtime."""

from __future__ import annotations

import builtins
import re

import gast

RUNTIME_NAMES = {
    "np",
    "math",
    "saved",
    "unbroadcast",
    "runtime",
    "user_globals",
    "user_cells",
}


class Names:
    """Hands out readable names (``tanh1``, ``x_2``) that no user name shadows."""

    def __init__(self, tree):
        self.user_names = set()
        for node in gast.walk(tree):
            if isinstance(node, gast.Name):
                self.user_names.add(node.id)
            elif isinstance(node, gast.FunctionDef):
                self.user_names.add(node.name)
        self.taken = set(RUNTIME_NAMES) | set(dir(builtins)) | self.user_names
        self.counters: dict[str, int] = {}

    def fresh(self, hint: str) -> str:
        base = re.sub(r"\W", "_", hint).strip("_") or "t"
        if base[0].isdigit():
            base = "t" + base
        while True:
            count = self.counters.get(base, 0) + 1
            self.counters[base] = count
            name = f"{base}{count}"
            if name not in self.taken:
                self.taken.add(name)
                return name

    def version(self, name: str) -> str:
        """A new name for a later value of user variable ``name``: ``x_2``, ``x_3``..."""
        count = self.counters.get("version:" + name, 1)
        while True:
            count += 1
            candidate = f"{name}_{count}"
            if candidate not in self.taken:
                self.counters["version:" + name] = count
                self.taken.add(candidate)
                return candidate

    def internal(self, name: str) -> str:
        """``name`` for the generated code's own variable, unless the user's code uses it."""
        return self.fresh(name) if name in self.user_names else name

    def reserve(self, name: str) -> None:
        self.taken.add(name)

    def companion(self, wanted: str) -> str:
        """``wanted`` (``x_grad``, ``x_dot``) if nothing uses it yet, else a fresh name
        made from it; reserved either way."""
        name = self.fresh(wanted) if wanted in self.taken else wanted
        self.reserve(name)
        return name
