"""Reading a user's function: its source, its syntax tree, and what its names denote."""

from __future__ import annotations

import builtins
import inspect
import textwrap
from dataclasses import dataclass

import gast

__all__ = ["TransformError", "MutatesArgument", "FunctionSource", "read_source", "Resolver"]


class TransformError(Exception):
    """The compiler cannot rewrite this code. The message names the user's file and line.

    In ``mode="auto"`` srcgrad then runs the function on the tape instead.
    """

    def __init__(self, message: str, filename: str = "<unknown>", lineno: int = 0, col: int = 0):
        self.reason = message
        self.filename = filename
        self.lineno = lineno
        self.col = col
        where = f"{filename}:{lineno}:{col}: " if lineno else f"{filename}: "
        super().__init__(f"{where}{message}")


class MutatesArgument(TransformError):
    """The function changes an object it was given (``xs.append(v)``, ``x[0] = v``).

    A caller cannot see such a change in a compiled gradient, so the caller falls back
    as a whole, never just the call.
    """


@dataclass
class FunctionSource:
    """A parsed function: its gast node and where its lines live in the user's file."""

    node: gast.FunctionDef | gast.Lambda
    filename: str
    first_line: int  # line number in the file of the node's line 1
    lines: list[str]  # the dedented source lines

    def file_line(self, node_or_lineno) -> int:
        lineno = getattr(node_or_lineno, "lineno", node_or_lineno) or 1
        return self.first_line + lineno - 1

    def text_of(self, lineno: int) -> str:
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1].strip()
        return ""

    def error(self, node, message: str, kind=TransformError) -> TransformError:
        col = getattr(node, "col_offset", 0) or 0
        return kind(message, self.filename, self.file_line(node), col + 1)


def read_source(fn) -> FunctionSource:
    """Parse ``fn``'s source. Raises TransformError when no source is available."""
    name = getattr(fn, "__qualname__", repr(fn))
    filename = getattr(getattr(fn, "__code__", None), "co_filename", "<unknown>")
    if not inspect.isfunction(fn):
        raise TransformError(f"{name} is not a Python function, so it has no source to transform")
    try:
        lines, first_line = inspect.getsourcelines(fn)
    except (OSError, TypeError) as err:
        raise TransformError(
            f'no source is available for {name} ({err}); define it in a file or use mode="tape"',
            filename,
        ) from None
    text = textwrap.dedent("".join(lines))
    try:
        module = gast.parse(text)
    except SyntaxError:
        # A lambda or a decorated line inside a larger expression: cut to the lambda.
        module = _parse_lambda_line(text, fn, filename, first_line)
    node = _find_function(module, fn)
    if node is None:
        raise TransformError(f"could not find the definition of {name} in its source", filename)
    if isinstance(node, gast.FunctionDef):
        node.decorator_list = []
    return FunctionSource(node, filename, first_line, text.splitlines())


def _parse_lambda_line(text, fn, filename, first_line):
    start = text.find("lambda")
    while start != -1:
        for end in range(len(text), start, -1):
            try:
                return gast.parse("(" + text[start:end] + ")")
            except SyntaxError:
                continue
        start = text.find("lambda", start + 1)
    raise TransformError(f"could not parse the source of {fn.__qualname__}", filename, first_line)


def _find_function(module, fn):
    wanted = fn.__code__.co_name
    for node in gast.walk(module):
        if isinstance(node, gast.FunctionDef) and node.name == wanted:
            return node
        if wanted == "<lambda>" and isinstance(node, gast.Lambda):
            return node
    return None


class Resolver:
    """What a free name in a user's function denotes, at transform time."""

    _missing = object()

    def __init__(self, fn):
        self.globals = getattr(fn, "__globals__", {})
        code = getattr(fn, "__code__", None)
        cells = getattr(fn, "__closure__", None) or ()
        self.closure = {}
        for var, cell in zip(code.co_freevars if code else (), cells):
            try:
                self.closure[var] = cell.cell_contents
            except ValueError:  # an empty cell: the variable is not assigned yet
                pass

    def lookup(self, name: str):
        """The object ``name`` denotes, or ``Resolver.missing``."""
        for scope in (self.closure, self.globals, vars(builtins)):
            if name in scope:
                return scope[name]
        return self._missing

    @classmethod
    def is_missing(cls, value) -> bool:
        return value is cls._missing

    def resolve_expr(self, node):
        """The object a dotted name (``np.linalg.inv``) denotes, or missing."""
        if isinstance(node, gast.Name):
            return self.lookup(node.id)
        if isinstance(node, gast.Attribute):
            base = self.resolve_expr(node.value)
            if self.is_missing(base) or not _is_namespace(base):
                return self._missing
            return getattr(base, node.attr, self._missing)
        return self._missing


def _is_namespace(value) -> bool:
    """Modules and classes: objects whose attributes are fixed at transform time."""
    return inspect.ismodule(value) or inspect.isclass(value)
