"""Primitives differentiated through their NumPy definition (rules/definitions.py): each
definition computes what NumPy computes, and its derivative, in every mode, is what
central finite differences of the NumPy function give."""

import math
import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import RULES
from srcgrad.rules.definitions import convolve, corrcoef, correlate, cov, interp
from tests.helpers import finite_difference
from tests.rules import test_definitions_coverage, test_definitions_more

rng = np.random.default_rng(3)
V = rng.uniform(-1, 1, 5)
M = rng.uniform(-1, 1, (3, 6))
XP = np.array([-1.0, 0.0, 0.5, 2.0])
FP = np.array([1.0, -0.5, 2.0, 0.3])


def ptp_rows(m):
    return np.sum(np.ptp(m, axis=1) ** 2)


def vdot_self(v):
    return np.vdot(v, v * 2.0)


def covariance(m):
    return np.sum(np.cov(m) ** 2)


def covariance_columns(m):
    return np.sum(np.cov(m, rowvar=False, bias=True) * 3.0)


def correlation(m):
    return np.sum(np.corrcoef(m) ** 2)


def appended(v):
    return np.sum(np.append(v, v**2) ** 2)


def convolved(v):
    return np.sum(np.convolve(v, np.array([0.25, 0.5, 0.25]), mode="same") ** 2)


def convolved_full_with_itself(v):
    return np.sum(np.convolve(v, v[:3]) ** 2)


def correlated(v):
    return np.sum(np.correlate(v, np.array([1.0, -1.0, 0.5]), mode="full") ** 2)


def interpolated(v):
    return np.sum(np.interp(v, XP, FP * 2.0) ** 2)


def interpolated_table(v):
    return np.sum(np.interp(np.array([-2.0, 0.2, 1.0, 3.0]), XP, v[:4] * 2.0) ** 2)


def nan_ignoring(v):
    w = np.where(v > 0.5, np.nan, v)
    return np.nansum(w**2) + np.nanmean(w)


def spaced(v):
    return np.sum(np.logspace(v[0], v[1] + 2.0, 4)) + np.sum(np.geomspace(1.0 + v[2] ** 2, 9.0, 3))


def angles(v):
    return math.degrees(v[0]) * math.radians(v[1]) + math.fsum([v[2], v[3] ** 2])


def product_and_distance(v):
    return math.prod([v[0], v[1], 2.0]) + math.dist([v[2], v[3]], [0.5, 1.0])


CASES = [
    (ptp_rows, M),
    (vdot_self, V),
    (covariance, M),
    (covariance_columns, M),
    (correlation, M),
    (appended, V),
    (convolved, V),
    (convolved_full_with_itself, V),
    (correlated, V),
    (interpolated, V),
    (interpolated_table, V),
    (nan_ignoring, V),
    (spaced, V),
    (angles, V),
    (product_and_distance, V),
]
TAPE_CANNOT = {angles, product_and_distance}  # math.* call float() on a Tensor: refused


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
@pytest.mark.parametrize("f, x", CASES)
def test_gradient_matches_finite_differences(f, x, mode):
    expected = finite_difference(f, (x.copy(),), 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if mode == "tape" and f in TAPE_CANNOT:
            with pytest.raises(srcgrad.tape.strict.GradientLostError):
                srcgrad.grad(f, mode="tape")(x.copy())
            return
        got = srcgrad.grad(f, mode=mode)(x.copy())
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, x", CASES)
def test_forward_mode_matches_finite_differences(f, x):
    direction = np.linspace(1.0, -0.5, x.size).reshape(x.shape)
    expected = np.sum(finite_difference(f, (x.copy(),), 0) * direction)
    _, got = srcgrad.jvp(f, (x.copy(),), (direction,))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(
    "ours, numpys, args",
    [
        (cov, np.cov, (M,)),
        (cov, np.cov, (M, None, False)),
        (cov, np.cov, (V,)),
        (corrcoef, np.corrcoef, (M,)),
        (convolve, np.convolve, (V, V[:3])),
        (convolve, np.convolve, (V[:2], V)),
        (correlate, np.correlate, (V, V[:2])),
        (interp, np.interp, (np.linspace(-2, 3, 11), XP, FP)),
    ],
)
def test_definitions_compute_what_numpy_computes(ours, numpys, args):
    np.testing.assert_allclose(ours(*args), numpys(*args), rtol=1e-12, atol=1e-12)


NAN_CHECKED = {"nanmax", "nanmin", "nanprod", "nancumsum", "nancumprod", "nanvar", "nanstd"}
NAN_CHECKED |= {"nanmedian", "nanpercentile", "nanquantile"}


def test_every_definition_is_checked_here():
    # (the NaN-ignoring reductions are checked in test_nan_reductions.py)
    defined = {p for p, rule in RULES.items() if rule.definition is not None}
    defined -= {p for p in defined if p.__name__ in NAN_CHECKED}
    # (and the array-API names in test_array_api.py)
    defined -= {p for p in defined if RULES[p].definition.__module__.endswith(".array_api")}
    checked = {np.ptp, np.vdot, np.cov, np.corrcoef, np.append, np.convolve, np.correlate}
    checked |= {np.interp, np.nansum, np.nanmean, np.logspace, np.geomspace}
    checked |= {math.degrees, math.radians, math.fsum, math.prod, math.dist}
    assert defined == checked | test_definitions_more.CHECKED | test_definitions_coverage.CHECKED
