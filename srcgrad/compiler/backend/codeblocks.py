"""Generated code as a tree that keeps its comments: parse once, rewrite, print once.

``ast.parse`` drops comments, but the ``# line N: ...`` comments of generated code are what
maps a generated line back to the user's line (:mod:`srcgrad.compiler.runtime.tracebacks`). Here a
comment on a line of its own becomes a :class:`Comment` statement, and a comment after code
is kept on that statement's ``trailing`` attribute; :func:`emit` prints both back.

>>> tree = parse("x = 1  # one\\n# line 3: y = x\\ny = x\\n")
>>> print(emit(tree.body), end="")
x = 1  # one
# line 3: y = x
y = x
"""

from __future__ import annotations

import ast
import io
import tokenize

__all__ = ["Comment", "Unsupported", "parse", "emit"]

_INDENT = "    "


class Comment(ast.stmt):
    """A comment on a line of its own, kept in its place among the statements."""

    _fields = ("text",)


class Unsupported(Exception):
    """The code has a statement this module does not print; callers keep the text as it is."""


def parse(text: str) -> ast.Module:
    """``text`` as an ``ast.Module`` whose statement lists hold its comments."""
    own_line, trailing = {}, {}
    lines = text.splitlines()
    for row, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if stripped.startswith("#"):
            own_line[row] = stripped
            lines[row - 1] = line[: len(line) - len(stripped)] + "pass"  # keeps its place
        elif "#" in stripped:
            comment = _trailing_comment(line)
            if comment:
                trailing[row] = comment
    tree = ast.parse("\n".join(lines) + "\n")
    _place(tree.body, own_line, trailing, lines)
    return tree


def _trailing_comment(line):
    """The comment after the code on ``line`` (a ``#`` in a string is not one)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    return next((t.string for t in tokens if t.type == tokenize.COMMENT), None)


def _place(block, own_line, trailing, lines):
    for position, stmt in enumerate(block):
        if isinstance(stmt, ast.Pass) and stmt.lineno in own_line:
            block[position] = Comment(own_line[stmt.lineno][1:].strip())
            continue
        if stmt.lineno in trailing:
            stmt.trailing = trailing[stmt.lineno]
        if isinstance(stmt, ast.Return):  # keep ``return a, b`` as it was written
            stmt.bare_tuple = not lines[stmt.lineno - 1].lstrip().startswith("return (")
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                _place(inner, own_line, trailing, lines)


def emit(stmts, depth: int = 0) -> str:
    """The text of a statement list, comments included, indented ``depth`` levels."""
    return "".join(line + "\n" for line in _lines(stmts, depth))


def _lines(stmts, depth):
    pad = _INDENT * depth
    if all(isinstance(stmt, Comment) for stmt in stmts):
        stmts = [ast.Pass()]  # comments describe statements; with none left, neither
    for position, stmt in enumerate(stmts):
        if isinstance(stmt, Comment):
            if _describes_a_statement(stmts, position):
                yield f"{pad}# {stmt.text}"
            continue
        if isinstance(stmt, ast.FunctionDef):
            if stmt.decorator_list or stmt.returns:
                raise Unsupported("decorated or annotated function")
            yield f"{pad}def {stmt.name}({ast.unparse(stmt.args)}):"
            yield from _lines(stmt.body, depth + 1)
        elif isinstance(stmt, ast.For):
            yield f"{pad}for {ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}:"
            yield from _block(stmt, depth)
        elif isinstance(stmt, ast.While):
            yield f"{pad}while {ast.unparse(stmt.test)}:"
            yield from _block(stmt, depth)
        elif isinstance(stmt, ast.If):
            yield f"{pad}if {ast.unparse(stmt.test)}:"
            yield from _block(stmt, depth)
        elif isinstance(stmt, _COMPOUND):
            raise Unsupported(type(stmt).__name__)
        else:
            text = _simple(stmt)
            trailing = getattr(stmt, "trailing", None)
            yield pad + text + (f"  {trailing}" if trailing else "")


def _describes_a_statement(stmts, position) -> bool:
    """Whether a statement follows the comment at ``position`` before the next comment
    naming a user line (``# line N: ...``) or the end of the block."""
    for stmt in stmts[position + 1 :]:
        if not isinstance(stmt, Comment):
            return True
        if stmt.text.startswith("line "):
            return False
    return False


def _simple(stmt) -> str:
    """One simple statement; ``return a, b`` keeps the form a person writes."""
    value = stmt.value if isinstance(stmt, ast.Return) else None
    if isinstance(value, ast.Tuple) and len(value.elts) > 1 and getattr(stmt, "bare_tuple", 1):
        if not any(isinstance(item, ast.Starred) for item in value.elts):
            return "return " + ", ".join(ast.unparse(item) for item in value.elts)
    return ast.unparse(stmt)


def _block(stmt, depth):
    yield from _lines(stmt.body, depth + 1)
    if stmt.orelse:
        yield _INDENT * depth + "else:"
        yield from _lines(stmt.orelse, depth + 1)


_COMPOUND = (
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.With,
    ast.AsyncWith,
    ast.AsyncFor,
    ast.Try,
    ast.Match,
)
if hasattr(ast, "TryStar"):
    _COMPOUND += (ast.TryStar,)
