"""The import graph of srcgrad's modules, read from their source with ``ast``.

Every ``import`` statement counts, also one inside a function: a cycle hidden in a function
is still a cycle. Run it to print a package's edges and cycles:

    python -m tests.architecture.import_graph srcgrad/tape
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    """``srcgrad/tape/record.py`` -> ``srcgrad.tape.record`` (a package's ``__init__`` is
    the package itself)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path) -> set[str]:
    """The absolute names every import statement in ``path`` reads: ``from . import x``
    reads ``pkg.x`` (a module, or a name the package defines), ``from .m import f`` reads
    ``pkg.m.f`` (``graph`` resolves it to the module ``pkg.m``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def module_writes(path: Path) -> list[str]:
    """``name.attr = ...`` statements in ``path`` where ``name`` is a module it imported
    (a module written into by another, as ``record.Tensor = Tensor`` once was)."""
    tree = ast.parse(path.read_text(), str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is None:  # from . import x
            modules.update(alias.asname or alias.name for alias in node.names)
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in modules
            ):
                found.append(f"{path.name}:{node.lineno}: {target.value.id}.{target.attr} = ...")
    return found


def graph(folder: str) -> dict[str, set[str]]:
    """Module -> the modules under ``folder`` that it imports (a package's ``__init__``
    runs when anything inside it is imported, so importing ``a.b.c`` also reads ``a.b``)."""
    paths = sorted((ROOT / folder).rglob("*.py"))
    modules = {module_name(path): path for path in paths}
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        edges[module] = targets
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(edges.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def main(folder: str) -> None:
    edges = graph(folder)
    for module in sorted(edges):
        for target in sorted(edges[module]):
            print(f"{module} -> {target}")
    print(f"{sum(len(t) for t in edges.values())} edges")
    for component in cycles(edges):
        print("cycle:", " ".join(component))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "srcgrad")
