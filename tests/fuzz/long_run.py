"""A long fuzz run that logs every violation and keeps going.

``pytest -m fuzz tests/fuzz`` stops at the first failing program and shrinks it; this run
checks every distinct program it draws and writes each violation (program, arguments, what
each mode gave) to a log, then a summary: programs, how many were compared with finite
differences, programs per hazard class, how often each mode returned or raised, violations
by kind and seconds; and each violating
program to ``LOG.jsonl`` for ``tests.fuzz.reduce``. ::

    python -m tests.fuzz.long_run --examples 5000 --seed 1 --log fuzz-seed1.log
"""

from __future__ import annotations

import argparse
import collections
import json
import time
import traceback

from hypothesis import HealthCheck, given, seed, settings

from tests.fuzz.generator import programs
from tests.fuzz.harness import find_violations
from tests.fuzz.reduce import kinds


def run(examples, draw_seed, log, programs_log):
    counts = collections.Counter()
    seen = set()
    started = time.monotonic()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(draw_seed)
    @given(programs())
    def check(program):
        if program.source in seen:  # hypothesis draws some programs twice
            counts["repeated programs (skipped)"] += 1
            return
        seen.add(program.source)
        counts["programs"] += 1
        for name in program.hazards or ["none"]:
            counts[f"class {name}"] += 1
        try:
            found = find_violations(program)
            report, compared, problems = found.report, found.compared, found.problems
            for o in found.outcomes:
                counts[f"{o.mode} {'raised' if o.error is not None else 'returned'}"] += 1
        except Exception:
            problems = ["the check itself failed"]
            report = f"{program!r}\n{problems[0]}:\n{traceback.format_exc()}"
            compared = False
        counts["compared with finite differences"] += compared
        if report:
            counts["violations"] += 1
            for kind in kinds(problems):
                counts[f"violation: {kind}"] += 1
            log.write(f"=== violation {counts['violations']} (program {counts['programs']})\n")
            log.write(report + "\n")
            record = {
                "source": program.source,
                "shapes": program.shapes,
                "seed": program.seed,
                "hazards": sorted(program.hazards),
                "problems": [p.splitlines()[0] for p in problems],
            }
            programs_log.write(json.dumps(record) + "\n")
            programs_log.flush()
        if counts["programs"] % 250 == 0:
            log.write(f"--- {counts['programs']} programs, {time.monotonic() - started:.0f} s\n")
        log.flush()

    check()
    counts["seconds"] = round(time.monotonic() - started)
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", default="fuzz.log")
    options = parser.parse_args(argv)
    with open(options.log, "w") as log, open(options.log + ".jsonl", "w") as programs_log:
        counts = run(options.examples, options.seed, log, programs_log)
        summary = [f"seed {options.seed}"] + [f"{k}: {v}" for k, v in sorted(counts.items())]
        log.write("=== summary\n" + "\n".join(summary) + "\n")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
