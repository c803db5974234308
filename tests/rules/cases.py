"""The table of test cases: one or more for every differentiable primitive in RULES.

Inputs are chosen away from kinks, ties and domain edges so that finite differences are
exact enough; the conventions at those points have their own tests.
"""

from __future__ import annotations

import builtins
import math
import operator
from dataclasses import dataclass, field

import numpy as np

from srcgrad.compiler import runtime
from srcgrad.rules import assign_index, scatter_add
from srcgrad.rules.bessel import bessel_i1
from srcgrad.rules.complex_parts import conjugate_method
from srcgrad.rules.helpers import expand_reduced, unbroadcast, unreduce
from srcgrad.rules.index_tricks import index_concatenate
from srcgrad.rules.python_builtins import max_of, min_of
from srcgrad.rules.special_math import digamma

rng = np.random.default_rng(20240611)


def u(*shape, lo=-2.0, hi=2.0):
    """Uniform floats in [lo, hi), as an array (0-d for no shape)."""
    return np.asarray(rng.uniform(lo, hi, size=shape))


def pos(*shape):
    return u(*shape, lo=0.5, hi=2.0)


def away(*shape):
    """Floats with 0.5 <= |x| < 2: away from zero."""
    return np.asarray(pos(*shape) * np.where(u(*shape) < 0, -1.0, 1.0))


def well_conditioned(*shape):
    n = shape[-1]
    return u(*shape, lo=-0.5, hi=0.5) + 3 * np.eye(n)


@dataclass
class Case:
    f: object
    args: tuple
    kwargs: dict = field(default_factory=dict)
    label: str = ""

    @property
    def id(self):
        name = getattr(self.f, "__name__", "f")
        shapes = ",".join(
            "x".join(map(str, np.shape(a))) if isinstance(a, np.ndarray) else type(a).__name__
            for a in self.args
        )
        extra = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return "-".join(filter(None, [name, shapes, extra, self.label]))


CASES: list[Case] = []


def case(f, *args, label="", **kwargs):
    CASES.append(Case(f, args, kwargs, label))


# Binary elementwise functions, over broadcasting combinations.
SHAPE_PAIRS = [((3, 4), (3, 4)), ((), (3, 4)), (None, (3, 4)), ((3, 4), None)]
SHAPE_PAIRS += [((3, 1), (1, 4)), ((4,), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1))]


def operand(make, shape):
    return float(make()) if shape is None else make(*shape)


BINARY = [
    (np.add, u, u),
    (np.subtract, u, u),
    (np.multiply, u, u),
    (np.true_divide, u, away),
    (np.power, pos, u),
    (np.float_power, pos, u),
    (np.maximum, u, u),
    (np.minimum, u, u),
    (np.fmax, u, u),
    (np.fmin, u, u),
    (np.arctan2, u, away),
    (np.hypot, away, away),
    (np.logaddexp, u, u),
    (np.logaddexp2, u, u),
    (np.remainder, u, away),
    (np.fmod, u, away),
]
for f, make_x, make_y in BINARY:
    for x_shape, y_shape in SHAPE_PAIRS:
        case(f, operand(make_x, x_shape), operand(make_y, y_shape))

# Integer and boolean operands on the other side get no gradient but must not break.
case(np.multiply, u(3, 4), u(3, 4) > 0, label="bool")
case(np.multiply, u(3, 4) > 0, u(3, 4), label="bool")
case(np.add, u(3, 4), np.arange(4), label="int")
case(np.true_divide, u(3, 4), np.arange(1, 5), label="int")
case(np.true_divide, 3, away(3, 4), label="int")
case(np.power, u(3, 4), 3, label="int")
case(np.power, u(3, 4), np.array([0, 1, 2, 3]), label="int")
case(np.power, 2, u(3, 4), label="int")
case(np.maximum, u(3, 4), 0, label="int")
case(np.matmul, u(3, 4), np.arange(8).reshape(4, 2), label="int")
case(np.where, u(3, 4) > 0, u(3, 4), 0)
case(np.where, u(3, 1) > 0, 1.5, u(3, 4))
case(np.where, u(4) > 0, u(3, 4), u(3, 1))

