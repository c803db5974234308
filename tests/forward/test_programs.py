"""Forward mode on every construct program: the jvp along a random direction equals the
central finite difference along it and the reverse-mode gradient dotted with it."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import srcgrad
from tests.compiler.test_constructs import CASES, IDS

STEP = 1e-6


def _is_float(value):
    if isinstance(value, bool):
        return False
    return isinstance(value, float) or getattr(getattr(value, "dtype", None), "kind", "") == "f"


def _direction(value, rng):
    if isinstance(value, float):
        return float(rng.standard_normal())
    return rng.standard_normal(np.shape(value))


def _along(f, args, directions, h):
    moved = [a if d is None else a + h * d for a, d in zip(args, directions)]
    return np.asarray(f(*moved), dtype=float)


def _finite_difference(f, args, directions):
    return (_along(f, args, directions, STEP) - _along(f, args, directions, -STEP)) / (2 * STEP)


def _check(f, args, positions, seed):
    rng = np.random.default_rng(seed)
    directions = [_direction(a, rng) if i in positions else None for i, a in enumerate(args)]
    out, out_dot = srcgrad.jvp(f, args, directions)
    np.testing.assert_allclose(out, f(*args), rtol=1e-12)
    assert np.shape(out_dot) == np.shape(out)
    np.testing.assert_allclose(
        out_dot, _finite_difference(f, args, directions), rtol=1e-6, atol=1e-7
    )
    grads = srcgrad.grad(f, wrt=tuple(positions), mode="compile")(*args)
    by_reverse = sum(np.sum(g * directions[i]) for g, i in zip(grads, positions))
    np.testing.assert_allclose(out_dot, by_reverse, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("f, args, wrt, on_tape", CASES, ids=IDS)
def test_jvp_in_one_argument_matches_finite_differences_and_reverse_mode(f, args, wrt, on_tape):
    _check(f, args, [wrt], seed=wrt)


@pytest.mark.parametrize("f, args, wrt, on_tape", CASES, ids=IDS)
def test_jvp_in_all_float_arguments(f, args, wrt, on_tape):
    positions = [i for i, a in enumerate(args) if _is_float(a)]
    _check(f, args, positions, seed=len(positions))


def test_every_program_has_a_forward_case():
    from tests.compiler import programs

    functions = {
        f
        for name, f in inspect.getmembers(programs, inspect.isfunction)
        if f.__module__ == programs.__name__
    }
    covered = {f for f, *_ in CASES}
    # helper is called by `calls`; it is not a case of its own.
    assert functions - covered <= {programs.helper}
