"""Second derivatives by transforming generated gradients again: grad(grad(f)), hessian,
hvp. Each is checked against the tape (create_graph=True, a second backward pass) and
against central differences of the first derivative."""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad import autograd
from tests.compiler.test_constructs import CASES

EPS = 1e-5


def taped_hessian(f, args, wrt):
    """The tape's Hessian: gradient with create_graph=True, then one backward per entry."""
    args = list(args)
    x = srcgrad.tensor(np.array(args[wrt], dtype=float), requires_grad=True)
    args[wrt] = x * 1
    out = f(*args)
    if not isinstance(out, srcgrad.Tensor):  # a constant output: the Hessian is zero
        return np.zeros(np.shape(x) + np.shape(x))
    (g,) = autograd.grad(out, x, create_graph=True)
    if not g.requires_grad:  # the gradient does not depend on x: the Hessian is zero
        return np.zeros(np.shape(x) + np.shape(x))
    flat = g.reshape(-1)
    rows = []
    for i in range(flat.shape[0]):
        (row,) = autograd.grad(flat[i], x, retain_graph=True, allow_unused=True)
        rows.append(np.zeros(x.shape) if row is None else row.data)
    return np.array(rows).reshape(np.shape(x) + np.shape(x))


def differenced_hessian(f, args, wrt):
    """Central differences of the tape's gradient (an independent reference)."""
    gradient = srcgrad.grad(f, wrt=wrt, mode="tape")
    x = np.array(args[wrt], dtype=float)
    columns = []
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = EPS
        up, down = list(args), list(args)
        up[wrt] = x + step if x.ndim else float(x + step)
        down[wrt] = x - step if x.ndim else float(x - step)
        columns.append((np.asarray(gradient(*up)) - np.asarray(gradient(*down))) / (2 * EPS))
    n = x.ndim
    if not n:
        return columns[0]
    # columns[j...][i...] is d grad[i...] / d x[j...]: put the i axes first.
    stacked = np.array(columns).reshape(x.shape + x.shape)
    return np.transpose(stacked, [*range(n, 2 * n), *range(n)])


SECOND = [
    (f, args, wrt)
    for f, args, wrt, on_tape in CASES
    if on_tape and f.__name__ not in ("mlp_loss", "logistic", "rnn")
]


@pytest.mark.parametrize(
    "f, args, wrt", SECOND, ids=[f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(SECOND)]
)
def test_hessian_matches_tape_and_differences(f, args, wrt):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hessian = srcgrad.hessian(f, wrt=wrt)(*args)
    # Every construct program transforms twice (no tape fallback).
    fallbacks = [w for w in caught if issubclass(w.category, srcgrad.FallbackWarning)]
    assert fallbacks == []
    np.testing.assert_allclose(hessian, taped_hessian(f, args, wrt), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(hessian, differenced_hessian(f, args, wrt), rtol=1e-5, atol=1e-6)


def logistic_growth(r, x):
    for _ in range(20):
        x = x + 0.1 * r * x * (1 - x)
    return x


def test_grad_of_grad_by_transformation():
    second = srcgrad.grad(srcgrad.grad(logistic_growth), mode="compile")
    got = second(1.5, 0.2)
    first = srcgrad.grad(logistic_growth, mode="tape")
    expected = (first(1.5 + EPS, 0.2) - first(1.5 - EPS, 0.2)) / (2 * EPS)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    np.testing.assert_allclose(got, taped_hessian(logistic_growth, (1.5, 0.2), 0), rtol=1e-10)
    source = second.source
    # Readable at each level: the first-level gradient is a plain function the second
    # level transforms like user code.
    assert "def logistic_growth_grad_vjp(r, x):" in source
    assert "def logistic_growth_vjp_flat_vjp(" in source


def lse_quadratic(x, a):
    return np.log(np.sum(np.exp(x))) + 0.5 * x @ a @ x


def test_hvp_equals_hessian_times_vector():
    rng = np.random.default_rng(3)
    x, v = rng.normal(size=5), rng.normal(size=5)
    a = np.diag(rng.uniform(1, 2, size=5))
    hessian = srcgrad.hessian(lse_quadratic)(x, a)
    np.testing.assert_allclose(srcgrad.hvp(lse_quadratic, (x, a), (v, None))[0], hessian @ v)
    np.testing.assert_allclose(hessian, taped_hessian(lse_quadratic, (x, a), 0), rtol=1e-10)
    np.testing.assert_allclose(hessian, hessian.T, rtol=1e-12)


def largest_square(x):
    return max(x[0] * x[0], x[2] * x[2])


def test_second_derivatives_fall_back_to_the_tape_where_the_compiler_cannot():
    # builtin max of several arguments: its gradient helper takes *args, not transformed
    x = np.array([0.3, -0.2, 0.5])
    with pytest.warns(srcgrad.FallbackWarning, match="builtin_max_grads takes"):
        got = srcgrad.hessian(largest_square)(x)
    np.testing.assert_allclose(got, taped_hessian(largest_square, (x,), 0))
    np.testing.assert_allclose(got, np.diag([0.0, 0.0, 2.0]))  # d2/dx2 x2^2 = 2
    with pytest.raises(srcgrad.TransformError, match="builtin_max_grads"):
        srcgrad.hessian(largest_square, mode="compile")(x)


def test_lists_recursion_and_array_writes_transform_twice():
    from tests.compiler.programs import appendlist, recursion, setitem

    x = np.array([0.3, -0.5])
    got = srcgrad.hessian(appendlist, mode="compile")(x)
    np.testing.assert_allclose(got, differenced_hessian(appendlist, (x,), 0), rtol=1e-5)
    # The tape cannot write into a NumPy array: difference the compiled gradient instead.
    x = np.array([0.3, -0.5, 1.0, 2.0])
    gradient = srcgrad.grad(setitem, mode="compile")
    columns = [(gradient(x + EPS * e) - gradient(x - EPS * e)) / (2 * EPS) for e in np.eye(4)]
    got = srcgrad.hessian(setitem, mode="compile")(x)
    np.testing.assert_allclose(got, np.array(columns).T, rtol=1e-5, atol=1e-6)
    got = srcgrad.grad(srcgrad.grad(recursion), mode="compile")(1.0, 3)
    assert got == 0.0  # recursion(x, 3) is linear in x
