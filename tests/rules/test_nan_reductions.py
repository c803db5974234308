"""NaN-ignoring reductions (rules/nan_reductions.py): NumPy's values, and the gradients
central finite differences give (a NaN entry gets none), compiled, on the tape, forward."""

import functools
import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import RULES, UnsupportedDerivative
from srcgrad.rules import nan_reductions as ours
from tests.helpers import finite_difference

rng = np.random.default_rng(5)
M = rng.uniform(-1, 1, (3, 4))
HOLES = np.array([[False, True, False, False], [False, False, False, True], [True] * 4])

# (our definition, NumPy's function, keyword options); every one is checked on M with
# NaN holes (one row all NaN) and without.
NAN_FUNCTIONS = [
    (ours.nanmax, np.nanmax, {}),
    (ours.nanmax, np.nanmax, {"axis": 1}),
    (ours.nanmin, np.nanmin, {"axis": 0, "keepdims": True}),
    (ours.nanprod, np.nanprod, {"axis": 1}),
    (ours.nancumsum, np.nancumsum, {"axis": 1}),
    (ours.nancumprod, np.nancumprod, {}),
    (ours.nanvar, np.nanvar, {"axis": 1}),
    (ours.nanvar, np.nanvar, {"ddof": 1}),
    (ours.nanstd, np.nanstd, {"axis": 1}),
    (ours.nanmedian, np.nanmedian, {}),
]


def _with_holes(m):
    return np.where(HOLES, np.nan, m)


@pytest.mark.parametrize("ours_fn, numpys, options", NAN_FUNCTIONS)
def test_values_are_numpys(ours_fn, numpys, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy warns on the all-NaN row
        for m in (M, _with_holes(M)):
            np.testing.assert_allclose(ours_fn(m, **options), numpys(m, **options))


def _objective(numpys, options):
    reduce = functools.partial(numpys, **options)

    def f(m):
        value = reduce(_with_holes(m))
        return np.nansum(value * np.linspace(0.5, 1.5, np.size(value)).reshape(np.shape(value)))

    return f


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("ours_fn, numpys, options", NAN_FUNCTIONS)
def test_gradients_match_finite_differences(ours_fn, numpys, options, mode):
    f = _objective(numpys, options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = finite_difference(f, (M.copy(),), 0)
        got = srcgrad.grad(f, mode=mode)(M.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    assert np.all(got[HOLES] == 0.0)


@pytest.mark.parametrize("ours_fn, numpys, options", NAN_FUNCTIONS)
def test_tangents_match_finite_differences(ours_fn, numpys, options):
    f = _objective(numpys, options)
    direction = np.linspace(1.0, -0.5, M.size).reshape(M.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.sum(finite_difference(f, (M.copy(),), 0) * direction)
        _, got = srcgrad.jvp(f, (M.copy(),), (direction,))
    assert got == pytest.approx(expected, rel=1e-5, abs=1e-7)


def test_percentiles_of_the_numbers():
    def f(v):
        w = np.where(v > 0.6, np.nan, v)
        return np.nanpercentile(w, 30.0) + 2.0 * np.nanquantile(w, 0.8)

    v = rng.uniform(-1, 1, 7)
    expected = finite_difference(f, (v.copy(),), 0)
    for mode in ("compile", "tape"):
        np.testing.assert_allclose(srcgrad.grad(f, mode=mode)(v.copy()), expected, atol=1e-7)


def test_an_order_statistic_along_an_axis_with_nan_is_refused():
    def f(m):
        return np.sum(np.nanmedian(_with_holes(m), axis=1))

    with pytest.raises(UnsupportedDerivative, match="slices would have different lengths"):
        srcgrad.grad(f, mode="compile")(M.copy())


def test_every_nan_definition_is_checked_here():
    defined = {p for p, rule in RULES.items() if rule.definition is not None}
    here = {numpys for _, numpys, _ in NAN_FUNCTIONS} | {np.nanpercentile, np.nanquantile}
    nan_names = {p for p in defined if getattr(p, "__name__", "").startswith("nan")}
    assert nan_names - {np.nansum, np.nanmean} == here
