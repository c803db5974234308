"""Views NumPy makes without indexing, and NumPy functions written into, for the generator.

Mixed into :class:`tests.fuzz.generator.Generator`:

- ``view_write``: a new array ``b`` (a value, or a buffer ``np.zeros_like(e)`` that has no
  gradient until written) and a view of it made by an attribute, a method or a
  NumPy function that may return ``b`` itself or share its memory (``b.real``,
  ``b.conj()``, ``np.asarray(b)``, ``np.array(b, copy=False)``, ``b.view()``, ``b.mT``,
  ``np.einsum("ij->ji", b)``, ``b[..., None]``, ``np.moveaxis``...), then a write through
  the view, through ``b`` or through ``b.flat``, and a read of both;
- ``out_write``: ``out=`` into a new array, the input itself or a row of another array,
  for functions that are ufuncs, reductions or NumPy definitions (``np.nansum``,
  ``np.ptp``, ``np.nancumsum``), and ``np.place``.

Every value written is bounded by 1 (``np.tanh``) and every read goes through
``np.tanh``, so the statement's result is bounded by twice the array's size.
"""

from __future__ import annotations

from tests.fuzz.model import COL, MAT, SCALAR, SIZES, VEC, Var

__all__ = ["ViewHazards"]

# View-makers by the shape of the array: (source with {b}, the view's shape).
VIEWS = {
    "all": [
        ("{b}.real", None),
        ("np.real({b})", None),
        ("{b}.conj()", None),
        ("np.asarray({b})", None),
        ("np.array({b}, copy=False)", None),
        ("{b}.astype(np.float64, copy=False)", None),
        ("{b}.view()", None),
        ("np.nan_to_num({b}, copy=False)", None),
        ("{b}[::-1]", None),
        ("np.atleast_1d({b})", None),
    ],
    VEC: [
        ("{b}[..., None]", (3, 1)),
        ("np.expand_dims({b}, 0)", (1, 3)),
        ("np.atleast_2d({b})", (1, 3)),
        ("{b}.reshape(-1)", (3,)),
        ("{b}[::-2]", (2,)),
    ],
    MAT: [
        ("{b}.mT", (3, 2)),
        ("np.matrix_transpose({b})", (3, 2)),
        ("np.moveaxis({b}, 0, -1)", (3, 2)),
        ("{b}.swapaxes(0, 1)", (3, 2)),
        ('np.einsum("ij->ji", {b})', (3, 2)),
        ("np.ravel({b})", (6,)),
        ("{b}[:, ::-1]", (2, 3)),
    ],
    COL: [
        ("np.squeeze({b})", (2,)),
        ("{b}.T", (1, 2)),
        ("{b}.reshape(2)", (2,)),
    ],
}

# Writes: through the view, through the array, through the array's flat iterator.
WRITES = [
    "{v}[{v_first}] = {c}",
    "{v} *= {factor}",
    "{v}[...] = {scalar}",
    "{b}[{b_first}] = {scalar}",
    "{b}.flat[1] = {scalar}",
]

# out= forms: (statements with {e} an expression of the shape, {s} a scalar expression;
# the names written into, read afterwards).
OUT_FORMS = [
    (["{o} = np.zeros(())", "np.nansum({e}, out={o})"], "{o}"),
    (["{o} = np.zeros(())", "np.ptp({e}, out={o})"], "{o}"),
    (["{o} = np.zeros(())", "np.nanmean({e}, out={o})"], "{o}"),
    (["{o} = np.zeros({size})", "np.nancumsum({e}, out={o})"], "{o}"),
    (["{o} = np.tanh({e})", "np.exp({o}, out={o})"], "{o}"),
    (["{o} = np.tanh({e})", "np.multiply({o}, {s}, out={o})"], "{o}"),
    (["{o} = np.zeros((2,) + {shape})", "np.sin({e}, out={o}[1])"], "{o}"),
    (["{o} = np.tanh({e})", "np.place({o}, {mask}, {s})"], "{o}"),
    (["{o} = np.tanh({e})", "np.place({o}, {mask}, np.tanh({e}).ravel()[{picked}])"], "{o}"),
]

MASKS = {
    VEC: ("np.array([True, False, True])", "[0, 2]"),
    MAT: ("np.array([[True, False, True], [False, True, False]])", "[0, 2, 4]"),
    COL: ("np.array([[False], [True]])", "[1]"),
}


def _first(shape) -> str:
    return "()" if not shape else "(" + "0, " * len(shape) + ")"


class ViewHazards:
    """Writes through views NumPy makes, and out= into NumPy's functions."""

    def view_statement(self, scope, pad, in_loop):
        kind = self.pick(["view_write", "view_write", "out_write"])
        self.used.add(kind)
        make = self.view_write_statement if kind == "view_write" else self.out_write_statement
        lines, result, bound = make(scope, pad)
        scope.variables[result] = Var(SCALAR, bound)
        scope.augmentable = set()
        return lines

    def view_write_statement(self, scope, pad):
        shape = self.pick([VEC, MAT, COL])
        b, v, result = self.fresh_name("b"), self.fresh_name("w"), self.fresh_name("v")
        view, view_shape = self.pick(VIEWS["all"] + VIEWS[shape])
        view_shape = view_shape or shape
        e = self.small_expr(scope, shape)
        values = {
            "b": b,
            "v": v,
            "c": self.pick(["0.5", "-1.0", "2.0"]),
            "factor": self.pick(["0.5", "-1.0", "0.25"]),
            "scalar": f"np.tanh({self.small_expr(scope, SCALAR).text})",
            "v_first": _first(view_shape),
            "b_first": _first(shape),
        }
        start = self.pick([f"np.tanh({e.text})", f"np.zeros_like({e.text})"])  # or a buffer
        lines = [
            f"{pad}{b} = {start}",
            f"{pad}{v} = {view.format(b=b)}",
            pad + self.pick(WRITES).format(**values),
            f"{pad}{result} = np.sum(np.tanh({b})) + np.sum(np.tanh({v}))",
        ]
        return lines, result, 2.0 * SIZES[shape]

    def out_write_statement(self, scope, pad):
        shape = self.pick([VEC, MAT, COL])
        o, result = self.fresh_name("o"), self.fresh_name("v")
        statements, read = self.pick(OUT_FORMS)
        mask, picked = MASKS[shape]
        values = {
            "o": o,
            "e": f"np.tanh({self.small_expr(scope, shape).text})",
            "s": f"np.tanh({self.small_expr(scope, SCALAR).text})",
            "size": SIZES[shape],
            "shape": repr(shape),
            "mask": mask,
            "picked": picked,
        }
        lines = [pad + s.format(**values) for s in statements]
        lines.append(f"{pad}{result} = np.sum(np.tanh({read.format(**values)}))")
        return lines, result, 2.0 * SIZES[shape]
