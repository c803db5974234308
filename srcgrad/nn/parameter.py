"""``Parameter``: a leaf Tensor that a :class:`~srcgrad.nn.Module` treats as trainable."""

from __future__ import annotations

import numpy as np

from ..tape import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A leaf Tensor that requires grad by default; modules list it in ``parameters()``.

    ``data`` is wrapped without copying (a Tensor's array is shared).

    >>> import srcgrad
    >>> w = srcgrad.nn.Parameter(np.zeros(3))
    >>> w.requires_grad, w.is_leaf
    (True, True)
    """

    __slots__ = ()

    def __init__(self, data, requires_grad: bool = True):
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        out = Parameter(self._data.copy(), self._requires_grad)
        memo[id(self)] = out
        return out

    def __reduce__(self):
        return (Parameter, (np.array(self._data), self._requires_grad))
