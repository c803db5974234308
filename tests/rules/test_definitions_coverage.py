"""The definitions of definitions_joining.py, definitions_sets.py, definitions_callables.py,
float_parts.py, polynomials.py, tensor_solve.py and histogram_nd.py: each computes what
NumPy computes, and its derivative, in every mode (compile, auto, tape, forward, and
second order), is what central finite differences of the NumPy function give."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import (
    definitions_callables,
    definitions_joining,
    definitions_sets,
    float_parts,
    histogram_nd,
    polynomials,
    tensor_solve,
)
from tests.helpers import finite_difference

rng = np.random.default_rng(5)
V = rng.uniform(-1, 1, 6)
SPREAD = np.array([0.31, -0.72, 1.13, 0.05, -0.44, 0.86])  # distinct, no ties
T = np.linspace(0.0, 1.0, 6)


def blocks(v):
    a = v[:4].reshape(2, 2)
    m = np.block([[a, np.eye(2)], [np.zeros((2, 2)), a * 2.0]])
    row = np.block([v[:2], 3.0, v[2:] ** 2])
    return np.sum(m**2 * np.arange(16).reshape(4, 4)) + np.sum(row * np.arange(7))


def blocks_of_a_volume(v):
    a = v.reshape(1, 2, 3)
    return np.sum(np.block([[[a], [a * 2.0]]]) ** 3 * np.arange(12).reshape(1, 4, 3))


def stacked_rows(v):
    return np.sum(np.row_stack([v, v**2]) * np.arange(12).reshape(2, 6))


def float_parts_used(v):
    mantissa, exponent = np.frexp(v * 3.0)
    fraction, whole = np.modf(v * 5.0)
    quotient, rest = np.divmod(v, 0.4)
    turns, angle = divmod(v * 9.0, 2.0)
    shrunk = np.copysign(np.abs(v) + 0.1, v[::-1])
    return (
        np.sum(mantissa**2 * exponent)
        + np.sum(fraction**2 + whole)
        + np.sum(rest**2 * quotient)
        + np.sum(angle**3 + turns)
        + np.sum(np.ldexp(v, 3) * shrunk)
        + np.sum(np.nextafter(v, 10.0) ** 2 * np.spacing(1.0) * 1e15)
    )


def bessel(v):
    return np.sum(np.i0(v * 3.0) * np.arange(6))


def selections(v):
    kept = np.compress(v > 0, v)
    columns = np.compress([True, False, True], v.reshape(2, 3), axis=1)
    picked = np.extract(v.reshape(2, 3) < 0.5, v.reshape(2, 3))
    trimmed = np.trim_zeros(np.concatenate([np.zeros(2), v, np.zeros(1)]))
    return np.sum(kept**2) + np.sum(columns**3) + np.sum(picked) + np.sum(trimmed * np.arange(6))


def set_operations(v):
    union = np.union1d(v, np.array([5.0, -3.0]))
    common = np.intersect1d(v, v[::2] * 1.0)
    rest = np.setdiff1d(v, v[1:2])
    either = np.setxor1d(v, np.array([0.25, 7.0]))
    return (
        np.sum(union * np.arange(8))
        + np.sum(common**2 * np.arange(3))
        + np.sum(rest**3)
        + np.sum(either * np.arange(8))
    )


def unique_of_numpy_2(v):
    doubled = np.concatenate([v, v[:2]])  # ties that move together
    values = np.unique_values(doubled)
    result = np.unique_all(doubled)
    counts = np.unique_counts(doubled)
    return np.sum(values**2) + np.sum(result.values * result.counts) + np.sum(counts.values**3)


def unstacked(v):
    a, b = np.unstack(v.reshape(2, 3))
    c, d, e = np.unstack(v.reshape(2, 3), axis=1)
    return np.sum(a * b) + np.sum(c * d**2 * e)


def polynomial_arithmetic(v):
    total = np.polyadd(v[:3], v[3:5]) ** 2
    gap = np.polysub(v[:2], v[2:]) * np.arange(4)
    product = np.polymul(v[:3], v[3:])
    return np.sum(total) + np.sum(gap) + np.sum(product**2)


def polynomial_calculus(v):
    slope = np.polyder(v, 2)
    area = np.polyint(v, 2, k=[0.5, -1.0])
    quotient, remainder = np.polydiv(v, np.array([1.0, 0.5, -0.25]))
    return np.sum(slope**2) + np.sum(area**2) + np.sum(quotient**2) + np.sum(remainder * 3.0)


def vandermonde(v):
    columns = np.vander(v[:3], increasing=True)
    return np.sum(np.vander(v, 4) @ np.arange(4.0)) + np.sum(columns**2)


def fitted(v):
    c = np.polyfit(T, v, 2)
    weighted = np.polyfit(T + 0.1 * v, np.cos(T), 2, w=1.0 + T)
    c2, cov = np.polyfit(T, v, 1, cov=True)
    _, residuals, _, _, _ = np.polyfit(T, v, 2, full=True)
    return np.sum(c**2) + np.sum(weighted) + np.sum(cov) + np.sum(c2) + residuals[0]


def real_roots(v):
    p = np.concatenate([np.ones(1), np.array([-3.0, 1.0]) + 0.3 * v[:2]])  # real roots
    return np.sum(np.roots(p) ** 2) + np.sum(np.roots(np.concatenate([p, np.zeros(2)])))


def tensor_solves(v):
    a = np.eye(6).reshape(6, 2, 3) * 3.0 + np.outer(v, v).reshape(6, 2, 3) * 0.1
    solved = np.linalg.tensorsolve(a, v)
    moved = np.linalg.tensorsolve(np.moveaxis(a, 0, -1), v, axes=(0, 1))
    inverse = np.linalg.tensorinv(a, ind=1)
    return np.sum(solved**2) + np.sum(moved) + np.sum(inverse * np.arange(36).reshape(2, 3, 6))


def joint_histograms(v):
    counts, xe, ye = np.histogram2d(v, v[::-1] * 2.0, bins=(2, 3), density=True)
    weighted, _, _ = np.histogram2d(T, T**2, bins=2, weights=v)
    cube, edges = np.histogramdd(v.reshape(3, 2), bins=2, range=[(-1, 2), (-1, 2)], weights=v[::2])
    return (
        np.sum(counts * np.arange(6).reshape(2, 3))
        + np.sum(xe) * np.sum(ye**2)
        + np.sum(weighted**2)
        + np.sum(cube**2 * np.arange(4).reshape(2, 2))
        + np.sum(edges[0])
    )


def square(w):
    return w * w


def pieces(v):
    by_lambda = np.piecewise(v, [v < 0, v >= 0], [lambda w: w**2, lambda w: 3.0 * w])
    by_function = np.piecewise(v, [v < 0.2], [square, 1.5])
    with_argument = np.piecewise(v, [v > 0.5], [lambda w, s: s * w, lambda w, s: -w], 2.0)
    return np.sum(by_lambda) + np.sum(by_function) + np.sum(with_argument**2)


def over_axes(v):
    grid = v.reshape(1, 2, 3) ** 2
    return np.sum(np.apply_over_axes(np.sum, grid, [0, 2]) ** 2) + np.sum(
        np.apply_over_axes(np.mean, grid, 1) * np.arange(3)
    )


CASES = [
    (blocks, V),
    (blocks_of_a_volume, V),
    (float_parts_used, SPREAD),
    (bessel, V),
    (selections, V),
    (set_operations, SPREAD),
    (polynomial_arithmetic, V),
    (polynomial_calculus, V),
    (vandermonde, V),
    (fitted, V),
    (real_roots, V),
    (tensor_solves, V),
    (joint_histograms, SPREAD),
    (pieces, SPREAD),
    (over_axes, V),
]
if hasattr(np, "row_stack"):
    CASES.append((stacked_rows, V))
if hasattr(np, "unstack"):
    CASES.append((unstacked, V))
if hasattr(np, "unique_all"):
    CASES.append((unique_of_numpy_2, SPREAD))
# (np.piecewise and np.apply_over_axes with their functions written in the call compile;
# tests/compiler/test_given_functions.py has the forms that do not)
NOT_COMPILED = {}


def _gradient(f, x, mode):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return srcgrad.grad(f, mode=mode)(x.copy())


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_gradient_matches_finite_differences(f, x, mode):
    if mode == "compile" and f in NOT_COMPILED:
        with pytest.raises(srcgrad.TransformError, match=NOT_COMPILED[f]) as info:
            _gradient(f, x, mode)
        assert "test_definitions_coverage.py:" in str(info.value)
        return
    expected = finite_difference(f, (x.copy(),), 0)
    np.testing.assert_allclose(_gradient(f, x, mode), expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_forward_mode_matches_finite_differences(f, x):
    direction = np.linspace(1.0, -0.5, x.size)
    if f in NOT_COMPILED:
        with pytest.raises(srcgrad.TransformError, match=NOT_COMPILED[f]):
            srcgrad.jvp(f, (x.copy(),), (direction,))
        return
    expected = np.sum(finite_difference(f, (x.copy(),), 0) * direction)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, got = srcgrad.jvp(f, (x.copy(),), (direction,))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_second_derivatives_match_finite_differences_of_the_gradient(f, x):
    def gradient(y):
        return _gradient(f, y, "tape")

    rows = [finite_difference(lambda y, i=i: gradient(y)[i], (x,), 0) for i in range(x.size)]
    expected = np.stack(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = srcgrad.hessian(f)(x.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


M23 = V.reshape(2, 3)
SAMPLE = rng.normal(size=(40, 3))
WEIGHTS = rng.uniform(size=40)
VALUES = [
    (definitions_joining.block, np.block, ([[M23, M23], [M23 * 2, M23]],), {}),
    (definitions_joining.block, np.block, ([V, 1.0, np.array([2.0])],), {}),
    (definitions_joining.block, np.block, ([[[M23]], [[M23]]],), {}),
    (definitions_joining.block, np.block, (M23,), {}),
    (float_parts.frexp, np.frexp, (np.array([3.0, -0.25, 0.0, np.inf, 1e-310]),), {}),
    (float_parts.modf, np.modf, (np.array([2.5, -2.5, 0.0, np.inf, -np.inf, 7.0]),), {}),
    (float_parts.divmod_, np.divmod, (V * 7.0, np.array([0.4, -0.3, 2.0, 1.0, 3.0, -1.5])), {}),
    (float_parts.builtin_divmod, divmod, (V * 7.0, 0.3), {}),
    (float_parts.builtin_divmod, divmod, (-2.75, 0.4), {}),
    (definitions_sets.compress, np.compress, (V > 0, V), {}),
    (definitions_sets.compress, np.compress, ([False, True], M23), {"axis": 0}),
    (definitions_sets.extract, np.extract, (M23 > 0, M23), {}),
    (definitions_sets.trim_zeros, np.trim_zeros, (np.array([0.0, 0, 1, 0, 2, 0]),), {}),
    (definitions_sets.trim_zeros, np.trim_zeros, (np.array([0.0, 0, 1, 0]),), {"trim": "b"}),
    (definitions_sets.trim_zeros, np.trim_zeros, (np.zeros(3),), {}),
    (definitions_sets.trim_zeros, np.trim_zeros, (np.pad(M23, 1),), {}),
    (definitions_sets.trim_zeros, np.trim_zeros, (np.pad(M23, 1),), {"axis": -1}),
    (definitions_sets.union1d, np.union1d, (V, np.array([V[0], 9.0, 9.0])), {}),
    (definitions_sets.intersect1d, np.intersect1d, (V, V[::-2]), {"return_indices": True}),
    (definitions_sets.setdiff1d, np.setdiff1d, (np.concatenate([V, V]), V[:2]), {}),
    (definitions_sets.setdiff1d, np.setdiff1d, (V, V[:2]), {"assume_unique": True}),
    (definitions_sets.setxor1d, np.setxor1d, (V, np.array([V[0], 2.0])), {}),
    (polynomials.vander, np.vander, (V,), {}),
    (polynomials.vander, np.vander, (np.arange(4),), {"N": 3, "increasing": True}),
    (polynomials.polyadd, np.polyadd, (V[:2], V), {}),
    (polynomials.polysub, np.polysub, (V, V[:4]), {}),
    (polynomials.polymul, np.polymul, (V[:3], V), {}),
    (polynomials.polyder, np.polyder, (V,), {"m": 3}),
    (polynomials.polyint, np.polyint, (V,), {"m": 2, "k": [1.0, 2.0]}),
    (polynomials.polydiv, np.polydiv, (V, V[:3]), {}),
    (polynomials.polydiv, np.polydiv, (np.array([1.0, -3.0, 2.0]), np.array([1.0, -1.0])), {}),
    (polynomials.polydiv, np.polydiv, (V[:2], V), {}),
    (polynomials.polyfit, np.polyfit, (T, V, 3), {}),
    (polynomials.polyfit, np.polyfit, (T, np.stack([V, V**2], 1), 2), {"w": T + 1.0}),
    (polynomials.polyfit, np.polyfit, (T, V, 2), {"full": True}),
    (polynomials.polyfit, np.polyfit, (T, V, 1), {"cov": True}),
    (polynomials.polyfit, np.polyfit, (T, V, 1), {"cov": "unscaled"}),
    (polynomials.roots, np.roots, (np.array([0.0, 1.0, -3.0, 2.0, 0.0]),), {}),
    (polynomials.roots, np.roots, (np.array([1.0, 0.0, 1.0]),), {}),
    (tensor_solve.tensorsolve, np.linalg.tensorsolve, (np.eye(6).reshape(6, 2, 3), V), {}),
    (tensor_solve.tensorinv, np.linalg.tensorinv, (np.eye(6).reshape(2, 3, 6) + 0.1,), {}),
    (histogram_nd.histogramdd, np.histogramdd, (SAMPLE,), {"bins": [2, 3, 4], "density": True}),
    (histogram_nd.histogramdd, np.histogramdd, (SAMPLE,), {"bins": 3, "weights": WEIGHTS}),
    (histogram_nd.histogram2d, np.histogram2d, (SAMPLE[:, 0], SAMPLE[:, 1]), {"bins": [3, 2]}),
    (histogram_nd.histogram2d, np.histogram2d, (V, V), {"bins": np.linspace(-1, 1, 5)}),
    (definitions_callables.piecewise, np.piecewise, (V, [V < 0], [np.sin, 2.0]), {}),
    (definitions_callables.piecewise, np.piecewise, (0.5, True, [np.cos]), {}),
    (definitions_callables.apply_over_axes, np.apply_over_axes, (np.sum, M23, [0, 1]), {}),
]


def _same_values(mine, theirs):
    if isinstance(theirs, (tuple, list)):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            _same_values(a, b)
    else:
        assert np.shape(mine) == np.shape(theirs)
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("ours, numpys, args, kwargs", VALUES)
def test_definitions_compute_what_numpy_computes(ours, numpys, args, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # np.row_stack's deprecation, polyfit's rank
        _same_values(ours(*args, **kwargs), numpys(*args, **kwargs))


CHECKED = {np.block, np.frexp, np.modf, np.divmod, divmod, np.compress, np.extract, np.trim_zeros}
CHECKED |= {np.union1d, np.intersect1d, np.setdiff1d, np.setxor1d, np.vander, np.polyadd}
CHECKED |= {np.polysub, np.polymul, np.polyder, np.polyint, np.polydiv, np.polyfit, np.roots}
CHECKED |= {np.linalg.tensorsolve, np.linalg.tensorinv, np.histogramdd, np.histogram2d}
CHECKED |= {np.piecewise, np.apply_over_axes}
if hasattr(np, "row_stack"):
    CHECKED.add(np.row_stack)


def test_a_value_in_both_arrays_takes_its_gradient_from_the_first():
    # np.intersect1d(a, b)[0] is a[1] (== b[0]): its derivative goes to a, as np.unique
    # gives a repeated value's to its first place
    a, b = np.array([0.3, 0.7, 0.9]), np.array([0.7, 2.0])
    for mode in ("compile", "tape"):
        da = srcgrad.grad(lambda a, b: np.intersect1d(a, b)[0], wrt=(0, 1), mode=mode)(a, b)
        np.testing.assert_array_equal(da[0], [0.0, 1.0, 0.0])
        np.testing.assert_array_equal(da[1], [0.0, 0.0])


def test_ldexp_gives_its_integer_exponent_no_gradient():
    rule = srcgrad.rules.lookup(np.ldexp)
    g, x, i = np.ones(3), np.array([0.5, 1.5, -2.0]), np.array([1, 0, 3])
    np.testing.assert_array_equal(rule.grads["i"](g, np.ldexp(x, i), x, i), np.zeros(3))
    np.testing.assert_array_equal(rule.grads["x"](g, np.ldexp(x, i), x, i), [2.0, 1.0, 8.0])


def complex_roots(v):
    return np.sum(np.roots(np.concatenate([np.ones(1), v[:2] ** 2 + 1.0])).real)


def deep_blocks(v):
    return np.sum(np.block([[[[v[:2]]]]]))


@pytest.mark.parametrize("f, reason", [(complex_roots, "complex"), (deep_blocks, "three deep")])
@pytest.mark.parametrize("mode", ["compile", "auto", "tape", "jvp"])
def test_refusals_name_the_line(f, reason, mode):
    with pytest.raises((ValueError, TypeError), match=reason) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if mode == "jvp":
                srcgrad.jvp(f, (V.copy(),), (np.ones(6),))
            else:
                srcgrad.grad(f, mode=mode)(V.copy())
    text = " ".join([str(info.value), *getattr(info.value, "__notes__", ())])
    assert "test_definitions_coverage.py:" in text, (mode, text)
