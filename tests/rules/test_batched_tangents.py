"""The batched tangent rules (beside each primitive's other rules) against the one-tangent rules,
row by row, on every case of the rules table whose primitive has one.

Each row of a batch is a different random direction, so a rule that mixed rows, or lined
the batch axis up with an axis of an operand, disagrees with the one-tangent rule in some
row. Batch sizes 1 to 4 include ones equal to the operands' axis lengths, where such a
mistake would broadcast silently rather than raise.
"""

from __future__ import annotations

import numpy as np
import pytest

from srcgrad.rules import lookup
from srcgrad.rules.batch_helpers import assign_rows, lift, rows_first, take

from .cases import CASES
from .fd import is_differentiable, is_multi

BATCHES = (1, 2, 3, 4)


def _batched(rule):
    return rule.batched_all_tangents is not None or any(
        p in rule.batched_tangents or fn in rule.elementwise_tangents
        for p, fn in rule.tangents.items()
    )


def _cases():
    for c in CASES:
        rule = lookup(c.f)
        if rule is None or rule.nondiff or not _batched(rule):
            continue
        yield pytest.param(c, id=c.id)


def _direction(arg, batch, rng):
    if isinstance(arg, list):
        return [_direction(a, batch, rng) for a in arg]
    return rng.standard_normal((batch, *np.shape(arg)))


def _row(t, b, arg):
    """Row ``b`` of a batch, as the one-tangent rule takes it: shaped like ``arg``."""
    if t is None:
        return None
    if isinstance(t, list):
        return [_row(item, b, a) for item, a in zip(t, arg, strict=True)]
    return np.asarray(t[b]) if isinstance(arg, np.ndarray) else float(t[b])


def _batched_tangent(rule, c, tangents, ans):
    """The output's batch of tangents from the batched forms; None where some parameter
    with a tangent has none (it would run once per row)."""
    if rule.all_tangents is not None and not rule.tangents:
        if rule.batched_all_tangents is None:
            return None
        return rule.batched_all_tangents(ans, tuple(tangents), *c.args, **c.kwargs)
    total = None
    for i, t in enumerate(tangents):
        if t is None:
            continue
        param = rule.params[i]
        fn = rule.tangents[param]
        if param in rule.batched_tangents:
            part = rule.batched_tangents[param](ans, t, *c.args, **c.kwargs)
        elif fn in rule.elementwise_tangents:
            part = fn(ans, lift(t, ans), *c.args, **c.kwargs)
        else:
            return None
        assert np.shape(part) == (len(t), *np.shape(ans)), f"{fn.__name__}: {np.shape(part)}"
        total = part if total is None else total + part
    return total


@pytest.mark.parametrize("c", list(_cases()))
def test_batched_rule_matches_the_one_tangent_rule_in_every_row(c):
    rule = lookup(c.f)
    ans = c.f(*c.args, **c.kwargs)
    assert not is_multi(ans)
    rng = np.random.default_rng(3)
    moving = [i for i, a in enumerate(c.args) if is_differentiable(a)]
    # All floating arguments moving together, then each alone.
    choices = [moving] + ([[i] for i in moving] if len(moving) > 1 else [])
    checked = 0
    for chosen in choices:
        for batch in BATCHES:
            tangents = [
                _direction(a, batch, rng) if i in chosen else None for i, a in enumerate(c.args)
            ]
            got = _batched_tangent(rule, c, tangents, ans)
            if got is None:
                continue
            checked += 1
            for b in range(batch):
                row = [_row(t, b, a) for t, a in zip(tangents, c.args, strict=True)]
                expected = _one_tangent(rule, c, row, ans)
                np.testing.assert_allclose(got[b], expected, rtol=1e-12, atol=1e-12)
    assert checked, f"{c.id}: no batched form ran"


def _one_tangent(rule, c, tangents, ans):
    if rule.all_tangents is not None and not rule.tangents:
        total = rule.all_tangents(ans, tuple(tangents), *c.args, **c.kwargs)
        return np.broadcast_to(total, np.shape(ans))
    total = 0
    for i, t in enumerate(tangents):
        if t is not None:
            total = total + rule.tangents[rule.params[i]](ans, t, *c.args, **c.kwargs)
    return np.broadcast_to(total, np.shape(ans))


# ---- reading and writing items of every row ----------------------------------------------
INDICES = [
    1,
    -1,
    slice(1, 3),
    (Ellipsis, 0),
    (0, slice(None), None),
    [2, 0, 2],
    (slice(None), [1, 0]),
    ([1, 0], [0, 2]),  # advanced indices together
    ([1, 0], slice(None), [0, 2]),  # apart: their axes go first
    (0, slice(None), [1, 2]),  # an integer and an array apart
    np.array([True, False, True]),
]


@pytest.mark.parametrize("index", INDICES, ids=repr)
@pytest.mark.parametrize("batch", [1, 3])
def test_take_and_assign_rows_index_every_row_as_the_value(index, batch):
    rng = np.random.default_rng(0)
    t = rng.standard_normal((batch, 3, 3, 3))
    before = t.copy()
    rows = [t[b][index] for b in range(batch)]
    np.testing.assert_array_equal(take(t, index), np.stack(rows))
    value = rng.standard_normal((batch, *np.shape(rows[0])))
    expected = t.copy()
    for b in range(batch):
        expected[b][index] = value[b]
    np.testing.assert_array_equal(assign_rows(t, index, value), expected)
    np.testing.assert_array_equal(t, before)  # a copy is written, not t


def test_rows_first_only_where_advanced_indices_stand_together():
    assert rows_first((1, slice(None)))
    assert rows_first(([0], [1]))
    assert rows_first((slice(None), [0], 1))
    assert not rows_first(([0], slice(None), [1]))
    assert not rows_first((0, slice(None), [1]))
    assert not rows_first((True, slice(None), 0))