UNARY = [
    (np.exp, u),
    (np.exp2, u),
    (np.expm1, u),
    (np.log, pos),
    (np.log2, pos),
    (np.log10, pos),
    (np.log1p, pos),
    (np.sqrt, pos),
    (np.cbrt, away),
    (np.square, u),
    (np.reciprocal, away),
    (np.absolute, away),
    (np.sin, u),
    (np.cos, u),
    (np.tan, lambda *s: u(*s, lo=-1.0, hi=1.0)),
    (np.arcsin, lambda *s: u(*s, lo=-0.9, hi=0.9)),
    (np.arccos, lambda *s: u(*s, lo=-0.9, hi=0.9)),
    (np.arctan, u),
    (np.sinh, u),
    (np.cosh, u),
    (np.tanh, u),
    (np.arcsinh, u),
    (np.arccosh, lambda *s: u(*s, lo=1.5, hi=3.0)),
    (np.arctanh, lambda *s: u(*s, lo=-0.9, hi=0.9)),
    (np.deg2rad, u),
    (np.rad2deg, u),
    (np.radians, u),
    (np.degrees, u),
    (np.negative, u),
    (np.positive, u),
]
for f, make in UNARY:
    case(f, make(3, 4))
    case(f, make())

case(np.clip, u(3, 4), -0.5, 0.5)
case(np.clip, u(3, 4), u(3, 1, lo=-1.5, hi=-0.5), u(4, lo=0.5, hi=1.5))
case(np.clip, u(3, 4), None, 0.3)
case(np.clip, u(3, 4), -0.3, None)

# Reductions, over every axis form and keepdims.
AXES = [None, 0, 1, -1, (0, 2), (-1, -3), (0, 1, 2)]
for f in [np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var, np.std]:
    for axis in AXES:
        for keepdims in (False, True):
            case(f, u(2, 3, 4), axis=axis, keepdims=keepdims)
    case(f, u(5))
    if f not in (np.var, np.std):
        case(f, u())
for f in (np.var, np.std):
    case(f, u(3, 4), ddof=1)
    case(f, u(3, 4), axis=1, ddof=1, keepdims=True)
    case(f, u(3, 4), None, None, None, 1)
case(np.sum, u(3, 4), 1)
case(np.prod, np.array([[0.0, 1.5, -2.0], [0.7, 1.2, -1.1]]), axis=1, label="one-zero")
case(np.prod, np.array([0.0, 1.5, 0.0, 2.0]), label="two-zeros")
case(np.cumsum, u(3, 4))
case(np.cumsum, u(3, 4), axis=0)
case(np.cumsum, u(3, 4), axis=-1)
case(np.cumsum, u(5))
case(np.linalg.norm, u(3, 4))
case(np.linalg.norm, u(5))
case(np.linalg.norm, u(3, 4), axis=1)
case(np.linalg.norm, u(3, 4), axis=-1, keepdims=True)
case(np.linalg.norm, u(5), ord=2)
case(np.linalg.norm, u(3, 4), ord=2, axis=0)
case(np.linalg.norm, u(3, 4), ord="fro")

# Products and linear algebra.
MATMUL_SHAPES = [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,))]
MATMUL_SHAPES += [((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2))]
MATMUL_SHAPES += [((4,), (2, 4, 5)), ((2, 3, 4), (4,))]
for x_shape, y_shape in MATMUL_SHAPES:
    case(np.matmul, u(*x_shape), u(*y_shape))
for x_shape, y_shape in [((3, 4), (4, 5)), ((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2))]:
    case(np.dot, u(*x_shape), u(*y_shape))
case(np.dot, u(), u(3))
case(np.dot, u(3, 2), 1.5)
case(np.dot, u(2, 3, 4), u(4, 5))
case(np.dot, u(2, 3, 4), u(5, 4, 2))
case(np.inner, u(3, 4), u(5, 4))
case(np.inner, u(4), u(4))
case(np.inner, u(2, 3, 4), u(4))
case(np.inner, u(), u(3))
case(np.outer, u(3), u(4))
case(np.outer, u(2, 2), u(3))
case(np.tensordot, u(3, 4, 5), u(4, 5, 2))
case(np.tensordot, u(3, 4), u(4, 5), axes=1)
case(np.tensordot, u(3, 4, 5), u(5, 2, 3), axes=([0, 2], [2, 0]))
case(np.tensordot, u(3, 4), u(2, 4), axes=([-1], [1]))
case(np.tensordot, u(2), u(3), axes=0)
case(np.tensordot, u(3, 4), u(4, 3), axes=(1, 0))
EINSUMS = [
    ("ij,jk->ik", (3, 4), (4, 5)),
    ("ij,jk", (3, 4), (4, 5)),
    ("ii->", (3, 3)),
    ("ii", (3, 3)),
    ("ii->i", (3, 3)),
    ("ij->", (3, 4)),
    ("ij->j", (3, 4)),
    ("ijk->kji", (2, 3, 4)),
    ("i,i->", (4,), (4,)),
    ("i,j->ij", (3,), (4,)),
    ("bij,bjk->bik", (2, 3, 4), (2, 4, 5)),
    ("...ij,...jk->...ik", (2, 3, 4), (4, 5)),
    ("...ij,...jk", (1, 3, 4), (2, 4, 5)),
    ("...i->...", (2, 3, 4)),
    ("i...->...", (2, 3, 4)),
    ("ij,ij,ij->i", (2, 3), (2, 3), (2, 3)),
    ("iij->j", (3, 3, 2)),
    ("ij,jk,kl->il", (2, 3), (3, 4), (4, 2)),
    ("i,jk->", (2,), (3, 4)),
]
for subscripts, *shapes in EINSUMS:
    case(np.einsum, subscripts, *(u(*s) for s in shapes))
