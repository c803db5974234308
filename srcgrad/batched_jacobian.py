"""Forward-mode Jacobians in few sweeps: the columns of the identity as one batch of
tangents, carried through the batched tangent code (``compiler/backend/forward_batched.py``).

``jacobian(mode="fwd")`` and ``hessian`` use :func:`batched_jacobian` first. Where the
tangent code cannot run on a batch it raises :class:`BatchRefused` with the reason: at
transform time (the caller then keeps to one sweep per column for this function). Where
the batched sweep fails at run time it raises :class:`BatchFailed`, and that call runs one
sweep per column, which raises the function's own error, if it has one, where it stands.
"""

from __future__ import annotations

import math

import numpy as np

from .compiler.backend.forward_batched import BatchRefused, compile_batched_jvp
from .rules.batch_helpers import as_batch

__all__ = [
    "batched_jacobian",
    "batched_source",
    "BatchFailed",
    "BatchRefused",
    "COLUMNS_PER_SWEEP",
]

# How many columns one sweep carries, at most: enough that a sweep's Python overhead is
# shared by many columns, few enough that the tangents of a large input stay small
# (the width shrinks so that one tangent batch holds at most about 2**18 numbers).
COLUMNS_PER_SWEEP = 256
_NUMBERS_PER_BATCH = 2**18


class BatchFailed(Exception):
    """The batched sweep failed on these arguments (why, in the message)."""


def batched_jacobian(fn, args, position: int, name: str, dtype):
    """``(output, jacobian)`` of ``fn(*args)`` with respect to ``args[position]`` (the
    parameter ``name``), the directions of floating type ``dtype``. Raises
    :class:`BatchRefused` (or another ``TransformError``) where the tangent code cannot be
    batched, :class:`BatchFailed` where the batched sweep failed on these arguments."""
    compiled = compile_batched_jvp(fn, (name,))
    x = args[position]
    shape = np.shape(x)
    size = math.prod(shape)
    width = max(1, min(size, COLUMNS_PER_SWEEP, _NUMBERS_PER_BATCH // max(size, 1)))
    out, blocks = None, []
    for start in range(0, size, width):
        count = min(width, size - start)
        directions = np.zeros((count, size), dtype=dtype)
        directions[np.arange(count), np.arange(start, start + count)] = 1
        try:
            out, dots = compiled.jvp(count, *args, directions.reshape((count, *shape)))
            dots = as_batch(dots)
        except Exception as err:  # the one-column sweeps say what is wrong, if anything
            raise BatchFailed(f"{type(err).__name__}: {err}") from err
        if np.shape(dots) != (count, *np.shape(out)):
            raise BatchFailed(
                f"tangents of shape {np.shape(dots)} for {count} columns of an output of "
                f"shape {np.shape(out)}"
            )
        blocks.append(dots)
    columns = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    return out, np.moveaxis(columns, 0, -1).reshape(np.shape(out) + shape)


def batched_source(fn, wrt) -> str:
    """The batched tangent code of ``fn`` with tangents for ``wrt`` (raises
    :class:`BatchRefused` where there is none)."""
    return compile_batched_jvp(fn, tuple(wrt)).all_sources()
