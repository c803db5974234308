"""Every entry the rules table declares gradient-free is checked here: its output must not
move when its float inputs move a little, at points away from its jumps. A differentiable
function declared gradient-free (``np.arange(start, ...)``, ``str``, ``np.full``) would give
a silent zero gradient; this test fails as soon as one slips in."""

from __future__ import annotations

import math
import operator

import numpy as np
import pytest

from srcgrad.compiler import runtime
from srcgrad.rules import (
    RULES,
    counting,
    definitions_arrays,
    definitions_callables,
    definitions_sets,
    histogram_nd,
    pad_statistics,
)
from srcgrad.rules.arrangement import _pad_places, _rolled_to
from srcgrad.rules.cumulative import _edge_size, _first_zero, _interval_shape, _trapezoid_axis
from srcgrad.rules.matrix_helpers import gaps, refuse_degenerate, refuse_nonzero
from srcgrad.rules.sorting import _partition_places
from srcgrad.rules.ufunc_methods import _record_holders

rng = np.random.default_rng(7)
A = rng.uniform(0.1, 0.9, size=4) + np.arange(4.0)  # away from integers and .5
B = rng.uniform(0.1, 0.9, size=4) + np.arange(4.0) + 0.3
INTS = np.array([3, 5, 6], dtype=np.int64)

# Arguments for the entries that do not take (A,) or (A, B); the ones that take no float
# at all (shapes, counts, bits) have nothing to perturb and are listed with a reason.
ARGS = {
    np.searchsorted: (np.sort(A), B),
    np.digitize: (B, np.sort(A)),
    np.heaviside: (A - 2.0, B),
    np.isclose: (A, B),
    math.isclose: (float(A[0]), float(B[0])),
    math.floor: (float(A[1]),),
    math.ceil: (float(A[1]),),
    math.trunc: (float(A[1]),),
    math.isnan: (float(A[1]),),
    math.isinf: (float(A[1]),),
    math.isfinite: (float(A[1]),),
    round: (float(A[2]),),
    int: (float(A[2]),),
    bool: (float(A[2]),),
    hasattr: (A, "shape"),
    isinstance: (A, np.ndarray),
    runtime.require_array: (A, "sum", "f.py:1"),
    runtime.refuse_shared: (A, (), "f.py:1"),
    runtime.refuse_truncation: (A,),
    runtime.check_putmask: (A, B, "f.py:1"),
    operator.not_: (float(A[0]),),
    operator.truth: (float(A[0]),),
    refuse_degenerate: (A, gaps(A), np.zeros((4, 4)), "eigh"),
    # helpers of the rules that compute positions and shapes
    _pad_places: (A, 1, "edge", "even"),
    _rolled_to: (A.reshape(2, 2), 1, 0),
    _first_zero: (A, 0),
    _edge_size: (1.5, A.reshape(2, 2), 0),
    _trapezoid_axis: (A, -1),
    _interval_shape: (A, 0),
    _partition_places: (A, 0),
    _record_holders: (A, np.maximum.accumulate(A), 0),
    np.argpartition: (A, 1),
    np.tri: (2.5,),  # NumPy takes a float size as its integer part
    np.tril_indices: (2.5,),
    np.triu_indices: (2.5,),
    np.diag_indices: (2.5,),
    definitions_arrays.kept_positions: (4.5, np.array([1])),
    np.tril_indices_from: (A.reshape(2, 2),),
    np.triu_indices_from: (A.reshape(2, 2),),
    np.diag_indices_from: (A.reshape(2, 2),),
    # helpers of the definitions that choose entries, count or place them
    counting.edge_count: (A, 3, None, None),
    counting.plain_counts: (A, 3, None),
    counting.bin_places: (A, np.array([0.0, 1.5, 3.0, 4.5])),
    definitions_arrays.insert_sources: (A, 1, B, None),
    definitions_arrays.inserted_plain: (INTS, 1, 2.5, None),
    definitions_arrays.unique_positions: (A, None, True),
    definitions_arrays.unwrap_steps: (A, None, -1, 2 * np.pi),
    pad_statistics.pad_weights: (A.reshape(2, 2), 1, "maximum"),
    definitions_sets.set_places: ("union1d", A, B, False),
    definitions_sets.intersection_places: (A, B, False),
    definitions_sets.kept_region: (A, "fb", None),
    histogram_nd.sample_places: (A.reshape(2, 2), [np.arange(0.0, 5.0), np.arange(0.0, 5.0)]),
    definitions_callables.piece_conditions: (A, 1, 2),
}
# Entries whose output values are unspecified (only its shape and dtype mean anything).
SHAPE_ONLY_OUTPUT = {np.empty_like}
NO_FLOAT_INPUT = {
    np.zeros: (3,),
    np.ones: (3,),
    np.empty: (3,),
    np.eye: (3,),
    np.identity: (3,),
    range: (3,),
    np.bitwise_and: (INTS, INTS),
    np.bitwise_or: (INTS, INTS),
    np.bitwise_xor: (INTS, INTS),
    np.invert: (INTS,),
    np.left_shift: (INTS, 1),
    np.right_shift: (INTS, 1),
    np.indices: ((2, 3),),
    np.ravel_multi_index: ((INTS, INTS), (7, 7)),
    np.unravel_index: (INTS, (7, 7)),
    np.gcd: (INTS, INTS),
    np.lcm: (INTS, INTS),
    counting.plain_bincount: (INTS, 0),
    math.comb: (5, 2),
    math.perm: (5, 2),
    math.factorial: (5,),
    math.gcd: (6, 4),
    math.lcm: (6, 4),
    math.isqrt: (10,),
    runtime.require_list: ([], "f.py:1"),
    histogram_nd.core_index: (2,),
}
# Checks that return None or raise (where a derivative is undefined): no value to move.
CHECKS = {refuse_nonzero: ((np.zeros(3), "svd"), (np.ones(3), "svd"))}
# Helpers of the rules that take shapes and axes only (index_tricks._sources reads only the
# shapes of the items in its list argument).
SHAPE_HELPERS = {"inverse_permutation", "reduced_size", "reduced_axes", "_sources"}
SHAPE_HELPERS |= {"_cumulative_axis", "_grid_axes"}  # rules/array_api.py


