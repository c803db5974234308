"""Primitives whose output is piecewise constant in their inputs: comparisons, rounding,
sign, arg-reductions, logical and bit operations, predicates, shape queries, array
constructors from shapes, and the Python builtins that count, test or truncate. Their
gradient is zero wherever it exists; declaring them here is what lets the engines pass
through them. Anything absent from the table is an error for the engines, never a silent
zero. ``tests/rules/test_gradient_free.py`` checks every entry: its output must not move
when its inputs move a little (``str``, ``np.arange(start, ...)`` or ``np.full`` would).
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .registry import nondifferentiable

nondifferentiable(
    # comparisons (the ufuncs and the operator module's spellings)
    np.greater,
    np.greater_equal,
    np.less,
    np.less_equal,
    np.equal,
    np.not_equal,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
    operator.eq,
    operator.ne,
    operator.not_,
    operator.truth,
    np.isclose,
    np.allclose,
    np.array_equal,
    np.array_equiv,
    # rounding and sign
    np.sign,
    np.signbit,
    np.heaviside,
    np.floor,
    np.ceil,
    np.trunc,
    np.fix,
    np.rint,
    np.round,
    np.around,
    np.floor_divide,
    # positions and counts
    np.argmax,
    np.argmin,
    np.argsort,
    np.argwhere,
    np.nonzero,
    np.flatnonzero,
    np.searchsorted,
    np.digitize,
    np.count_nonzero,
    np.lexsort,
    np.argpartition,
    np.nanargmax,
    np.nanargmin,
    np.isin,
    np.unravel_index,
    np.ravel_multi_index,
    np.indices,
    np.tri,
    np.tril_indices,
    np.triu_indices,
    np.tril_indices_from,
    np.triu_indices_from,
    np.diag_indices,
    np.diag_indices_from,
    np.gcd,
    np.lcm,
    # logic and bits
    np.logical_and,
    np.logical_or,
    np.logical_not,
    np.logical_xor,
    np.any,
    np.all,
    np.bitwise_and,
    np.bitwise_or,
    np.bitwise_xor,
    np.invert,
    np.left_shift,
    np.right_shift,
    # predicates
    np.isnan,
    np.isinf,
    np.isfinite,
    np.isposinf,
    np.isneginf,
    # shapes and constructors
    np.shape,
    np.ndim,
    np.size,
    np.result_type,
    np.common_type,
    np.linalg.matrix_rank,
    np.zeros,
    np.ones,
    np.empty,
    np.zeros_like,
    np.ones_like,
    np.empty_like,
    np.eye,
    np.identity,
    # the math module
    math.floor,
    math.ceil,
    math.trunc,
    math.isnan,
    math.isinf,
    math.isfinite,
    math.isclose,
    # Python builtins whose result is a count, a type or a flag
    len,
    range,
    isinstance,
    print,
    type,
    int,
    bool,
    round,
    hasattr,
    callable,
    any,
    all,
)
