"""Rules for the arithmetic operators and their ufuncs: + - * / ** @ and unary minus."""

from __future__ import annotations

import numpy as np

from .helpers import unbroadcast
from .registry import vjp_rule


@vjp_rule(np.add, "x", name="AddBackward0")
def add_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.add, "y")
def add_y(g, ans, x, y):
    return unbroadcast(g, y)


@vjp_rule(np.subtract, "x", name="SubBackward0")
def subtract_x(g, ans, x, y):
    return unbroadcast(g, x)


@vjp_rule(np.subtract, "y")
def subtract_y(g, ans, x, y):
    return unbroadcast(-g, y)


@vjp_rule(np.multiply, "x", name="MulBackward0")
def multiply_x(g, ans, x, y):
    return unbroadcast(g * y, x)


@vjp_rule(np.multiply, "y")
def multiply_y(g, ans, x, y):
    return unbroadcast(x * g, y)


@vjp_rule(np.negative, "x", name="NegBackward0")
def negative_x(g, ans, x):
    return -g
