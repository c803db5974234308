"""``Tensor``: a NumPy array that records the operations applied to it.

The state and the PyTorch-style API live here (``.grad``, ``.backward()``, hooks,
conversions, repr); operators, NumPy methods and NumPy interoperability come from
:class:`~srcgrad.tape.ops.TensorOps`.

Differences from PyTorch worth knowing: the default float dtype is NumPy's float64 (not
float32), ``.data`` is the NumPy array itself, ``.size`` is NumPy's element count (use
``.shape`` for PyTorch's ``.size()``), and methods follow NumPy's signatures
(``t.sum(axis=0)``, ``t.max()`` returns values only).
"""

from __future__ import annotations

import copy
import functools
import warnings
import weakref

import numpy as np

from ..rules import ARRAY_ATTRIBUTES, ARRAY_METHODS
from . import record
from .engine import backward as _backward
from .grad_mode import _mode
from .node import _RemovableHandle
from .ops import TensorOps
from .printing import format_tensor
from .standin import is_standing_in, number_attribute, seen_class
from .strict import (
    GradientLostError,
    check_conversion,
    conversion_message,
    is_strict,
    user_location,
)
from .tensor_base import FIELDS
from .views import TensorViews

__all__ = ["Tensor", "tensor", "make_tensor"]

_FLOAT_ONLY = "Only Tensors of floating point and complex dtype can require gradients"
_NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead."
)


