"""Last checks on a derivative before it is returned: never a number that cannot be right.

Two ways a derivative can come out wrong without any rule failing:

- **complex intermediates.** A real function computed through complex numbers
  (``np.abs(x + 1j * y)``) is differentiated where every rule on the path follows complex
  values (docs/complex.md); a rule that does not is refused where the complex value meets
  it. Should the gradient of a real argument still come out complex (a rule that forgot
  to keep the real part of a real input's share), it is refused here, as is a derivative
  with respect to a complex argument.
- **NaN from an undefined step.** ``np.sqrt(s)`` at ``s = 0`` times a zero, ``np.std`` of a
  constant, or ``np.where`` with NaN in the branch it does not take give ``0 * inf = nan``
  although the function is finite around the point. A NaN derivative of a finite output
  is refused, naming the function, rather than returned.
"""

from __future__ import annotations

import numpy as np

from .rules.registry import ComplexGradientError

__all__ = [
    "ComplexGradientError",
    "NaNGradientError",
    "complex_from_cast",
    "has_nan",
    "is_complex",
    "refuse_complex",
    "refuse_complex_argument",
    "refuse_nan",
]


class NaNGradientError(FloatingPointError):
    """A derivative is NaN where the function's value is finite."""


def where(fn) -> str:
    code = getattr(fn, "__code__", None)
    name = getattr(fn, "__qualname__", repr(fn))
    return f"{name} ({code.co_filename}:{code.co_firstlineno})" if code else name


def refuse_complex(gradient, fn) -> None:
    """Raise if ``gradient`` (for a real argument of ``fn``) is complex."""
    if is_complex(gradient):
        raise ComplexGradientError(
            f"the derivative of {where(fn)} with respect to a real argument came out complex: "
            "the function computes with complex numbers, whose derivatives srcgrad's rules do "
            "not follow (the number would be wrong). Keep the computation real, e.g. with the "
            "real and imaginary parts as separate arrays"
        )


def refuse_complex_argument(value, fn) -> None:
    """Raise if ``value``, an argument a derivative is asked for, is complex: srcgrad
    differentiates complex intermediates of real arguments, not complex arguments."""
    if isinstance(value, complex) or getattr(getattr(value, "dtype", None), "kind", "") == "c":
        raise ComplexGradientError(
            f"{where(fn)} is differentiated with respect to a complex argument, which srcgrad "
            "does not support (only complex values computed from real arguments); pass the "
            "real and imaginary parts as two real arguments and build the complex value "
            "inside (z = a + 1j * b)"
        )


def complex_from_cast(err: BaseException) -> ComplexGradientError | None:
    """The ComplexGradientError behind ``err`` when ``err`` is NumPy refusing to add a
    complex gradient into a real one (``g += c`` in a backward pass), else None."""
    text = str(err)
    if not (isinstance(err, TypeError) and "Cannot cast" in text and "complex" in text):
        return None
    refused = ComplexGradientError(
        "a gradient came out complex inside the backward pass: the function computes with "
        "complex numbers, whose derivatives srcgrad's rules do not follow (the number would "
        "be wrong). Keep the computation real, e.g. with the real and imaginary parts as "
        f"separate arrays ({text})"
    )
    return refused.with_traceback(err.__traceback__)


def is_complex(value) -> bool:
    """A complex number or array, or a list, tuple or dict holding one."""
    if isinstance(value, (list, tuple)):
        return any(is_complex(v) for v in value)
    if isinstance(value, dict):
        return any(is_complex(v) for v in value.values())
    if isinstance(value, complex):
        return True
    return getattr(getattr(value, "dtype", None), "kind", "") == "c"


def refuse_nan(derivatives, outputs, fn) -> None:
    """Raise if a derivative has a NaN while every output is finite."""
    if not any(has_nan(d) for d in derivatives):
        return
    if not all(_finite(o) for o in outputs):
        return
    raise NaNGradientError(
        f"the derivative of {where(fn)} is NaN at this point although its value is finite: a "
        "step of the chain rule is undefined here (np.sqrt or a power below 1 at 0 times 0, "
        "np.std of constant values, np.where with NaN in the branch it does not take). "
        "Compute that part differently at this point (np.sqrt(s + eps), or np.where on the "
        "input of the function rather than on its result)"
    )


def has_nan(value) -> bool:
    """A NaN in a number, an array, or a list, tuple or dict of them."""
    if isinstance(value, (list, tuple)):
        return any(has_nan(v) for v in value)
    if isinstance(value, dict):
        return any(has_nan(v) for v in value.values())
    if isinstance(value, (float, complex)):
        return value != value
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "fc":
        return bool(np.isnan(value).any())
    return False  # an int, None, or a Tensor of an outer derivative: not judged here


def _finite(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (float, complex)):
        return value - value == 0
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.kind not in "fc" or bool(np.isfinite(value).all())
    return isinstance(value, int) or value is None
