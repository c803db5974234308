"""Stand-ins for saved values that were modified in place after being saved.

The same stand-in replaces saved values when a graph is freed after backward, so a
second backward through a node that needs only shapes works, as in PyTorch, and one that
needs values raises "Trying to backward through the graph a second time".

A node keeps the inputs its rules read. If one of them is later changed in place, the
node must not compute with the new values. But many rules read an input only for its
shape (``unbroadcast(g, x)``, the gradient of ``x[i]``), and PyTorch saves only the
shape there, so ``y[i] = y[i] * 3`` is fine. At backward the node therefore passes a
:class:`StaleValue` for a modified input: its shape, dtype and size can be read, and any
use of its values raises PyTorch's "modified by an inplace operation" error.
"""

from __future__ import annotations

import numpy as np

__all__ = ["StaleValue", "substitute", "freed"]

# Functions that look only at shape and dtype: answered from a zero-size stand-in array.
_METADATA = {
    np.shape,
    np.ndim,
    np.size,
    np.result_type,
    np.zeros_like,
    np.ones_like,
    np.empty_like,
    np.full_like,
    np.iscomplexobj,
    np.isrealobj,
}


class StaleValue:
    """Shape and dtype of a saved value that is gone or changed; using its values raises
    RuntimeError(``message``)."""

    __slots__ = ("shape", "dtype", "_message")

    def __init__(self, shape: tuple, dtype, message: str):
        self.shape, self.dtype, self._message = shape, dtype, message

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def _meta(self) -> np.ndarray:
        return np.broadcast_to(np.zeros((), self.dtype), self.shape)

    def __array_function__(self, func, types, args, kwargs):
        if func not in _METADATA:
            raise RuntimeError(self._message)
        args = tuple(self._meta() if arg is self else arg for arg in args)
        return func(*args, **kwargs)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        raise RuntimeError(self._message)

    def _fail(self, *args, **kwargs):
        raise RuntimeError(self._message)

    __array__ = __getitem__ = __iter__ = __float__ = __int__ = __bool__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _fail
    __neg__ = __abs__ = __lt__ = __le__ = __gt__ = __ge__ = _fail

    def __getattr__(self, name):
        raise RuntimeError(self._message)


def substitute(original, chosen, stale: dict):
    """``chosen`` (raw arrays or Tensors, shaped like ``original``) with every Tensor of
    ``original`` whose id is in ``stale`` replaced by its StaleValue."""
    if id(original) in stale and hasattr(original, "_version"):
        return stale[id(original)]
    if type(original) is list or type(original) is tuple:
        return type(original)(
            substitute(o, c, stale) for o, c in zip(original, chosen, strict=True)
        )
    return chosen


def freed(value, message: str):
    """``value`` with every array or Tensor in it replaced by a StaleValue."""
    cls = type(value)
    if cls is np.ndarray:
        return StaleValue(value.shape, value.dtype, message)
    if cls is tuple or cls is list:
        return cls([freed(item, message) for item in value])
    if hasattr(cls, "__srcgrad_primitive__"):  # a Tensor
        return StaleValue(value._data.shape, value._data.dtype, message)
    if isinstance(value, np.generic):
        return StaleValue((), value.dtype, message)
    return value
