"""How transform time grows with the size of a function.

A generated straight-line function of N statements ``y = np.sin(y) * 0.9 + x`` is
transformed (parse to compiled gradient, first call included) for N = 100 ... 1600; each
size is measured on fresh functions, best of a few. Time should grow linearly: 1600
statements in under 4x the time of 400.

    python benchmarks/transform_time.py           # writes its section of docs/benchmarks.md
    python benchmarks/transform_time.py --quick   # prints only
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import srcgrad

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOC, write_section  # noqa: E402

HEADING = "## Transform time against function size"
SIZES = (100, 200, 400, 800, 1600)


def straight_line(n: int, folder: Path, tag: str):
    """A fresh module defining f(x) with n statements, so no cache can help."""
    body = "\n".join("    y = np.sin(y) * 0.9 + x" for _ in range(n))
    path = folder / f"straight_{n}_{tag}.py"
    path.write_text(
        f"import numpy as np\n\n\ndef f(x):\n    y = x\n{body}\n    return np.sum(y)\n"
    )
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def measure(repeats: int) -> dict[int, float]:
    best = {}
    with tempfile.TemporaryDirectory() as folder:
        for rep in range(repeats):
            for n in SIZES:
                f = straight_line(n, Path(folder), str(rep))
                start = time.perf_counter()
                srcgrad.grad(f, mode="compile")(np.ones(3))
                best[n] = min(best.get(n, float("inf")), time.perf_counter() - start)
    return best


def table(best: dict[int, float]) -> str:
    lines = ["| statements | transform and first call | per statement |", "|---|---|---|"]
    for n, seconds in best.items():
        lines.append(f"| {n} | {seconds * 1e3:.0f} ms | {seconds / n * 1e6:.0f} µs |")
    ratio = best[1600] / best[400]
    lines.append("")
    lines.append(f"1600 statements take {ratio:.2f}x the time of 400 (linear growth is 4x).")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    write_section(HEADING, text, DOC)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, write nothing")
    args = parser.parse_args(argv)
    best = measure(1 if args.quick else 5)
    text = table(best)
    print(text)
    if not args.quick:
        machine = f"{platform.processor() or platform.machine()}, Python {sys.version.split()[0]}"
        intro = (
            f"{HEADING}\n\n`python benchmarks/transform_time.py` ({machine}; best of 5 fresh "
            "functions per size). The function is `y = np.sin(y) * 0.9 + x` repeated N times. "
            "No stage recurses once per statement; CPython's own parser and `compile` of the "
            "generated text grow slightly faster than its length.\n\n"
        )
        write_doc(intro + text + "\n")


if __name__ == "__main__":
    main()
