"""Which rule the tape records for a call that computes with complex numbers.

A call with a complex input or output, where some input carries a gradient, is recorded
with the complex forms of its primitive's rules (``srcgrad/rules/complex_table.py``); a
primitive whose rules are not declared right for complex values is refused there, naming
the user's line, before a gradient could pass through a rule that does not follow them.
"""

from __future__ import annotations

from ..result_checks import ComplexGradientError
from ..rules.complex_table import complex_twin, is_complex_value
from .plan import describe
from .strict import user_location

__all__ = ["rule_for_call"]


def rule_for_call(rule, primitive, raw, raw_kwargs, outs, found):
    """``rule``, its complex twin where a value of the call is complex, or a refusal."""
    if not _any_complex(outs, raw, raw_kwargs, found):
        return rule
    if not rule.complex_ok:
        raise ComplexGradientError(
            f"{describe(primitive)} is given or makes a complex value on a path that carries "
            f"a gradient{user_location()}, and its derivative rule is not known right for "
            "complex values (see docs/complex.md for those that are). Keep this step real, "
            "e.g. with real and imaginary parts as separate arrays"
        )
    return complex_twin(rule)


def _any_complex(outs, raw, raw_kwargs, found) -> bool:
    if any(t._data.dtype.kind == "c" for t in found):
        return True
    if any(is_complex_value(out) for out in outs):
        return True
    for value in (*raw, *raw_kwargs.values()):
        items = value if type(value) in (list, tuple) else (value,)
        if any(is_complex_value(item) for item in items):
            return True
    return False
