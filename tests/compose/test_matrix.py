"""Every transform over every transform (and a few triples), on scalar, vector and matrix
inputs.

Each inner transform is first checked against finite differences of the function; each
outer transform of it is then checked against finite differences of the inner result
(which the first check showed right). Where the outer transform needs what the inner
result is not (a scalar output for grad, hessian, hvp; one array for a Jacobian), a clear
error is the right answer -- never a number.
"""

import warnings

import numpy as np
import pytest

import srcgrad

from .functions import POINTS, fd_jacobian

INNER = {
    "grad": srcgrad.grad,
    "grad_tape": lambda f: srcgrad.grad(f, mode="tape"),
    "value_and_grad": srcgrad.value_and_grad,
    "jacobian_fwd": srcgrad.jacobian,
    "jacobian_rev": lambda f: srcgrad.jacobian(f, mode="rev"),
    "hessian": srcgrad.hessian,
}


def _outer_grad(F, x):
    return srcgrad.grad(F)(x)


def _outer_value_and_grad(F, x):
    return srcgrad.value_and_grad(F)(x)


def _outer_vjp(F, x):
    out, back = srcgrad.vjp(F, x)
    (grad,) = back(_cotangent(out))  # one gradient per parameter
    return out, grad


def _cotangent(out):
    if isinstance(out, tuple):
        return tuple(_cotangent(o) for o in out)
    return np.ones(np.shape(out)) * 0.5


def _outer_jvp(F, x):
    return srcgrad.jvp(F, (x,), (_direction(x),))


def _outer_hvp(F, x):
    return srcgrad.hvp(F, x, _direction(x))


OUTER = {
    "grad": _outer_grad,
    "value_and_grad": _outer_value_and_grad,
    "vjp": _outer_vjp,
    "jvp": _outer_jvp,
    "jacobian_fwd": lambda F, x: srcgrad.jacobian(F)(x),
    "jacobian_rev": lambda F, x: srcgrad.jacobian(F, mode="rev")(x),
    "hessian": lambda F, x: srcgrad.hessian(F)(x),
    "hvp": _outer_hvp,
}
_NEEDS_SCALAR = {"grad", "value_and_grad", "hessian", "hvp"}


def _direction(x):
    return 0.5 + 0.25 * np.arange(np.size(x)).reshape(np.shape(x)) if np.ndim(x) else 0.75


def _expected(outer, F, x):
    """What ``outer`` of ``F`` at ``x`` is, by central differences of ``F``."""
    out = F(x)
    if isinstance(out, tuple):  # value_and_grad: one part at a time
        parts = [_expected(outer, lambda y, i=i: F(y)[i], x) for i in range(len(out))]
        if outer == "vjp":
            return out, sum(part[1] for part in parts)
        if outer == "jvp":
            return out, tuple(part[1] for part in parts)
        return np.array(parts)  # a Jacobian of a tuple of scalars: one row each
    jac = fd_jacobian(F, x)
    t = _direction(x)
    if outer in ("grad", "value_and_grad", "jacobian_fwd", "jacobian_rev"):
        grad = jac.reshape(np.shape(out) + np.shape(x))
        return (out, grad) if outer == "value_and_grad" else grad
    if outer == "vjp":
        v = np.ones(np.shape(out)) * 0.5
        return out, np.tensordot(v, jac, axes=np.ndim(out))
    if outer == "jvp":
        return out, np.tensordot(jac, t, axes=np.ndim(x))
    hess = fd_jacobian(lambda y: fd_jacobian(F, y, 1e-4), x, 1e-4)
    if outer == "hessian":
        return hess
    return np.tensordot(hess, t, axes=np.ndim(x))  # hvp


