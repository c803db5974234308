"""Arrays of other libraries (dask.array, CuPy) in srcgrad's calls.

Compiled gradients are plain ``np.*`` calls, which NumPy hands to any array type that
implements ``__array_function__``/``__array_ufunc__``: a dask array stays lazy and chunked,
a CuPy array stays on the GPU. The tape engine and the first-call verification compute
with NumPy only; rather than convert such an array silently (computing a lazy dask array
in full, or copying a CuPy array to the host), they refuse it with :func:`refuse_other_arrays`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["is_other_array", "holds_other_array", "refuse_other_arrays"]


def is_other_array(value) -> bool:
    """True for an array of another library that NumPy dispatches to (dask, CuPy).

    >>> is_other_array(np.zeros(3)), is_other_array(1.0)
    (False, False)
    """
    if isinstance(value, (np.ndarray, np.generic)):
        return False
    kind = type(value)
    if not hasattr(kind, "__array_function__") or not hasattr(value, "shape"):
        return False
    return not kind.__module__.startswith("srcgrad.")  # the tape's Tensors are srcgrad's own


def holds_other_array(value) -> bool:
    """True when ``value``, or an element of a list, tuple or dict in it, is another
    library's array.

    >>> holds_other_array([np.zeros(2), {"a": 1.0}])
    False
    """
    return _first_other_array(value) is not None


def refuse_other_arrays(values, what: str) -> None:
    """Raise TypeError when one of ``values`` holds another library's array: ``what``
    (for example "f runs on the tape engine") computes with NumPy only."""
    for value in values:
        found = _first_other_array(value)
        if found is not None:
            kind = type(found)
            raise TypeError(
                f"srcgrad: {what}, which computes with NumPy arrays only, and was given a "
                f"{kind.__module__}.{kind.__qualname__}; converting it would compute a lazy "
                "array in full or copy it off its device. Only compiled gradients keep such "
                "arrays: srcgrad.explain(f) names the lines that run on the tape; rewrite "
                "them in NumPy calls the compiler handles, or pass NumPy arrays (see "
                "docs/scale.md)"
            )


def _first_other_array(value):
    if isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, dict):
        items = value.values()
    else:
        return value if is_other_array(value) else None
    for item in items:
        found = _first_other_array(item)
        if found is not None:
            return found
    return None
