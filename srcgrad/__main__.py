"""The command line: ``python -m srcgrad demo | show FILE:FUNC [--wrt a,b]``.

Each subcommand is one ``add_parser`` block in :func:`build_parser` that sets
``run(args) -> exit status``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

import numpy as np

DEMO_SOURCE = '''\
import numpy as np


def loss(w, b, x, y):
    """Mean squared error of a tanh layer, with a loop over the samples."""
    total = 0.0
    for xi, yi in zip(x, y):
        prediction = np.tanh(xi @ w + b)
        total = total + np.sum((prediction - yi) ** 2)
    return total / len(x)
'''


def demo() -> int:
    """Differentiate a small function, print its generated adjoint, check it on the tape."""
    import srcgrad

    namespace: dict = {}
    path = Path(__file__).with_name("demo_function.py")
    exec(compile(DEMO_SOURCE, str(path), "exec"), namespace)
    _remember_source(path, DEMO_SOURCE)
    loss = namespace["loss"]
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))

    print("The function:\n")
    print(DEMO_SOURCE)
    compiled = srcgrad.grad(loss, wrt=("w", "b"), mode="compile")
    print("Its gradient, as srcgrad generates it:\n")
    print(compiled.source)
    dw, db = compiled(w, b, x, y)
    tw, tb = srcgrad.grad(loss, wrt=("w", "b"), mode="tape")(w, b, x, y)
    print("d loss / d w (compiled):\n", dw)
    print("d loss / d w (tape):\n", tw)
    agree = np.allclose(dw, tw, rtol=1e-10) and np.allclose(db, tb, rtol=1e-10)
    print("compiled and tape gradients agree:", agree)
    return 0 if agree else 1


def _remember_source(path, text):
    import linecache

    linecache.cache[str(path)] = (len(text), None, text.splitlines(True), str(path))


PROG = "python -m srcgrad"

DESCRIPTION = """\
srcgrad differentiates plain Python/NumPy functions by source transformation: it reads a
function's source and writes a Python function that computes its gradient."""

EPILOG = """\
examples:
  python -m srcgrad demo
  python -m srcgrad show model.py:loss --wrt w,b
  python -m srcgrad show --help"""

SHOW_DESCRIPTION = """\
Print the Python code srcgrad generates for the gradient of the function FUNC defined at
the top level of FILE. FILE is imported (its top-level code runs) to find FUNC. On a
terminal the code is coloured; piped or with NO_COLOR set, it is plain text."""

SHOW_EPILOG = """\
example:
  python -m srcgrad show examples/linear_regression.py:loss --wrt w,b

exit status: 0 on success, 1 if FUNC cannot be compiled (the error names the line),
2 for a bad FILE:FUNC (no such file, no such function, FILE fails to import)."""

EXPLAIN_DESCRIPTION = """\
Say how srcgrad computes the gradient of function FUNC defined in FILE: for FUNC and
every function it calls, whether the compiler transformed it, whether some calls in it
run on the tape engine (tape islands), or whether all of it runs on the tape, with the
reason and the file:line of each. Exit status 2 for a bad FILE:FUNC."""

DEMO_DESCRIPTION = """\
Differentiate a small built-in function (a loss with a loop over the samples), print its
source and the generated gradient code, and check the gradient against the tape engine.
Exits with status 0 when the two agree."""


class CommandError(Exception):
    """A one-line error for the user (printed without a traceback)."""


def _error(command: str, message: str) -> None:
    print(f"{PROG} {command}: error: {message}", file=sys.stderr)


def show(target: str, wrt: str | None) -> int:
    """Print the generated gradient code of FILE:FUNC."""
    import srcgrad

    try:
        fn = _load_function(target)
        chosen = tuple(name.strip() for name in wrt.split(",")) if wrt else 0
        gradient = srcgrad.grad(fn, wrt=chosen, mode="compile")
    except CommandError as err:
        _error("show", str(err))
        return 2
    except ValueError as err:  # --wrt names no argument of FUNC
        _error("show", str(err))
        return 2
    try:
        text = gradient.source
        print(highlight(text) if _colour_wanted(sys.stdout) else text, end="")
    except srcgrad.TransformError as err:
        _error("show", f"cannot compile: {err}")
        return 1
    return 0


