"""The invariant for a generated program of one array argument, in every mode: compile,
auto and tape (``tests.fuzz.harness.check_function``: value, gradient against the other
modes and finite differences, or a clear error) and a forward-mode jvp. Where NumPy itself
refuses the program (a write into a read-only view, an ``out=`` of the wrong shape), every
mode must raise an error naming its line."""

from __future__ import annotations

import warnings

import numpy as np

import srcgrad
from tests.fuzz.harness import MODES, check_function, on_copies, unclear_error
from tests.helpers import finite_difference

__all__ = ["problems_of"]


def _plain_raises(f, x) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            on_copies(f)(x)
    except (ValueError, TypeError):
        return True
    return False


def _jvp_problem(f, x):
    direction = np.linspace(1.0, 0.5, x.size).reshape(x.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = np.sum(finite_difference(on_copies(f), (x,), 0) * direction)
        try:
            _, tangent = srcgrad.jvp(f, (x.copy(),), (direction,))
        except Exception as err:  # noqa: BLE001 - judged by its text
            why = unclear_error(err, f.__code__.co_filename)
            return None if why is None else f"jvp raised {why}: {err}"
    if not np.allclose(tangent, expected, rtol=1e-5, atol=1e-7):
        return f"jvp {tangent} != finite differences {expected}"
    return None


def problems_of(f, x) -> list:
    """What ``f`` at ``x`` violates, as text (empty: nothing)."""
    filename = f.__code__.co_filename
    if _plain_raises(f, x):
        problems = []
        for mode in MODES:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    srcgrad.grad(f, mode=mode)(x.copy())
                except Exception as err:  # noqa: BLE001 - judged by its text
                    why = unclear_error(err, filename)
                    if why is not None:
                        problems.append(f"{mode} raised {why}: {err}")
                    continue
            problems.append(f"{mode} returned a gradient where NumPy raises")
        return problems
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problems, _, _ = check_function(f, (x,), rtol=1e-7, atol=1e-9)
    jvp = _jvp_problem(f, x)
    return problems + ([jvp] if jvp else [])
