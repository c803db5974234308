"""THE calculus: one derivative rule per primitive, written once as NumPy code.

Importing this package fills :data:`RULES`. Nothing here imports the tape or the compiler.

The tables below tell both engines which primitive a piece of Python syntax means:
``a + b`` is ``np.add(a, b)``, ``x.sum(axis=0)`` is ``np.sum(x, axis=0)``, ``x.T`` is
``np.transpose(x)``. A method call passes ``x`` as the first argument, then the call's
own arguments unchanged.
"""

import operator

import numpy as np

from . import (  # noqa: F401  (each module registers its rules)
    arithmetic,
    arrangement,
    array_api,
    bessel,
    complex_parts,
    complex_rules,
    construction,
    conversions,
    counting,
    cumulative,
    decompositions,
    definitions,
    definitions_arrays,
    definitions_callables,
    definitions_joining,
    definitions_sets,
    einsum,
    elementwise,
    fft,
    fft_transforms,
    float_parts,
    histogram_nd,
    index_tricks,
    indexing,
    linalg,
    matrix_functions,
    nan_reductions,
    nondiff,
    norms,
    polynomials,
    products,
    python_builtins,
    reductions,
    scalar_math,
    scalar_math_more,
    shapes,
    sorting,
    special_math,
    splitting,
    stop,
    tensor_solve,
    trigonometry,
    ufunc_methods,
)
from .helpers import unbroadcast, unreduce
from .indexing import assign_index, scatter_add
from .registry import (
    RULES,
    NoRuleError,
    Rule,
    UnsupportedDerivative,
    jvp_rule,
    jvp_rule_all,
    lookup,
    nondifferentiable,
    vjp_rule,
    vjp_rule_all,
)
from .tangent_helpers import broadcast_like

BINARY_OPERATORS = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.true_divide,
    "**": np.power,
    "@": np.matmul,
    "//": np.floor_divide,
    "%": np.remainder,
}

UNARY_OPERATORS = {"-": np.negative, "+": np.positive}

COMPARISONS = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}

# ``x[index]``; writes ``x[index] = value`` become ``x = assign_index(x, index, value)``.
GETITEM = operator.getitem

# ndarray method name -> the NumPy function it equals with the array as first argument.
# Methods that take a shape or axes as separate ints (``x.reshape(3, 4)``,
# ``x.transpose(1, 0)``) are called with them packed into one tuple by the caller:
# ``np.reshape(x, (3, 4))``, ``np.transpose(x, (1, 0))``.
ARRAY_METHODS = {
    "sum": np.sum,
    "mean": np.mean,
    "max": np.max,
    "min": np.min,
    "prod": np.prod,
    "var": np.var,
    "std": np.std,
    "cumsum": np.cumsum,
    "dot": np.dot,
    "transpose": np.transpose,
    "reshape": np.reshape,
    "ravel": np.ravel,
    "flatten": np.ravel,  # a copy rather than a view; the same values and gradient
    "squeeze": np.squeeze,
    "clip": np.clip,
    "trace": np.trace,
    "diagonal": np.diagonal,
    "swapaxes": np.swapaxes,
    "repeat": np.repeat,
    "argmax": np.argmax,
    "argmin": np.argmin,
    "round": np.round,
    "astype": np.astype,
    "cumprod": np.cumprod,
    "take": np.take,
    "choose": np.choose,
    "conj": complex_parts.conjugate_method,  # not np.conj: the method may return x itself
    "conjugate": complex_parts.conjugate_method,
    "argsort": np.argsort,
    "argpartition": np.argpartition,
    "nonzero": np.nonzero,
    "searchsorted": np.searchsorted,
    "all": np.all,
    "any": np.any,
}

ARRAY_ATTRIBUTES = {
    "T": np.transpose,
    "mT": np.matrix_transpose,
    "real": np.real,
    "imag": np.imag,
}

__all__ = [
    "ARRAY_ATTRIBUTES",
    "ARRAY_METHODS",
    "BINARY_OPERATORS",
    "COMPARISONS",
    "GETITEM",
    "RULES",
    "NoRuleError",
    "UnsupportedDerivative",
    "Rule",
    "UNARY_OPERATORS",
    "assign_index",
    "broadcast_like",
    "jvp_rule",
    "jvp_rule_all",
    "lookup",
    "nondifferentiable",
    "scatter_add",
    "unbroadcast",
    "unreduce",
    "vjp_rule",
    "vjp_rule_all",
]
