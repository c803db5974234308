"""Which rules are right for complex values, and their complex forms.

The convention (docs/complex.md): the gradient held for a complex value ``z = a + ib`` of
a real loss ``L`` is ``dL/da + i dL/db``, PyTorch's. Under it a holomorphic ``f`` has the
reverse rule ``g * conj(f'(z))``, and a real input ``x`` of a complex operation gets the
real part of its share. A tangent of ``z`` is ``da + i db``; holomorphic rules keep their
real form (``dx * y``).

A primitive opts in with :func:`complex_ok` (its rules are right as they are: moves of
entries, sums) or with complex forms registered by :func:`complex_vjp`,
:func:`complex_vjp_all` and :func:`complex_jvp`, which replace the real rules where
complex values are about (:func:`complex_twin`). Every complex form is right for real
values too. A primitive without the fact is refused when a complex value or gradient
reaches it (``ComplexGradientError`` naming the user's line).

>>> import numpy as np
>>> real_for(np.array([1.0 + 2.0j]), np.array([3.0]), np.array([3.0 + 1.0j]))
array([1.])
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .registry import ComplexGradientError, _entry

__all__ = [
    "complex_ok",
    "complex_signal",
    "complex_twin",
    "complex_vjp",
    "complex_vjp_all",
    "complex_jvp",
    "is_complex_value",
    "real_for",
    "real_gradient",
    "real_tangent",
]


def is_complex_value(value) -> bool:
    """A complex number or an array (or Tensor) of complex dtype."""
    if isinstance(value, complex):
        return True
    return getattr(getattr(value, "dtype", None), "kind", "") == "c"


def real_for(grad, x, ans):
    """``grad`` as the gradient of ``x``, an input of a step whose result is ``ans``: its
    real part when ``x`` is real and ``ans`` complex (a real input's share of a complex
    value's gradient), else ``grad`` itself. A complex ``grad`` for a real ``x`` of a real
    ``ans`` came from a step that does not follow complex values: refused, not dropped."""
    if is_complex_value(x) or not is_complex_value(grad):
        return grad
    if not is_complex_value(ans):
        raise _stray("gradient")
    return np.real(grad)


def real_gradient(g):
    """``g``, the gradient of a real result; refused when complex (see :func:`real_for`)."""
    if is_complex_value(g):
        raise _stray("gradient")
    return g


def real_tangent(dx, x):
    """``dx``, the tangent of ``x``; refused when ``x`` is real and ``dx`` complex."""
    if is_complex_value(dx) and not is_complex_value(x):
        raise _stray("tangent")
    return dx


def _stray(what):
    return ComplexGradientError(
        f"a real value's {what} came out complex: a step on its path computes with complex "
        "values but does not follow them (see docs/complex.md); keep that step real"
    )


def complex_ok(*primitives) -> None:
    """Declare the rules of ``primitives`` right for complex values as they are."""
    for primitive in primitives:
        _entry(primitive, None).complex_ok = True


def complex_signal(*primitives) -> None:
    """Declare primitives whose call means the code computes with complex numbers."""
    for primitive in primitives:
        _entry(primitive, None).complex_signal = True


def complex_vjp(primitive, param: str):
    """Register ``fn(g, ans, *params)`` as ``param``'s gradient where values are complex."""

    def register(fn):
        rule = _entry(primitive, None)
        rule.complex_grads[param] = fn
        rule.complex_ok = True
        return fn

    return register


def complex_vjp_all(primitive):
    """Register ``fn(g, ans, *args, **kwargs)`` as every gradient where values are complex."""

    def register(fn):
        rule = _entry(primitive, None)
        rule.complex_all_grads = fn
        rule.complex_ok = True
        return fn

    return register


def complex_jvp(primitive, param: str):
    """Register ``fn(ans, d<param>, *params)`` as ``param``'s tangent part where values are
    complex."""

    def register(fn):
        rule = _entry(primitive, None)
        rule.complex_tangents[param] = fn
        return fn

    return register


_TWINS: dict = {}


def complex_twin(rule):
    """``rule`` with its complex forms in place of its real ones (the rule itself when it
    has none). Batched tangents are dropped where a form is replaced: those run per row."""
    if not (rule.complex_grads or rule.complex_all_grads or rule.complex_tangents):
        return rule
    twin = _TWINS.get(id(rule))
    if twin is None or twin[0] is not rule:
        replaced = dataclasses.replace(
            rule,
            grads={**rule.grads, **rule.complex_grads},
            all_grads=rule.complex_all_grads or rule.all_grads,
            tangents={**rule.tangents, **rule.complex_tangents},
            all_tangents=rule.complex_all_tangents or rule.all_tangents,
            batched_tangents={
                k: v for k, v in rule.batched_tangents.items() if k not in rule.complex_tangents
            },
            elementwise_tangents=rule.elementwise_tangents
            - {rule.tangents.get(k) for k in rule.complex_tangents},
        )
        twin = _TWINS[id(rule)] = (rule, replaced)
    return twin[1]
