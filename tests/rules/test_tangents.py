"""Every tangent (forward-mode) rule against central finite differences along a random
direction, and a check that every differentiable primitive has tangent rules."""

from __future__ import annotations

import numpy as np
import pytest

from srcgrad.rules import RULES, lookup

from .cases import CASES
from .fd import is_differentiable, is_multi

STEP = 1e-6
RTOL = 1e-6
ATOL = 1e-8


def rule_tangent(f, args, kwargs, tangents, ans):
    """The output's tangent from the rules table; ``tangents`` has one entry per positional
    argument (None where the argument has no tangent)."""
    rule = lookup(f)
    name = getattr(f, "__name__", repr(f))
    assert rule is not None and not rule.nondiff, f"{name} has no derivative rule"
    if rule.all_tangents is not None:
        return rule.all_tangents(ans, tuple(tangents), *args, **kwargs)
    total = None
    for i, t in enumerate(tangents):
        if t is None:
            continue
        param = rule.params[i]
        assert param in rule.tangents, f"{name} has no tangent rule for {param!r}"
        part = rule.tangents[param](ans, t, *args, **kwargs)
        _check_shapes(name, param, part, ans)
        total = part if total is None else _add(total, part)
    return total


def _check_shapes(name, param, part, ans):
    """A tangent has the output's shape (each output's, for a tuple of outputs)."""
    if is_multi(ans):
        assert len(part) == len(ans), f"{name}: one tangent per output"
        for p, a in zip(part, ans, strict=True):
            _check_shapes(name, param, p, a)
        return
    assert np.shape(part) == np.shape(ans), (
        f"{name}: tangent from {param!r} has shape {np.shape(part)}, the output {np.shape(ans)}"
    )


def _add(total, part):
    if isinstance(part, tuple):
        return tuple(a + b for a, b in zip(total, part, strict=True))
    return total + part


def _direction(arg, rng):
    if isinstance(arg, list):
        return [_direction(a, rng) for a in arg]
    if isinstance(arg, (float, np.floating)) and not isinstance(arg, np.ndarray):
        return float(rng.standard_normal())
    return rng.standard_normal(np.shape(arg))


def _moved(arg, direction, h):
    if isinstance(arg, list):
        return [_moved(a, d, h) for a, d in zip(arg, direction, strict=True)]
    return arg + h * direction


def numerical_tangent(f, args, kwargs, tangents):
    """(f(args + h t) - f(args - h t)) / 2h, moving only arguments with a tangent."""

    def at(h):
        moved = [a if t is None else _moved(a, t, h) for a, t in zip(args, tangents)]
        out = f(*moved, **kwargs)
        if is_multi(out):
            return [np.asarray(o, dtype=float) for o in out]
        return np.asarray(out, dtype=float)

    plus, minus = at(STEP), at(-STEP)
    if isinstance(plus, list):
        return [(p - m) / (2 * STEP) for p, m in zip(plus, minus, strict=True)]
    return (plus - minus) / (2 * STEP)


def _check(c, tangents):
    ans = c.f(*c.args, **c.kwargs)
    analytic = rule_tangent(c.f, c.args, c.kwargs, tangents, ans)
    _check_shapes(getattr(c.f, "__name__", "f"), "all", analytic, ans)
    numeric = numerical_tangent(c.f, c.args, c.kwargs, tangents)
    if is_multi(ans):
        for k, (a, n) in enumerate(zip(analytic, numeric, strict=True)):
            np.testing.assert_allclose(a, n, rtol=RTOL, atol=ATOL, err_msg=f"output {k}")
    else:
        np.testing.assert_allclose(analytic, numeric, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_tangent_matches_finite_differences_along_a_random_direction(c):
    rng = np.random.default_rng(7)
    differentiable = [i for i, a in enumerate(c.args) if is_differentiable(a)]
    assert differentiable, f"{c.id} has no floating argument"
    # All floating arguments moving together...
    _check(c, [_direction(a, rng) if i in differentiable else None for i, a in enumerate(c.args)])
    # ...and each one alone (its rule runs without the others' tangents).
    if len(differentiable) > 1:
        for i in differentiable:
            _check(c, [_direction(a, rng) if j == i else None for j, a in enumerate(c.args)])


def test_every_differentiable_primitive_has_tangent_rules():
    missing = []
    for primitive, rule in RULES.items():
        if rule.nondiff or rule.user:  # user rules (custom_vjp...) are their author's
            continue
        if rule.all_grads is not None and rule.all_tangents is None:
            missing.append(f"{rule.name} {primitive!r}: all arguments")
        for param in rule.grads:
            if rule.all_tangents is None and param not in rule.tangents:
                missing.append(f"{rule.name} {primitive!r}: {param}")
    assert not missing, "primitives without a tangent rule:\n" + "\n".join(missing)


def test_tangent_rules_take_the_primitive_parameters():
    for primitive, rule in RULES.items():
        for param, fn in rule.tangents.items():
            assert param in rule.params, f"{fn.__name__}: {param} is no parameter of {primitive}"
