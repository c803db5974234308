"""``check_grads``: test a function's gradient against the tape and finite differences.

    >>> import numpy as np
    >>> from srcgrad.testing import check_grads
    >>> def f(x):
    ...     return np.sum(np.tanh(x) ** 2)
    >>> check_grads(f, (np.array([0.3, -0.4]),))  # doctest: +SKIP
    compiled, tape and finite differences agree for f wrt x

The compiled gradient, the tape's gradient and central finite differences (in float64) are
computed for every ``wrt`` argument; the first entry where two of them disagree beyond
``rtol``/``atol`` raises :class:`GradientMismatch` naming the argument, the index and the
three values. A function the compiler cannot transform is checked in ``mode="auto"``
instead (the report says so).
"""

from __future__ import annotations

import warnings

import numpy as np

from .api import FallbackWarning, grad
from .compiler.frontend.source import TransformError

__all__ = ["check_grads", "GradientMismatch"]


class GradientMismatch(AssertionError):
    """Two ways of computing a gradient disagree."""


def check_grads(fn, args, wrt=0, *, rtol=1e-6, atol=1e-8, eps=1e-6):
    """Compare compiled, tape and finite-difference gradients of scalar ``fn(*args)``.

    The compiled gradient runs with ``verify=True``: its value is checked against ``fn``.
    Returns a one-line summary; raises :class:`GradientMismatch` at the first mismatch.
    """
    args = tuple(args)
    single = not isinstance(wrt, (tuple, list))
    names = grad(fn, wrt=wrt).wrt
    positions = [list(grad(fn, wrt=None).wrt).index(name) for name in names]
    engine = "compiled"
    try:
        compiled = grad(fn, wrt=wrt, mode="compile", verify=True)(*args)
    except TransformError as err:
        engine = f"auto (the compiler refused: {err.reason})"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FallbackWarning)
            compiled = grad(fn, wrt=wrt, mode="auto", verify=True)(*args)
    taped = grad(fn, wrt=wrt, mode="tape")(*args)
    if single:
        compiled, taped = (compiled,), (taped,)
    for name, position, got, reference in zip(names, positions, compiled, taped):
        numeric = _finite_difference(fn, args, position, eps)
        for label, other in (("tape", reference), ("finite differences", numeric)):
            _compare(fn, name, engine, got, label, other, rtol, atol)
    name = getattr(fn, "__qualname__", repr(fn))
    return f"{engine}, tape and finite differences agree for {name} wrt {', '.join(names)}"


def _compare(fn, name, engine, got, label, other, rtol, atol):
    got, other = np.asarray(got, dtype=float), np.asarray(other, dtype=float)
    if got.shape != other.shape:
        raise GradientMismatch(
            f"gradient wrt {name!r}: {engine} has shape {got.shape}, {label} {other.shape}"
        )
    bad = ~np.isclose(got, other, rtol=rtol, atol=atol, equal_nan=True)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f"[{', '.join(map(str, index))}]" if index else ""
        a, b = float(got[index]), float(other[index])
        raise GradientMismatch(
            f"{getattr(fn, '__qualname__', fn)}: gradient wrt {name}{where}: {engine} gives "
            f"{a!r}, {label} {b!r} (difference {abs(a - b):.3g}; {int(bad.sum())} of "
            f"{bad.size} entries differ beyond rtol={rtol}, atol={atol})"
        )


def _finite_difference(fn, args, position, eps):
    """Central differences of ``sum(fn(*args))`` with respect to ``args[position]``."""
    value = args[position]

    def at(shifted):
        changed = list(args)
        changed[position] = shifted
        return float(np.sum(fn(*changed)))

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (at(float(value) + eps) - at(float(value) - eps)) / (2 * eps)
    base = np.array(value, dtype=np.float64)
    result = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[index] += eps
        down[index] -= eps
        result[index] = (at(up) - at(down)) / (2 * eps)
    return result
