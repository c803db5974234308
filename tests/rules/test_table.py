"""Every differentiable rule against finite differences, float32, and Tensor-likes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from srcgrad.rules import RULES

from .boxed import Boxed, box, unbox
from .cases import CASES, UNTABLED
from .fd import check_rule, cotangent_like, is_differentiable, is_multi, rule_gradients

IDS = [c.id for c in CASES]


def _module(f):
    owner = getattr(f, "__self__", None)  # scipy.stats.norm.logpdf: a bound method
    return getattr(f, "__module__", None) or type(owner).__module__


NUMPY_CASES = [c for c in CASES if getattr(c.f, "__module__", None) != "math"]
NUMPY_CASES = [c for c in NUMPY_CASES if c.f not in (math.log, math.pow)]
# Rules for Python builtins serve compiled code on Python values, not tape Tensors.
NUMPY_CASES = [c for c in NUMPY_CASES if getattr(c.f, "__module__", None) != "builtins"]


@pytest.mark.parametrize("c", CASES, ids=IDS)
def test_rule_matches_finite_differences(c):
    check_rule(c.f, *c.args, **c.kwargs)


def _covered():
    covered = set()
    for c in CASES:
        rule = RULES[c.f]
        if rule.all_grads is not None:
            covered.add((c.f, "*"))
            continue
        for i, arg in enumerate(c.args):
            if is_differentiable(arg):
                covered.add((c.f, rule.params[i]))
    return covered


def test_every_rule_has_a_case():
    covered = _covered()
    missing = []
    for primitive, rule in RULES.items():
        if rule.nondiff or rule.user:  # user rules (custom_vjp...) are their author's
            continue
        params = ["*"] if rule.all_grads is not None else list(rule.grads)
        missing += [
            f"{rule.name} {primitive!r} {p}"
            for p in params
            if (primitive, p) not in covered and (primitive, p) not in UNTABLED
        ]
    assert not missing, "rules without a test case:\n" + "\n".join(missing)


def _to_float32(value):
    if isinstance(value, (np.ndarray, np.float64)) and np.result_type(value) == np.float64:
        return np.asarray(value, dtype=np.float32)
    if isinstance(value, list):
        return [_to_float32(v) for v in value]
    return value


def _pairs(args, *grad_lists):
    """(argument, gradients...) for every array argument, list elements included."""
    for arg, *grads in zip(args, *grad_lists, strict=True):
        if isinstance(arg, list) and is_differentiable(arg):
            yield from zip(arg, *grads, strict=True)
        elif is_differentiable(arg):
            yield (arg, *grads)


@pytest.mark.parametrize("c", NUMPY_CASES, ids=[c.id for c in NUMPY_CASES])
def test_float32_inputs_give_float32_gradients(c):
    """Where NumPy computes the output in float32, the gradients are float32 too (where
    it promotes, e.g. float32 with an int64 array, the engines cast at accumulation)."""
    args = tuple(_to_float32(a) for a in c.args)
    ans = c.f(*args, **c.kwargs)
    first = ans[0] if is_multi(ans) else ans
    if np.result_type(first) != np.float32:
        pytest.skip(f"NumPy computes {c.id} in {np.result_type(first)}")
    g = cotangent_like(ans, lambda shape: np.ones(shape, dtype=np.float32))
    g64 = cotangent_like(ans, lambda shape: np.ones(shape))
    grads32 = rule_gradients(c.f, args, c.kwargs, g, ans)
    grads64 = rule_gradients(c.f, c.args, c.kwargs, g64)
    for arg, grad32, grad64 in _pairs(args, grads32, grads64):
        if np.result_type(arg) == np.float32:
            assert np.result_type(grad32) == np.float32, f"gradient is {np.result_type(grad32)}"
        np.testing.assert_allclose(grad32, grad64, rtol=2e-3, atol=2e-3)


# SciPy's Python functions (not its ufuncs) never see a Tensor: the tape cannot record
# them, so their rules run in compiled code only (which differentiates them again).
TENSOR_CASES = [
    c for c in NUMPY_CASES if isinstance(c.f, np.ufunc) or not _module(c.f).startswith("scipy.")
]


@pytest.mark.parametrize("c", TENSOR_CASES, ids=[c.id for c in TENSOR_CASES])
def test_rules_run_on_tensors(c):
    """Rules use only NumPy functions, operators and primitives: on Tensor-likes they
    return Tensor-likes (never a detached array) with the same values."""
    ans = c.f(*c.args, **c.kwargs)
    g = cotangent_like(ans, np.random.default_rng(1).standard_normal)
    expected = rule_gradients(c.f, c.args, c.kwargs, g, ans)
    wrt = [i for i, arg in enumerate(c.args) if is_differentiable(arg)]
    boxed_args = tuple(box(a) if i in wrt else a for i, a in enumerate(c.args))
    boxed_g, boxed_ans = (box(g), box(ans)) if is_multi(ans) else (Boxed(g), Boxed(ans))
    grads = rule_gradients(c.f, boxed_args, c.kwargs, boxed_g, boxed_ans, wrt=wrt)
    for _, grad, want in _pairs(c.args, grads, expected):
        assert isinstance(grad, Boxed), f"gradient left the tape: {type(grad)}"
        np.testing.assert_allclose(unbox(grad), want, rtol=1e-12, atol=1e-12)
