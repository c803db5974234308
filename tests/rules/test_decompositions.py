"""Where the decompositions of np.linalg have no derivative, a clear error; where only part
of a result is used, the gradient of that part (checked against finite differences)."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad
from srcgrad.result_checks import ComplexGradientError
from tests.helpers import finite_difference

REPEATED = np.diag([1.0, 1.0, 2.0])  # eigenvalue 1 twice
ROTATION = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # eigenvalues +-i
MODES = ["compile", "tape"]


def eigenvector_entry(a):
    w, v = np.linalg.eigh(a)
    return np.sum(v[:, 0] * np.arange(3.0))


def squared_eigenvalues(a):
    w, v = np.linalg.eigh(a)
    return np.sum(w**2)


def smallest_eigenvalue(a):
    # Which of the two equal eigenvalues is the "first" depends on the basis: no derivative.
    return np.linalg.eigvalsh(a)[0]


def largest_singular_value_of_two(a):
    return np.linalg.svd(a, compute_uv=False)[0]


def projector_onto_pair(a):
    # V1 V1^T for the two smallest eigenvalues: independent of the basis chosen for them.
    w, v = np.linalg.eigh(a)
    pair = v[:, :2]
    return np.sum((pair @ pair.T) * np.arange(9.0).reshape(3, 3))


def eig_values(a):
    w, v = np.linalg.eig(a)
    return np.sum(w)


def singular_values_full(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(s**2)


def left_vectors_full(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(u)


def wide_qr(a):
    q, r = np.linalg.qr(a)
    return np.sum(r)


@pytest.mark.parametrize("mode", MODES)
def test_eigenvectors_of_a_repeated_eigenvalue_are_refused(mode):
    with pytest.raises(ValueError, match="repeated values") as info:
        srcgrad.grad(eigenvector_entry, mode=mode)(REPEATED)
    if mode == "compile":
        assert any("test_decompositions.py" in note for note in info.value.__notes__)


@pytest.mark.parametrize("mode", MODES)
def test_one_of_equal_eigenvalues_or_singular_values_is_refused(mode):
    with pytest.raises(ValueError, match="repeated values"):
        srcgrad.grad(smallest_eigenvalue, mode=mode)(REPEATED)
    with pytest.raises(ValueError, match="repeated values"):
        srcgrad.grad(largest_singular_value_of_two, mode=mode)(np.diag([2.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match="repeated values"):
        srcgrad.jvp(smallest_eigenvalue, (REPEATED,), (np.ones((3, 3)),))


def test_forward_mode_refuses_eigenvectors_of_a_repeated_eigenvalue():
    with pytest.raises(ValueError, match="repeated values"):
        srcgrad.jvp(eigenvector_entry, (REPEATED,), (np.ones((3, 3)),))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fn", [squared_eigenvalues, projector_onto_pair])
def test_basis_free_uses_of_repeated_eigenvalues_differentiate(fn, mode):
    # The lower triangle is read: a perturbation of the upper one changes nothing.
    got = srcgrad.grad(fn, mode=mode)(REPEATED)
    np.testing.assert_allclose(got, finite_difference(fn, (REPEATED,), 0), atol=1e-6)


@pytest.mark.parametrize("mode", MODES)
def test_complex_eigenvalues_are_refused(mode):
    # Compiled code refuses in eig's rule; the tape where eig makes complex values from
    # real ones that carry a gradient (ComplexGradientError, naming the line).
    with pytest.raises((ValueError, ComplexGradientError), match="complex"):
        srcgrad.grad(eig_values, mode=mode)(ROTATION)


@pytest.mark.parametrize("mode", MODES)
def test_full_matrices_svd_differentiates_what_is_defined(mode):
    a = np.random.default_rng(3).standard_normal((4, 3))
    got = srcgrad.grad(singular_values_full, mode=mode)(a)
    np.testing.assert_allclose(got, finite_difference(singular_values_full, (a,), 0), atol=1e-6)
    with pytest.raises(ValueError, match="full_matrices=False"):
        srcgrad.grad(left_vectors_full, mode=mode)(a)


@pytest.mark.parametrize("mode", MODES)
def test_qr_of_a_wide_matrix_is_refused(mode):
    with pytest.raises(ValueError, match="at least as many rows"):
        srcgrad.grad(wide_qr, mode=mode)(np.ones((2, 3)) + np.eye(2, 3))


@pytest.mark.parametrize("order", [2, -2, "nuc"])
def test_matrix_norms_of_tied_singular_values_do_not_depend_on_the_basis(order):
    # Rotating a matrix whose singular values tie (here all equal, or one zero) leaves the
    # norm's gradient the same rotation of the original one: no arbitrary basis leaks in.
    from srcgrad.rules import lookup

    rule = lookup(np.linalg.norm).grads["x"]
    q = np.linalg.qr(np.random.default_rng(2).standard_normal((3, 3)))[0]
    base = np.diag([2.0, 2.0, 0.0]) if order == "nuc" else 2.0 * np.eye(3)
    grad = rule(1.0, np.linalg.norm(base, order), base, order)
    rotated = rule(1.0, np.linalg.norm(q @ base, order), q @ base, order)
    np.testing.assert_allclose(rotated, q @ grad, atol=1e-12)
