"""Derivatives of ``np.pad`` in the modes that compute the padding: ``linear_ramp``,
``mean``, ``median``, ``maximum`` and ``minimum``.

NumPy pads one axis after the other, each axis's padding computed from the array as
padded along the earlier axes. Along one axis every padded entry is a weighted sum of the
entries of its lane (plus, for ``linear_ramp``, a constant from ``end_values``):

- ``linear_ramp``: the ``k``-th of ``w`` entries before the lane is
  ``end + (first - end) * k / w``, so it weighs the lane's first entry by ``k / w``
  (mirrored after the lane, with its last entry);
- ``mean``: ``1 / L`` on each of the ``L = stat_length`` entries next to that side;
- ``maximum``, ``minimum``: 1 on the entry that is the largest (smallest) of those ``L``;
- ``median``: 1 on the middle one of those ``L`` (1/2 on each of the two middle ones).

The weights of ``maximum``, ``minimum`` and ``median`` are those of the values at the
point (where two entries tie, the first counts). With the weights (found on the plain
values, no gradient of their own) the padding is linear, so its tangent applies the
weights to the tangent and its gradient applies them transposed, axis by axis in reverse.
"""

from __future__ import annotations

import numpy as np

from .registry import nondifferentiable, primitive

COMPUTED_MODES = ("linear_ramp", "mean", "median", "maximum", "minimum")


def _pairs(value, ndim):
    """``(before, after)`` for each axis, as NumPy reads ``pad_width``-like options."""
    return np.broadcast_to(np.asarray(value), (ndim, 2))


def _statistic_weights(lanes, length, mode, before, dtype):
    """Weights of shape ``lanes.shape[:-1] + (1, n)`` over the ``length`` entries next to
    one side (``before``: the start of the lane)."""
    n = lanes.shape[-1]
    start = 0 if before else n - length
    chunk = lanes[..., start : start + length]
    weights = np.zeros(lanes.shape[:-1] + (1, n), dtype=dtype)
    if mode == "mean":
        weights[..., start : start + length] = 1.0 / length
        return weights
    if mode in ("maximum", "minimum"):
        picks = [np.argmax(chunk, axis=-1) if mode == "maximum" else np.argmin(chunk, axis=-1)]
    else:
        order = np.argsort(chunk, axis=-1, kind="stable")
        middle = [(length - 1) // 2, length // 2]
        picks = [order[..., k] for k in sorted(set(middle))]
    for pick in picks:
        np.put_along_axis(weights[..., 0, :], (pick + start)[..., None], 1.0 / len(picks), axis=-1)
    return weights


@primitive
def pad_weights(array, pad_width, mode, stat_length=None):
    """For each axis: the padding's widths and weights before and after each lane, with
    lanes along the last axis (``(before, after, weights_before, weights_after)``)."""
    stage = np.asarray(array)
    dtype = np.result_type(stage.dtype, np.float32)  # float32 stays float32
    ndim = stage.ndim
    widths = _pairs(pad_width, ndim).astype(int)
    lengths = _pairs(-1 if stat_length is None else stat_length, ndim).astype(int)
    options = {} if stat_length is None else {"stat_length": stat_length}
    found = []
    for axis in range(ndim):
        lanes = np.moveaxis(stage, axis, -1)
        n = lanes.shape[-1]
        sides = []
        for side in (0, 1):
            width = int(widths[axis, side])
            if mode == "linear_ramp":
                weights = np.zeros((width, n), dtype=dtype)
                ramp = np.arange(width, dtype=dtype) / max(width, 1)
                if side == 0:
                    weights[:, 0] = ramp
                else:
                    weights[:, n - 1] = ramp[::-1]
            else:
                length = n if lengths[axis, side] < 0 else min(int(lengths[axis, side]), n)
                weights = _statistic_weights(lanes, length, mode, side == 0, dtype)
                weights = np.broadcast_to(weights, lanes.shape[:-1] + (width, n))
            sides.append(weights)
        found.append((int(widths[axis, 0]), int(widths[axis, 1]), sides[0], sides[1]))
        if mode != "linear_ramp":  # later axes' statistics read this axis's padding
            axis_widths = [tuple(widths[k]) if k == axis else (0, 0) for k in range(ndim)]
            stage = np.pad(stage, axis_widths, mode=mode, **options)
    return found


nondifferentiable(pad_weights)


def _apply(weights, lanes):
    """``weights @ lane`` for every lane: (..., width, n) with (..., n) -> (..., width)."""
    return np.matmul(weights, lanes[..., None])[..., 0]


def _apply_transposed(weights, grads):
    """The transpose of :func:`_apply`: (..., width, n) with (..., width) -> (..., n)."""
    return np.matmul(np.swapaxes(weights, -1, -2), grads[..., None])[..., 0]


def pad_gradient(g, array, pad_width, mode, stat_length=None):
    """The gradient of ``np.pad(array, pad_width, mode)`` for a computed ``mode``."""
    found = pad_weights(array, pad_width, mode, stat_length)
    for axis in reversed(range(np.ndim(array))):
        before, after, weights_before, weights_after = found[axis]
        lanes = np.moveaxis(g, axis, -1)
        n = np.shape(lanes)[-1] - before - after
        grad = lanes[..., before : before + n]
        grad = grad + _apply_transposed(weights_before, lanes[..., :before])
        grad = grad + _apply_transposed(weights_after, lanes[..., before + n :])
        g = np.moveaxis(grad, -1, axis)
    return g


def pad_tangent(tangent, array, pad_width, mode, stat_length=None):
    """The tangent of ``np.pad(array, pad_width, mode)`` for a computed ``mode``."""
    found = pad_weights(array, pad_width, mode, stat_length)
    for axis in range(np.ndim(array)):
        _, _, weights_before, weights_after = found[axis]
        lanes = np.moveaxis(tangent, axis, -1)
        parts = [_apply(weights_before, lanes), lanes, _apply(weights_after, lanes)]
        tangent = np.moveaxis(np.concatenate(parts, axis=-1), -1, axis)
    return tangent
