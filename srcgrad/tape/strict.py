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

# How many threads are inside strict_conversions at this moment. While it is 0 no thread is
# recording, which a caller can learn without reading its own thread's depth.
threads_recording = 0
_counting = threading.Lock()


@contextlib.contextmanager
def strict_conversions():
    """Raise :class:`GradientLostError` when a Tensor that requires grad is converted to a
    Python number or a plain NumPy array inside this block.

    >>> with strict_conversions():
    ...     math.sin(x)  # x requires grad
    Traceback (most recent call last):
    GradientLostError: math.sin() ... use np.sin instead of math.sin ...
    """
    global threads_recording
    if not _strict.depth:
        with _counting:
            threads_recording += 1
    _strict.depth += 1
    try:
        yield
    finally:
        _strict.depth -= 1
        if not _strict.depth:
            with _counting:
                threads_recording -= 1


def is_strict() -> bool:
    return _strict.depth > 0


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__))
_MATH_CALL = re.compile(r"\bmath\.(\w+)\s*\(")
_ELEMENT_WRITE = re.compile(r"^([\w.]+)\s*\[.*\]\s*[-+*/@%]?=(?!=)")


def _user_frame():
    """The innermost frame outside srcgrad's, NumPy's and installed libraries' own files
    (a gradient lost inside SciPy is reported at the user's call of SciPy)."""
    frame = sys._getframe(1)
    while frame is not None:
        if _is_users(frame.f_code.co_filename):
            return frame
        frame = frame.f_back
    return None


def _is_users(filename: str) -> bool:
    filename = os.path.abspath(filename)
    library = f"{os.sep}site-packages{os.sep}" in filename or (
        f"{os.sep}dist-packages{os.sep}" in filename
    )
    return not library and not filename.startswith((_PACKAGE_DIR + os.sep, _NUMPY_DIR + os.sep))


def traceback_location(traceback) -> str:
    """``file:line`` of the innermost frame of the user's in ``traceback``, or ``""``."""
    where = ""
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if _is_users(code.co_filename):
            where = f"{code.co_filename}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return where


def user_location() -> str:
    """`` (called at file:line)`` for the innermost frame of the user's, or ``""``."""
    where, _ = user_line()
    return f" (called at {where})" if where else ""


def check_conversion(tensor, what: str) -> None:
    """Raise GradientLostError if strict mode is on and ``tensor`` carries a gradient."""
    if not (_strict.depth and tensor._requires_grad and _mode.enabled):
        return
    raise GradientLostError(conversion_message(what))


# Maps a line of generated code to the user's (file, line, text), or None; set by srcgrad's
# entry points, so that the tape need not know the compiler.
locate_generated = None


def user_line():
    """``("file:line", source line)`` of the innermost user frame, or ``("", "")``; a
    frame of generated code is named by the user's line it came from."""
    frame = _user_frame()
    if frame is None:
        return "", ""
    filename = frame.f_code.co_filename
    origin = locate_generated(filename, frame.f_lineno) if locate_generated else None
    if origin is not None:
        return f"{origin[0]}:{origin[1]}", origin[2]
    return f"{filename}:{frame.f_lineno}", linecache.getline(filename, frame.f_lineno).strip()


def _at_user_line():
    """``(" at file:line", source line)`` of the user's code running now, or ``("", "")``."""
    where, line = user_line()
    return (f" at {where}" if where else ""), line


def conversion_message(what: str) -> str:
    where, line = _at_user_line()
    math_call = _MATH_CALL.search(line)
    element_write = _ELEMENT_WRITE.match(line)
    if element_write:
        name = element_write.group(1)
        return (
            f"a value that depends on the differentiated input is written into {name}, a "
            f"plain NumPy array{where}; NumPy converts it with {what}(), which would drop "
            f"the gradient.{_source(line)}\n{plain_target_advice(name)}"
        )
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
            "NumPy functions (np.sin instead of math.sin); call x.detach() first only where "
            "you mean to drop the gradient."
        )
    return (
        f"{what}() was called on a Tensor that requires grad{where}; the result would carry "
        f"no gradient, so the derivative would be wrong.{_source(line)}\n{advice}"
    )


def stale_view_message() -> str:
    """RuntimeError text for a view used after the Tensor it views was written in place."""
    where, line = _at_user_line()
    return (
        f"a view of a Tensor (made by indexing, reshape, transpose, ...) is used{where} after "
        f"the Tensor it views was modified in place; its values changed, but srcgrad's tape "
        f"would differentiate the old ones.{_source(line)}\nTake the view again after the "
        f"write (row = M[i] after M[...] = ...), or copy it before the write "
        f"(row = M[i].copy())."
    )


def _source(line: str) -> str:
    return f"\n    {line}" if line else ""


def plain_target_advice(name: str) -> str:
    """What to write instead of storing differentiated values into the plain array ``name``."""
    return (
        f"A plain array cannot hold a gradient. Make {name} from the differentiated input so "
        f"that it can: {name} = np.zeros_like(x, shape=...) instead of np.zeros(...), or "
        f"collect the values in a list and combine them with np.stack."
    )


def plain_target_message(operation: str, name: str = "the target") -> str:
    """GradientLostError text for ``operation`` writing a Tensor into a plain array."""
    where, line = _at_user_line()
    return (
        f"{operation} writes a value that depends on the differentiated input into a plain "
        f"NumPy array{where}; the gradient would be lost.{_source(line)}\n"
        f"{plain_target_advice(name)}"
    )
