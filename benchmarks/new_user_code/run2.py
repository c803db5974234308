"""Second derivatives of the scalar-input cases: grad(grad(f)) against FD of the tape gradient.

Usage: python benchmarks/new_user_code/run2.py
"""

import copy
import importlib
import sys
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import CASES  # noqa: E402

import srcgrad  # noqa: E402

for m in sorted(p.stem for p in HERE.glob("cases_*.py")):
    importlib.import_module(m)

warnings.simplefilter("ignore")
for fn, make_args, _ in CASES:
    rng = np.random.RandomState(3)
    args = make_args(rng)
    if not isinstance(args[0], float):
        continue
    name = f"{fn.__module__}.{fn.__name__}"
    try:
        g1 = srcgrad.grad(fn, mode="tape")
        h = 1e-5
        a = list(copy.deepcopy(args))
        a[0] = args[0] + h
        gp = float(g1(*a))
        a = list(copy.deepcopy(args))
        a[0] = args[0] - h
        gm = float(g1(*a))
        want = (gp - gm) / (2 * h)
    except Exception as e:  # noqa: BLE001
        print(f"{name:45s} reference failed: {type(e).__name__}")
        continue
    out = []
    for mode in ("compile", "auto", "tape"):
        try:
            got = float(srcgrad.grad(srcgrad.grad(fn, mode=mode), mode=mode)(*copy.deepcopy(args)))
            ok = abs(got - want) <= 1e-3 * (1 + abs(want))
            out.append(f"{mode}={'right' if ok else f'WRONG({got:.6g} vs {want:.6g})'}")
        except Exception as e:  # noqa: BLE001
            out.append(f"{mode}={type(e).__name__}")
    print(f"{name:45s} " + " ".join(out), flush=True)
