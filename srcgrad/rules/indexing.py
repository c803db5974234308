"""Rules for indexing: reading ``x[index]`` and the functional write ``assign_index``.

``operator.getitem(x, index)`` is the primitive behind ``x[index]`` for every kind of
index NumPy accepts: ints, slices, ``...``, ``None``, boolean masks, integer arrays and
tuples of these. Its gradient puts ``g`` back into zeros shaped like ``x`` with
:func:`scatter_add`; repeated integer indices accumulate (``x[[0, 0]]`` sends twice the
gradient to ``x[0]``).

``assign_index(x, index, value)`` returns a new array equal to ``x`` after
``x[index] = value``; ``x`` is not modified. The engines rewrite ``y[i] = v`` (and
``y[i] += v`` as ``y = assign_index(y, i, y[i] + v)``) into it. Its gradient for ``x`` is
``g`` with ``g[index]`` zeroed, for ``value`` it is ``g[index]`` summed to ``value``'s
shape. With repeated integer indices NumPy keeps the last write, so only the entries of
``value`` that were written last get a gradient (:func:`written_last`).

Both helpers are ``@primitive``: on tape Tensors they are recorded like NumPy calls, and
their own rules make gradients of gradients work.
"""

from __future__ import annotations

import operator

import numpy as np

from .batch_helpers import assign_rows, broadcast_batch, take
from .helpers import unbroadcast
from .registry import (
    UnsupportedDerivative,
    batched_jvp_rule,
    jvp_rule,
    primitive,
    returns_view,
    vjp_rule,
)
from .tangent_helpers import broadcast_like


def _is_basic(index) -> bool:
    """True for an index of ints, slices, ``...`` and None only (a view, no repeats)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(
        part is None
        or part is Ellipsis
        or (isinstance(part, (int, np.integer, slice)) and not isinstance(part, bool))
        for part in parts
    )


@primitive
def scatter_add(values, index, shape):
    """Zeros of ``shape`` with ``values`` added at ``index``; repeated indices accumulate.

    >>> scatter_add(np.array([1.0, 2.0]), [0, 0], (3,))
    array([3., 0., 0.])
    """
    # zeros of values' array type (dask, CuPy), so that the write below converts nothing
    out = np.zeros_like(values, shape=shape, dtype=np.result_type(values))
    if isinstance(out, np.ndarray):
        if _is_basic(index):
            out[index] = values
        else:
            np.add.at(out, index, values)
        return out
    return _scatter_into_other(out, index, values)


def _scatter_into_other(out, index, values):
    """``scatter_add`` for another library's array (dask, CuPy): basic indexes only."""
    kind = type(out).__module__
    if not _is_basic(index):
        raise UnsupportedDerivative(
            f"srcgrad: the gradient of indexing with an integer array or a mask adds into "
            f"places that may repeat (np.add.at), which {kind} arrays do not offer; index "
            "with ints and slices, or compute this part with NumPy arrays"
        )
    parts = index if isinstance(index, tuple) else (index,)
    plain = tuple(part for part in parts if part is not None)  # None adds length-1 axes
    try:
        out[plain] = np.reshape(values, np.shape(out[plain]))
    except (ValueError, IndexError, NotImplementedError) as err:
        raise UnsupportedDerivative(
            f"srcgrad: the gradient of x[{index!r}] writes into zeros, which this {kind} "
            f"array refuses ({type(err).__name__}: {err}); index with plain slices, or "
            "compute this part with NumPy arrays"
        ) from None
    return out


@primitive
def assign_index(x, index, value):
    """A copy of ``x`` with ``x[index] = value`` applied; ``x`` itself is unchanged.

    >>> assign_index(np.zeros(3), slice(1, None), 5.0)
    array([0., 5., 5.])
    """
    out = np.copy(x) if isinstance(x, (np.ndarray, np.generic, int, float, complex)) else x.copy()
    out[index] = value
    return out


def _getitem_name(x, index):
    """PyTorch's names: an int selects, slices (and None/...) slice, arrays index."""
    parts = index if isinstance(index, tuple) else (index,)
    if not _is_basic(index):
        return "IndexBackward0"
    if any(isinstance(part, (int, np.integer)) for part in parts):
        return "SelectBackward0"
    return "SliceBackward0"


returns_view(operator.getitem)  # basic indexing gives a view


@vjp_rule(operator.getitem, "x", name="IndexBackward0", name_for=_getitem_name)
def getitem_x(g, ans, x, index):
    return scatter_add(g, index, np.shape(x))


@batched_jvp_rule(operator.getitem, "x")
def getitem_dx_batched(ans, dx, x, index):
    return take(dx, index)


@jvp_rule(operator.getitem, "x")
def getitem_dx(ans, dx, x, index):
    return dx[index]


@vjp_rule(scatter_add, "values", name="IndexPutBackward0")
def scatter_add_values(g, ans, values, index, shape):
    return unbroadcast(g[index], values)


@jvp_rule(scatter_add, "values")
def scatter_add_dvalues(ans, dvalues, values, index, shape):
    return scatter_add(dvalues, index, shape)


@vjp_rule(assign_index, "x", name="CopySlices")
def assign_index_x(g, ans, x, index, value):
    return assign_index(g, index, 0)


@vjp_rule(assign_index, "value")
def assign_index_value(g, ans, x, index, value):
    kept = written_last(np.shape(x), index)
    return unbroadcast(g[index] if kept is None else g[index] * kept, value)


@batched_jvp_rule(assign_index, "x")
def assign_index_dx_batched(ans, dx, x, index, value):
    return assign_rows(broadcast_batch(dx, ans), index, 0)


@batched_jvp_rule(assign_index, "value")
def assign_index_dvalue_batched(ans, dvalue, x, index, value):
    zeros = np.zeros((len(dvalue), *np.shape(ans)), np.result_type(ans, dvalue))
    return assign_rows(zeros, index, dvalue)


@jvp_rule(assign_index, "x")
def assign_index_dx(ans, dx, x, index, value):
    return assign_index(broadcast_like(dx, ans), index, 0)


@jvp_rule(assign_index, "value")
def assign_index_dvalue(ans, dvalue, x, index, value):
    return assign_index(np.zeros(np.shape(ans), np.result_type(ans, dvalue)), index, dvalue)


def written_last(shape, index):
    """Which entries of ``x[index] = v`` survive: NumPy keeps the last write to a place.

    None when no place can be written twice (no integer-array index), else a boolean
    array shaped like ``x[index]``.

    >>> written_last((3,), np.array([1, 1, 2]))
    array([False,  True,  True])
    """
    parts = index if isinstance(index, tuple) else (index,)
    if not any(np.asarray(p).dtype.kind in "iu" and np.ndim(p) > 0 for p in parts):
        return None
    places = np.full(shape, -1)
    writes = np.arange(places[index].size).reshape(places[index].shape)
    places[index] = writes
    return places[index] == writes