case(np.trace, u(3, 3))
case(np.trace, u(3, 4), 1)
case(np.trace, u(4, 3), -1)
case(np.trace, u(2, 3, 3), axis1=1, axis2=2)
case(np.trace, u(3, 2, 4), 1, 0, 2)
case(np.diagonal, u(3, 4))
case(np.diagonal, u(2, 3, 4), 1, 0, 2)
case(np.diagonal, u(2, 3, 4), axis1=1, axis2=2)
case(np.diagonal, u(2, 3, 4), -1, 2, 0)
for k in (0, 1, -2):
    case(np.diag, u(3), k)
    case(np.diag, u(3, 4), k)
case(np.linalg.inv, well_conditioned(3, 3))
case(np.linalg.inv, well_conditioned(2, 3, 3))
case(np.linalg.det, well_conditioned(3, 3))
case(np.linalg.det, well_conditioned(2, 3, 3))
case(np.linalg.solve, well_conditioned(3, 3), u(3))
case(np.linalg.solve, well_conditioned(3, 3), u(3, 2))
case(np.linalg.solve, well_conditioned(2, 3, 3), u(2, 3, 2))
case(np.linalg.solve, well_conditioned(2, 3, 3), u(3))
case(np.linalg.solve, well_conditioned(3, 3), u(2, 3, 2))

# Shape functions.
case(np.transpose, u(2, 3, 4))
case(np.transpose, u(2, 3, 4), (1, 2, 0))
case(np.transpose, u(2, 3, 4), (-1, 0, 1))
case(np.transpose, u(3, 4))
case(np.copy, u(2, 3))
# Helpers the generated gradient code calls (their rules make gradients of gradients)
# (the second argument only gives a shape: an integer array, so nothing differentiates it)
case(unbroadcast, u(3, 2, 4), np.zeros((2, 1), dtype=int))
case(unbroadcast, u(2, 4), np.zeros((1, 2, 4), dtype=int))
case(unreduce, u(3), np.zeros((2, 3), dtype=int), 0)
case(unreduce, u(2, 1), np.zeros((2, 3), dtype=int), 1, True)
case(expand_reduced, u(3), np.zeros((3, 2), dtype=int), 1)
case(runtime.add_grads, u(3), u(3))
case(runtime.as_indexable, u(3, 2))
case(runtime.index_grad, u(2), np.zeros((4, 2), dtype=int), 1)
case(runtime.grad_item, u(4, 2), 1, np.zeros(2, dtype=int))
case(runtime.setitem_cleared_grad, u(4), slice(1, 3))
case(runtime.region, u(4, 3), slice(1, 3))
case(runtime.setitem_value_grad, u(4, 3), slice(1, 3), np.zeros((2, 3), dtype=int))
case(runtime.setitem_value_grad, u(4, 3), np.array([2, 0, 2]), np.zeros((3, 3), dtype=int))
case(np.reshape, u(3, 4), (2, 6))
case(np.reshape, u(3, 4), (-1,))
case(np.reshape, u(3, 4), (2, 3, 2), order="F")
case(np.reshape, u(), (1, 1))
case(np.ravel, u(2, 3))
case(np.ravel, u(2, 3), order="F")
case(np.squeeze, u(1, 3, 1))
case(np.squeeze, u(1, 3, 1), 0)
case(np.squeeze, u(1, 3, 1), (0, -1))
case(np.expand_dims, u(3), 0)
case(np.expand_dims, u(3, 4), (0, -1))
case(np.broadcast_to, u(3, 1), (2, 3, 4))
case(np.broadcast_to, u(4), (3, 4))
case(np.broadcast_to, u(), (2,))
case(np.swapaxes, u(2, 3, 4), 0, 2)
case(np.swapaxes, u(2, 3, 4), -1, 1)
case(np.moveaxis, u(2, 3, 4), 0, -1)
case(np.moveaxis, u(2, 3, 4), [0, 1], [2, 0])
case(np.flip, u(2, 3, 4))
case(np.flip, u(2, 3, 4), 0)
case(np.flip, u(2, 3, 4), (0, -1))
case(np.tile, u(2, 3), 2)
case(np.tile, u(2, 3), (2, 1))
case(np.tile, u(2, 3), (2, 1, 3))
case(np.tile, u(3), (2, 2))
case(np.tile, u(2, 3, 2), 2)
case(np.repeat, u(2, 3), 2)
case(np.repeat, u(2, 3), 2, axis=1)
case(np.repeat, u(2, 3), [1, 0, 2], axis=1)
case(np.repeat, u(2, 3), [2, 1], axis=-2)
case(np.repeat, u(2, 3), [1, 2, 0, 1, 1, 3])
case(np.atleast_1d, u())
case(np.atleast_2d, u(3))
case(np.atleast_3d, u(2, 3))
case(np.concatenate, [u(2, 3), u(4, 3)])
case(np.concatenate, [u(2, 3), u(2, 1), u(2, 2)], axis=-1)
case(np.concatenate, [u(2, 3), u(4)], axis=None)
case(np.stack, [u(3), u(3)])
case(np.stack, [u(3), u(3)], axis=-1)
case(np.stack, [u(2, 3), u(2, 3), u(2, 3)], axis=1)
case(np.hstack, [u(2), u(3)])
case(np.hstack, [u(2, 3), u(2, 1)])
case(np.hstack, [u(), u(2)])
case(np.vstack, [u(3), u(3)])
case(np.vstack, [u(2, 3), u(1, 3), u(3)])
case(np.vstack, [u(2, 3, 2), u(1, 3, 2)])

