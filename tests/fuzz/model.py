"""What the program generator knows of a program: shapes, expressions, variables, scopes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SCALAR, VEC, MAT, COL = (), (3,), (2, 3), (2, 1)
SHAPES = (SCALAR, VEC, MAT, COL)

# Argument values are drawn from [-INPUT_BOUND, INPUT_BOUND].
INPUT_BOUND = 1.5
# Helper parameters are assumed bounded by this; call sites wrap larger arguments in tanh.
PARAM_BOUND = 2.0
# An expression whose magnitude bound exceeds this is wrapped in np.tanh.
WRAP_BOUND = 50.0


def broadcast(a, b):
    return tuple(np.broadcast_shapes(a, b))


# Operand shape pairs whose broadcast is the key.
OPERANDS = {t: [(a, b) for a in SHAPES for b in SHAPES if broadcast(a, b) == t] for t in SHAPES}
# Shapes that broadcast into the key without changing it (right-hand sides of `v += e`).
INTO = {t: [s for s in SHAPES if broadcast(s, t) == t] for t in SHAPES}
SIZES = {SCALAR: 1, VEC: 3, MAT: 6, COL: 2}


@dataclass
class Expr:
    text: str
    bound: float
    names: frozenset = frozenset()  # variables it reads
    new: bool = False  # the result of an operation, not a variable or a constant
    # `v = e; v += ...` is safe on the tape: e is a sum or difference (which saves no value
    # for its gradient) of which at least one side certainly carries a gradient.
    owned: bool = False
    varied: bool = False  # certainly depends on an argument through differentiable operations


@dataclass
class Var:
    shape: tuple
    bound: float
    differentiable: bool = True
    varied: bool = False


@dataclass
class ListVar:
    shape: tuple  # of each element
    bound: float
    count: int = 0  # elements appended on every path so far


@dataclass
class Helper:
    name: str
    params: list  # (name, shape)
    default: tuple | None  # (name, value) of a trailing scalar parameter with a default
    result: tuple
    bound: float


@dataclass
class Scope:
    variables: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)
    # Variables just created by an operation and not read since: `v += e` is safe on them
    # (nothing aliases them, and no recorded operation saved their value).
    augmentable: set = field(default_factory=set)

    def copy(self):
        return Scope(
            dict(self.variables),
            {k: ListVar(v.shape, v.bound, v.count) for k, v in self.lists.items()},
            set(self.augmentable),
        )
