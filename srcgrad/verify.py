"""``verify=True``: the first call of each compiled gradient also runs the user's own
function and compares what the two compute.

The generated code must compute the same value as the function it came from; if it does
not, its gradient cannot be trusted either, and that is a bug in srcgrad. Verification
runs the original function on copies of the inputs (so that a function that changes its
arguments cannot change what the compiled code sees) and compares the outputs, and checks
that the compiled code left the caller's inputs as they were. It costs one extra call of
the function, once per compiled entry. ``SRCGRAD_VERIFY=1`` in the environment turns it
on for every gradient that does not say ``verify=False``.
"""

from __future__ import annotations

import copy
import os

import numpy as np

from .result_checks import where

__all__ = ["VerificationError", "requested", "snapshot", "compare"]


class VerificationError(AssertionError):
    """The compiled gradient's function value differs from the function's own: a bug."""


def requested(option) -> bool:
    """``verify=`` as given, or, when not given, the ``SRCGRAD_VERIFY`` variable."""
    if option is not None:
        return bool(option)
    return os.environ.get("SRCGRAD_VERIFY", "") not in ("", "0")


def snapshot(values):
    """Copies of the call's values, or None where they cannot be copied."""
    try:
        return copy.deepcopy(list(values))
    except Exception:  # noqa: BLE001 - an object that cannot be copied is not verified
        return None


def compare(fn, call_form, before, values, out) -> None:
    """Raise VerificationError unless ``fn`` on ``before`` gives ``out`` and the compiled
    call left ``values`` equal to ``before``."""
    name = getattr(fn, "__qualname__", repr(fn))
    described = where(fn)  # name (file:line)
    for i, (old, new) in enumerate(zip(before, values)):
        if not _same(old, new):
            raise VerificationError(
                f"srcgrad bug: the compiled gradient of {described} changed its argument "
                f"{i}; please report it, and use mode='tape' meanwhile"
            )
    args, kwargs = call_form(copy.deepcopy(before))
    expected = fn(*args, **kwargs)
    if not _same(expected, out):
        raise VerificationError(
            f"srcgrad bug: the compiled gradient of {described} computes the value "
            f"{_short(out)}, but {name} itself gives {_short(expected)}; please report it, "
            "and use mode='tape' meanwhile"
        )


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if _numeric(a) and _numeric(b):
        a, b = np.asarray(a), np.asarray(b)
        close = np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)
        return a.shape == b.shape and bool(close)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - objects without a plain equality pass
        return True


def _numeric(value) -> bool:
    if isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        return True
    return isinstance(value, np.ndarray) and value.dtype.kind in "biufc"


def _short(value) -> str:
    text = np.array2string(value, threshold=6) if isinstance(value, np.ndarray) else repr(value)
    return text if len(text) < 120 else text[:117] + "..."
