"""THE calculus: one derivative rule per primitive, written once as NumPy code.

Importing this package fills :data:`RULES`. Nothing here imports the tape or the compiler.
"""

from . import arithmetic  # noqa: F401  (registers rules)
from .helpers import unbroadcast
from .registry import RULES, NoRuleError, Rule, lookup, nondifferentiable, vjp_rule, vjp_rule_all

__all__ = [
    "RULES",
    "NoRuleError",
    "Rule",
    "lookup",
    "nondifferentiable",
    "unbroadcast",
    "vjp_rule",
    "vjp_rule_all",
]
