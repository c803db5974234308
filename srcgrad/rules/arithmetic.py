"""Rules for the arithmetic operators and their ufuncs: + - * / ** % and unary - +.

Every binary rule sums its gradient back to its own input's shape (``unbroadcast``), so
``x + y`` with ``x`` of shape (3, 1) and ``y`` of shape (4,) gives gradients of shapes
(3, 1) and (4,). An integer or boolean operand is fine on the other side: ``g * mask``
is a floating array.

Conventions:

- ``x ** y`` with respect to ``x`` is ``y * x ** (y - 1)``, written so that ``y == 0``
  gives 0 (not ``0 * inf``) at ``x == 0``. With respect to ``y`` it is ``ans * log(x)``,
  taken as 0 where ``x == 0`` (there ``ans`` is 0 for positive ``y``).
- ``x % y`` (``np.remainder``, Python's sign convention) is ``x - y * (x // y)``: the
  gradient for ``y`` is ``-g * (x // y)``; ``np.fmod`` uses the truncated quotient.
- ``np.float_power`` computes in float64, so its gradients are float64 too.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from .batch_helpers import broadcast_batch
from .helpers import unbroadcast
from .registry import batched_jvp_rule, elementwise_tangents, jvp_rule, vjp_rule
from .tangent_helpers import broadcast_like


def _power_name(x, y):
    """PyTorch's names: tensor ** number, tensor ** tensor, number ** tensor."""
    if isinstance(y, Number):
        return "PowBackward0"
    return "PowBackward2" if isinstance(x, Number) else "PowBackward1"


@vjp_rule(np.add, "x", name="AddBackward0")
def add_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.add, "y")
def add_y(g, ans, x, y):
    return unbroadcast(g, y)


@batched_jvp_rule(np.add, "x")
def add_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.add, "y")
def add_dy_batched(ans, dy, x, y):
    return broadcast_batch(dy, ans)


@jvp_rule(np.add, "x")
def add_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.add, "y")
def add_dy(ans, dy, x, y):
    return broadcast_like(dy, ans)


@vjp_rule(np.subtract, "x", name="SubBackward0")
def subtract_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.subtract, "y")
def subtract_y(g, ans, x, y):
    return unbroadcast(-g, y)


@batched_jvp_rule(np.subtract, "x")
def subtract_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@batched_jvp_rule(np.subtract, "y")
def subtract_dy_batched(ans, dy, x, y):
    return broadcast_batch(-dy, ans)


@jvp_rule(np.subtract, "x")
def subtract_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.subtract, "y")
def subtract_dy(ans, dy, x, y):
    return broadcast_like(-dy, ans)


@vjp_rule(np.multiply, "x", name="MulBackward0")
def multiply_x(g, ans, x, y):
    return unbroadcast(g * y, x)


@vjp_rule(np.multiply, "y")
def multiply_y(g, ans, x, y):
    return unbroadcast(x * g, y)


@jvp_rule(np.multiply, "x")
def multiply_dx(ans, dx, x, y):
    return dx * y


@jvp_rule(np.multiply, "y")
def multiply_dy(ans, dy, x, y):
    return x * dy


# np.divide is np.true_divide: one entry serves both names and the `/` operator.
@vjp_rule(np.true_divide, "x", name="DivBackward0")
def divide_x(g, ans, x, y):
    return unbroadcast(g / y, x)


@vjp_rule(np.true_divide, "y")
def divide_y(g, ans, x, y):
    return unbroadcast(-g * ans / y, y)


@jvp_rule(np.true_divide, "x")
def divide_dx(ans, dx, x, y):
    return dx / y


@jvp_rule(np.true_divide, "y")
def divide_dy(ans, dy, x, y):
    return -dy * ans / y


@vjp_rule(np.power, "x", name="PowBackward0", name_for=_power_name)
def power_x(g, ans, x, y):
    # (y != 0) is 1 except at y == 0, where the derivative y * x ** -1 would be 0 * inf.
    return unbroadcast(g * y * x ** (y - (y != 0)), x)


@vjp_rule(np.power, "y")
def power_y(g, ans, x, y):
    # log(x), with x == 0 read as 1; ones_like(ans) keeps a Python-number x from
    # turning a float32 gradient into float64.
    return unbroadcast(g * ans * np.log(np.where(x == 0, np.ones_like(ans), x)), y)


@jvp_rule(np.power, "x")
def power_dx(ans, dx, x, y):
    # (y != 0) is 1 except at y == 0, where y * x ** -1 would be 0 * inf.
    return dx * y * x ** (y - (y != 0))


@jvp_rule(np.power, "y")
def power_dy(ans, dy, x, y):
    return dy * ans * np.log(np.where(x == 0, np.ones_like(ans), x))


@vjp_rule(np.float_power, "x", name="PowBackward0", name_for=_power_name)
def float_power_x(g, ans, x, y):
    return unbroadcast(g * y * np.float_power(x, y - (y != 0)), x)


@vjp_rule(np.float_power, "y")
def float_power_y(g, ans, x, y):
    return unbroadcast(g * ans * np.log(np.where(x == 0, 1, x)), y)


@jvp_rule(np.float_power, "x")
def float_power_dx(ans, dx, x, y):
    return dx * y * np.float_power(x, y - (y != 0))


@jvp_rule(np.float_power, "y")
def float_power_dy(ans, dy, x, y):
    return dy * ans * np.log(np.where(x == 0, 1, x))


@vjp_rule(np.negative, "x", name="NegBackward0")
def negative_x(g, ans, x):
    return -g


@jvp_rule(np.negative, "x")
def negative_dx(ans, dx, x):
    return -dx


@vjp_rule(np.positive, "x", name="PositiveBackward0")
def positive_x(g, ans, x):
    return g


@jvp_rule(np.positive, "x")
def positive_dx(ans, dx, x):
    return dx


@vjp_rule(np.remainder, "x", name="RemainderBackward0")
def remainder_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.remainder, "y")
def remainder_y(g, ans, x, y):
    return unbroadcast(-g * np.floor_divide(x, y), y)


@batched_jvp_rule(np.remainder, "x")
def remainder_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@jvp_rule(np.remainder, "x")
def remainder_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.remainder, "y")
def remainder_dy(ans, dy, x, y):
    return -dy * np.floor_divide(x, y)


@vjp_rule(np.fmod, "x", name="FmodBackward0")
def fmod_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.fmod, "y")
def fmod_y(g, ans, x, y):
    return unbroadcast(-g * np.trunc(x / y), y)


@batched_jvp_rule(np.fmod, "x")
def fmod_dx_batched(ans, dx, x, y):
    return broadcast_batch(dx, ans)


@jvp_rule(np.fmod, "x")
def fmod_dx(ans, dx, x, y):
    return broadcast_like(dx, ans)


@jvp_rule(np.fmod, "y")
def fmod_dy(ans, dy, x, y):
    return -dy * np.trunc(x / y)


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(
    np.multiply, np.true_divide, np.power, np.float_power, np.negative, np.positive
)
elementwise_tangents(np.remainder, np.fmod, params=("y",))