class Tensor(TensorOps, TensorViews):
    """An array with autograd history. Build one with :func:`tensor`.

    >>> w = srcgrad.tensor(2.0, requires_grad=True)
    >>> (w**2).backward()
    >>> w.grad
    tensor(4.)
    """

    def __getattr__(self, name):
        """Only for names the Tensor does not define itself: the array methods and
        attributes of the rules table (``x.take(i)`` is ``np.take(x, i)``, recorded like
        it); another ndarray attribute is named with the user's line."""
        if name in ARRAY_METHODS:
            return functools.partial(ARRAY_METHODS[name], self)
        if name in ARRAY_ATTRIBUTES:
            return ARRAY_ATTRIBUTES[name](self)
        if name.startswith("__") or not hasattr(np.ndarray, name):
            raise AttributeError(f"'Tensor' object has no attribute {name!r}")
        raise AttributeError(
            f"the tape's Tensor has no .{name}, which NumPy arrays have{user_location()}; "
            f'srcgrad runs this code on its tape (mode="tape" or a fallback); write it with '
            "NumPy functions that have derivative rules, or let it compile"
        )

    __slots__ = ()
    __hash__ = object.__hash__

    def __init__(self, data, requires_grad: bool = False):
        """Wrap ``data`` without copying it (``srcgrad.tensor`` copies)."""
        data = data._data if isinstance(data, Tensor) else np.asarray(data)
        _init(self, data, None, False, 0)
        if requires_grad:
            self.requires_grad = True

    @property
    def __class__(self):
        """``Tensor``; but code that srcgrad runs on the tape for a user (``mode="tape"``)
        sees the class of the value the Tensor stands for, so ``isinstance(x, np.ndarray)``,
        ``isinstance(x, float)`` and ``np.isscalar(x)`` answer as for that value."""
        return seen_class(self, Tensor)

    # -- state --------------------------------------------------------------------------
    @property
    def data(self) -> np.ndarray:
        """The NumPy array itself; changing it is not recorded (the escape hatch)."""
        return self._data

    @data.setter
    def data(self, value) -> None:
        self._data = value._data if isinstance(value, Tensor) else np.asarray(value)

    @property
    def grad(self):
        """The accumulated gradient (a Tensor) of a leaf, or None."""
        if self._grad is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(_NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            value = value if isinstance(value, Tensor) else make_tensor(np.asarray(value))
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
        self._grad = value

    @property
    def grad_fn(self):
        """The node that made this tensor (``<MulBackward0 object at 0x...>``), or None."""
        return self._grad_fn

    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if self._grad_fn is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to "
                "use a computed variable in a subgraph that doesn't require differentiation "
                "use var_no_grad = var.detach()."
            )
        if value and self._data.dtype.kind not in "fc":
            raise RuntimeError(_FLOAT_ONLY)
        self._requires_grad = bool(value)

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user rather than by a recorded operation."""
        return self._grad_fn is None

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    @property
    def output_nr(self) -> int:
        return self._nr

    @property
    def shape(self) -> tuple:
        if self._scalar_type is not None:
            number_attribute(self, "shape")
        return self._data.shape

    @property
    def ndim(self) -> int:
        if self._scalar_type is not None:
            number_attribute(self, "ndim")
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements (NumPy's meaning; PyTorch's ``size()`` is ``shape``)."""
        if self._scalar_type is not None:
            number_attribute(self, "size")
        return self._data.size

    @property
    def dtype(self) -> np.dtype:
        if self._scalar_type is not None:
            number_attribute(self, "dtype")
        return self._data.dtype

    def numel(self) -> int:
        return self._data.size

    def dim(self) -> int:
        return self._data.ndim

    # -- graph ---------------------------------------------------------------------------
    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        self.requires_grad = requires_grad
        return self

    def detach(self) -> Tensor:
        """The same data (shared, as is the version counter) cut from the graph."""
        out = make_tensor(self._data)
        out._version = self._version
        return out

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` during backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        node = self._grad_fn
        if node._retained is None:
            node._retained = []
        node._retained.append((self._nr, weakref.ref(self)))
        self._retains_grad = True

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned Tensor
        replaces the gradient. Returns a handle with ``.remove()``."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is not None:
            return self._grad_fn.register_prehook(hook, self._nr)
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _RemovableHandle(self._hooks, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's ``.grad`` (see autograd.backward)."""
        _backward((self,), None if gradient is None else (gradient,), retain_graph,
                 create_graph, inputs)  # fmt: skip

    # -- conversions ---------------------------------------------------------------------
    def item(self):
        """The single element as a Python number (never recorded, as in PyTorch; raises
        GradientLostError inside ``strict_conversions()`` for a Tensor that requires grad)."""
        check_conversion(self, "item")
        if self._data.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
            )
        return self._data.item()

    def numpy(self) -> np.ndarray:
        """The NumPy array (shared). Refused for a tensor that requires grad."""
        if self._requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        return self._data

    def tolist(self):
        """Nested lists of Python numbers (never recorded, as in PyTorch; raises
        GradientLostError inside ``strict_conversions()`` for a Tensor that requires grad)."""
        check_conversion(self, "tolist")
        return self._data.tolist()

    def _scalar(self, what: str):
        check_conversion(self, what)
        if self._data.size != 1:
            raise TypeError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def __index__(self) -> int:
        check_conversion(self, "__index__")
        if self._data.size != 1 or self._data.dtype.kind not in "iub":
            raise TypeError(
                "only integer tensors of a single element can be converted to an index"
            )
        return int(self._data.reshape(()).item())

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()).item())

    def __array__(self, dtype=None, copy=None):
        if self._requires_grad:
            if is_strict() and _mode.enabled:
                raise GradientLostError(conversion_message("array"))
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        data = self._data if dtype is None else self._data.astype(dtype, copy=False)
        if copy:
            return data.copy()
        if is_standing_in() and np.may_share_memory(data, self._data):
            _exported(self)  # np.asarray(t): a plain array now shares t's memory
        return data

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self._data)))

    def __repr__(self) -> str:
        return format_tensor(self)

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0 and spec:
            return format(self._data.item(), spec)
        return format(repr(self), spec)

    def __copy__(self):
        """Inside a stand-in run, a recorded copy (``copy.copy`` of an ndarray copies its
        data); otherwise a Tensor sharing this one's data and history."""
        if is_standing_in():
            return _recorded_copy(self)
        out = _new(Tensor)
        for name in FIELDS:
            setattr(out, name, getattr(self, name))
        return out

    def _new_tensor(self, data, grad_fn=None, requires_grad=False, nr=0) -> Tensor:
        """A plain Tensor (never a subclass such as Parameter) holding ``data``: how the
        modules below this class make Tensors (see tensor_base.py)."""
        t = _new(Tensor)
        _init(t, data, grad_fn, requires_grad, nr)
        return t

    def __deepcopy__(self, memo):
        if is_standing_in():  # a float or array in the user's code: copy.deepcopy copies it
            out = memo[id(self)] = _recorded_copy(self)
            return out
        if self._grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the "
                "deepcopy protocol at the moment."
            )
        out = make_tensor(self._data.copy(), None, self._requires_grad)
        memo[id(self)] = out
        if self._grad is not None:
            out._grad = copy.deepcopy(self._grad, memo)
        return out


def _exported(tensor) -> None:
    """Mark the Tensor that owns ``tensor``'s memory as given out to plain NumPy arrays: a
    recorded write into it would bring a gradient those arrays cannot carry."""
    while tensor._base is not None:
        tensor = tensor._base
    tensor._exported = True


def _init(t, data, grad_fn, requires_grad, nr) -> None:
    t._data = data
    t._grad = None
    t._grad_fn = grad_fn
    t._requires_grad = requires_grad
    t._nr = nr
    t._version = [0]
    t._base = None
    t._view_version = 0
    t._hooks = None
    t._accumulator = None
    t._retains_grad = False
    t._scalar_type = None
    t._exported = False


_new = object.__new__


def _recorded_copy(tensor):
    out = record.call(np.copy, (tensor,))
    out._scalar_type = tensor._scalar_type
    return out


def make_tensor(data, grad_fn=None, requires_grad=False, nr=0) -> Tensor:
    """Wrap an ndarray as a Tensor (internal fast constructor, no checks, no copy)."""
    t = _new(Tensor)
    _init(t, data, grad_fn, requires_grad, nr)
    return t


def tensor(data, requires_grad: bool = False, dtype=None) -> Tensor:
    """A new leaf Tensor holding a copy of ``data``.

    Python floats become float64 and ints int64 (NumPy's defaults; PyTorch uses float32).

    >>> srcgrad.tensor([1.0, 2.0], requires_grad=True)
    tensor([1., 2.], requires_grad=True)
    """
    if isinstance(data, Tensor):
        data = data._data
    array = np.array(data, dtype=dtype)
    if requires_grad and array.dtype.kind not in "fc":
        raise RuntimeError(_FLOAT_ONLY)
    return make_tensor(array, None, bool(requires_grad))
