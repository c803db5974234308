"""Complex forms of the arithmetic, elementwise, product, reduction and joining rules, and
the primitives whose rules are right for complex values as they are.

The convention is that of complex_table.py: the gradient of ``z = a + ib`` is
``dL/da + i dL/db``. A holomorphic ``f`` passes ``g * conj(f'(z))`` back; a bilinear
product passes its real rule applied to the conjugated other operand; a real input keeps
the real part of its share (:func:`real_for`). Tangents of holomorphic primitives are
their real forms; ``np.abs`` has its own (``Re(conj(z) dz) / |z|``).

>>> import numpy as np
>>> multiply_x(np.array([1.0 + 0.0j]), None, np.array([2.0]), np.array([1.0j]))
array([0.])
"""

from __future__ import annotations

import operator

import numpy as np

from . import arrangement, shapes  # noqa: F401  (the joining and moving rules first)
from .complex_table import (
    complex_jvp,
    complex_ok,
    complex_vjp,
    complex_vjp_all,
    is_complex_value,
    real_for,
    real_gradient,
    real_tangent,
)
from .helpers import expand_reduced, unbroadcast, unreduce
from .linalg import (
    dot_x,
    dot_y,
    inner_x,
    inner_y,
    matmul_x,
    matmul_y,
    outer_x,
    outer_y,
    tensordot_x,
    tensordot_y,
)
from .reductions import mean_x as _mean_x
from .registry import RULES, ComplexGradientError


@complex_vjp(np.add, "x")
def add_x(g, ans, x, y):
    return real_for(unbroadcast(g, x), x, ans)


@complex_vjp(np.add, "y")
def add_y(g, ans, x, y):
    return real_for(unbroadcast(g, y), y, ans)


@complex_vjp(np.subtract, "x")
def subtract_x(g, ans, x, y):
    return real_for(unbroadcast(g, x), x, ans)


@complex_vjp(np.subtract, "y")
def subtract_y(g, ans, x, y):
    return real_for(unbroadcast(-g, y), y, ans)


@complex_vjp(np.multiply, "x")
def multiply_x(g, ans, x, y):
    return real_for(unbroadcast(g * np.conj(y), x), x, ans)


@complex_vjp(np.multiply, "y")
def multiply_y(g, ans, x, y):
    return real_for(unbroadcast(np.conj(x) * g, y), y, ans)


@complex_vjp(np.true_divide, "x")
def divide_x(g, ans, x, y):
    return real_for(unbroadcast(g / np.conj(y), x), x, ans)


@complex_vjp(np.true_divide, "y")
def divide_y(g, ans, x, y):
    return real_for(unbroadcast(-g * np.conj(ans / y), y), y, ans)


def _refuse_branch_cut(x, y):
    """A complex power is differentiated for an integer exponent, or a positive real base:
    elsewhere NumPy's principal branch has a cut along the negative real axis."""
    if not (is_complex_value(x) or is_complex_value(y)):
        return
    integer = not is_complex_value(y) and np.all(np.equal(np.mod(y, 1), 0))
    positive = not is_complex_value(x) and np.all(np.greater(x, 0))
    if not (integer or positive):
        raise ComplexGradientError(
            "np.power of complex values with an exponent that is not an integer: srcgrad "
            "differentiates complex powers with integer exponents (or positive real bases) "
            "only, as elsewhere the principal branch is cut; write np.exp(y * np.log(x))"
        )


def power_rate(x, y):
    """``y * x ** (y - 1)``, where a complex power is differentiated (else refused)."""
    _refuse_branch_cut(x, y)
    return y * x ** (y - (y != 0))


@complex_vjp(np.power, "x")
def power_x(g, ans, x, y):
    return real_for(unbroadcast(g * np.conj(power_rate(x, y)), x), x, ans)


@complex_jvp(np.power, "x")
def power_dx(ans, dx, x, y):
    return dx * power_rate(x, y)


def _refuse_complex_exponent(ans):
    if is_complex_value(ans):
        raise ComplexGradientError(
            "np.power with a complex value: srcgrad differentiates the base only, not the "
            "exponent; hold the exponent constant, or write the power as np.exp(y * np.log(x))"
        )


@complex_vjp(np.power, "y")
def power_y(g, ans, x, y):
    _refuse_complex_exponent(ans)
    return RULES[np.power].grads["y"](g, ans, x, y)


@complex_jvp(np.power, "y")
def power_dy(ans, dy, x, y):
    _refuse_complex_exponent(ans)
    return RULES[np.power].tangents["y"](ans, dy, x, y)


@complex_vjp(np.exp, "x")
def exp_x(g, ans, x):
    return g * np.conj(ans)


