"""Fragments of docs/what-compiles.md, produced from the test corpus ``tests/corpus``.

Every case of ``tests/corpus/cases.py`` is listed under its module and topic (the
``# ---- topic ----`` comments of the module). For a case the compiler refuses, the
message is the one ``mode="compile"`` raises today. Run this file to print the fragments.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import srcgrad  # noqa: E402

_TOPIC = re.compile(r"^# -+ (.*?) -+$")


@cache
def _cases():
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading its hooks
        sys.path.insert(0, str(ROOT))
    from tests.corpus.cases import CASES

    return CASES


def _module_name(case):
    return case.fn.__module__.rsplit(".", 1)[-1]


@cache
def _topics(module):
    """Line number -> topic, from the section comments of a corpus module."""
    lines = inspect.getsource(module).splitlines()
    return [(i + 1, m.group(1)) for i, line in enumerate(lines) if (m := _TOPIC.match(line))]


def _topic(case):
    module = sys.modules[case.fn.__module__]
    line = inspect.getsourcelines(case.fn)[1]
    topic = ""
    for start, title in _topics(module):
        if start < line:
            topic = title
    return topic or "—"


def _message(case):
    """What ``mode="compile"`` says about the case: its error, without the file path."""
    try:
        srcgrad.grad(case.fn, wrt=case.wrt, mode="compile")(*case.points[0])
    except srcgrad.TransformError as err:
        text = str(err).splitlines()[0]
        return re.sub(r"^\S+?:\d+:\d+: ", "", text)
    raise AssertionError(f"{case.name} is a fallback case but compiles")


def summary():
    rows = [
        "| module | cases | compiled | falls back (whole function on the tape) | "
        "compiled only (not on the tape) |",
        "|---|---|---|---|---|",
    ]
    counts = defaultdict(Counter)
    for case in _cases():
        c = counts[_module_name(case)]
        c["cases"] += 1
        c["fallback" if case.fallback else "compiled"] += 1
        c["notape"] += not case.tape
    total = Counter()
    for module, c in counts.items():
        total.update(c)
        rows.append(
            f"| `{module}.py` | {c['cases']} | {c['compiled']} | {c['fallback']} | {c['notape']} |"
        )
    rows.append(
        f"| **all** | {total['cases']} | {total['compiled']} | {total['fallback']} | "
        f"{total['notape']} |"
    )
    return "\n".join(rows) + "\n"


def fallbacks():
    rows = ['| case | module | topic | what `mode="compile"` raises |', "|---|---|---|---|"]
    for case in _cases():
        if case.fallback:
            message = _message(case).replace("|", "\\|")
            rows.append(
                f"| `{case.name}` | `{_module_name(case)}.py` | {_topic(case)} | {message} |"
            )
    return "\n".join(rows) + "\n"


def not_on_tape():
    rows = ["| case | why the tape refuses it |", "|---|---|"]
    for case in _cases():
        if not case.tape:
            rows.append(f"| `{case.name}` | {case.why} |")
    return "\n".join(rows) + "\n"


def by_topic():
    groups = defaultdict(list)
    for case in _cases():
        groups[(_module_name(case), _topic(case))].append(case)
    rows = ["| module | topic | compiled | falls back |", "|---|---|---|---|"]
    for (module, topic), cases in groups.items():
        compiled = ", ".join(f"`{c.name}`" for c in cases if not c.fallback)
        fallback = ", ".join(f"`{c.name}`" for c in cases if c.fallback)
        rows.append(f"| `{module}.py` | {topic} | {compiled} | {fallback} |")
    return "\n".join(rows) + "\n"


FRAGMENTS = {
    "summary": summary,
    "fallbacks": fallbacks,
    "not_on_tape": not_on_tape,
    "by_topic": by_topic,
}


if __name__ == "__main__":
    for name, make in FRAGMENTS.items():
        print(f"<!-- {name} -->\n{make()}")
