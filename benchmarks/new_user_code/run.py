"""Run every new-user case in compile / auto / tape (and jvp) and compare with central FD.

Usage: python benchmarks/new_user_code/run.py [substring-filter]
Writes results.json beside this file and prints a summary.
"""

import copy
import importlib
import inspect
import json
import re
import signal
import sys
import traceback
import warnings
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import CASES  # noqa: E402

import srcgrad  # noqa: E402

MODULES = sorted(p.stem for p in HERE.glob("cases_*.py"))


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, _alarm)


def plain_value(fn, args):
    return fn(*copy.deepcopy(args))


def fd_grad(fn, args, h=1e-6):
    x0 = args[0]
    if isinstance(x0, float):
        a = list(copy.deepcopy(args))
        a[0] = x0 + h
        fp = float(fn(*a))
        a = list(copy.deepcopy(args))
        a[0] = x0 - h
        fm = float(fn(*a))
        return (fp - fm) / (2 * h)
    x0 = np.asarray(x0, dtype=float)
    g = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        xp = x0.copy()
        xp[i] += h
        xm = x0.copy()
        xm[i] -= h
        a = list(copy.deepcopy(args))
        a[0] = xp
        fp = float(fn(*a))
        a = list(copy.deepcopy(args))
        a[0] = xm
        fm = float(fn(*a))
        g[i] = (fp - fm) / (2 * h)
    return g


def close(a, b):
    try:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
    except Exception:
        return False
    if a.shape != b.shape:
        return False
    scale = 1.0 + np.max(np.abs(b)) if b.size else 1.0
    return bool(np.all(np.abs(a - b) <= 2e-4 * scale + 2e-4 * np.abs(b)))


def classify_error(e, modfile):
    msg = f"{type(e).__name__}: {e}"
    tb = traceback.format_exc()
    clear = bool(re.search(re.escape(modfile) + r"[\"']?(, line |:)\d+", msg))
    return ("clear" if clear else "unclear"), msg, tb


def run_case(fn, make_args, do_jvp, modname):
    # A seed from the name that is the same in every process (hash() of a str is not).
    rng = np.random.RandomState(zlib.crc32(fn.__name__.encode()))
    modfile = modname + ".py"
    out = {"name": f"{modname}.{fn.__name__}", "modes": {}}
    inputs = [make_args(rng) for _ in range(2)]
    fds = []
    for args in inputs:
        fds.append((plain_value(fn, args), fd_grad(fn, args)))
    for mode in ("compile", "auto", "tape", "jvp"):
        if mode == "jvp" and not do_jvp:
            continue
        res = {"cls": "right"}
        nwarn = 0
        for args, (val, fd) in zip(inputs, fds):
            signal.alarm(30)
            try:
                with warnings.catch_warnings(record=True) as w:
                    warnings.simplefilter("always")
                    if mode == "jvp":
                        t0 = args[0]
                        if isinstance(t0, float):
                            tan = 1.0
                            fdd = float(fd)
                        else:
                            tan = np.asarray(rng.randn(*np.shape(t0)))
                            fdd = float(np.sum(fd * tan))
                        full = list(args)
                        for prm in list(inspect.signature(fn).parameters.values())[len(args) :]:
                            if prm.default is not inspect.Parameter.empty:
                                full.append(prm.default)
                        tans = (tan,) + tuple(None for _ in full[1:])
                        v, dv = srcgrad.jvp(fn, tuple(copy.deepcopy(full)), tans)
                        g, exp = dv, fdd
                    else:
                        v, g = srcgrad.value_and_grad(fn, mode=mode)(*copy.deepcopy(args))
                        exp = fd
                    nwarn += len(w)
                signal.alarm(0)
                if not close(v, val):
                    res = {
                        "cls": "WRONG",
                        "what": "value",
                        "got": repr(v),
                        "want": repr(val),
                        "args": repr(args),
                    }
                    break
                if not close(g, exp):
                    res = {
                        "cls": "WRONG",
                        "what": "grad",
                        "got": repr(g),
                        "want": repr(exp),
                        "args": repr(args),
                    }
                    break
            except Timeout:
                res = {"cls": "unclear", "msg": "TIMEOUT"}
                break
            except Exception as e:  # noqa: BLE001
                signal.alarm(0)
                cls, msg, tb = classify_error(e, modfile)
                res = {"cls": cls, "msg": msg[:600], "exc": type(e).__name__, "tb": tb[-1500:]}
                break
            finally:
                signal.alarm(0)
        if mode == "auto":
            res["fallback_warnings"] = nwarn
        out["modes"][mode] = res
    return out


def main():
    filt = sys.argv[1] if len(sys.argv) > 1 else ""
    for m in MODULES:
        importlib.import_module(m)
    results = []
    for fn, make_args, do_jvp in CASES:
        modname = fn.__module__
        name = f"{modname}.{fn.__name__}"
        if filt and filt not in name:
            continue
        try:
            r = run_case(fn, make_args, do_jvp, modname)
        except Exception as e:  # noqa: BLE001
            r = {"name": name, "modes": {}, "harness_error": f"{type(e).__name__}: {e}"}
        results.append(r)
        tags = " ".join(f"{k}={v['cls']}" for k, v in r["modes"].items())
        print(f"{name:50s} {tags} {r.get('harness_error', '')}", flush=True)
    outname = "results.json" if not filt else "results_partial.json"
    (HERE / outname).write_text(json.dumps(results, indent=1))
    counts = Counter()
    for r in results:
        for k, v in r["modes"].items():
            counts[(k, v["cls"])] += 1
    print(len(results), "cases")
    for mode in ("compile", "auto", "tape", "jvp"):
        print(mode, {c: counts[(mode, c)] for c in ("right", "clear", "unclear", "WRONG")})
    norule = Counter()
    for r in results:
        for k, v in r["modes"].items():
            if v.get("exc") == "NoRuleError" or "no rule" in v.get("msg", "").lower():
                norule[(k, v["msg"][:120])] += 1
    for (k, m), n in sorted(norule.items()):
        print("NORULE", k, n, m)


if __name__ == "__main__":
    main()