@complex_vjp(np.log, "x")
def log_x(g, ans, x):
    return g / np.conj(x)


@complex_vjp(np.sqrt, "x")
def sqrt_x(g, ans, x):
    return g / (2 * np.conj(ans))


@complex_vjp(np.square, "x")
def square_x(g, ans, x):
    return g * 2 * np.conj(x)


def _unit(x, ans):
    """``x / |x|``, 0 where ``x`` is 0 (``np.sign`` for real ``x``)."""
    if not is_complex_value(x):
        return np.sign(x)
    return x / np.where(ans == 0, 1, ans)


@complex_vjp(np.absolute, "x")
def absolute_x(g, ans, x):
    return real_gradient(g) * _unit(x, ans)


@complex_jvp(np.absolute, "x")
def absolute_dx(ans, dx, x):
    return np.real(real_tangent(dx, x) * np.conj(_unit(x, ans)))


# Bilinear products: the real rule with the other operand conjugated.
@complex_vjp(np.matmul, "x")
def matmul_x_complex(g, ans, x, y):
    return real_for(matmul_x(g, ans, x, np.conj(y)), x, ans)


@complex_vjp(np.matmul, "y")
def matmul_y_complex(g, ans, x, y):
    return real_for(matmul_y(g, ans, np.conj(x), y), y, ans)


@complex_vjp(np.dot, "x")
def dot_x_complex(g, ans, x, y):
    return real_for(dot_x(g, ans, x, np.conj(y)), x, ans)


@complex_vjp(np.dot, "y")
def dot_y_complex(g, ans, x, y):
    return real_for(dot_y(g, ans, np.conj(x), y), y, ans)


@complex_vjp(np.inner, "x")
def inner_x_complex(g, ans, x, y):
    return real_for(inner_x(g, ans, x, np.conj(y)), x, ans)


@complex_vjp(np.inner, "y")
def inner_y_complex(g, ans, x, y):
    return real_for(inner_y(g, ans, np.conj(x), y), y, ans)


@complex_vjp(np.outer, "x")
def outer_x_complex(g, ans, x, y):
    return real_for(outer_x(g, ans, x, np.conj(y)), x, ans)


@complex_vjp(np.outer, "y")
def outer_y_complex(g, ans, x, y):
    return real_for(outer_y(g, ans, np.conj(x), y), y, ans)


@complex_vjp(np.tensordot, "x")
def tensordot_x_complex(g, ans, x, y, axes=2):
    return real_for(tensordot_x(g, ans, x, np.conj(y), axes), x, ans)


@complex_vjp(np.tensordot, "y")
def tensordot_y_complex(g, ans, x, y, axes=2):
    return real_for(tensordot_y(g, ans, np.conj(x), y, axes), y, ans)


# Reductions: ``dtype=complex`` makes a complex sum of a real array.
@complex_vjp(np.sum, "x")
def sum_x(g, ans, x, axis=None, dtype=None, out=None, keepdims=False):
    return real_for(unreduce(g, x, axis, keepdims), x, ans)


@complex_vjp(np.mean, "x")
def mean_x(g, ans, x, axis=None, dtype=None, out=None, keepdims=False):
    return real_for(_mean_x(g, ans, x, axis, dtype, out, keepdims), x, ans)


def _joined(primitive):
    """The complex form of a joining rule (concatenate, stack...): each real array keeps
    the real part of its piece."""
    real_rule = RULES[primitive].all_grads

    def grads(g, ans, arrays, *args, **kwargs):
        (pieces,) = real_rule(g, ans, arrays, *args, **kwargs)
        return ([real_for(piece, a, ans) for piece, a in zip(pieces, arrays, strict=True)],)

    grads.__name__ = grads.__qualname__ = f"{real_rule.__name__}_complex"
    complex_vjp_all(primitive)(grads)


for _primitive in (np.concatenate, np.stack, np.hstack, np.vstack):
    _joined(_primitive)

# Rules that are right for complex values as they are: one input whose entries move, are
# copied, negated or summed (a real input has a real output, so a real gradient).
complex_ok(
    np.negative,
    np.positive,
    np.reshape,
    np.ravel,
    np.transpose,
    np.swapaxes,
    np.moveaxis,
    np.squeeze,
    np.expand_dims,
    np.flip,
    np.fliplr,
    np.flipud,
    np.roll,
    np.copy,
    np.broadcast_to,
    np.atleast_1d,
    np.atleast_2d,
    np.atleast_3d,
    operator.getitem,
    np.fft.fftshift,
    np.fft.ifftshift,
    # the helpers rules are written with (their code is differentiated for second order)
    unbroadcast,
    unreduce,
    expand_reduced,
)
