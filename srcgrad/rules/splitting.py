"""Rules for functions that cut one array into a list of pieces: split, array_split,
hsplit, vsplit, dsplit and unstack (reverse and forward rules side by side).

The output is a list, so the output gradient ``g`` is a sequence with one gradient per
piece; the input's gradient joins them again along the axis that was cut. A piece that
no gradient reached may arrive as None and counts as zeros.

>>> import numpy as np
>>> x = np.arange(4.0)
>>> split_ary([np.ones(2), None], np.split(x, 2), x, 2)
array([1., 1., 0., 0.])
"""

from __future__ import annotations

import numpy as np

from .registry import jvp_rule, returns_tuple, returns_view, vjp_rule


def _joined(g, pieces, axis):
    """The gradients of ``pieces`` (None: zeros) concatenated along ``axis``."""
    parts = [np.zeros_like(p) if d is None else d for d, p in zip(g, pieces)]
    return np.concatenate(parts, axis=axis)


def _split_axis(ary, axis_for_1d, axis):
    """hsplit cuts 1-D arrays along axis 0, everything else along ``axis``."""
    return axis_for_1d if np.ndim(ary) == 1 else axis


@vjp_rule(np.split, "ary", name="SplitBackward0")
def split_ary(g, ans, ary, indices_or_sections, axis=0):
    return _joined(g, ans, axis)


@jvp_rule(np.split, "ary")
def split_dary(ans, dary, ary, indices_or_sections, axis=0):
    return np.split(dary, indices_or_sections, axis=axis)


@vjp_rule(np.array_split, "ary", name="SplitBackward0")
def array_split_ary(g, ans, ary, indices_or_sections, axis=0):
    return _joined(g, ans, axis)


@jvp_rule(np.array_split, "ary")
def array_split_dary(ans, dary, ary, indices_or_sections, axis=0):
    return np.array_split(dary, indices_or_sections, axis=axis)


@vjp_rule(np.hsplit, "ary", name="SplitBackward0")
def hsplit_ary(g, ans, ary, indices_or_sections):
    return _joined(g, ans, _split_axis(ary, 0, 1))


@jvp_rule(np.hsplit, "ary")
def hsplit_dary(ans, dary, ary, indices_or_sections):
    return np.hsplit(dary, indices_or_sections)


@vjp_rule(np.vsplit, "ary", name="SplitBackward0")
def vsplit_ary(g, ans, ary, indices_or_sections):
    return _joined(g, ans, 0)


@jvp_rule(np.vsplit, "ary")
def vsplit_dary(ans, dary, ary, indices_or_sections):
    return np.vsplit(dary, indices_or_sections)


@vjp_rule(np.dsplit, "ary", name="SplitBackward0")
def dsplit_ary(g, ans, ary, indices_or_sections):
    return _joined(g, ans, 2)


@jvp_rule(np.dsplit, "ary")
def dsplit_dary(ans, dary, ary, indices_or_sections):
    return np.dsplit(dary, indices_or_sections)


_PIECES = (np.split, np.array_split, np.hsplit, np.vsplit, np.dsplit)

if hasattr(np, "unstack"):  # NumPy 2.1 and later

    @vjp_rule(np.unstack, "x", name="UnbindBackward0")
    def unstack_x(g, ans, x, axis=0):
        parts = [np.zeros_like(p) if d is None else d for d, p in zip(g, ans)]
        return np.stack(parts, axis=axis)

    @jvp_rule(np.unstack, "x")
    def unstack_dx(ans, dx, x, axis=0):
        return np.unstack(dx, axis=axis)

    _PIECES += (np.unstack,)

for _split in _PIECES:
    returns_tuple(_split)

returns_view(*_PIECES)  # pieces view the array
