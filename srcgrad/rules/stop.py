"""``stop_gradient``: a value through which no derivative flows, by definition.

Unlike the piecewise-constant primitives of ``nondiff.py`` its output does change with its
input (it is the identity); its derivative is zero because the user says so, as in JAX's
``lax.stop_gradient`` and PyTorch's ``.detach()``.
"""

from __future__ import annotations

from .registry import nondifferentiable, primitive, returns_view, user_rule

__all__ = ["stop_gradient"]


@primitive  # on the tape's Tensors: recorded, a view of x that carries no gradient
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
    return x


nondifferentiable(stop_gradient)
returns_view(stop_gradient)  # x itself, as NumPy code sees it: a write into one shows in x
user_rule(stop_gradient)  # zero because the user says so: no finite difference shows it
