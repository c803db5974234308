"""``stop_gradient``: a value through which no derivative flows, by definition.

Unlike the piecewise-constant primitives of ``nondiff.py`` its output does change with its
input (it is the identity); its derivative is zero because the user says so, as in JAX's
``lax.stop_gradient`` and PyTorch's ``.detach()``.
"""

from __future__ import annotations

from .registry import nondifferentiable, user_rule

__all__ = ["stop_gradient"]


def stop_gradient(x):
    """``x``'s value, treated as a constant by every derivative.

    >>> import srcgrad
    >>> srcgrad.grad(lambda x: x * srcgrad.stop_gradient(x))(3.0)  # d/dx (x * c) = c
    3.0

    Lists, tuples and dicts are handled item by item.
    """
    if isinstance(x, (list, tuple)):
        return type(x)(stop_gradient(item) for item in x)
    if isinstance(x, dict):
        return {key: stop_gradient(item) for key, item in x.items()}
    detach = getattr(x, "detach", None)  # a Tensor of the tape: its value, off the graph
    return detach() if callable(detach) else x


nondifferentiable(stop_gradient)
user_rule(stop_gradient)  # zero because the user says so: no finite difference shows it
