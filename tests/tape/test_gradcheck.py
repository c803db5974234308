"""gradcheck on the tape across the rules table, and gradcheck's own failure report."""

import numpy as np
import pytest

from srcgrad import tensor
from srcgrad.autograd import Function, GradcheckError, gradcheck
from srcgrad.rules import assign_index

rng = np.random.default_rng(0)


def t(*shape, low=-1.0, high=1.0):
    return tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def positive(*shape):
    return t(*shape, low=0.5, high=2.0)


def unit(*shape):
    return t(*shape, low=-0.8, high=0.8)


SPD = np.array([[3.0, 0.5, 0.1], [0.5, 2.0, 0.3], [0.1, 0.3, 1.5]])

CASES = {
    # elementwise
    "sin": (np.sin, lambda: (t(3),)),
    "cos": (np.cos, lambda: (t(3),)),
    "tan": (np.tan, lambda: (unit(3),)),
    "tanh": (np.tanh, lambda: (t(2, 2),)),
    "sinh": (np.sinh, lambda: (t(3),)),
    "cosh": (np.cosh, lambda: (t(3),)),
    "arctan": (np.arctan, lambda: (t(3),)),
    "arcsin": (np.arcsin, lambda: (unit(3),)),
    "arccos": (np.arccos, lambda: (unit(3),)),
    "arcsinh": (np.arcsinh, lambda: (t(3),)),
    "arctanh": (np.arctanh, lambda: (unit(3),)),
    "exp": (np.exp, lambda: (t(3),)),
    "expm1": (np.expm1, lambda: (t(3),)),
    "exp2": (np.exp2, lambda: (t(3),)),
    "log": (np.log, lambda: (positive(3),)),
    "log1p": (np.log1p, lambda: (positive(3),)),
    "log2": (np.log2, lambda: (positive(3),)),
    "log10": (np.log10, lambda: (positive(3),)),
    "sqrt": (np.sqrt, lambda: (positive(3),)),
    "cbrt": (np.cbrt, lambda: (positive(3),)),
    "square": (np.square, lambda: (t(3),)),
    "reciprocal": (np.reciprocal, lambda: (positive(3),)),
    "absolute": (np.abs, lambda: (positive(3),)),
    "negative": (np.negative, lambda: (t(3),)),
    "degrees": (np.degrees, lambda: (t(3),)),
    # binary, with broadcasting
    "add": (np.add, lambda: (t(2, 3), t(3))),
    "subtract": (np.subtract, lambda: (t(3), t(2, 3))),
    "multiply": (np.multiply, lambda: (t(2, 1), t(1, 3))),
    "divide": (np.divide, lambda: (t(2, 3), positive(3))),
    "power": (np.power, lambda: (positive(3), t(3))),
    "power_scalar": (lambda x: x**3, lambda: (t(3),)),
    "rpow": (lambda x: 2.0**x, lambda: (t(3),)),
    "maximum": (np.maximum, lambda: (t(4), t(4))),
    "minimum": (np.minimum, lambda: (t(4), t(4))),
    "arctan2": (np.arctan2, lambda: (t(3), positive(3))),
    "hypot": (np.hypot, lambda: (positive(3), positive(3))),
    "logaddexp": (np.logaddexp, lambda: (t(3), t(3))),
    # reductions
    "sum_axis": (lambda x: np.sum(x, axis=0), lambda: (t(3, 2),)),
    "sum_keepdims": (lambda x: x.sum(axis=1, keepdims=True), lambda: (t(3, 2),)),
    "mean": (lambda x: np.mean(x, axis=(0, 2)), lambda: (t(2, 3, 2),)),
    "prod": (lambda x: np.prod(x, axis=1), lambda: (t(2, 3),)),
    "max": (lambda x: np.max(x, axis=0), lambda: (t(3, 2),)),
    "min": (np.min, lambda: (t(5),)),
    "var": (lambda x: np.var(x, axis=1), lambda: (t(2, 4),)),
    "std": (np.std, lambda: (t(5),)),
    "cumsum": (lambda x: np.cumsum(x, axis=1), lambda: (t(2, 3),)),
    "norm": (np.linalg.norm, lambda: (t(4),)),
    # linear algebra
    "matmul": (np.matmul, lambda: (t(2, 3), t(3, 2))),
    "matvec": (lambda a, v: a @ v, lambda: (t(2, 3), t(3))),
    "dot": (np.dot, lambda: (t(3), t(3))),
    "outer": (np.outer, lambda: (t(2), t(3))),
    "inner": (np.inner, lambda: (t(3), t(3))),
    "tensordot": (lambda a, b: np.tensordot(a, b, axes=1), lambda: (t(2, 3), t(3, 2))),
    "einsum": (lambda a, b: np.einsum("ij,jk->ik", a, b), lambda: (t(2, 3), t(3, 2))),
    "einsum_trace": (lambda a: np.einsum("ii", a), lambda: (t(3, 3),)),
    "inv": (np.linalg.inv, lambda: (tensor(SPD, requires_grad=True),)),
    "det": (np.linalg.det, lambda: (tensor(SPD, requires_grad=True),)),
    "solve": (np.linalg.solve, lambda: (tensor(SPD, requires_grad=True), t(3))),
    "trace": (np.trace, lambda: (t(3, 3),)),
    # shapes
    "reshape": (lambda x: x.reshape(3, 2), lambda: (t(2, 3),)),
    "transpose": (lambda x: np.transpose(x, (2, 0, 1)), lambda: (t(2, 3, 2),)),
    "T": (lambda x: x.T, lambda: (t(2, 3),)),
    "ravel": (np.ravel, lambda: (t(2, 3),)),
    "squeeze": (np.squeeze, lambda: (t(1, 3, 1),)),
    "expand_dims": (lambda x: np.expand_dims(x, 1), lambda: (t(3),)),
    "broadcast_to": (lambda x: np.broadcast_to(x, (2, 3)), lambda: (t(3),)),
    "concatenate": (lambda a, b: np.concatenate([a, b], axis=1), lambda: (t(2, 1), t(2, 3))),
    "stack": (lambda a, b: np.stack([a, b]), lambda: (t(3), t(3))),
    "vstack": (lambda a, b: np.vstack((a, b)), lambda: (t(3), t(2, 3))),
    "hstack": (lambda a, b: np.hstack([a, b]), lambda: (t(2), t(3))),
    "tile": (lambda x: np.tile(x, 2), lambda: (t(3),)),
    "repeat": (lambda x: np.repeat(x, 2), lambda: (t(3),)),
    "flip": (np.flip, lambda: (t(4),)),
    "moveaxis": (lambda x: np.moveaxis(x, 0, -1), lambda: (t(2, 3),)),
    "swapaxes": (lambda x: np.swapaxes(x, 0, 1), lambda: (t(2, 3),)),
    "diagonal": (np.diagonal, lambda: (t(3, 3),)),
    "diag": (np.diag, lambda: (t(3),)),
    # selection
    "where": (lambda a, b: np.where(a > 0, a, b), lambda: (t(5), t(5))),
    "clip": (lambda x: np.clip(x, -0.5, 0.5), lambda: (t(6),)),
    "getitem_slice": (lambda x: x[1:, ::2], lambda: (t(3, 4),)),
    "getitem_repeated": (lambda x: x[np.array([0, 0, 2])], lambda: (t(3),)),
    "getitem_mask": (lambda x: x[x > 0], lambda: (t(6),)),
    "assign_index": (lambda x, v: assign_index(x, slice(0, 2), v), lambda: (t(4), t(2))),
    "setitem": (lambda x, v: _setitem(x, v), lambda: (t(4), t(2))),
    "in_place": (lambda x, v: _inplace(x, v), lambda: (t(3), t(3))),
    # compositions
    "mlp": (
        lambda x, w, b: np.tanh(x @ w + b).sum(axis=1),
        lambda: (t(4, 3), t(3, 2), t(2)),
    ),
    "softmax": (
        lambda z: np.exp(z - np.max(z)) / np.sum(np.exp(z - np.max(z))),
        lambda: (t(4),),
    ),
}


def _setitem(x, v):
    y = x * 1.0
    y[1:3] = v * v
    return y


def _inplace(x, v):
    y = x * 2.0
    y += v
    y *= x
    return y


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradcheck(name):
    fn, make_inputs = CASES[name]
    assert gradcheck(fn, make_inputs())


def test_gradcheck_reports_mismatch():
    class WrongSin(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return np.sin(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * np.cos(x) * 1.5  # deliberately wrong

    x = tensor([0.1, 0.2], requires_grad=True)
    with pytest.raises(GradcheckError) as info:
        gradcheck(WrongSin.apply, (x,))
    message = str(info.value)
    assert "Jacobian mismatch for output 0 with respect to input 0" in message
    assert "analytical" in message and "numerical" in message
    assert gradcheck(WrongSin.apply, (x,), raise_exception=False) is False


def test_gradcheck_warns_for_float32():
    x = tensor([0.1], dtype=np.float32, requires_grad=True)
    with pytest.warns(UserWarning, match="not a double precision"):
        gradcheck(np.sin, (x,), atol=1e-2, rtol=1e-2)


def test_gradcheck_needs_an_input_requiring_grad():
    with pytest.raises(ValueError, match="at least one input"):
        gradcheck(np.sin, (tensor([0.1]),))
