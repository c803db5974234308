"""Every construct the compiler handles: compiled gradient == tape == finite differences."""

import numpy as np
import pytest

import srcgrad
from tests.compiler import programs as p
from tests.helpers import finite_difference

R = np.random.default_rng(0)
ROWS = np.arange(6.0).reshape(2, 3) / 7
# xs (steps, batch, input), W, U, h0
RNN_ARGS = (
    R.normal(size=(4, 2, 3)),
    R.normal(size=(3, 5)) / 2,
    R.normal(size=(5, 5)) / 3,
    R.normal(size=(2, 5)),
)

# (function, arguments, wrt, runs on the tape too). Branchy functions appear once per side.
CASES = [
    (p.reassign, (np.array([0.3, 0.5]),), 0, True),
    (p.branch, (np.array([0.3, 0.5]),), 0, True),
    (p.branch, (np.array([-0.3, -0.5]),), 0, True),
    (p.loop, (np.array([0.3, 0.5]),), 0, True),
    (p.whileloop, (3.0,), 0, True),
    (p.whileloop, (0.7,), 0, True),
    (p.early, (2.0,), 0, True),
    (p.early, (-2.0,), 0, True),
    (p.brk, (1.0,), 0, True),
    (p.brk, (0.1,), 0, True),
    (p.appendlist, (np.array([0.3, -0.5]),), 0, True),
    (p.comp, (np.array([0.3, -0.5]),), 0, True),
    # Writing a Tensor into a plain NumPy array is an error on the tape (see test_tape_*).
    (p.setitem, (np.array([0.3, -0.5, 1.0, 2.0]),), 0, False),
    (p.calls, (np.array([0.3, -0.5]),), 0, True),
    (p.nested, (np.array([0.3, -0.5]), np.array([1.0, 2.0])), 0, True),
    (p.nested, (np.array([0.3, -0.5]), np.array([1.0, 2.0])), 1, True),
    (p.lam, (np.array([0.3, -0.5]),), 0, True),
    (p.swap, (2.0, 3.0), 0, True),
    (p.swap, (2.0, 3.0), 1, True),
    (p.methods, (ROWS,), 0, True),
    (p.rows, (ROWS,), 0, True),
    (p.zips, (np.array([1.0, 2, 3]), np.array([0.5, 0.2, 0.1])), 0, True),
    (p.zips, (np.array([1.0, 2, 3]), np.array([0.5, 0.2, 0.1])), 1, True),
    (p.dicts, (np.array([1.0, 2, 3]),), 0, True),
    (p.boolidx, (np.array([1.0, -2, 3]),), 0, True),
    (p.mathf, (0.7,), 0, False),
    (p.mathf, (0.3,), 0, False),
    (p.ifexp, (2.0,), 0, True),
    (p.ifexp, (0.5,), 0, True),
    (p.recursion, (1.0, 3), 0, True),
    # On the tape `y += 1` is in place (PyTorch semantics) and `y` aliases `x`: a different
    # function from the one Python floats run, so only the compiler is compared here.
    (p.aug, (1.3,), 0, False),
    (p.skip_odd, (0.9,), 0, True),
    (p.nested_loops, (np.array([0.3, -0.5, 0.8]),), 0, True),
    (p.return_in_loop, (1.0,), 0, True),
    (p.return_in_loop, (-1.0,), 0, True),
    (p.unary_and_abs, (np.array([0.3, -0.5, 0.8]),), 0, True),
    (p.rnn, RNN_ARGS, 1, True),
    (p.rnn, RNN_ARGS, 2, True),
    (
        p.logistic,
        (
            R.normal(size=(4, 1)),
            0.1,
            R.normal(size=(6, 4)),
            (R.random((6, 1)) > 0.5).astype(float),
        ),
        0,
        True,
    ),
    (
        p.mlp_loss,
        (
            R.normal(size=(4, 5)) / 2,
            R.normal(size=5),
            R.normal(size=(5, 3)),
            R.normal(size=3),
            R.normal(size=(6, 4)),
            np.array([0, 2, 1, 1, 0, 2]),
        ),
        2,
        True,
    ),
]
IDS = [f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(CASES)]


@pytest.mark.parametrize("f, args, wrt, on_tape", CASES, ids=IDS)
def test_compiled_gradient_matches_finite_differences_and_tape(f, args, wrt, on_tape):
    compiled = srcgrad.grad(f, wrt=wrt, mode="compile")(*args)
    expected = finite_difference(f, args, wrt)
    np.testing.assert_allclose(compiled, expected, rtol=1e-6, atol=1e-7)
    if on_tape:
        taped = srcgrad.grad(f, wrt=wrt, mode="tape")(*args)
        np.testing.assert_allclose(compiled, taped, rtol=1e-10, atol=1e-12)
    assert np.shape(compiled) == np.shape(args[wrt])


def test_source_of_straight_line_code_has_no_clutter():
    def seed(w):
        y = w**2
        return 10 * y + 25

    source = srcgrad.grad(seed).source
    assert "saved" not in source
    assert "zeros" not in source
    assert "0 +" not in source
    assert "# line" in source
    compile(source, "<generated>", "exec")  # valid Python


def test_primal_runs_once_and_inputs_are_not_modified():
    calls = []

    def noisy(x):
        calls.append(1)
        y = x * 2
        y += 1
        return np.sum(y)

    x = np.array([1.0, 2.0])
    srcgrad.grad(noisy, mode="compile", verify=False)(x)  # verify would run it again
    assert calls == [1]
    np.testing.assert_array_equal(x, [1.0, 2.0])


@pytest.mark.parametrize("f, args, wrt, on_tape", CASES, ids=IDS)
def test_backward_can_run_again_with_the_same_result(f, args, wrt, on_tape):
    # A vjp function may be called once per row of a Jacobian: the backward pass must leave
    # the primal's saved values, lists and arrays as it found them.
    out, backward = srcgrad.vjp(f, *args, wrt=wrt, mode="compile")
    seed = np.ones_like(out, dtype=float)
    first = backward(seed)
    again = backward(seed)
    np.testing.assert_array_equal(again, first)
    np.testing.assert_allclose(backward(2 * seed), 2 * np.asarray(first), rtol=1e-12, atol=1e-15)