# Indexing.
INDICES = [
    1,
    -1,
    slice(1, 3),
    (slice(None), 2),
    (Ellipsis, None, 1),
    (1, slice(None, None, -1)),
    None,
    Ellipsis,
    [0, 2, 0],
    (np.array([0, 0, 3]), np.array([1, 1, 2])),
    (slice(None), [3, 3, 1]),
    np.array([True, False, True, True]),
    (np.array([[0], [2]]), np.array([1, 2, 1])),
]
for index in INDICES:
    case(operator.getitem, u(4, 5), index)
case(operator.getitem, u(4, 5), u(4, 5) > 0, label="mask")
case(operator.getitem, u(), ())
case(scatter_add, u(3), [0, 0, 2], (4,))
case(scatter_add, u(2, 2), (slice(None), [1, 1]), (2, 3))
case(scatter_add, u(2, 3), slice(1, 3), (4, 3))
case(assign_index, u(4, 5), slice(1, 3), u(2, 5))
case(assign_index, u(4, 5), slice(1, 3), u(5))
case(assign_index, u(4, 5), (slice(None), [0, 2]), u(4, 2))
case(assign_index, u(4, 5), 1, u(5))
case(assign_index, u(4, 5), np.array([True, False, True, False]), 2.5)
case(assign_index, u(4, 5), (slice(1, 3), 0), u(1, 2))
# Repeated places: NumPy keeps the last write, so earlier copies get no gradient.
case(assign_index, u(4, 5), np.array([2, 0, 2]), u(3, 5))
case(assign_index, u(4, 5), (np.array([1, 1]), np.array([3, 3])), u(2))

# The math module on Python floats.
MATH = [
    (math.sin, 0.7),
    (math.cos, 0.7),
    (math.tan, 0.7),
    (math.asin, 0.3),
    (math.acos, 0.3),
    (math.atan, -1.3),
    (math.sinh, 0.7),
    (math.cosh, 0.7),
    (math.tanh, 0.7),
    (math.exp, 0.7),
    (math.expm1, 0.7),
    (math.log, 2.5),
    (math.log2, 2.5),
    (math.log10, 2.5),
    (math.log1p, 2.5),
    (math.sqrt, 2.5),
    (math.fabs, -1.3),
    (math.fabs, 1.3),
]
for f, x in MATH:
    case(f, x)
for f in (math.erf, math.erfc, math.lgamma, math.gamma):
    for x in (0.7, -1.3, 2.5, 7.5):
        case(f, x)
case(digamma, 0.3)
case(digamma, 8.5)
case(digamma, -2.6)
case(math.log, 2.5, 3.0)
case(math.pow, 1.5, 2.3)
case(math.pow, 1.5, 2)
case(math.atan2, 0.4, -1.2)
case(math.hypot, 3.0, 4.0)
case(math.hypot, 3.0, 4.0, 1.5)
for f, x in ((math.asinh, -1.3), (math.acosh, 2.5), (math.atanh, 0.3), (math.atanh, -0.6)):
    case(f, x)
