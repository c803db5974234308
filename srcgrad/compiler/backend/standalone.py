"""Generated code that runs on its own: the imports and names it needs, written out.

The generated functions run in a namespace holding NumPy, srcgrad's runtime, the rules'
helpers, the user's functions and the callees' generated functions. ``.source`` shows
that namespace as import lines before the code (and the names callees are called by after
it), so the text can be pasted into a file and run. A value that no import can name (a
closure variable, a constant array) is listed in a comment instead.
"""

from __future__ import annotations

import inspect
import re
import sys

__all__ = ["standalone"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def standalone(parts) -> str:
    """The sources of ``parts`` (Compiled objects, callers first), with imports before
    and aliases after."""
    body = "\n\n".join(part.source for part in parts)
    defined = {part.name for part in parts}
    code = "\n".join(line.split("#", 1)[0] for line in body.splitlines())
    used = set(_IDENTIFIER.findall(code))
    imports, aliases, unnamed = set(), set(), set()
    for part in parts:
        for name, value in (part.namespace or {}).items():
            if name not in used or name.startswith("__") or name in defined:
                continue
            if getattr(value, "__module__", None) == "srcgrad.generated":
                target = getattr(value, "__name__", None)
                if target in defined and target != name:
                    aliases.add(f"{name} = {target}")
                    continue
            line = _import_line(name, value)
            if line is None:
                unnamed.add(f"#   {name}: {_describe(value)}")
            else:
                imports.add(line)
    header = sorted(imports, key=lambda line: (not line.startswith("import"), line))
    if unnamed:
        header.append("# values bound when the code was generated, which no import names:")
        header += sorted(unnamed)
    text = "\n".join(header) + "\n\n\n" + body if header else body
    if aliases:
        text += "\n\n" + "\n".join(sorted(aliases)) + "\n"
    return text


def _describe(value):
    if isinstance(value, dict) and "__name__" in value:
        return f"the globals of module {value['__name__']}"
    if isinstance(value, dict) and all(type(v).__name__ == "cell" for v in value.values()):
        return f"closure cells ({', '.join(sorted(value))})"
    return type(value).__name__


def _import_line(name, value):
    if inspect.ismodule(value):
        module = value.__name__
        if module == name:
            return f"import {module}"
        if "." in module:
            parent, _, leaf = module.rpartition(".")
            return f"from {parent} import {leaf}" + ("" if leaf == name else f" as {name}")
        return f"import {module} as {name}"
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if not module or not qualname or "<" in qualname or "." in qualname:
        return None
    if module == "srcgrad.generated" or sys.modules.get(module) is None:
        return None
    if getattr(sys.modules[module], qualname, None) is not value:
        return None
    if module.startswith("numpy"):  # np.sin and the like: public under numpy
        import numpy

        if getattr(numpy, qualname, None) is value:
            module = "numpy"
    return f"from {module} import {qualname}" + ("" if qualname == name else f" as {name}")
