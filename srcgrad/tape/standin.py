"""Tensors standing in for a user's floats and arrays: NumPy's meaning, not PyTorch's.

When srcgrad runs a function written for floats and arrays on the tape, the inputs and
every value computed from them are Tensors. Inside :func:`standing_in` those Tensors keep
the meaning the user's code gives the values they stand for:

- a Tensor standing for a scalar (a Python float input, or what NumPy returns as a scalar
  such as ``np.sum(a)`` or ``a[0]``) is immutable: ``z = x; z += y`` rebinds ``z`` to a new
  Tensor and leaves ``x`` alone, as for a float. Its ``_scalar_type`` records the type it
  stands for; arrays keep NumPy's in-place semantics;
- ``isinstance``, ``np.isscalar`` and the ``numbers`` ABCs, asked by code outside
  srcgrad, see the class of the value the Tensor stands for (``np.ndarray``, ``float``,
  ``np.float64``), through ``Tensor.__class__``;
- conversions that would drop a gradient raise (:func:`~srcgrad.tape.strict_conversions`).

Outside the block a Tensor is PyTorch's: ``t += 1`` on a 0-d Tensor writes in place.

>>> def f(x, y):
...     z = x
...     z += y                     # z is a new Tensor; x still stands for 2.0
...     return x * z
>>> srcgrad.grad(f, mode="tape")(2.0, 3.0)   # runs f inside standing_in()
7.0
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

import numpy as np

from .strict import GradientLostError, strict_conversions, traceback_location, user_location
from .tensor_base import TensorBase
from .type_checks import check_type_comparisons

__all__ = [
    "standing_in",
    "is_standing_in",
    "call_standing_in",
    "python_result",
    "seen_class",
    "number_attribute",
    "refuse_write_into_scalar",
]

_PYTHON_NUMBERS = (bool, int, float, complex)
_PYTHON_TYPE_OF_KIND = {"b": bool, "i": int, "u": int, "f": float, "c": complex}
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class _StandIn(threading.local):
    depth = 0


_state = _StandIn()


@contextlib.contextmanager
def standing_in():
    """Run user code with Tensors standing in for its values (see the module docstring);
    conversions that lose a gradient raise GradientLostError inside the block."""
    with strict_conversions():
        _state.depth += 1
        try:
            yield
        finally:
            _state.depth -= 1


def is_standing_in() -> bool:
    return _state.depth > 0


def call_standing_in(fn, args=(), kwargs=None, wrt=()):
    """``fn(*args, **kwargs)`` inside :func:`standing_in`; ``wrt`` lists the parameters
    (indices or names) that hold stand-ins.

    ``type(x)`` comparisons on stand-ins are refused first (:mod:`.type_checks`).

    NumPy reports a lost gradient in an element write (``K[i, j] = x[i] * x[j]`` with ``K``
    a plain array calls ``float`` on the Tensor) as a bare ValueError "setting an array
    element with a sequence"; the GradientLostError behind it, which names the user's
    line, is raised instead. Any other error that does not name the user's line gets a
    note naming it.
    """
    check_type_comparisons(fn, wrt)
    with standing_in():
        try:
            return fn(*args, **(kwargs or {}))
        except Exception as err:
            cause = err.__cause__ or err.__context__
            if isinstance(cause, GradientLostError) and not isinstance(err, GradientLostError):
                raise cause from None
            _name_the_line(err, fn)
            raise


def _name_the_line(err: Exception, fn) -> None:
    """Add the user's line to an error that does not name it (NumPy's own, say: "output
    array is read-only"), as the same code run without srcgrad would show it."""
    where = traceback_location(err.__traceback__)
    text = "\n".join([str(err), *getattr(err, "__notes__", ())])
    if where and where not in text:
        name = getattr(fn, "__qualname__", "the function")
        err.add_note(f"(raised at {where}, running {name} on srcgrad's tape)")


def _is_python_number(value) -> bool:
    if isinstance(value, TensorBase):
        return value._scalar_type in _PYTHON_NUMBERS
    return type(value) in _PYTHON_NUMBERS


def python_result(result, *operands):
    """``result`` of an operator on ``operands``: when every operand stands for a Python
    number, the result stands for one too (``x * 2.0`` is a float for a float ``x``,
    where NumPy would give ``np.float64``)."""
    if (
        isinstance(result, TensorBase)
        and result._scalar_type is not None
        and all(_is_python_number(operand) for operand in operands)
    ):
        result._scalar_type = _PYTHON_TYPE_OF_KIND.get(result._data.dtype.kind, float)
    return result


def _from_user_code(depth: int) -> bool:
    caller = sys._getframe(depth + 1).f_code.co_filename
    return not os.path.abspath(caller).startswith(_PACKAGE_DIR)


def number_attribute(tensor, name: str) -> None:
    """Raise AttributeError, as a Python number would, when code outside srcgrad reads the
    array attribute ``name`` of a Tensor standing for one (``hasattr(x, "shape")``)."""
    if tensor._scalar_type in _PYTHON_NUMBERS and _state.depth and _from_user_code(2):
        raise AttributeError(f"'{tensor._scalar_type.__name__}' object has no attribute '{name}'")


def refuse_write_into_scalar(tensor) -> None:
    """A NumPy scalar or Python number cannot be written in place: raise as NumPy does."""
    if tensor._scalar_type is not None:
        raise TypeError(
            f"a '{tensor._scalar_type.__name__}' cannot be written in place{user_location()} "
            "(an out= or in-place target must be an array)"
        )


def seen_class(tensor, cls):
    """The class code outside srcgrad sees for ``tensor``: inside a stand-in run, the class
    of the value it stands for; otherwise ``cls`` (Tensor)."""
    if not _state.depth or not _from_user_code(2):
        return cls
    return tensor._scalar_type or np.ndarray