if hasattr(math, "cbrt"):
    for x in (2.5, -1.3):
        case(math.cbrt, x)
        case(math.exp2, x)
case(math.copysign, 1.3, -2.0)
case(math.copysign, -1.3, 2.0)
case(math.fmod, 5.3, 1.7)
case(math.fmod, -5.3, 1.7)
case(math.remainder, 5.3, 1.7)
case(math.remainder, 5.6, -1.7)
case(math.ldexp, 1.3, 3)

# Python builtins used on numbers, arrays and lists.
case(builtins.sum, [u(3), u(3), u(3)])
case(builtins.sum, u(4, 3))
case(builtins.sum, [0.5, 1.5], 2.0)
case(builtins.max, 0.3, 0.7)
case(builtins.max, 0.9, 0.7, 0.1)
case(builtins.min, 0.3, 0.7)
case(builtins.max, [0.3, 0.9, 0.1])
case(builtins.min, [0.3, 0.9, 0.1])
case(max_of, [0.3, 0.9, 0.1])
case(min_of, [0.3, 0.9, 0.1])
case(max_of, np.array([0.3, 0.9, 0.1]))
case(min_of, np.array([0.3, 0.9, 0.1]))
case(builtins.float, 0.4)

# np.linalg's decompositions, matrix functions and norms have their own file.
from . import cases_linalg  # noqa: E402, F401

# SciPy's rules, where SciPy is installed (an optional extra).
UNTABLED: dict = {}  # (primitive, parameter) -> why no case here, and where it is tested
try:
    import scipy  # noqa: F401
except ImportError:
    pass
else:
    from . import cases_scipy  # noqa: E402

    UNTABLED.update(cases_scipy.UNTABLED)

# Sorting and selection. Ties get the mean of the tied places' gradients, as central
# differences measure them.
TIES = np.array([[0.5, -1.0, 0.5, 2.0], [1.5, 1.5, 0.7, -0.3], [0.2, 0.9, -0.4, 0.9]])
for axis in (-1, 0, None):
    case(np.sort, u(3, 4), axis=axis)
    case(np.sort, TIES, axis=axis, label="ties")
case(np.sort, u(2, 3, 4), 1)
case(np.sort, u(5))
for kth in (1, (0, 3)):
    case(np.partition, u(3, 5), kth)
    case(np.partition, u(5, 3), kth, axis=0)
case(np.partition, TIES, 2, label="ties")
case(np.partition, u(3, 4), 5, axis=None)
for f in (np.median, np.quantile, np.percentile):
    q = {np.median: {}, np.quantile: {"q": 0.3}, np.percentile: {"q": 70.0}}[f]
    for axis in (None, 0, -1, (0, 2)):
        case(f, u(2, 3, 5), axis=axis, **q)
        case(f, u(2, 3, 5), axis=axis, keepdims=True, **q)
    case(f, u(4), **q)
    case(f, TIES, axis=1, label="ties", **q)
case(np.median, np.array([1.0, 1.0, 3.0, -2.0]), label="ties")
case(np.quantile, u(3, 6), q=np.array([0.1, 0.5, 0.95]), axis=1)
case(np.quantile, u(3, 6), q=np.array([[0.25], [0.6]]), axis=0, keepdims=True)
case(np.percentile, u(7), q=np.array([10.0, 90.0]))
case(np.take, u(3, 4), np.array([0, 5, 5, 11]))
case(np.take, u(3, 4), np.array([[2, 0], [2, 1]]), axis=0)
case(np.take, u(3, 4), [1, -1, 7], axis=1, mode="wrap")
case(np.take, u(3, 4), [1, -1, 7], axis=-1, mode="clip")
case(np.take, u(5), 2)
case(np.take_along_axis, u(3, 4), np.array([[0, 0], [3, 1], [2, 2]]), axis=1)
case(np.take_along_axis, u(3, 4), np.array([[2, 0, 0, 1]]), axis=0)
case(np.take_along_axis, u(2, 3, 4), np.argsort(u(2, 3, 4), axis=-1))
case(np.take_along_axis, u(6), np.array([5, 0, 0]), axis=None)
case(np.choose, np.array([[0, 1, 2, 1]]), [u(3, 4), u(4), u(3, 1)])
case(np.choose, np.array([0, 3, 1]), [u(3), u(3)], mode="wrap")
case(np.choose, np.array([0, 1, 0]), u(2, 3))
case(np.select, [u(3, 4) > 0, u(4) > 0.5], [u(3, 4), u(3, 1)], u(4))
case(np.select, [u(5) > 0], [u(5)], 0.5)
case(np.select, [u(5) > 0, u(5) > -0.5], [u(5), u(5)])
case(np.average, u(3, 4))
case(np.average, u(3, 4), 1)
case(np.average, u(3, 4), 0, pos(3, 4))
case(np.average, u(3, 4), 1, pos(4))
case(np.average, u(3, 4), None, pos(3, 4))
case(np.average, u(2, 3, 4), 1, pos(3), keepdims=True)
case(np.average, u(2, 3, 4), (0, 2), pos(2, 3, 4))

