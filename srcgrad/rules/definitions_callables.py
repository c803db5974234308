"""Functions that call the functions they are given, defined by NumPy code (see
``definitions.py``): ``np.piecewise`` and ``np.apply_over_axes``.

The tape runs these definitions on Tensors, so the functions given (lambdas, the user's
own functions, NumPy's) are differentiated as they run; the compiler does not follow a
function held in a variable, so it runs such a call on the tape where a gradient passes
through it (``mode="auto"``), and ``mode="compile"`` refuses it naming the line. (A
``np.piecewise`` or ``np.apply_over_axes`` whose functions are written in the call is
compiled as the calls it makes: ``compiler/frontend/given_functions.py``.)
``np.piecewise`` writes each piece's values where its condition holds, through
``assign_index``, whose rules carry the gradient of the values (and none to the entries
they replace); the conditions themselves have no gradient.

>>> piecewise(np.array([-1.0, 2.0]), [np.array([True, False])], [lambda v: -v, 5.0])
array([1., 5.])
"""

from __future__ import annotations

import numpy as np

from .indexing import assign_index
from .registry import defined_by, nondifferentiable, primitive


@primitive
def piece_conditions(condlist, rank, pieces):
    """``np.piecewise``'s conditions as one boolean array with a row per piece, the
    "otherwise" row added when there is one function more than conditions."""
    first = condlist if np.isscalar(condlist) else condlist[0]
    if np.isscalar(condlist) or (not isinstance(first, (list, np.ndarray)) and rank != 0):
        condlist = [condlist]
    conditions = np.asarray(condlist, dtype=bool)
    if len(conditions) == pieces - 1:
        otherwise = ~np.any(conditions, axis=0, keepdims=True)
        conditions = np.concatenate([conditions, otherwise], axis=0)
    elif len(conditions) != pieces:
        raise ValueError(
            f"with {len(conditions)} condition(s), either {len(conditions)} or "
            f"{len(conditions) + 1} functions are expected"
        )
    return conditions


nondifferentiable(piece_conditions)


@defined_by(np.piecewise)
def piecewise(x, condlist, funclist, *args, **kw):
    if isinstance(x, (list, tuple, int, float)):
        x = np.asarray(x)
    conditions = piece_conditions(condlist, np.ndim(x), len(funclist))
    y = np.zeros_like(x)
    for condition, func in zip(conditions, funclist):
        if not callable(func):
            y = assign_index(y, condition, func)
        elif np.any(condition):
            y = assign_index(y, condition, func(x[condition], *args, **kw))
    return y


def kept_rank(value, result, axis):
    """``result`` of a function applied over ``axis`` of ``value``, given that axis back
    (length 1) if the function dropped it, as ``np.apply_over_axes`` does."""
    if np.ndim(result) == np.ndim(value):
        return result
    result = np.expand_dims(result, axis)
    if np.ndim(result) != np.ndim(value):
        raise ValueError("function is not returning an array of the correct shape")
    return result


@defined_by(np.apply_over_axes)
def apply_over_axes(func, a, axes):
    value = np.asarray(a) if isinstance(a, (list, tuple)) else a
    rank = np.ndim(value)
    for axis in [axes] if np.ndim(axes) == 0 else axes:
        axis = axis + rank if axis < 0 else axis
        value = kept_rank(value, func(value, axis), axis)
    return value


# The compiler runs a call with a gradient on the tape (a tape island) instead of
# transforming these definitions: which functions they call is known only when they run.
piecewise.calls_its_argument = True
apply_over_axes.calls_its_argument = True
