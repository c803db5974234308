"""More primitives defined by NumPy code (see ``definitions.py``): functions that insert,
delete, repeat or pick entries, ``np.apply_along_axis`` and ``np.linalg.eigvals``.

Where a function's result is a choice of entries (``np.insert``, ``np.delete``,
``np.resize``, ``np.unique``), the choice is made by a helper that runs NumPy on the plain
values and has no gradient (declared below); the definition then picks the entries by
indexing, whose rule carries the gradient. ``tests/rules/test_definitions_more.py``
checks each definition against NumPy's value and against finite differences.

>>> delete(np.array([1.0, 2.0, 3.0]), 1)
array([1., 3.])
"""

from __future__ import annotations

import numpy as np

from .registry import defined_by, nondifferentiable, primitive


# ---- choices of entries, made on plain values ----------------------------------------------
@primitive
def insert_sources(arr, obj, values, axis):
    """Where each entry of ``np.insert(arr, obj, values, axis)`` comes from: 1 + its flat
    position in ``arr`` (0 for an inserted entry) and 1 + its flat position in
    ``values`` (0 for an entry of ``arr``)."""
    shape, value_shape = np.shape(arr), np.shape(values)
    from_arr = np.reshape(np.arange(1, int(np.prod(shape)) + 1), shape)
    from_values = np.reshape(np.arange(1, int(np.prod(value_shape)) + 1), value_shape)
    first = np.insert(from_arr, obj, 0, axis=axis)
    second = np.insert(np.zeros(shape, dtype=int), obj, from_values, axis=axis)
    return first, second


@primitive
def kept_positions(length, obj):
    """The positions along an axis of ``length`` that ``np.delete(..., obj)`` keeps."""
    return np.delete(np.arange(length), obj)


@primitive
def unique_positions(ar, axis, equal_nan):
    """``np.unique``'s first indices, inverse and counts, on the plain values."""
    _, index, inverse, counts = np.unique(
        ar,
        return_index=True,
        return_inverse=True,
        return_counts=True,
        axis=axis,
        equal_nan=equal_nan,
    )
    return index, inverse, counts


@primitive
def unwrap_steps(p, discont, axis, period):
    """What ``np.unwrap`` adds to ``p``: whole periods, constant between jumps."""
    return np.unwrap(p, discont=discont, axis=axis, period=period) - p


@primitive
def inserted_plain(arr, obj, values, axis):
    """``np.insert`` into an integer array: the values are truncated, no gradient."""
    return np.insert(arr, obj, values, axis=axis)


nondifferentiable(insert_sources, inserted_plain, kept_positions, unique_positions, unwrap_steps)


# ---- definitions -------------------------------------------------------------------------
@defined_by(np.insert)
def insert(arr, obj, values, axis=None):
    if np.result_type(arr).kind not in "fc":  # values are cast to arr's integer type
        return inserted_plain(arr, obj, values, axis)
    first, second = insert_sources(arr, obj, values, axis)
    own = np.ravel(arr)[np.maximum(first - 1, 0)]
    inserted = np.ravel(values)[np.maximum(second - 1, 0)]
    return np.where(first > 0, own, inserted)


@defined_by(np.delete)
def delete(arr, obj, axis=None):
    if axis is None:
        arr = np.ravel(arr)
        axis = 0
    return np.take(arr, kept_positions(np.shape(arr)[axis], obj), axis=axis)


@defined_by(np.resize)
def resize(a, new_shape):
    flat = np.ravel(a)
    count = int(np.prod(new_shape))
    if np.size(flat) == 0 or count == 0:
        return np.zeros(new_shape, dtype=np.result_type(a))
    return np.reshape(flat[np.arange(count) % np.size(flat)], new_shape)


@defined_by(np.unique)
def unique(
    ar,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    equal_nan=True,
    sorted=True,
):
    index, inverse, counts = unique_positions(ar, axis, equal_nan)
    values = np.ravel(ar)[index] if axis is None else np.take(ar, index, axis=axis)
    wanted = (bool(return_index), bool(return_inverse), bool(return_counts))
    if wanted == (False, False, False):
        return values
    if wanted == (True, False, False):
        return values, index
    if wanted == (False, True, False):
        return values, inverse
    if wanted == (False, False, True):
        return values, counts
    if wanted == (True, True, False):
        return values, index, inverse
    if wanted == (True, False, True):
        return values, index, counts
    if wanted == (False, True, True):
        return values, inverse, counts
    return values, index, inverse, counts


@defined_by(np.unwrap)
def unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    return p + unwrap_steps(p, discont, axis, period)


@defined_by(np.apply_along_axis)
def apply_along_axis(func1d, axis, arr):
    moved = np.moveaxis(arr, axis, -1)
    outer = np.shape(moved)[:-1]
    results = []
    for lane in np.reshape(moved, (-1, np.shape(moved)[-1])):
        results.append(func1d(lane))
    stacked = np.stack(results)
    inner = np.shape(stacked)[1:]
    out = np.reshape(stacked, outer + inner)
    start = axis % np.ndim(arr)
    placed = list(range(len(outer), len(outer) + len(inner)))
    return np.moveaxis(out, placed, list(range(start, start + len(inner))))


# The compiler runs a call with a gradient on the tape (a tape island) instead of
# transforming this definition: which function it calls is known only when it runs.
apply_along_axis.calls_its_argument = True


# ---- linear algebra ---------------------------------------------------------------------
@defined_by(np.linalg.eigvals)
def eigvals(a):
    # The eigenvalues of eig, whose rule covers real eigenvalues (complex ones are refused).
    return np.linalg.eig(a)[0]