# Splitting: the output is a list of arrays.
case(np.split, u(6), 3)
case(np.split, u(4, 6), [1, 4], axis=1)
case(np.split, u(4, 3), [2], axis=-2)
case(np.array_split, u(7), 3)
case(np.array_split, u(3, 5), 2, axis=1)
case(np.hsplit, u(6), [2])
case(np.hsplit, u(2, 4, 3), 2)
case(np.vsplit, u(4, 3), [1, 3])
case(np.dsplit, u(2, 2, 4), 2)

# Cumulative products (zeros included) and differences.
case(np.cumprod, u(3, 4))
case(np.cumprod, u(3, 4), axis=0)
case(np.cumprod, u(3, 4), axis=-1)
case(np.cumprod, u(5))
case(np.cumprod, np.array([[0.5, 0.0, 1.5, -2.0], [0.7, 1.2, -1.1, 0.0]]), axis=1, label="zero")
case(np.cumprod, np.array([1.5, 0.0, 2.0, 0.0, -0.5]), label="two-zeros")
case(np.cumprod, np.array([[0.0, 1.5], [2.0, 0.0], [0.5, 3.0]]), axis=0, label="zero")
case(np.diff, u(6))
case(np.diff, u(6), 2)
case(np.diff, u(3, 5), axis=0)
case(np.diff, u(3, 5), 3, axis=1)
case(np.diff, u(3, 5), 1, 1, u(3, 1), u(3, 2))
case(np.diff, u(5), prepend=0.5, append=np.array([1.0, 2.0]))
case(np.diff, u(3, 4), 2, 0, u(1, 4), 1.5)
case(np.meshgrid, u(3), u(2))
case(np.meshgrid, u(3), u(2), u(4), indexing="ij")
case(np.meshgrid, u(3), u(2), sparse=True)
case(np.broadcast_arrays, u(3, 1), u(4))
case(np.broadcast_arrays, u(2, 3), u(3), u(1, 1))
case(np.gradient, u(6))
case(np.gradient, u(6), 2)
case(np.gradient, u(6), np.array([0, 1, 3, 4, 7, 9]))
case(np.gradient, u(7), edge_order=2)
case(np.gradient, u(3, 5))
case(np.gradient, u(3, 5), axis=1)
case(np.gradient, u(3, 5), 3, axis=0, edge_order=2)
case(np.gradient, u(2, 3, 4), axis=(0, 2))
case(np.trapezoid, u(6))
case(np.trapezoid, u(6), x=np.cumsum(pos(6)))
case(np.trapezoid, u(3, 5), dx=0.5)
case(np.trapezoid, u(3, 5), None, 0.4, 0)
case(np.trapezoid, u(3, 5), x=np.cumsum(pos(3, 5), axis=1))
case(np.trapezoid, u(3, 5), x=np.cumsum(pos(3)), axis=0)
case(np.polyval, u(4), u(5))
case(np.polyval, u(3), u(2, 3))
case(np.polyval, u(1), u(3))
case(np.polyval, u(4), 0.7)

# Rearranging: pad, roll, rotations, flips, triangles, stacking, windows.
for mode in ("constant", "edge", "reflect", "symmetric", "wrap"):
    case(np.pad, u(4), 2, mode=mode)
    case(np.pad, u(3, 4), ((1, 2), (3, 1)), mode=mode)
case(np.pad, u(2, 3), 1, "constant", constant_values=0.5)
case(np.pad, u(2, 3), (1, 2), mode="reflect", reflect_type="even")
# The modes that compute the padding (distinct values: no ties for maximum, minimum, median).
for mode in ("linear_ramp", "mean", "median", "maximum", "minimum"):
    case(np.pad, u(5), (2, 3), mode=mode)
    case(np.pad, u(3, 4), ((1, 2), (2, 1)), mode=mode)