def explain(target: str, wrt: str | None) -> int:
    """Print how the gradient of FILE:FUNC is computed: compiled, tape islands, or tape."""
    import srcgrad

    try:
        fn = _load_function(target)
        chosen = tuple(name.strip() for name in wrt.split(",")) if wrt else 0
        print(srcgrad.explain(fn, wrt=chosen))
    except (CommandError, ValueError) as err:
        _error("explain", str(err))
        return 2
    return 0


_COLOURS = {
    "comment": "\033[2;37m",  # dim
    "keyword": "\033[1;34m",  # bold blue
    "string": "\033[32m",  # green
    "number": "\033[36m",  # cyan
}
_RESET = "\033[0m"


def _colour_wanted(stream) -> bool:
    """Colour on a terminal, never when piped or when NO_COLOR is set."""
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")


def highlight(text: str) -> str:
    """Python source with ANSI colours for comments, keywords, strings and numbers."""
    import keyword
    import tokenize

    lines = text.splitlines(keepends=True)
    out = []
    for token in tokenize.generate_tokens(iter(lines).__next__):
        kind = None
        if token.type == tokenize.COMMENT:
            kind = "comment"
        elif token.type == tokenize.NAME and keyword.iskeyword(token.string):
            kind = "keyword"
        elif token.type == tokenize.STRING:
            kind = "string"
        elif token.type == tokenize.NUMBER:
            kind = "number"
        if kind:
            out.append((token.start, token.end, kind))
    coloured = list(lines)
    for (row, col), (end_row, end_col), kind in reversed(out):
        if row != end_row:  # a string over several lines: leave it plain
            continue
        line = coloured[row - 1]
        piece = line[col:end_col]
        coloured[row - 1] = line[:col] + _COLOURS[kind] + piece + _RESET + line[end_col:]
    return "".join(coloured)


def _load_function(target: str):
    """The function FUNC of ``FILE:FUNC``; CommandError (one line) when it is not there."""
    file, _, name = target.rpartition(":")
    if not file or not name:
        raise CommandError(f"expected FILE.py:FUNCTION, got {target!r}")
    path = Path(file)
    if not path.exists():
        raise CommandError(f"no such file: {file}")
    if not path.is_file():
        raise CommandError(f"not a file: {file}")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise CommandError(f"cannot import {file}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(path.stem)
    sys.modules[path.stem] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as err:  # any failure of the user's file, SystemExit included
        if previous is None:
            sys.modules.pop(path.stem, None)
        else:
            sys.modules[path.stem] = previous
        if isinstance(err, KeyboardInterrupt):
            raise
        detail = f"{type(err).__name__}: {err}".splitlines()[0]
        raise CommandError(f"cannot import {file}: {detail}") from None
    fn = getattr(module, name, None)
    if fn is None:
        raise CommandError(f"{file} defines no function {name!r}")
    if not callable(fn):
        raise CommandError(f"{file}: {name!r} is not a function (type {type(fn).__name__})")
    return fn


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser; each subcommand sets ``run(args) -> exit status``."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, epilog=EPILOG, formatter_class=formatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo_parser = commands.add_parser(
        "demo",
        help="differentiate a small function, show the generated code, check it on the tape",
        description=DEMO_DESCRIPTION,
        formatter_class=formatter,
    )
    demo_parser.set_defaults(run=lambda args: demo())

    show_parser = commands.add_parser(
        "show",
        help="print the generated gradient code of a function in a file",
        description=SHOW_DESCRIPTION,
        epilog=SHOW_EPILOG,
        formatter_class=formatter,
    )
    show_parser.add_argument(
        "target", metavar="FILE:FUNC", help="a Python file and the name of a function in it"
    )
    show_parser.add_argument(
        "--wrt",
        metavar="NAMES",
        help="comma-separated names of the arguments to differentiate with respect to "
        "(default: the first argument)",
    )
    show_parser.set_defaults(run=lambda args: show(args.target, args.wrt))

    explain_parser = commands.add_parser(
        "explain",
        help="say how the gradient of a function is computed: compiled, or on the tape and why",
        description=EXPLAIN_DESCRIPTION,
        formatter_class=formatter,
    )
    explain_parser.add_argument(
        "target", metavar="FILE:FUNC", help="a Python file and the name of a function in it"
    )
    explain_parser.add_argument(
        "--wrt",
        metavar="NAMES",
        help="comma-separated names of the arguments to differentiate with respect to "
        "(default: the first argument)",
    )
    explain_parser.set_defaults(run=lambda args: explain(args.target, args.wrt))
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
