"""Reduce a violating program by deleting statements while the violation stays.

``long_run`` writes each violating program to ``LOG.jsonl`` (source, argument shapes, seed,
violations). This deletes one statement (with the block it opens) at a time, keeping the
deletion when the program still runs and one of the original violations (its mode and
kind, e.g. "tape value" or "compile gradient differs") is still there, until no deletion
is kept. ::

    python -m tests.fuzz.reduce fuzz-seed1.log.jsonl 3     # the third violation
"""

from __future__ import annotations

import json
import re
import sys
import warnings

import numpy as np

from tests.fuzz.generator import Program
from tests.fuzz.harness import check_function, materialise


def kinds(problems):
    """Each violation's mode and kind: its words up to the first number, name or colon."""
    found = set()
    for problem in problems:
        words = []
        for word in problem.split()[:4]:
            if re.search(r"[\d(:]", word):
                break
            words.append(word)
        found.add(" ".join(words))
    return found


def violations(source, args):
    """The kinds of violation of ``source`` at ``args``; None if it does not run plainly."""
    try:
        f = materialise(source)["f"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = f(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        if not np.isfinite(value):
            return None
        problems, _, _ = check_function(f, args)
    except Exception:
        return None
    return kinds(problems)


def _kept(line):
    """Returns, and the counter of a while loop (without it the loop would not end)."""
    return "return" in line or re.fullmatch(r"\s*(n\d+) = \1 \+ 1", line) is not None


def _block_end(lines, start):
    """The index after the statement at ``start`` and the block it opens."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return end


def reduce(source, args, target):
    """The shortest program found whose violations still include one of ``target``."""
    lines = source.splitlines()
    changed = True
    while changed:
        changed = False
        start = len(lines) - 1
        while start >= 0:
            line = lines[start]
            if not line.strip() or line.startswith(("import", "def f(")) or _kept(line):
                start -= 1
                continue
            end = _block_end(lines, start)
            candidate = lines[:start] + lines[end:]
            # A block left empty gets `pass`.
            text = "\n".join(candidate) + "\n"
            found = violations(text, args)
            if found is None and start > 0 and lines[start - 1].rstrip().endswith(":"):
                pad = " " * (len(line) - len(line.lstrip()))
                candidate = lines[:start] + [pad + "pass"] + lines[end:]
                text = "\n".join(candidate) + "\n"
                found = violations(text, args)
            if found is not None and found & target:
                lines, changed = candidate, True
            start = min(start, len(lines)) - 1
    return "\n".join(lines) + "\n"


def main(argv=None):
    path, number = (argv or sys.argv[1:])[:2]
    with open(path) as log:
        record = [json.loads(line) for line in log][int(number) - 1]
    shapes = tuple(tuple(s) for s in record["shapes"])
    args = Program(record["source"], shapes, record["seed"]).arguments()
    target = kinds(record["problems"])
    print(f"violations: {sorted(target)}")
    reduced = reduce(record["source"], args, target)
    print(reduced)
    print(f"arguments: {args!r}")
    print(f"its violations: {sorted(violations(reduced, args) or [])}")


if __name__ == "__main__":
    main()
