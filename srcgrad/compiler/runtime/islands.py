"""Tape islands: a call the compiler cannot differentiate runs on the tape engine."""

from __future__ import annotations

import numpy as np

from ...arrays import refuse_other_arrays
from ...tape_bridge import plain, vjp_on_tape
from .checks import Refused


def on_tape(fn, wrt, *args, **kwargs):
    """Run ``fn(*args, **kwargs)`` on the tape engine: a tape island in compiled code.

    ``wrt`` lists the positions (ints) and keywords (strs) of the arguments that carry a
    gradient; they enter as Tensors (a list or tuple argument as a list or tuple of
    Tensors, one per element). Returns ``(value, backward)`` where ``backward(output_grad)``
    gives one gradient per ``wrt`` entry (a list of gradients for a list argument) and may
    run again. Converting one of those Tensors to a plain number or array inside ``fn``
    raises :class:`~srcgrad.tape.GradientLostError` instead of losing its gradient.
    """
    name = getattr(fn, "__qualname__", fn)
    refuse_other_arrays([args, kwargs], f"the call of {name!r} runs on the tape engine")
    out, backward = vjp_on_tape(fn, args, wrt, kwargs)
    value = plain(out)
    if not isinstance(value, (np.ndarray, np.generic, int, float, complex)):
        raise Refused(
            f"srcgrad: {name!r} ran on the tape and returned a {type(value).__name__}; a call "
            "that runs on the tape must return one array or number"
        )
    given = [args[key] if isinstance(key, int) else kwargs[key] for key in wrt]

    def island_backward(output_grad):
        return tuple(_compiled_form(g, v) for g, v in zip(backward(output_grad), given))

    return value, island_backward


def _compiled_form(gradient, value):
    """A gradient from the tape in the form the compiled code uses for ``value``: an array
    for an array, a NumPy number for a number, element by element for a list or tuple."""
    if isinstance(value, (list, tuple, dict)):
        items = value.values() if isinstance(value, dict) else value
        parts = gradient.values() if isinstance(gradient, dict) else gradient
        plain_parts = [_compiled_form(g, v) for g, v in zip(parts, items)]
        return dict(zip(value, plain_parts)) if isinstance(value, dict) else plain_parts
    if isinstance(value, np.ndarray):
        return gradient
    return gradient[()] if gradient.ndim == 0 else gradient
