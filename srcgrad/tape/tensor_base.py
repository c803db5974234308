"""``TensorBase``: the fields every Tensor has, below the modules that record.

The recorder, the in-place writes and the backward engine read Tensors and make new ones,
and the operators of :class:`~srcgrad.tape.tensor.Tensor` call them, so they cannot import
that class: the imports would go round in a circle. They import this base instead.
``isinstance(value, TensorBase)`` tells a Tensor, and an existing Tensor makes a new one
with ``like._new_tensor(...)``, much as NumPy makes a function's output through its input's
``__array_wrap__``. ``Tensor`` is the only subclass that defines ``_new_tensor``, and it
makes a plain ``Tensor`` whatever subclass ``like`` is (``nn.Parameter``, say): what an
operation gives is never a Parameter.
"""

from __future__ import annotations

__all__ = ["TensorBase", "FIELDS"]

# The state of a Tensor (see tensor.py for what each holds).
FIELDS = (
    "_data",
    "_grad",
    "_grad_fn",
    "_requires_grad",
    "_nr",
    "_version",
    "_base",
    "_view_version",
    "_hooks",
    "_accumulator",
    "_retains_grad",
    "_scalar_type",
    "_exported",
)


class TensorBase:
    """What the modules below the Tensor class know of a Tensor: its fields, and that it
    can make another."""

    __slots__ = (*FIELDS, "__weakref__")

    def _new_tensor(self, data, grad_fn=None, requires_grad=False, nr=0):
        """A new Tensor holding the ndarray ``data`` (not copied, no checks)."""
        raise NotImplementedError
