"""The definitions of definitions_arrays.py and counting.py: each
computes what NumPy computes, and its derivative, in every mode, is what central finite
differences of the NumPy function give."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import counting, definitions_arrays
from tests.helpers import finite_difference

rng = np.random.default_rng(11)
V = rng.uniform(-1, 1, 6)
SPREAD = np.array([0.31, -0.72, 1.13, 0.05, -0.44, 0.86])  # distinct, no ties
MATRIX = np.array([[2.0, 0.5, 0.1], [0.3, 3.0, 0.2], [0.1, 0.2, 5.0]])


def energy_times_first(row):
    return np.sum(row**2) * row[0]


def unit(row):
    return row / np.sqrt(np.sum(row**2))


def applied_to_rows(v):
    return np.sum(np.apply_along_axis(energy_times_first, 1, v.reshape(2, 3)))


def applied_to_columns(v):
    return np.sum(np.apply_along_axis(unit, 0, v.reshape(3, 2)) * np.arange(6).reshape(3, 2))


def inserted(v):
    return np.sum(np.insert(v, 1, v[0] * 2.0) ** 2 * np.arange(7))


def inserted_columns(v):
    block = v[3:5, None] * np.ones((2, 2))
    out = np.insert(v.reshape(2, 3), [0, 2], block, axis=1)
    return np.sum(out**2 * np.arange(10).reshape(2, 5))


def inserted_into_integers(v):
    # d/dv of the inserted entry is 0: NumPy truncates it into the integer array.
    return np.sum(np.insert(np.arange(4), 2, v[0] * 3.0) * v[:5])


def deleted(v):
    return np.sum(np.delete(v, [1, 3]) ** 2 * np.arange(4)) + np.sum(
        np.delete(v.reshape(2, 3), 1, axis=1) ** 3
    )


def resized(v):
    return np.sum(np.resize(v, 9) * np.arange(9))


def differences(v):
    return np.sum(np.ediff1d(v, to_begin=v[0] * 2, to_end=[1.0]) ** 2)


def flat_diagonal(v):
    return np.sum(np.diagflat(v[:3], 1) @ np.arange(4.0))


def unique_values(v):
    values, counts = np.unique(np.concatenate([v, v[:2]]), return_counts=True)
    return np.sum(values**2 * counts * np.arange(6))


def unwrapped(v):
    return np.sum(np.unwrap(v * 5.0) ** 2)


def nan_ignoring(v):
    w = np.where(v > 0.9, np.nan, v)
    return np.nanmax(w**2) + np.nanmin(w) + np.sum(np.nancumsum(w) ** 2) + np.nanprod(w)


def histogram_density(v):
    counts, edges = np.histogram(v, bins=3, density=True)
    return np.sum(counts * np.arange(3)) + np.sum(edges**2)


def histogram_weighted(v):
    data = np.array([0.1, 0.5, 0.9, 0.3, 0.7, 0.2])
    counts, _ = np.histogram(data, bins=2, weights=v)
    in_range, edges = np.histogram(v, bins=4, range=(-1.0, 2.0), weights=v**2)
    return np.sum(counts**2) + np.sum(in_range * np.arange(4)) + np.sum(edges)


def histogram_centres(v):
    counts, edges = np.histogram(v, bins=4)
    centres = 0.5 * (edges[1:] + edges[:-1])
    return np.sum(counts * centres) / np.sum(counts) + np.sum(np.histogram_bin_edges(v, "auto"))


def weighted_counts(v):
    return np.sum(np.bincount(np.array([0, 2, 2, 1, 0, 4]), weights=v, minlength=6) ** 2)


def eigenvalues(v):
    a = MATRIX + np.outer(v[:3], v[3:]) * 0.1
    return np.sum(np.linalg.eigvals(a) ** 2) + np.max(np.linalg.eigvals(a))


def condition_number(v):
    return np.linalg.cond(np.outer(v[:3], v[3:]) + np.eye(3) * 2)


def chained_product(v):
    a = np.outer(v[:3], v[3:])
    return np.sum(np.linalg.multi_dot([a, a.T, v[:3]]))


def array_api_norms(v):
    m = v.reshape(2, 3)
    rows = np.linalg.vector_norm(m, axis=1, keepdims=True)
    total = np.linalg.vector_norm(v) + np.sum(rows) + np.linalg.matrix_norm(m)
    return total + np.sum(np.linalg.vecdot(m, m)) + np.sum(np.linalg.outer(v, v) ** 2)


def cumulative(v):
    return np.sum(np.cumulative_sum(v, include_initial=True) ** 2)


CASES = [
    (applied_to_rows, V),
    (applied_to_columns, V),
    (inserted, V),
    (inserted_columns, V),
    (inserted_into_integers, V),
    (deleted, V),
    (resized, V),
    (differences, V),
    (flat_diagonal, V),
    (unique_values, SPREAD),
    (unwrapped, V),
    (nan_ignoring, SPREAD),
    (histogram_density, SPREAD),
    (histogram_weighted, SPREAD),
    (histogram_centres, SPREAD),
    (weighted_counts, V),
    (eigenvalues, V),
    (condition_number, V),
    (chained_product, V),
]
if hasattr(np.linalg, "vector_norm"):
    CASES.append((array_api_norms, V))
if hasattr(np, "cumulative_sum"):
    CASES.append((cumulative, V))
# np.apply_along_axis calls the function it is given: compiled code runs it on the tape.
NOT_COMPILED = {applied_to_rows, applied_to_columns}


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_gradient_matches_finite_differences(f, x, mode):
    expected = finite_difference(f, (x.copy(),), 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if mode == "compile" and f in NOT_COMPILED:
            with pytest.raises(srcgrad.TransformError, match="apply_along_axis calls"):
                srcgrad.grad(f, mode="compile")(x.copy())
            return
        got = srcgrad.grad(f, mode=mode)(x.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_forward_mode_matches_finite_differences(f, x):
    direction = np.linspace(1.0, -0.5, x.size)
    expected = np.sum(finite_difference(f, (x.copy(),), 0) * direction)
    if f in NOT_COMPILED:
        with pytest.raises(srcgrad.TransformError, match="apply_along_axis calls"):
            srcgrad.jvp(f, (x.copy(),), (direction,), mode="compile")
        with pytest.warns(srcgrad.FallbackWarning, match="apply_along_axis calls"):
            _, got = srcgrad.jvp(f, (x.copy(),), (direction,))
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
        return
    _, got = srcgrad.jvp(f, (x.copy(),), (direction,))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def test_complex_eigenvalues_are_refused():
    def rotation_trace(v):
        a = np.array([[0.0, -1.0], [1.0, 0.0]]) * v[0] + np.eye(2) * v[1]
        return np.sum(np.linalg.eigvals(a).real)

    x = np.array([0.5, 0.2])
    for mode in ("compile", "auto", "tape", "jvp"):
        with pytest.raises((ValueError, TypeError), match="complex") as info:
            if mode == "jvp":
                srcgrad.jvp(rotation_trace, (x,), (np.ones(2),))
            else:
                srcgrad.grad(rotation_trace, mode=mode)(x)
        # The user's line, not the line of the definition in srcgrad/rules.
        text = " ".join([str(info.value), *getattr(info.value, "__notes__", ())])
        assert "test_definitions_more.py:" in text, (mode, text)


M23 = V.reshape(2, 3)


@pytest.mark.parametrize(
    "ours, numpys, args, kwargs",
    [
        (definitions_arrays.insert, np.insert, (V, 1, 0.5), {}),
        (definitions_arrays.insert, np.insert, (M23, [0, 2], np.ones((2, 2))), {"axis": 1}),
        (definitions_arrays.insert, np.insert, (M23, 1, V[:3]), {"axis": 0}),
        (definitions_arrays.insert, np.insert, (np.arange(4), 2, 2.7), {}),
        (definitions_arrays.delete, np.delete, (M23, [0, 2]), {"axis": 1}),
        (definitions_arrays.resize, np.resize, (V, (4, 4)), {}),
        (definitions_arrays.unique, np.unique, (np.round(V * 2),), {"return_inverse": True}),
        (definitions_arrays.unwrap, np.unwrap, (V * 6.0,), {}),
        (definitions_arrays.apply_along_axis, np.apply_along_axis, (unit, 1, M23), {}),
        (definitions_arrays.apply_along_axis, np.apply_along_axis, (np.sum, 0, M23), {}),
        (counting.histogram, np.histogram, (SPREAD,), {"bins": 3, "density": True}),
        (counting.histogram, np.histogram, (SPREAD,), {"bins": 4, "weights": V}),
        (counting.histogram, np.histogram, (SPREAD,), {"bins": 2, "range": (0.0, 0.5)}),
        (counting.histogram_bin_edges, np.histogram_bin_edges, (SPREAD,), {"bins": "auto"}),
        (counting.histogram_bin_edges, np.histogram_bin_edges, (np.ones(3),), {"bins": 2}),
        (counting.bincount, np.bincount, (np.array([3, 0, 3]),), {"weights": V[:3]}),
        (definitions_arrays.eigvals, np.linalg.eigvals, (MATRIX,), {}),
    ],
)
def test_definitions_compute_what_numpy_computes(ours, numpys, args, kwargs):
    mine, theirs = ours(*args, **kwargs), numpys(*args, **kwargs)
    if isinstance(theirs, tuple):
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    else:
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)


CHECKED = {np.apply_along_axis, np.insert, np.delete, np.resize, np.unique, np.unwrap}
CHECKED |= {np.histogram, np.histogram_bin_edges, np.bincount, np.linalg.eigvals}
