"""Operators and NumPy-style methods of ``Tensor``.

Every method calls a NumPy function through the recorder, so the rules table stays the
only calculus: ``t.exp()`` is ``np.exp(t)``, ``t @ u`` is ``np.matmul(t, u)``, ``t[i]`` is
``operator.getitem(t, i)``. Operators use :func:`~srcgrad.tape.record.binary` directly
rather than going through NumPy's dispatch, which keeps their overhead low. Comparisons
give Tensors without grad. Methods follow NumPy's signatures.
"""

from __future__ import annotations

import operator

import numpy as np

from . import inplace as _inplace
from . import interop, writes
from .record import binary, call, wrap_plain
from .standin import python_result
from .strict import user_location
from .tensor_base import TensorBase

__all__ = ["TensorOps"]


def _options(**options) -> dict:
    """Keyword options that differ from their defaults (None/False), for the primitive."""
    return {
        key: value for key, value in options.items() if value is not None and value is not False
    }


def _compare(op, x, y):
    x_is = isinstance(x, TensorBase)
    y_is = isinstance(y, TensorBase)
    xd = x._data if x_is else x
    yd = y._data if y_is else y
    found = [x, y] if x_is and y_is else [x] if x_is else [y]
    return python_result(wrap_plain(op(xd, yd), found), x, y)


def _in_place(target, primitive, other):
    """``target op= other``: in place, except for a Tensor standing for a scalar, which is
    immutable like the float or NumPy scalar it stands for (a new Tensor is returned)."""
    if target._scalar_type is not None:
        return binary(primitive, target, other)
    return _inplace.inplace(target, primitive, (target, other), {})


def _shape_args(args: tuple):
    return args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args