case(np.pad, u(3, 4), 2, "linear_ramp", end_values=((0.5, -1.0), (2.0, 0.0)))
for mode in ("mean", "median", "maximum", "minimum"):
    case(np.pad, u(4, 5), ((2, 1), (1, 3)), mode=mode, stat_length=((2, 3), (1, 4)))
case(np.roll, u(5), 2)
case(np.roll, u(3, 4), -1, axis=1)
case(np.roll, u(3, 4), (1, 2), axis=(0, 1))
case(np.roll, u(3, 4), 5)
case(np.rot90, u(3, 4))
case(np.rot90, u(3, 4), 2)
case(np.rot90, u(2, 3, 4), -1, (2, 0))
case(np.fliplr, u(3, 4))
case(np.flipud, u(3, 4))
case(np.flipud, u(5))
case(np.rollaxis, u(2, 3, 4), 2)
case(np.rollaxis, u(2, 3, 4), 0, 3)
case(np.rollaxis, u(2, 3, 4), -1, 1)
case(np.rollaxis, u(2, 3, 4), 1, -1)
for f in (np.tril, np.triu):
    case(f, u(4, 4))
    case(f, u(3, 5), 1)
    case(f, u(2, 4, 3), -1)
case(np.dstack, [u(3), u(3)])
case(np.dstack, [u(2, 3), u(2, 3, 2)])
case(np.column_stack, [u(3), u(3, 2)])
case(np.column_stack, [u(4), u(4), u(4)])
_window = np.lib.stride_tricks.sliding_window_view
case(_window, u(6), 3)
case(_window, u(4, 5), (2, 3))
case(_window, u(4, 5), 2, axis=0)
case(_window, u(3, 4, 5), (2, 2), axis=(2, 0))

# Building arrays from differentiated values, and products.
case(np.full, (3, 4), 1.5)
case(np.full, (2, 3), u(3))
case(np.full_like, np.zeros((3, 4)) > 0, 0.7, dtype=float)
case(np.full_like, u(3, 4), 0.7)
case(np.full_like, np.zeros((2, 3), dtype=int), u(2, 1), dtype=float)
case(np.linspace, 0.5, 2.0, 5)
case(np.linspace, -1.0, 3.0, 4, endpoint=False)
case(np.linspace, u(3), u(3), 4)
case(np.linspace, u(2, 1), 1.5, 3, axis=-1)
case(np.linspace, 0.2, u(3), 1)
case(np.kron, u(2, 3), u(3, 2))
case(np.kron, u(3), u(4))
case(np.kron, u(2), u(3, 2))
case(np.kron, u(2, 1, 2), u(2, 3))
case(np.cross, u(3), u(3))
case(np.cross, u(4, 3), u(3))
case(np.cross, u(3, 4), u(4, 3), axisa=0)
case(np.cross, u(2, 3, 4), u(1, 3, 4), axis=1)
case(np.cross, u(3, 2), u(2, 3), axisa=0, axisc=0)
# 2-vectors: the z component of (a0, a1, 0) x (b0, b1, 0), or a 3-vector for a mix.
case(np.cross, u(2), u(2))
case(np.cross, u(4, 2), u(2))
case(np.cross, u(2, 4), u(4, 2), axisa=0)
case(np.cross, u(2), u(3))
case(np.cross, u(4, 3), u(4, 2), axisc=0)

# ufunc methods: reduce and accumulate.
for method in (np.add.reduce, np.multiply.reduce, np.maximum.reduce, np.minimum.reduce):
    case(method, u(3, 4))
    case(method, u(2, 3, 4), axis=(0, 2), keepdims=True)
    case(method, u(3, 4), axis=None)
    case(method, u(3, 4), -1)
for method in (np.fmax.reduce, np.fmin.reduce, np.logaddexp.reduce, np.logaddexp2.reduce):
    case(method, u(3, 4))
    case(method, u(3, 4), axis=1, keepdims=True)
case(np.logaddexp.reduce, u(2, 3, 4), axis=None)
case(np.multiply.reduce, np.array([[0.0, 1.5, -2.0], [0.7, 1.2, -1.1]]), 1, label="one-zero")
for method in (np.add.accumulate, np.multiply.accumulate):
    case(method, u(5))
    case(method, u(3, 4), axis=1)
case(np.multiply.accumulate, np.array([1.5, 0.0, 2.0, -0.5]), label="zero")
for method in (np.maximum.accumulate, np.minimum.accumulate):
    case(method, u(6))
    case(method, u(3, 4), axis=1)
    case(method, u(3, 4, 2), axis=-2)

