"""``repr(tensor)`` in PyTorch's style: ``tensor([1., 2.], requires_grad=True)``.

Floats whose values are all integers print as ``1.``; others with four decimals
(``0.5000``), or in scientific notation when the magnitudes call for it. The dtype is
shown only when it is not the default for its kind (float64, int64, bool).
"""

from __future__ import annotations

import numpy as np

_DEFAULT_DTYPES = {np.dtype(np.float64), np.dtype(np.int64), np.dtype(np.bool_)}
_PREFIX = "tensor("


def _float_formatter(data: np.ndarray):
    finite = data[np.isfinite(data)] if data.size else data
    magnitudes = np.abs(finite)
    nonzero = magnitudes[magnitudes > 0]
    if finite.size and np.all(finite == np.round(finite)) and magnitudes.max() < 1e8:
        fmt = "{:.0f}."
    elif nonzero.size and (nonzero.max() >= 1e8 or nonzero.min() < 1e-4):
        fmt = "{:.4e}"
    else:
        fmt = "{:.4f}"

    def one(value) -> str:
        if not np.isfinite(value):
            return str(value)
        return fmt.format(value)

    width = max((len(one(v)) for v in data.flat), default=0)
    return lambda value: one(value).rjust(width)


def format_tensor(tensor) -> str:
    """The repr of ``tensor``."""
    data = tensor._data
    formatter = {}
    if data.dtype.kind == "f" and data.size:
        formatter = {"float_kind": _float_formatter(data.astype(np.float64))}
    body = np.array2string(
        data,
        separator=", ",
        prefix=_PREFIX,
        formatter=formatter,
        threshold=1000,
        edgeitems=3,
        max_line_width=80,
    )
    suffix = []
    if data.dtype not in _DEFAULT_DTYPES:
        suffix.append(f"dtype={data.dtype}")
    if tensor._grad_fn is not None:
        suffix.append(f"grad_fn=<{tensor._grad_fn.name()}>")
    elif tensor._requires_grad:
        suffix.append("requires_grad=True")
    return _PREFIX + ", ".join([body, *suffix]) + ")"
