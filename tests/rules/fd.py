"""Check derivative rules against central finite differences.

``check_rule(f, *args, **kwargs)`` evaluates ``f``, draws a random output cotangent
``g``, asks the rules table for the vector-Jacobian product of every floating argument
(a Python float, a float array, or a list of float arrays) and compares it with
``d/dt sum(g * f(arg + t * e_i))`` by central differences. A primitive without a rule,
or a floating argument without a rule, fails the check.

A primitive returning a tuple (``np.linalg.eigh``) gets one cotangent per floating output
(None for the others, as compiled code passes for an output it never used); the check runs
with all of them, then with each output's alone.
"""

from __future__ import annotations

import numpy as np

from srcgrad.rules import lookup

STEP = 1e-6
RTOL = 1e-6
ATOL = 1e-8


def is_differentiable(arg) -> bool:
    """A float, a float array, or a non-empty list of float arrays."""
    if isinstance(arg, list):
        return bool(arg) and all(is_differentiable(a) for a in arg)
    if isinstance(arg, bool) or not isinstance(arg, (float, np.ndarray, np.floating)):
        return False
    return np.result_type(arg).kind == "f"


def is_multi(ans) -> bool:
    """True for a primitive's tuple (or named tuple) of outputs."""
    return isinstance(ans, (tuple, list))


def cotangent_like(ans, make):
    """``make(shape)`` for the output (each floating output of a tuple; None for others)."""
    if not is_multi(ans):
        return make(np.shape(ans))
    return tuple(make(np.shape(a)) if np.result_type(a).kind == "f" else None for a in ans)


def weighted_sum(g, out):
    """``sum(g * out)``, over every output that has a cotangent."""
    if not is_multi(out):
        return np.sum(g * out)
    return sum(np.sum(gk * ok) for gk, ok in zip(g, out, strict=True) if gk is not None)


def single_outputs(g):
    """For a tuple cotangent: the cotangents that keep one output's entry each."""
    for k, gk in enumerate(g):
        if gk is not None:
            yield tuple(gi if i == k else None for i, gi in enumerate(g))


def rule_gradients(f, args, kwargs, g, ans=None, wrt=None):
    """The rules' gradient for each positional argument (None where not floating).

    ``wrt`` lists the positions that need a gradient (default: the floating ones).
    """
    if wrt is None:
        wrt = [i for i, arg in enumerate(args) if is_differentiable(arg)]
    rule = lookup(f)
    name = getattr(f, "__name__", repr(f))
    assert rule is not None, f"no derivative rule for {name}"
    assert not rule.nondiff, f"{name} is declared non-differentiable"
    if ans is None:
        ans = f(*args, **kwargs)
    if rule.all_grads is not None:
        grads = list(rule.all_grads(g, ans, *args, **kwargs))
        grads += [None] * (len(args) - len(grads))
        for i in wrt:
            assert grads[i] is not None, f"{name}: missing gradient for argument {i}"
        return grads
    grads = []
    for i in range(len(args)):
        if i not in wrt:
            grads.append(None)
            continue
        param = rule.params[i]
        assert param in rule.grads, f"{name} has no rule for its parameter {param!r}"
        grads.append(rule.grads[param](g, ans, *args, **kwargs))
    return grads


def numerical_gradient(f, args, kwargs, g, i):
    """Central differences of ``sum(g * f(...))`` with respect to positional argument i."""

    def objective(value, j=None):
        new = list(args)
        if j is None:
            new[i] = value
        else:
            new[i] = list(args[i])
            new[i][j] = value
        return weighted_sum(g, f(*new, **kwargs))

    def along(x, j=None):
        if isinstance(x, (float, np.floating)):
            return (objective(x + STEP, j) - objective(x - STEP, j)) / (2 * STEP)
        grad = np.zeros(np.shape(x))
        for index in np.ndindex(np.shape(x)):
            step = np.zeros(np.shape(x))
            step[index] = STEP
            grad[index] = (objective(x + step, j) - objective(x - step, j)) / (2 * STEP)
        return grad

    if isinstance(args[i], list):
        return [along(x, j) for j, x in enumerate(args[i])]
    return along(args[i])


def _compare(name, i, analytic, numeric, arg):
    assert np.shape(analytic) == np.shape(arg), (
        f"{name} arg {i}: gradient shape {np.shape(analytic)} != input shape {np.shape(arg)}"
    )
    np.testing.assert_allclose(
        analytic, numeric, rtol=RTOL, atol=ATOL, err_msg=f"{name}: gradient of argument {i}"
    )


def check_rule(f, *args, seed=0, **kwargs):
    """Compare every floating argument's rule gradient with finite differences."""
    name = getattr(f, "__name__", repr(f))
    ans = f(*args, **kwargs)
    rng = np.random.default_rng(seed)
    if isinstance(ans, float):
        g = float(rng.standard_normal())
    else:
        g = cotangent_like(ans, rng.standard_normal)
    grads = _check_with(name, f, args, kwargs, g, ans)
    if is_multi(ans):
        for alone in single_outputs(g):
            _check_with(name, f, args, kwargs, alone, ans)
    return grads


def _check_with(name, f, args, kwargs, g, ans):
    grads = rule_gradients(f, args, kwargs, g, ans)
    for i, (arg, grad) in enumerate(zip(args, grads, strict=True)):
        if not is_differentiable(arg):
            continue
        numeric = numerical_gradient(f, args, kwargs, g, i)
        if isinstance(arg, list):
            assert len(grad) == len(arg), f"{name}: one gradient per list element"
            for a, analytic, num in zip(arg, grad, numeric, strict=True):
                _compare(name, i, analytic, num, a)
        else:
            _compare(name, i, grad, numeric, arg)
    return grads
