"""Rules for the trigonometric and hyperbolic functions and their inverses, the angle
conversions, and ``np.arctan2``: reverse and tangent rules side by side."""

from __future__ import annotations

import math

import numpy as np

from .helpers import unbroadcast
from .registry import elementwise_tangents, jvp_rule, vjp_rule


@vjp_rule(np.sin, "x", name="SinBackward0")
def sin_x(g, ans, x):
    return g * np.cos(x)


@jvp_rule(np.sin, "x")
def sin_dx(ans, dx, x):
    return dx * np.cos(x)


@vjp_rule(np.cos, "x", name="CosBackward0")
def cos_x(g, ans, x):
    return -g * np.sin(x)


@jvp_rule(np.cos, "x")
def cos_dx(ans, dx, x):
    return -dx * np.sin(x)


@vjp_rule(np.tan, "x", name="TanBackward0")
def tan_x(g, ans, x):
    return g * (1 + ans**2)


@jvp_rule(np.tan, "x")
def tan_dx(ans, dx, x):
    return dx * (1 + ans**2)


@vjp_rule(np.arcsin, "x", name="AsinBackward0")
def arcsin_x(g, ans, x):
    return g / np.sqrt(1 - x**2)


@jvp_rule(np.arcsin, "x")
def arcsin_dx(ans, dx, x):
    return dx / np.sqrt(1 - x**2)


@vjp_rule(np.arccos, "x", name="AcosBackward0")
def arccos_x(g, ans, x):
    return -g / np.sqrt(1 - x**2)


@jvp_rule(np.arccos, "x")
def arccos_dx(ans, dx, x):
    return -dx / np.sqrt(1 - x**2)


@vjp_rule(np.arctan, "x", name="AtanBackward0")
def arctan_x(g, ans, x):
    return g / (1 + x**2)


@jvp_rule(np.arctan, "x")
def arctan_dx(ans, dx, x):
    return dx / (1 + x**2)


@vjp_rule(np.sinh, "x", name="SinhBackward0")
def sinh_x(g, ans, x):
    return g * np.cosh(x)


@jvp_rule(np.sinh, "x")
def sinh_dx(ans, dx, x):
    return dx * np.cosh(x)


@vjp_rule(np.cosh, "x", name="CoshBackward0")
def cosh_x(g, ans, x):
    return g * np.sinh(x)


@jvp_rule(np.cosh, "x")
def cosh_dx(ans, dx, x):
    return dx * np.sinh(x)


@vjp_rule(np.tanh, "x", name="TanhBackward0")
def tanh_x(g, ans, x):
    return g * (1 - ans**2)


@jvp_rule(np.tanh, "x")
def tanh_dx(ans, dx, x):
    return dx * (1 - ans**2)


@vjp_rule(np.arcsinh, "x", name="AsinhBackward0")
def arcsinh_x(g, ans, x):
    return g / np.sqrt(x**2 + 1)


@jvp_rule(np.arcsinh, "x")
def arcsinh_dx(ans, dx, x):
    return dx / np.sqrt(x**2 + 1)


@vjp_rule(np.arccosh, "x", name="AcoshBackward0")
def arccosh_x(g, ans, x):
    return g / np.sqrt(x**2 - 1)


@jvp_rule(np.arccosh, "x")
def arccosh_dx(ans, dx, x):
    return dx / np.sqrt(x**2 - 1)


@vjp_rule(np.arctanh, "x", name="AtanhBackward0")
def arctanh_x(g, ans, x):
    return g / (1 - x**2)


@jvp_rule(np.arctanh, "x")
def arctanh_dx(ans, dx, x):
    return dx / (1 - x**2)


@vjp_rule(np.deg2rad, "x", name="Deg2RadBackward0")
def deg2rad_x(g, ans, x):
    return g * (math.pi / 180)


@jvp_rule(np.deg2rad, "x")
def deg2rad_dx(ans, dx, x):
    return dx * (math.pi / 180)


@vjp_rule(np.rad2deg, "x", name="Rad2DegBackward0")
def rad2deg_x(g, ans, x):
    return g * (180 / math.pi)


@jvp_rule(np.rad2deg, "x")
def rad2deg_dx(ans, dx, x):
    return dx * (180 / math.pi)


@vjp_rule(np.radians, "x", name="Deg2RadBackward0")
def radians_x(g, ans, x):
    return g * (math.pi / 180)


@jvp_rule(np.radians, "x")
def radians_dx(ans, dx, x):
    return dx * (math.pi / 180)


@vjp_rule(np.degrees, "x", name="Rad2DegBackward0")
def degrees_x(g, ans, x):
    return g * (180 / math.pi)


@jvp_rule(np.degrees, "x")
def degrees_dx(ans, dx, x):
    return dx * (180 / math.pi)


@vjp_rule(np.arctan2, "y", name="Atan2Backward0")
def arctan2_y(g, ans, y, x):
    return unbroadcast(g * x / (x**2 + y**2), y)


@vjp_rule(np.arctan2, "x")
def arctan2_x(g, ans, y, x):
    return unbroadcast(-g * y / (x**2 + y**2), x)


@jvp_rule(np.arctan2, "y")
def arctan2_dy(ans, dy, y, x):
    return dy * x / (x**2 + y**2)


@jvp_rule(np.arctan2, "x")
def arctan2_dx(ans, dx, y, x):
    return -dx * y / (x**2 + y**2)


# Tangent rules that are elementwise expressions of the tangent and the primal values: one
# call computes a whole batch of tangents (see batch_helpers.py).
elementwise_tangents(
    np.sin,
    np.cos,
    np.tan,
    np.arcsin,
    np.arccos,
    np.arctan,
    np.sinh,
    np.cosh,
    np.tanh,
    np.arcsinh,
    np.arccosh,
    np.arctanh,
    np.deg2rad,
    np.rad2deg,
    np.radians,
    np.degrees,
    np.arctan2,
)
