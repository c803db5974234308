"""Reading a user's function: its source, its syntax tree, and what its names denote."""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
from dataclasses import dataclass

import gast
import numpy as np

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
    shift = (0, 0)  # (lines, columns) from the parsed text's first line to the source's
    try:
        module = gast.parse(text)
    except SyntaxError:
        # A lambda or a decorated line inside a larger expression: cut to the lambda.
        module, shift = _parse_lambda_line(text, fn, filename, first_line)
    indents = [len(raw) - len(cut) for raw, cut in zip(lines, text.splitlines(True))]
    node = _find_function(module, fn, _Place(first_line, shift, indents))
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
                module = gast.parse("(" + text[start:end] + ")")
            except SyntaxError:
                continue
            line = text.count("\n", 0, start)
            column = start - (text.rfind("\n", 0, start) + 1)
            return module, (line, column - 1)  # the added "(" is one column
        start = text.find("lambda", start + 1)
    raise TransformError(f"could not parse the source of {fn.__qualname__}", filename, first_line)


@dataclass
class _Place:
    """Turns positions in the parsed text into positions in the user's file."""

    first_line: int
    shift: tuple
    indents: list

    def of(self, lineno, col):
        lines, columns = self.shift
        line = lineno + lines  # 1-based, in the dedented source
        if lineno == 1:
            col += columns
        indent = self.indents[line - 1] if line - 1 < len(self.indents) else 0
        return self.first_line + line - 1, col + indent


def _find_function(module, fn, place):
    wanted = fn.__code__.co_name
    if wanted != "<lambda>":
        for node in gast.walk(module):
            if isinstance(node, gast.FunctionDef) and node.name == wanted:
                return node
        return None
    code = fn.__code__
    params = list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    lambdas = [
        node
        for node in gast.walk(module)
        if isinstance(node, gast.Lambda) and _lambda_params(node) == params
    ]
    if len(lambdas) <= 1:
        return lambdas[0] if lambdas else None
    # Several lambdas with these parameters: the one whose body holds this code's positions.
    spots = [  # (RESUME and the implicit return stand at column 0 to 0: not the body)
        (line, col)
        for line, _, col, end in code.co_positions()
        if line and col is not None and end
    ]
    if not spots:
        return None
    first, last = min(spots), max(spots)
    holding = []
    for node in lambdas:
        body = node.body
        start = place.of(body.lineno, body.col_offset)
        end = place.of(body.end_lineno, body.end_col_offset)
        if start <= first and last <= end:
            holding.append((end[0] - start[0], end[1] - start[1], node))
    if not holding:
        return None
    holding.sort(key=lambda item: item[:2])
    return holding[0][2]


def _lambda_params(node):
    args = node.args
    return [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]


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
    """Modules, classes and ufuncs (``np.add.reduce``): objects whose attributes are fixed
    at transform time."""
    return inspect.ismodule(value) or inspect.isclass(value) or isinstance(value, np.ufunc)


def unparse(node) -> str:
    """The Python text of a gast node."""
    return ast.unparse(gast.gast_to_ast(node))