# Casts and arrays built from values.
case(np.astype, u(3, 4), np.float64)
case(np.astype, u(3, 4).astype(np.float32), np.float64)
case(np.astype, u(3, 4), int, label="int")
case(np.array, [u(), u(), u()])
case(np.array, [0.5, 1.5, -0.3])
case(np.array, [u(3), u(3)])
case(np.array, u(2, 3))
case(np.array, [u(2), u(2)], ndmin=3)
case(np.array, [0.5, 1.7], int, label="int")
case(np.asarray, [u(), u(2)[0], 0.25])
case(np.asarray, u(3))
case(np.ascontiguousarray, u(3, 4).T)
case(np.fabs, away(3, 4))
case(np.sinc, u(3, 4))
case(np.sinc, np.array([0.0, 0.5, -1.5]), label="zero")
case(np.nan_to_num, np.array([0.5, np.nan, -1.0, np.nan]))
case(np.nan_to_num, u(3, 4), nan=1.0)

# real/imag/conj/angle of real values, and the FFT shifts.
case(np.real, u(3, 4))
case(np.imag, u(3, 4))
case(np.conjugate, u(3, 4))
case(conjugate_method, u(3, 4))
case(np.angle, u(3, 4))
case(np.angle, u(4), deg=True)
case(np.real_if_close, u(3))
case(np.fft.fftshift, u(5))
case(np.fft.fftshift, u(3, 4), axes=0)
case(np.fft.ifftshift, u(5))
case(np.fft.ifftshift, u(3, 4), axes=(0, 1))

# einsum in its interleaved form: operands followed by their label lists.
case(np.einsum, u(3, 4), [0, 1], u(4, 5), [1, 2], [0, 2])
case(np.einsum, u(3, 4), [0, 1], [1, 0])
case(np.einsum, u(3, 3), [0, 0])
case(np.einsum, u(2, 3, 4), [Ellipsis, 1], u(4), [1], [Ellipsis])
case(np.einsum, u(3), [0], u(4), [1])

# np.r_[...] and np.c_[...], as the compiler calls them.
case(index_concatenate, np.r_, [u(3), u(2), 0.5])
case(index_concatenate, np.r_, [u(2, 3), u(1, 3)])
case(index_concatenate, np.c_, [u(3), u(3, 2)])
case(index_concatenate, np.c_, [u(2, 2), u(2, 1)])

# Taking floats apart (rules/float_parts.py) and np.i0 (rules/bessel.py).
case(np.copysign, away(3, 4), away(3, 4))
case(np.copysign, away(3, 4), away(4))
case(np.copysign, away(), away(3, 4))
case(np.ldexp, u(3, 4), np.array([0, 1, -2, 3]))
case(np.ldexp, u(3, 1), 2)
UNTABLED[(np.ldexp, "i")] = "an integer exponent (its rule gives 0): test_definitions_coverage.py"
case(np.nextafter, u(3, 4), u(3, 4) + 5.0)
case(np.nextafter, u(3, 4), away(4))
case(np.i0, u(3, 4, lo=-4.0, hi=4.0))
case(np.i0, 8.0 + u(2))
case(bessel_i1, u(3, 4, lo=-4.0, hi=4.0))
case(bessel_i1, np.array([0.0, 1e-3, -0.2]), label="zero")
case(bessel_i1, np.array([-25.0]), label="large")

# Pieces along an axis, and the unique values of NumPy 2 (rules/definitions_sets.py).
if hasattr(np, "unstack"):
    case(np.unstack, u(3, 4))
    case(np.unstack, u(2, 3, 4), axis=1)
if hasattr(np, "unique_all"):
    SPREAD = np.array([0.31, -0.72, 1.13, 0.05, -0.44, 0.86, -0.1])  # no ties
    case(np.unique_values, SPREAD)
    case(np.unique_counts, SPREAD)
    case(np.unique_inverse, SPREAD.reshape(1, 7))
    case(np.unique_all, SPREAD)

# The Fourier transforms have complex values, which the real cotangents of this table do
# not reach: tests/rules/test_complex_rules.py checks them on real and imaginary parts.
for _transform in (
    np.fft.fft, np.fft.ifft, np.fft.rfft, np.fft.irfft, np.fft.fft2, np.fft.ifft2,
    np.fft.fftn, np.fft.ifftn, np.fft.rfft2, np.fft.irfft2, np.fft.rfftn, np.fft.irfftn,
):  # fmt: skip
    UNTABLED[(_transform, "a")] = "complex values: tests/rules/test_complex_rules.py"