def _call(f):
    if f in ARGS:
        return ARGS[f], f(*ARGS[f])
    for args in ((A,), (A, B)):
        try:
            return args, f(*args)
        except TypeError:
            continue
    raise AssertionError(f"no arguments known for {f!r}: add them to ARGS")


def _same(a, b) -> bool:
    if hasattr(a, "__slots__") and type(a) is type(b):  # a saved shape stand-in
        return all(_same(getattr(a, k), getattr(b, k)) for k in a.__slots__)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def _nudged(args, i, step):
    value = args[i]
    moved = value + step if isinstance(value, (float, np.ndarray)) else value
    return args[:i] + (moved,) + args[i + 1 :]


GRADIENT_FREE = [
    p
    for p, rule in RULES.items()
    if rule.nondiff
    and not rule.user  # stop_gradient: zero by the user's choice, not by the function
    and p not in NO_FLOAT_INPUT
    and p not in CHECKS
    and getattr(p, "__name__", "") not in SHAPE_HELPERS
]


@pytest.mark.parametrize("f", GRADIENT_FREE, ids=lambda f: getattr(f, "__name__", repr(f)))
def test_output_does_not_move_with_its_float_inputs(f):
    args, out = _call(f)
    if f in SHAPE_ONLY_OUTPUT:
        f = lambda *a, f=f: (np.shape(f(*a)), f(*a).dtype)  # noqa: E731
        out = f(*args)
    floats = [
        i
        for i, a in enumerate(args)
        if isinstance(a, float) or (isinstance(a, np.ndarray) and a.dtype.kind == "f")
    ]
    assert floats, f"{f!r} took no float argument; list it in NO_FLOAT_INPUT with its args"
    for i in floats:
        for step in (1e-6, -1e-6):
            assert _same(f(*_nudged(args, i, step)), out), (
                f"{f!r} moves with argument {i}: it has a gradient and must not be "
                "declared gradient-free"
            )


@pytest.mark.parametrize("f", list(NO_FLOAT_INPUT), ids=lambda f: f.__name__)
def test_entries_without_float_inputs_really_take_none(f):
    assert RULES[f].nondiff
    with pytest.raises((TypeError, ValueError)):
        f(*(A if isinstance(a, np.ndarray) else 2.5 for a in NO_FLOAT_INPUT[f]))


def test_a_differentiable_function_fails_the_check():
    """The check itself: np.arange(start, stop) moves with start, str(x) with x."""
    for f, args in ((np.arange, (0.25, 3.0)), (str, (0.25,))):
        moved = f(*_nudged(args, 0, 1e-6))
        assert not _same(moved, f(*args))


@pytest.mark.parametrize("f", list(CHECKS), ids=lambda f: f.__name__)
def test_checks_return_nothing_or_raise(f):
    passing, failing = CHECKS[f]
    assert f(*passing) is None
    with pytest.raises(ValueError):
        f(*failing)
