"""Fragments of docs/numpy-coverage.md, produced from the rules table ``srcgrad.rules``.

Every primitive with an entry in the table is listed under each public name it has in
NumPy (``np.*``, ``np.linalg.*``, ``np.fft.*``, ufunc methods such as ``np.add.reduce``),
``math``, the builtins and, where SciPy is installed, ``scipy.special``, ``scipy.linalg``,
``scipy.signal`` and the distributions of ``scipy.stats``, with its reverse, forward and
second-order support; the entries declared nondifferentiable are listed separately, and
the count against the reference list of ``tests/rules/coverage_reference.py`` sums it up.
Run this file to print the fragments.
"""

from __future__ import annotations

import builtins
import math
import sys
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from srcgrad.rules import RULES  # noqa: E402
from srcgrad.rules.registry import load_optional_rules  # noqa: E402

_NAMESPACES = [
    ("np", np),
    ("np.linalg", np.linalg),
    ("np.fft", np.fft),
    ("np.lib.stride_tricks", np.lib.stride_tricks),
    ("math", math),
    ("", builtins),
]
_METHODS = ("logpdf", "pdf", "cdf", "logcdf", "logpmf", "pmf", "sf", "logsf")


def _scipy_namespaces():
    """SciPy's modules with rules, when SciPy is installed (its rules load then)."""
    try:
        import scipy.linalg
        import scipy.signal
        import scipy.special
        import scipy.stats
    except ImportError:
        return []
    load_optional_rules()
    found = [
        ("scipy.special", scipy.special),
        ("scipy.linalg", scipy.linalg),
        ("scipy.signal", scipy.signal),
    ]
    for attr in sorted(dir(scipy.stats)):
        value = getattr(scipy.stats, attr)
        if any(callable(getattr(value, m, None)) for m in _METHODS) and not isinstance(
            value, type
        ):
            found.append((f"scipy.stats.{attr}", value))
    return found


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@cache
def _names() -> dict:
    """Primitive -> its public names (aliases such as np.mod/np.remainder included)."""
    names: dict = {}
    for prefix, namespace in _NAMESPACES + _scipy_namespaces():
        attrs = _METHODS if prefix.startswith("scipy.stats.") else sorted(dir(namespace))
        for attr in attrs:
            if attr.startswith("_") or not hasattr(namespace, attr):
                continue
            value = getattr(namespace, attr)
            if not _hashable(value):
                continue
            if value in RULES:
                names.setdefault(value, []).append(f"{prefix}.{attr}" if prefix else attr)
            if prefix == "np" and isinstance(value, np.ufunc):
                for method in ("reduce", "accumulate"):
                    bound = getattr(value, method)
                    if bound in RULES:
                        names.setdefault(bound, []).append(f"np.{attr}.{method}")
    return names


def _mark(flag: bool) -> str:
    return "✓" if flag else "—"


def _rows():
    rows = []
    for primitive, names in _names().items():
        rule = RULES[primitive]
        if rule.nondiff:
            continue
        defined = getattr(rule, "definition", None) is not None  # through its NumPy code
        reverse = defined or bool(rule.grads or rule.all_grads)
        forward = defined or bool(rule.tangents or rule.all_tangents)
        for name in names:
            rows.append((name, reverse, forward, reverse and forward))
    return sorted(rows, key=lambda row: (row[0].count("."), row[0]))


def table() -> str:
    lines = ["| name | reverse | forward | second order |", "|---|---|---|---|"]
    for name, reverse, forward, second in _rows():
        lines.append(f"| `{name}` | {_mark(reverse)} | {_mark(forward)} | {_mark(second)} |")
    return "\n".join(lines) + "\n"


def nondifferentiable() -> str:
    names = sorted(
        name for primitive, found in _names().items() if RULES[primitive].nondiff for name in found
    )
    return ", ".join(f"`{name}`" for name in names) + "\n"


def summary() -> str:
    rows = _rows()
    if str(ROOT) not in sys.path:  # MkDocs restores sys.path after loading its hooks
        sys.path.insert(0, str(ROOT))
    from tests.rules.coverage_reference import PENDING, REFERENCE
    from tests.rules.test_coverage import resolve

    present = [name for name in REFERENCE if resolve(name) is not None]
    missing = [name for name in present if name in PENDING]
    absent = [name for name in REFERENCE if name not in present]
    return (
        f"- names with a derivative rule: {len(rows)} "
        f"({sum(row[3] for row in rows)} with reverse, forward and second order)\n"
        f"- reference list: {len(REFERENCE)} names, {len(present)} of them in the installed "
        f"NumPy/SciPy; covered {len(present) - len(missing)} of {len(present)}\n"
        f"- not yet covered: {', '.join(f'`{name}`' for name in missing) or 'none'}\n"
        f"- not checked (absent here): {', '.join(f'`{name}`' for name in absent) or 'none'}\n"
    )


def methods() -> str:
    from srcgrad.rules import ARRAY_ATTRIBUTES, ARRAY_METHODS

    def entry(name, primitive, call):
        return f"`x.{name}{call}` (np.{primitive.__name__})"

    parts = [entry(name, fn, "()") for name, fn in sorted(ARRAY_METHODS.items())]
    parts += [entry(name, fn, "") for name, fn in sorted(ARRAY_ATTRIBUTES.items())]
    return ", ".join(parts) + "\n"


FRAGMENTS = {
    "table": table,
    "nondifferentiable": nondifferentiable,
    "summary": summary,
    "methods": methods,
}

if __name__ == "__main__":
    for key, fragment in FRAGMENTS.items():
        print(f"<!-- {key} -->\n{fragment()}")
