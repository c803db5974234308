"""NumPy 2's array-API names, grids and other spellings (rules/array_api.py): NumPy's
values, and gradients (compiled, on the tape, forward) that central differences give."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import RULES, array_api
from tests.helpers import finite_difference

rng = np.random.default_rng(11)
V = rng.uniform(-1, 1, 4)
M = rng.uniform(-1, 1, (3, 3)) + 2.0 * np.eye(3)
S = rng.uniform(-1, 1, (2, 3, 3))
W3 = np.array([0.5, -1.0, 2.0])


def transposed(m):
    return np.sum(np.matrix_transpose(m) * np.arange(9.0).reshape(3, 3))


def linalg_transposed(m):
    return np.sum(np.linalg.matrix_transpose(m) * np.arange(9.0).reshape(3, 3))


def vector_dots(m):
    return np.sum(np.vecdot(m, m * 2.0) ** 2) + np.sum(np.linalg.vecdot(m, W3, axis=-1))


def matrix_vector(m):
    return np.sum(np.matvec(m, W3) ** 2) + np.sum(np.vecmat(W3, m) ** 3)


def cumulative(v):
    s = np.cumulative_sum(v, include_initial=True)
    p = np.cumulative_prod(v)
    return np.sum(s**2) + np.sum(p * np.arange(4.0))


def cumulative_along_axis(m):
    return np.sum(np.cumulative_sum(m, axis=1) ** 2)


def linalg_spellings(m):
    a = np.sum(np.linalg.matmul(m, m))
    b = np.sum(np.linalg.outer(m[0], m[1]) ** 2)
    c = np.linalg.tensordot(m, m, axes=2)
    d = np.linalg.trace(m) * np.sum(np.linalg.diagonal(m, offset=1))
    e = np.sum(np.linalg.cross(m[0], m[2]) ** 2)
    f = np.sum(np.linalg.multi_dot([m, m.T, m]))
    return a + b + c + d + e + f


def norms(m):
    a = np.linalg.matrix_norm(m)
    b = np.linalg.vector_norm(m)
    c = np.sum(np.linalg.vector_norm(m, axis=1, ord=3))
    d = np.sum(np.linalg.vector_norm(np.stack([m, m * 2.0]), axis=(1, 2)))
    return a + b + c + d


def singular_values(m):
    return np.sum(np.linalg.svdvals(m) ** 2) + np.linalg.cond(m)


def batched_singular_values(s):
    return np.sum(np.linalg.svdvals(s) * np.array([1.0, 2.0, 3.0]))


def flat_diagonal(v):
    return np.sum(np.diagflat(v, 1) @ np.arange(25.0).reshape(5, 5))


def differences(v):
    return np.sum(np.ediff1d(v, to_begin=v[:1] * 2.0, to_end=np.array([3.0])) ** 2)


def grid(v):
    x, y = np.meshgrid(v, v[:3] * 2.0)
    return np.sum(x**2 * y) + np.sum(np.meshgrid(v, W3, indexing="ij", sparse=True)[0] ** 3)


def broadcast(v):
    a, b = np.broadcast_arrays(v[:, None], v[:3])
    return np.sum(a * b * np.arange(12.0).reshape(4, 3))


CASES = [
    (transposed, M),
    (linalg_transposed, M),
    (vector_dots, M),
    (matrix_vector, M),
    (cumulative, V),
    (cumulative_along_axis, M),
    (linalg_spellings, M),
    (norms, M),
    (singular_values, M),
    (batched_singular_values, S),
    (flat_diagonal, V),
    (differences, V),
    (grid, V),
    (broadcast, V),
]


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_gradient_matches_finite_differences(f, x, mode):
    expected = finite_difference(f, (x.copy(),), 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = srcgrad.grad(f, mode=mode)(x.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_tangent_matches_finite_differences(f, x):
    direction = np.linspace(1.0, -0.5, x.size).reshape(x.shape)
    expected = np.sum(finite_difference(f, (x.copy(),), 0) * direction)
    _, got = srcgrad.jvp(f, (x.copy(),), (direction,))
    assert got == pytest.approx(expected, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize(
    "ours, numpys, args",
    [
        (array_api.matrix_transpose, np.matrix_transpose, (S,)),
        (array_api.vecdot, np.vecdot, (S, S[::-1])),
        (array_api.matvec, np.matvec, (S, W3)),
        (array_api.vecmat, np.vecmat, (W3, S)),
        (array_api.cumulative_sum, np.cumulative_sum, (V,)),
        (array_api.cumulative_prod, np.cumulative_prod, (M,)),
        (array_api.linalg_trace, np.linalg.trace, (S,)),
        (array_api.linalg_diagonal, np.linalg.diagonal, (S,)),
        (array_api.multi_dot, np.linalg.multi_dot, ([M, M.T, M],)),
        (array_api.matrix_norm, np.linalg.matrix_norm, (S,)),
        (array_api.vector_norm, np.linalg.vector_norm, (S,)),
        (array_api.svdvals, np.linalg.svdvals, (S,)),
        (array_api.cond, np.linalg.cond, (M,)),
        (array_api.diagflat, np.diagflat, (M,)),
        (array_api.ediff1d, np.ediff1d, (M, 1.0, V)),
    ],
)
def test_definitions_compute_what_numpy_computes(ours, numpys, args):
    if numpys is np.cumulative_prod:
        np.testing.assert_allclose(ours(*args, axis=1), numpys(*args, axis=1))
        return
    np.testing.assert_allclose(ours(*args), numpys(*args), rtol=1e-12, atol=1e-12)


def test_every_definition_here_is_checked():
    defined = {p for p, rule in RULES.items() if rule.definition is not None}
    here = {p for p in defined if rule_module(p) == array_api.__name__}
    checked = {
        np.matrix_transpose,
        np.linalg.matrix_transpose,
        np.vecdot,
        np.linalg.vecdot,
        np.matvec,
        np.vecmat,
        np.cumulative_sum,
        np.cumulative_prod,
        np.linalg.matmul,
        np.linalg.outer,
        np.linalg.tensordot,
        np.linalg.trace,
        np.linalg.diagonal,
        np.linalg.cross,
        np.linalg.multi_dot,
        np.linalg.matrix_norm,
        np.linalg.vector_norm,
        np.linalg.svdvals,
        np.linalg.cond,
        np.diagflat,
        np.ediff1d,
    }
    assert here == checked


def rule_module(primitive):
    return RULES[primitive].definition.__module__


def test_a_generalised_ufunc_is_not_elementwise():
    from srcgrad.compiler.analysis.shapes import is_elementwise

    assert is_elementwise(np.multiply) and is_elementwise(np.where)
    assert not any(is_elementwise(f) for f in (np.matmul, np.vecdot, np.matvec, np.vecmat))
