"""Griffe extension: docstrings written for ``help()`` and doctest, rendered as Markdown.

- A run of lines starting with ``>>>`` or ``...``, with the output lines that follow it up
  to a blank line, becomes a fenced ``pycon`` block, so Markdown neither reads ``>>>`` as
  a quote nor ``['a']`` as a link.
- A Sphinx role such as ``:func:`grad``` or ``:class:`~srcgrad.tape.ops.TensorOps``` becomes
  inline code (``grad``, ``TensorOps``).
"""

from __future__ import annotations

import re

import griffe

_ROLE = re.compile(r":(?:func|class|meth|mod|attr|exc|data|obj):`~?([^`]+)`")


def _role(match: re.Match) -> str:
    target = match.group(1)
    if match.group(0).split("`")[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def plain_roles(text: str) -> str:
    return _ROLE.sub(_role, text)


def fence_examples(text: str) -> str:
    out, inside, fence_indent = [], False, ""
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if not inside and stripped.startswith(">>>"):
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not stripped:
            out.append(f"{fence_indent}```")
            inside = False
        if inside and stripped.startswith(">>>"):
            fence_indent = indent
        out.append(line)
    if inside:
        out.append(f"{fence_indent}```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_examples(obj.docstring.value))
