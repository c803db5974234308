"""Every code block in docs/ runs, and the output it shows is the output it gives.

Conventions for the Markdown pages under ``docs/`` (recursively):

- A ```` ```python ```` block is run. The blocks of one page run in order, in one fresh
  namespace per page, so a later block may use what an earlier one defined. Functions
  defined in a block have their source available (``inspect.getsource``), so they can be
  differentiated.
- A ```` ```text ```` block that directly follows a ``python`` block (only blank lines
  between) is that block's output: what it prints must equal the text, line by line,
  ignoring trailing whitespace and trailing blank lines.
- A ```` ```pycon ```` block, or a ``python`` block whose first line starts with ``>>>``,
  is a doctest: each ``>>>`` example runs in the page's namespace and its shown result is
  compared (``...`` in a result matches anything, as with doctest's ELLIPSIS).
- Any other fence (``console``, ``text`` not after a ``python`` block, ``dot``...) and
  indented code are not run: use them for shell commands, generated code shown by itself,
  error messages and fragments.
- A page with a ``<!-- requires: name -->`` line needs the optional package ``name``
  (SciPy, say): without it the page is skipped.
- ``<!-- generated: ... -->`` markers are filled when the site is built
  (``docs/gen/hooks.py``); what they produce is checked by ``test_generators.py``.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import linecache
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "gen" not in p.relative_to(DOCS).parts)

_REQUIRES = re.compile(r"^<!-- requires: ([\w.]+) -->$", re.MULTILINE)
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*$")


@dataclass
class Block:
    language: str
    code: str
    line: int  # line of the first code line in the page (1-based)
    output: str | None = None


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a page, each ``python`` one with the ``text`` block after it."""
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    previous_end = None  # the closing line of the previous block, if it was a python one
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, language = match.group(1), match.group(2), match.group(3).lower()
        start = j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        body = "\n".join(
            line[len(indent) :] if line.startswith(indent) else line.lstrip()
            for line in lines[start:j]
        )
        follows_python = previous_end is not None and all(
            not line.strip() for line in lines[previous_end + 1 : i]
        )
        if language == "text" and follows_python:
            found[-1].output = body
            previous_end = None
        else:
            found.append(Block(language, body, start + 1))
            previous_end = j if language == "python" else None
        i = j + 1
    return found


def _register(filename: str, code: str) -> None:
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).rstrip()


def run_page(path: Path) -> None:
    name = path.relative_to(DOCS.parent).as_posix()
    namespace: dict = {"__name__": "docs_" + re.sub(r"\W", "_", path.stem)}
    for block in blocks(path.read_text()):
        where = f"{name}:{block.line}"
        is_doctest = block.language == "pycon" or (
            block.language == "python" and block.code.lstrip().startswith(">>>")
        )
        if is_doctest:
            parser = doctest.DocTestParser()
            test = parser.get_doctest(block.code, namespace, where, name, block.line - 1)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            report = io.StringIO()
            runner.run(test, out=report.write, clear_globs=False)
            namespace.update(test.globs)  # the test ran in a copy of the namespace
            assert runner.failures == 0, f"{where}: doctest failed\n{report.getvalue()}"
        elif block.language == "python":
            # Pad so that line numbers in tracebacks are the page's.
            code = "\n" * (block.line - 1) + block.code + "\n"
            filename = f"<docs {where}>"
            _register(filename, code)
            stdout = io.StringIO()
            with contextlib.redirect_stdout(stdout):
                exec(compile(code, filename, "exec"), namespace)
            if block.output is not None:
                assert _clean(stdout.getvalue()) == _clean(block.output), (
                    f"{where}: the output shown differs from the output printed\n"
                    f"--- shown\n{block.output}\n--- printed\n{stdout.getvalue()}"
                )


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page(path, monkeypatch):
    for package in _REQUIRES.findall(path.read_text()):
        pytest.importorskip(package)
    monkeypatch.chdir(DOCS.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        run_page(path)


def test_readme(monkeypatch):
    """Every code block in README.md runs as written, as the docs pages do."""
    monkeypatch.chdir(DOCS.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        run_page(DOCS.parent / "README.md")


def test_output_blocks_are_found():
    page = "```python\nprint(1)\n```\n\n```text\n1\n```\n\n```text\nnot output\n```\n"
    found = blocks(page)
    assert [(b.language, b.output) for b in found] == [("python", "1"), ("text", None)]
