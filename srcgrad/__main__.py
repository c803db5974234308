"""``python -m srcgrad demo | show FILE:FUNC [--wrt a,b]``."""

from __future__ import annotations

import argparse
import importlib.util
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


def show(target: str, wrt: str | None) -> int:
    """Print the generated gradient code of FILE:FUNC."""
    import srcgrad

    file, _, name = target.rpartition(":")
    if not file or not name:
        print(f"expected FILE.py:FUNCTION, got {target!r}", file=sys.stderr)
        return 2
    path = Path(file)
    if not path.is_file():
        print(f"no such file: {file}", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    fn = getattr(module, name, None)
    if fn is None:
        print(f"{file} defines no function {name!r}", file=sys.stderr)
        return 2
    chosen = tuple(wrt.split(",")) if wrt else 0
    try:
        print(srcgrad.grad(fn, wrt=chosen, mode="compile").source)
    except srcgrad.TransformError as err:
        print(f"cannot compile: {err}", file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m srcgrad", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="differentiate a function and show the generated code")
    show_parser = commands.add_parser("show", help="print the generated gradient of FILE:FUNC")
    show_parser.add_argument("target", metavar="FILE:FUNC")
    show_parser.add_argument("--wrt", help="comma-separated argument names (default: the first)")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo()
    return show(args.target, args.wrt)


if __name__ == "__main__":
    sys.exit(main())
