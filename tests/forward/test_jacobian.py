"""srcgrad.jacobian(mode="fwd") against finite differences, reverse mode, and JAX's shape
rule: the Jacobian of an output of shape S with respect to an input of shape T has shape
S + T, entry [i..., j...] being d out[i...] / d x[j...]; a tuple ``wrt`` gives a tuple."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad
from tests.forward import programs as p

R = np.random.default_rng(3)
W = R.normal(size=(3, 3)) / 2
STEP = 1e-6


def numerical_jacobian(f, args, wrt):
    """Column by column central differences, laid out as S + T."""
    x = np.asarray(args[wrt], dtype=float)
    out = np.asarray(f(*args))
    jac = np.zeros(out.shape + x.shape)
    for index in np.ndindex(x.shape):
        step = np.zeros(x.shape)
        step[index] = STEP
        up, down = list(args), list(args)
        up[wrt] = (x + step) if x.ndim else float(x + step)
        down[wrt] = (x - step) if x.ndim else float(x - step)
        jac[(Ellipsis, *index)] = (np.asarray(f(*up)) - np.asarray(f(*down))) / (2 * STEP)
    return jac


CASES = [
    (p.rollout, (np.array([0.3, -0.1, 0.2]), W), 0),
    (p.rollout, (np.array([-0.3, -0.1, 0.2]), W), 0),  # the other branch first
    (p.rollout, (np.array([0.3, -0.1, 0.2]), W), 1),
    (p.field, (np.array([1.5, -0.7, 0.4]),), 0),
    (p.scalar_out, (R.normal(size=(2, 3)),), 0),
    (p.scalar_in, (0.7,), 0),
    (p.writes, (np.array([0.5, 1.5, -2.0]),), 0),
]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[f"{c[0].__name__}-{c[2]}" for c in CASES])
def test_forward_jacobian_matches_finite_differences_and_reverse(f, args, wrt):
    jac = srcgrad.jacobian(f, wrt=wrt, mode="fwd")(*args)
    expected = numerical_jacobian(f, args, wrt)
    assert jac.shape == np.shape(f(*args)) + np.shape(args[wrt])
    np.testing.assert_allclose(jac, expected, rtol=1e-6, atol=1e-7)
    reverse = srcgrad.jacobian(f, wrt=wrt, mode="rev")(*args)
    np.testing.assert_allclose(jac, reverse, rtol=1e-10, atol=1e-12)


def test_shapes_follow_output_then_input():
    x = np.array([0.3, -0.1, 0.2])
    assert srcgrad.jacobian(p.rollout)(x, W).shape == (9, 3)
    assert srcgrad.jacobian(p.rollout, wrt=1)(x, W).shape == (9, 3, 3)
    assert srcgrad.jacobian(p.scalar_out)(np.ones((2, 3))).shape == (2, 3)
    assert srcgrad.jacobian(p.scalar_in)(0.5).shape == (3,)
    assert srcgrad.jacobian(p.field)(x).shape == (3, 3, 3)


def test_tuple_wrt_gives_one_jacobian_per_argument():
    x = np.array([0.3, -0.1, 0.2])
    jx, jw = srcgrad.jacobian(p.rollout, wrt=(0, "W"))(x, W)
    np.testing.assert_allclose(jx, srcgrad.jacobian(p.rollout, wrt=0)(x, W))
    np.testing.assert_allclose(jw, srcgrad.jacobian(p.rollout, wrt=1)(x, W))


def test_jacobian_of_a_linear_map_is_the_matrix():
    A = R.normal(size=(4, 3))
    jac = srcgrad.jacobian(p.scaled, wrt=1)(A, 2.5)
    np.testing.assert_array_equal(jac, A)
    identity = srcgrad.jacobian(p.scaled)(np.ones(3), 2.0)
    np.testing.assert_array_equal(identity, 2.0 * np.eye(3))


def test_jacobian_source_is_the_batched_tangent_code():
    source = srcgrad.jacobian(p.rollout).source
    assert "def rollout_jvp_batch(batch, x, W, x_dot):" in source
    assert "outputs_dot.append(h_dot)" in source


def test_integer_input_is_refused():
    with pytest.raises(TypeError, match="float"):
        srcgrad.jacobian(p.scaled)(np.arange(3), 2.0)


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode"):
        srcgrad.jacobian(p.scaled, mode="sideways")
