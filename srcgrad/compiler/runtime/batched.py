"""Helpers the generated batched tangent code calls (see ``backend/forward_batched.py``).

A batch of tangents of ``x`` has shape ``(B,) + np.shape(x)``; of a list (tuple, dict), it
is a list (tuple, dict) of batches. ``per_row`` and ``per_row_all`` run a tangent rule
that has no batched form once per row, exactly as the one-tangent sweep would run it, and
stack the rows.
"""

from __future__ import annotations

import copy

import numpy as np

from ...rules.batch_helpers import assign_rows, take

__all__ = ["zeros", "take", "with_item", "per_row", "per_row_all", "row_of", "stack_rows"]


def zeros(batch, x):
    """``batch`` zero tangents of ``x``, with ``x``'s structure.

    >>> zeros(4, [1.0, np.ones(2)])[1].shape
    (4, 2)
    """
    if isinstance(x, (list, tuple)):
        return [zeros(batch, item) for item in x]
    if isinstance(x, dict):
        return {key: zeros(batch, value) for key, value in x.items()}
    if isinstance(x, (np.ndarray, np.generic)):
        dtype = x.dtype if x.dtype.kind in "fc" else np.float64
        return np.zeros((batch, *x.shape), dtype=dtype)
    return np.zeros(batch)


def with_item(t, index, value):
    """The batch of tangents after ``x[index] = value``: a copy of ``t`` with ``value``'s
    rows written in (for a list or dict, the item replaced)."""
    if isinstance(t, (list, dict)):
        out = copy.copy(t)
        out[index] = value
        return out
    return assign_rows(t, index, value)


def row_of(t, b):
    """Row ``b`` of a batch: the tangent the ``b``-th one-tangent sweep has there."""
    if t is None:
        return None
    if isinstance(t, (list, tuple)):
        return type(t)(row_of(item, b) for item in t)
    if isinstance(t, dict):
        return {key: row_of(value, b) for key, value in t.items()}
    return t[b]


def stack_rows(rows, like):
    """The rows (one tangent each, shaped like ``like``) as one batch."""
    if isinstance(like, (list, tuple)):
        return [stack_rows([row[i] for row in rows], item) for i, item in enumerate(like)]
    if isinstance(like, dict):
        return {key: stack_rows([row[key] for row in rows], like[key]) for key in like}
    shape = np.shape(like)
    return np.stack([np.broadcast_to(row, shape) for row in rows])


def per_row(rule, batch, name, tangent, /, **bindings):
    """Tangent rule ``rule`` applied to each row of ``tangent`` (its parameter ``name``),
    the other arguments in ``bindings``; the rows stacked."""
    rows = [rule(**bindings, **{name: row_of(tangent, b)}) for b in range(batch)]
    return stack_rows(rows, bindings["ans"])


def per_row_all(rule, batch, ans, tangents, /, *args, **kwargs):
    """A rule for every positional tangent (``jvp_rule_all``) applied to each row."""
    rows = [rule(ans, row_of(tangents, b), *args, **kwargs) for b in range(batch)]
    return stack_rows(rows, ans)
