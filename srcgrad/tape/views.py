"""The ndarray attributes that view a Tensor's memory: ``.flat``, ``.base``, ``.view()``,
and ``.resize()``, which changes it in place.

NumPy code reads and writes through them (``y.flat[i] = v``, ``y[1:].base``); each is
either recorded, so the gradient follows the write, or refused with the user's line.
"""

from __future__ import annotations

import numpy as np

from . import record, writes
from .grad_mode import _mode
from .node import count_write
from .strict import user_location

__all__ = ["TensorViews", "FlatIndexer"]


class FlatIndexer:
    """``t.flat``: NumPy's flat iterator over a Tensor. Reading ``t.flat[i]`` gives a copy
    (``np.take`` at the flat indices); writing ``t.flat[i] = v`` is ``np.put`` at them,
    which repeats ``v`` as NumPy does, recorded like any in-place write."""

    __slots__ = ("_tensor",)

    def __init__(self, tensor):
        self._tensor = tensor

    def _indices(self, index):
        return np.arange(self._tensor._data.size)[record.unwrap(index)]

    def __getitem__(self, index):
        return record.call(np.take, (self._tensor, self._indices(index)))

    def __setitem__(self, index, value):
        writes.put(self._tensor, self._indices(index), value)

    def __len__(self) -> int:
        return self._tensor._data.size

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class TensorViews:
    """Mixin of ``Tensor``: the attributes above."""

    __slots__ = ()

    @property
    def flat(self) -> FlatIndexer:
        return FlatIndexer(self)

    @property
    def base(self):
        """The Tensor whose memory this one views (the first that owns it, as in NumPy), or
        None when it owns its memory."""
        base = self._base
        if base is None:
            if self._data.base is None:
                return None
            raise RuntimeError(
                f".base of a Tensor that views an array the tape does not know"
                f"{user_location()}; srcgrad cannot give it as a Tensor: keep a name for the "
                "array instead"
            )
        while base._base is not None:
            base = base._base
        return base

    def resize(self, *new_shape, refcheck=True):
        """NumPy's in-place ``a.resize(shape)``: refused where a gradient is involved (the
        tape records no change of shape in place); otherwise done on the data."""
        if _mode.enabled and self._requires_grad:
            raise RuntimeError(
                f"a.resize() changes the shape of an array that carries a gradient in place"
                f"{user_location()}, which srcgrad's tape does not record; make a new array "
                "instead (np.resize(a, shape), or np.concatenate with zeros)"
            )
        self._data.resize(*new_shape, refcheck=refcheck)
        count_write(self)

    def view(self, dtype=None, type=None):
        """NumPy's ``a.view()``: the same values in the same memory, recorded as a view.
        A view as another dtype or class reinterprets the memory: refused."""
        if type is None and (dtype is None or np.dtype(dtype) == self._data.dtype):
            return record.call(np.reshape, (self, self._data.shape))
        raise TypeError(
            f"a.view(dtype) as another dtype or type reinterprets the array's bytes"
            f"{user_location()}, which has no derivative and which srcgrad's tape does not "
            "follow; convert with a.astype(...) instead"
        )
