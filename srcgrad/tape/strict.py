"""Strict mode: conversions that would silently drop a gradient become errors.

Code being differentiated sometimes turns a value into a Python number (``math.sin(x)``
calls ``float(x)``) or a plain array (``np.array([x, y])``). The result is correct as a
value but carries no gradient, so the derivative comes out wrong with no warning. Inside
:func:`strict_conversions` such conversions of a Tensor that requires grad raise
:class:`GradientLostError`, naming the user's file and line and saying what to write
instead. Outside it, ``float(t)`` and friends behave as in PyTorch.
"""

from __future__ import annotations

import contextlib
import linecache
import os
import re
import sys
import threading

import numpy as np

from .grad_mode import _mode

__all__ = ["GradientLostError", "strict_conversions", "check_conversion"]


class GradientLostError(TypeError):
    """A value being differentiated was converted to a type that cannot carry a gradient."""


class _Strict(threading.local):
    depth = 0


_strict = _Strict()


@contextlib.contextmanager
def strict_conversions():
    """Raise :class:`GradientLostError` when a Tensor that requires grad is converted to a
    Python number or a plain NumPy array inside this block.

    >>> with strict_conversions():
    ...     math.sin(x)  # x requires grad
    Traceback (most recent call last):
    GradientLostError: math.sin() ... use np.sin instead of math.sin ...
    """
    _strict.depth += 1
    try:
        yield
    finally:
        _strict.depth -= 1


def is_strict() -> bool:
    return _strict.depth > 0


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__))
_MATH_CALL = re.compile(r"\bmath\.(\w+)\s*\(")


def _user_frame():
    """The innermost frame outside srcgrad's and NumPy's own files."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if not filename.startswith((_PACKAGE_DIR + os.sep, _NUMPY_DIR + os.sep)):
            return frame
        frame = frame.f_back
    return None


def user_location() -> str:
    """`` (called at file:line)`` for the innermost frame of the user's, or ``""``."""
    frame = _user_frame()
    if frame is None:
        return ""
    return f" (called at {frame.f_code.co_filename}:{frame.f_lineno})"


def check_conversion(tensor, what: str) -> None:
    """Raise GradientLostError if strict mode is on and ``tensor`` carries a gradient."""
    if not (_strict.depth and tensor._requires_grad and _mode.enabled):
        return
    raise GradientLostError(conversion_message(what))


def conversion_message(what: str) -> str:
    frame = _user_frame()
    where, line = "", ""
    if frame is not None:
        where = f" at {frame.f_code.co_filename}:{frame.f_lineno}"
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    math_call = _MATH_CALL.search(line)
    if math_call:
        name = math_call.group(1)
        advice = (
            f"math.{name}() works on Python floats only; use np.{name} instead of "
            f"math.{name} so the gradient flows."
        )
    elif what == "array":
        advice = (
            "np.array()/np.asarray() makes a plain array; combine Tensors with np.stack or "
            "np.concatenate, and call x.detach() only where you mean to drop the gradient."
        )
    else:
        advice = (
            f"don't call {what}() on a value you differentiate: keep it an array and use "
            "NumPy functions (np.sin instead of math.sin); use x.item() only for values "
            "you do not differentiate."
        )
    source = f"\n    {line}" if line else ""
    return (
        f"{what}() was called on a Tensor that requires grad{where}; the result would carry "
        f"no gradient, so the derivative would be wrong.{source}\n{advice}"
    )
