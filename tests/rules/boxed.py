"""A minimal stand-in for the tape's Tensor: it wraps an array, runs every NumPy call on
the wrapped value through ``__array_ufunc__``/``__array_function__``/the primitive hook,
and refuses to be converted with ``np.asarray``. A rule that works on ``Boxed`` values
and returns ``Boxed`` values stays on the tape (so gradients of gradients can work).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin


def unbox(value):
    if isinstance(value, Boxed):
        return value.value
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        return type(value)(unbox(v) for v in value)
    if isinstance(value, tuple):  # a named tuple
        return type(value)(*(unbox(v) for v in value))
    if isinstance(value, dict):
        return {k: unbox(v) for k, v in value.items()}
    return value


def box(value):
    if isinstance(value, (np.ndarray, np.generic)) and not isinstance(value, np.bool_):
        return Boxed(value)
    if isinstance(value, list):
        return [box(v) for v in value]
    if type(value) is tuple:
        return tuple(box(v) for v in value)
    if isinstance(value, tuple):  # a named tuple (np.linalg's results)
        return type(value)(*(box(v) for v in value))
    return value


def _primitive_hook(primitive, args, kwargs):
    return box(primitive.implementation(*unbox(args), **unbox(kwargs)))


class Boxed(NDArrayOperatorsMixin):
    __srcgrad_primitive__ = staticmethod(_primitive_hook)

    def __init__(self, value):
        self.value = np.asarray(value)

    def __array__(self, dtype=None, copy=None):
        raise AssertionError("a rule converted a Tensor to a plain array (detaching it)")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return box(getattr(ufunc, method)(*unbox(inputs), **unbox(kwargs)))

    def __array_function__(self, func, types, args, kwargs):
        return box(func(*unbox(args), **unbox(kwargs)))

    def __getitem__(self, index):
        return box(self.value[unbox(index)])

    def __bool__(self):
        raise AssertionError("a rule branched on a Tensor's value")

    def __len__(self):
        return len(self.value)