def _close(got, want, rtol):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _close(g, w, rtol)
        return
    assert np.shape(got) == np.shape(want), (np.shape(got), np.shape(want))
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("inner", INNER)
def test_inner_transform_matches_finite_differences(inner, point):
    f, x = POINTS[point]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = INNER[inner](f)(x)
    grad = fd_jacobian(f, x)
    if inner == "value_and_grad":
        _close(got, (f(x), grad), 1e-6)
    elif inner == "hessian":
        want = fd_jacobian(lambda y: fd_jacobian(f, y, 1e-4), x, 1e-4)
        _close(got, want, 1e-4)
    else:
        _close(got, grad, 1e-6)


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("outer", OUTER)
@pytest.mark.parametrize("inner", INNER)
def test_outer_of_inner(inner, outer, point):
    f, x = POINTS[point]
    F = INNER[inner](f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        out = F(x)
        tuple_out = isinstance(out, tuple)
        if (tuple_out and outer in _NEEDS_SCALAR) or (
            outer in _NEEDS_SCALAR and np.size(out) != 1
        ):
            with pytest.raises((TypeError, ValueError, srcgrad.TransformError)):
                OUTER[outer](F, x)
            return
        if tuple_out and outer.startswith("jacobian"):
            # A Jacobian needs one array output: a clear error, or (forward mode, scalar x)
            # the Jacobians of the parts stacked, checked below.
            try:
                got = OUTER[outer](F, x)
            except (TypeError, ValueError):
                return
            assert outer == "jacobian_fwd" and np.ndim(x) == 0
        else:
            got = OUTER[outer](F, x)
    want = _expected(outer, F, x)
    _close(got, want, 1e-4 if outer in ("hessian", "hvp") else 1e-6)


def test_transforms_of_themselves_three_deep():
    # f(x) = sin(x) x^3; by hand: f''' = -cos x x^3 - 9 sin x x^2 + 18 cos x x + 6 sin x
    x = 0.7
    third = -np.cos(x) * x**3 - 9 * np.sin(x) * x**2 + 18 * np.cos(x) * x + 6 * np.sin(x)
    f = POINTS["scalar"][0]
    g = srcgrad.grad
    assert g(g(g(f)))(x) == pytest.approx(third, rel=1e-10)
    j = srcgrad.jacobian
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        assert float(j(j(g(f)))(x)) == pytest.approx(third, rel=1e-10)
        assert float(g(srcgrad.hessian(f))(x)) == pytest.approx(third, rel=1e-10)
        assert srcgrad.hvp(g(f), x, 2.0) == pytest.approx(2 * third, rel=1e-10)
        assert g(g(g(f, mode="tape")))(x) == pytest.approx(third, rel=1e-10)


def test_third_derivative_tensor_of_a_vector_function():
    # f(x) = sum(x^4) / 4: the third derivative tensor is 6 x_i on the diagonal.
    x = np.array([0.5, -1.5])

    def f(v):
        return np.sum(v**4) / 4

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        got = srcgrad.jacobian(srcgrad.hessian(f))(x)
    want = np.zeros((2, 2, 2))
    want[0, 0, 0], want[1, 1, 1] = 6 * x[0], 6 * x[1]
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_value_and_grad_of_grad_returns_both():
    value, slope = srcgrad.value_and_grad(srcgrad.grad(lambda v: v**3))(2.0)
    assert (value, slope) == (pytest.approx(12.0), pytest.approx(12.0))  # 3 v^2, 6 v


def test_compile_mode_refuses_what_it_cannot_transform():
    f = POINTS["scalar"][0]
    with pytest.raises(srcgrad.TransformError, match="tape"):
        srcgrad.grad(srcgrad.grad(f, mode="tape"), mode="compile")
    # A Jacobian's generated code is transformed again: f'' by hand for sin(x) x^3
    x = 0.7
    second = -np.sin(x) * x**3 + 6 * np.cos(x) * x**2 + 6 * np.sin(x) * x
    assert srcgrad.grad(srcgrad.jacobian(f), mode="compile")(x) == pytest.approx(second)


def test_explain_says_how_the_inner_transform_is_taken():
    f = POINTS["scalar"][0]
    again = srcgrad.explain(srcgrad.grad(f))
    assert again.functions[0].status.startswith("compiled (its generated code")
    assert again.compiled and "scalar_fn_vjp_flat" in str(again)
    on_tape = srcgrad.explain(srcgrad.grad(f, mode="tape"))
    assert on_tape.functions[0].status == "tape (the inner transform)"
    assert 'mode="tape"' in on_tape.functions[0].reasons[0]
    assert not on_tape.compiled
    assert srcgrad.explain(srcgrad.jacobian(f)).compiled


def test_second_reverse_pass_through_a_list_adds_its_gradients():
    # The gradient of a list is a list: two contributions are added entry by entry, not
    # concatenated. f = 2 x^2, so f'' = 4.
    def f(x):
        parts = [x, x * 2]
        return parts[1] * parts[0]

    assert srcgrad.grad(srcgrad.grad(f))(0.7) == pytest.approx(4.0)


def test_second_reverse_pass_resets_a_gradient_a_loop_overwrites():
    # f = x[-1]^2: the Hessian is 2 at the last entry only. The generated gradient sets the
    # loop variable's gradient to zero on each trip; the reverse of that is a reset.
    def f(x):
        for v in x:  # noqa: B007
            pass
        return v**2

    x = np.array([0.3, 0.5, 0.9])
    want = np.diag([0.0, 0.0, 2.0])
    np.testing.assert_allclose(srcgrad.jacobian(srcgrad.grad(f), mode="rev")(x), want)