class TensorOps(TensorBase):
    """The base of ``Tensor`` with its arithmetic, comparison, indexing and NumPy methods."""

    __slots__ = ()
    __hash__ = object.__hash__

    # -- arithmetic ----------------------------------------------------------------------
    def __add__(self, other):
        return binary(np.add, self, other)

    def __radd__(self, other):
        return binary(np.add, other, self)

    def __sub__(self, other):
        return binary(np.subtract, self, other)

    def __rsub__(self, other):
        return binary(np.subtract, other, self)

    def __mul__(self, other):
        return binary(np.multiply, self, other)

    def __rmul__(self, other):
        return binary(np.multiply, other, self)

    def __truediv__(self, other):
        return binary(np.true_divide, self, other)

    def __rtruediv__(self, other):
        return binary(np.true_divide, other, self)

    def __floordiv__(self, other):
        return binary(np.floor_divide, self, other)

    def __rfloordiv__(self, other):
        return binary(np.floor_divide, other, self)

    def __mod__(self, other):
        return binary(np.remainder, self, other)

    def __rmod__(self, other):
        return binary(np.remainder, other, self)

    def __divmod__(self, other):
        return self // other, self % other

    def __rdivmod__(self, other):
        return other // self, other % self

    def __pow__(self, other):
        return binary(np.power, self, other)

    def __rpow__(self, other):
        return binary(np.power, other, self)

    def __matmul__(self, other):
        return binary(np.matmul, self, other)

    def __rmatmul__(self, other):
        return binary(np.matmul, other, self)

    def __and__(self, other):
        return binary(np.bitwise_and, self, other)

    def __rand__(self, other):
        return binary(np.bitwise_and, other, self)

    def __or__(self, other):
        return binary(np.bitwise_or, self, other)

    def __ror__(self, other):
        return binary(np.bitwise_or, other, self)

    def __xor__(self, other):
        return binary(np.bitwise_xor, self, other)

    def __rxor__(self, other):
        return binary(np.bitwise_xor, other, self)

    def __neg__(self):
        return python_result(call(np.negative, (self,)), self)

    def __pos__(self):
        return python_result(call(np.positive, (self,)), self)

    def __abs__(self):
        return python_result(call(np.absolute, (self,)), self)

    def __invert__(self):
        return call(np.invert, (self,))

    # -- comparisons (never require grad) ------------------------------------------------
    def __eq__(self, other):
        return _compare(operator.eq, self, other)

    def __ne__(self, other):
        return _compare(operator.ne, self, other)

    def __lt__(self, other):
        return _compare(operator.lt, self, other)

    def __le__(self, other):
        return _compare(operator.le, self, other)

    def __gt__(self, other):
        return _compare(operator.gt, self, other)

    def __ge__(self, other):
        return _compare(operator.ge, self, other)

    # -- in place ------------------------------------------------------------------------
    def __iadd__(self, other):
        return _in_place(self, np.add, other)

    def __isub__(self, other):
        return _in_place(self, np.subtract, other)

    def __imul__(self, other):
        return _in_place(self, np.multiply, other)

    def __itruediv__(self, other):
        return _in_place(self, np.true_divide, other)

    def __ipow__(self, other):
        return _in_place(self, np.power, other)

    def fill(self, value):
        """NumPy's ``a.fill(v)``: ``a[...] = v``, recorded like any item assignment."""
        self[...] = value

    def put(self, indices, values, mode="raise"):
        """NumPy's ``a.put(indices, values)``: ``np.put``, recorded in place."""
        writes.put(self, indices, values, mode)

    def sort(self, axis=-1, kind=None, order=None):
        """NumPy's in-place ``a.sort()``; refused when a gradient is involved."""
        writes.sort(self, axis, kind, order)

    def zero_(self):
        """Fill with zeros in place (recorded as multiplying by zero when tracked)."""

        def write(raw, raw_kwargs):
            self._data.fill(0)

        return _inplace.inplace(self, np.multiply, (self, 0), {}, write)

    # -- indexing ------------------------------------------------------------------------
    def __getitem__(self, index):
        return call(operator.getitem, (self, index))

    def __setitem__(self, index, value):
        if self._scalar_type is not None:
            raise TypeError(
                f"'{self._scalar_type.__name__}' object does not support item assignment"
                f"{user_location()}: NumPy gave a scalar here, not an array"
            )
        _inplace.setitem(self, index, value)

    # -- NumPy protocol ------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return interop.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return interop.array_function(func, args, kwargs)

    @classmethod
    def __srcgrad_primitive__(cls, primitive, args, kwargs):
        """Record a call of a ``@srcgrad.rules.primitive`` helper given Tensors."""
        return call(primitive, tuple(args), dict(kwargs))

    # -- NumPy methods -------------------------------------------------------------------
    @property
    def T(self):
        return call(np.transpose, (self,))

    def sum(self, axis=None, dtype=None, keepdims=False):
        return call(np.sum, (self,), _options(axis=axis, dtype=dtype, keepdims=keepdims))

    def mean(self, axis=None, dtype=None, keepdims=False):
        return call(np.mean, (self,), _options(axis=axis, dtype=dtype, keepdims=keepdims))

    def prod(self, axis=None, dtype=None, keepdims=False):
        return call(np.prod, (self,), _options(axis=axis, dtype=dtype, keepdims=keepdims))

    def max(self, axis=None, keepdims=False):
        return call(np.max, (self,), _options(axis=axis, keepdims=keepdims))

    def min(self, axis=None, keepdims=False):
        return call(np.min, (self,), _options(axis=axis, keepdims=keepdims))

    def var(self, axis=None, ddof=0, keepdims=False):
        return call(np.var, (self,), _options(axis=axis, ddof=ddof or None, keepdims=keepdims))

    def std(self, axis=None, ddof=0, keepdims=False):
        return call(np.std, (self,), _options(axis=axis, ddof=ddof or None, keepdims=keepdims))

    def cumsum(self, axis=None):
        return call(np.cumsum, (self,), _options(axis=axis))

    def cumprod(self, axis=None):
        return call(np.cumprod, (self,), _options(axis=axis))

    def argmax(self, axis=None, keepdims=False):
        return call(np.argmax, (self,), _options(axis=axis, keepdims=keepdims))

    def argmin(self, axis=None, keepdims=False):
        return call(np.argmin, (self,), _options(axis=axis, keepdims=keepdims))

    def all(self, axis=None, keepdims=False):
        return call(np.all, (self,), _options(axis=axis, keepdims=keepdims))

    def any(self, axis=None, keepdims=False):
        return call(np.any, (self,), _options(axis=axis, keepdims=keepdims))

    def reshape(self, *shape):
        return call(np.reshape, (self, _shape_args(shape)))

    def transpose(self, *axes):
        axes = _shape_args(axes)
        return call(np.transpose, (self, axes) if axes else (self,))

    def swapaxes(self, axis1, axis2):
        return call(np.swapaxes, (self, axis1, axis2))

    def ravel(self):
        return call(np.ravel, (self,))

    def flatten(self):
        """A flattened copy (never a view, as in NumPy)."""
        out = call(np.reshape, (self, -1))
        if out._base is not None:
            out._data = out._data.copy()
            out._base, out._version = None, [0]
            node = out._grad_fn
            if node is not None and node._ans is not None:
                node._ans, node._ans_version = out._data, ((out._version, 0),)
        return out

    def repeat(self, repeats, axis=None):
        return call(np.repeat, (self, repeats), _options(axis=axis))

    def squeeze(self, axis=None):
        return call(np.squeeze, (self,), _options(axis=axis))

    def diagonal(self, offset=0, axis1=0, axis2=1):
        return call(np.diagonal, (self, offset, axis1, axis2))

    def trace(self, offset=0, axis1=0, axis2=1):
        return call(np.trace, (self, offset, axis1, axis2))

    def dot(self, other):
        return call(np.dot, (self, other))

    def clip(self, min=None, max=None, out=None):
        if out is not None:  # a write into ``out``, recorded as np.clip(..., out=) is
            return np.clip(self, min, max, out=out)
        return call(np.clip, (self, min, max))

    def round(self, decimals=0):
        return call(np.round, (self, decimals))

    def astype(self, dtype, copy=True):
        if not copy and np.dtype(dtype) == self.dtype:
            return self  # NumPy gives the array itself: a write into one shows in the other
        return call(np.astype, (self, dtype))

    def copy(self):
        return call(np.copy, (self,))

    def exp(self):
        return call(np.exp, (self,))

    def log(self):
        return call(np.log, (self,))

    def sqrt(self):
        return call(np.sqrt, (self,))

    def sin(self):
        return call(np.sin, (self,))

    def cos(self):
        return call(np.cos, (self,))

    def tanh(self):
        return call(np.tanh, (self,))

    def abs(self):
        return call(np.absolute, (self,))

    def sigmoid(self):
        """1 / (1 + exp(-x)), computed as (tanh(x/2) + 1) / 2 so it never overflows."""
        return (call(np.tanh, (self * 0.5,)) + 1.0) * 0.5

    def relu(self):
        """max(x, 0) with gradient 0 at 0 (as PyTorch): x times the mask x > 0."""
        return self * (self > 0)
