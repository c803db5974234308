"""Statements whose numbers, methods or containers are easy to get wrong, for the generator.

Mixed into :class:`tests.fuzz.generator.Generator`:

- ``cast``: a differentiated value written into an integer or boolean array
  (``k = np.zeros(3, dtype=int); k[1] = 3.0 * np.tanh(e)``), which truncates it: the
  result is piecewise constant in the value, its derivative zero;
- ``complex``: complex intermediates of a real result (``np.abs(a + 1j * b)``,
  ``np.imag(np.exp(1j * e))``, ``np.angle``, ``np.fft.fft``, ``np.fft.rfft``), whose rules
  follow complex values, so the right number; and ``np.sin`` of a complex value, whose
  rules do not, so ``ComplexGradientError`` naming the line;
- ``nan_kink``: a square root, a power below 1 or a standard deviation of an exact zero
  (``np.sqrt(np.sum((d - d) ** 2))``): the function is finite and flat there, the chain
  rule gives ``inf * 0`` (``NaNGradientError``);
- ``user_method``: methods of a user's object named like array methods (``model.dot(v)``,
  ``model.copy()``, ``model.sum()``, ``model.mean(v)``), which are the user's code, not
  NumPy's;
- ``shared_container``: lists and dicts changed through a second name (``b = a;
  b.append(v)``, ``outer = [a]; a[0] = v``, ``b += [v]``, ``d2 = d; d2["k"] = v``), read
  through the first; and a copy (``b = a[:]``) that must not change the original;
- ``list_as_array``: a list of values of one shape that NumPy takes as an array
  (``np.mean(items, axis=0)``, ``np.copy(items)`` in a branch not taken, ``np.stack``,
  ``np.asarray``) while the code also reads its items.

Each statement ends with a new scalar variable that reads the result, bounded like the
others, so nothing overflows.
"""

from __future__ import annotations

from tests.fuzz.model import INTO, SCALAR, SHAPES, SIZES, Var, broadcast

__all__ = ["ValueHazards", "MODEL_CLASS"]

# A user's class whose methods have the names of array methods.
MODEL_CLASS = """class Model:
    def __init__(self, w):
        self.w = w

    def dot(self, v):
        return np.tanh(self.w * v)

    def copy(self):
        return Model(self.w * 0.5)

    def sum(self):
        return np.sum(np.tanh(self.w))

    def mean(self, v):
        return np.mean(np.sin(self.w + v))

    def append(self, v):
        self.w = self.w + np.tanh(v)

    def pop(self):
        return self.w * 2.0"""


class ValueHazards:
    """Truncating casts, complex numbers, NaN at kinks, user methods, shared containers,
    lists taken as arrays."""

    def value_statement(self, scope, pad, in_loop):
        kinds = ["cast", "complex", "nan_kink", "user_method", "shared_container", "list_as_array"]
        kind = self.pick(kinds)
        make = {
            "cast": self.cast_statement,
            "complex": self.complex_statement,
            "nan_kink": self.nan_kink_statement,
            "user_method": self.user_method_statement,
            "shared_container": self.shared_container_statement,
            "list_as_array": self.list_as_array_statement,
        }[kind]
        self.used.add(kind)
        lines, result, bound = make(scope, pad)
        scope.variables[result] = Var(SCALAR, bound)
        scope.augmentable = set()
        return lines

    def cast_statement(self, scope, pad):
        shape = self.pick([s for s in SHAPES if s != SCALAR])
        size = SIZES[shape]
        buffer, result = self.fresh_name("k"), self.fresh_name("v")
        dtype = self.pick(["int", "np.int64", "bool", "np.int32"])
        start = self.pick(["zeros", "arange"]) if dtype != "bool" else "zeros"
        if start == "arange":
            lines = [f"{pad}{buffer} = np.arange({size}).reshape({shape})"]
        else:
            lines = [f"{pad}{buffer} = np.zeros({shape}, dtype={dtype})"]
        index, part = self.pick(
            [("0", shape[1:]), ("-1", shape[1:]), ("...", shape), (":", shape)]
        )
        e = self.small_expr(scope, self.pick(INTO[part]) if part in SHAPES else SCALAR)
        write = self.pick(["item", "copyto"])
        if write == "copyto" and index in ("...", ":"):
            lines.append(f'{pad}np.copyto({buffer}, 3.0 * {e.text}, casting="unsafe")')
        else:
            lines.append(f"{pad}{buffer}[{index}] = 3.0 * {e.text}")
        other = self.small_expr(scope, self.pick(INTO[shape]))
        lines.append(f"{pad}{result} = np.sum({buffer} * ({other.text})) + np.sum({buffer})")
        return lines, result, 2.0 * (size + 3.0) * size

    def complex_statement(self, scope, pad):
        result = self.fresh_name("v")
        shape = self.pick(SHAPES)
        size = SIZES[shape]
        a, b = self.small_expr(scope, shape), self.small_expr(scope, self.pick(INTO[shape]))
        z = self.fresh_name("z")
        forms = ["abs", "abs2", "conj", "exp", "fft", "real_of_product", "angle", "rfft", "sin"]
        form = self.pick(forms)
        if form in ("fft", "rfft") and shape != (3,):
            form = "abs2"
        lines = [f"{pad}{z} = ({a.text}) + 1j * ({b.text})"]
        text, bound = {
            "abs": (f"np.sum(np.abs({z} + 2.5))", 5.0 * size),
            "abs2": (f"np.sum(np.abs({z}) ** 2)", 2.0 * size),
            "conj": (f"np.sum(np.real({z} * np.conj({z})))", 2.0 * size),
            "exp": (f"np.sum(np.imag(np.exp(1j * {z}.real)))", 1.0 * size),
            "fft": (f"np.sum(np.abs(np.fft.fft({z})) ** 2) / 3.0", 4.0 * size),
            "real_of_product": (f"np.sum(({z} * {z}).real)", 2.0 * size),
            "angle": (f"np.sum(np.angle({z} + 2.5))", 1.0 * size),
            "rfft": (f"np.sum(np.fft.irfft(np.fft.rfft({z}.real) * (1 + 0.5j), 3))", 12.0),
            # np.sin has no complex rules: refused with the line
            "sin": (f"np.sum(np.abs(np.sin({z})))", 1.6 * size),
        }[form]
        lines.append(f"{pad}{result} = {text}")
        return lines, result, bound

    def nan_kink_statement(self, scope, pad):
        result, d = self.fresh_name("v"), self.fresh_name("d")
        shape = self.pick(SHAPES)
        e = self.small_expr(scope, shape)
        lines = [f"{pad}{d} = {e.text}"]
        zero = self.pick([f"np.sum(({d} - {d}) ** 2)", f"{d} * 0.0", f"np.abs({d} - {d})"])
        text = self.pick(
            [
                f"np.sum(np.sqrt({zero}))",
                f"np.sum(({zero}) ** 0.5)",
                f"np.sum(({zero}) ** 1.5)",
                f"np.linalg.norm({d} - {d})",
                f"np.std({d} * 0.0)",
            ]
        )
        scale = self.pick(["1.0", "0.5"])
        lines.append(f"{pad}{result} = {scale} * {text} + np.sum(np.tanh({d}))")
        return lines, result, 2.0 * SIZES[shape]

    def user_method_statement(self, scope, pad):
        self.module_helpers.add("Model")
        model, result = self.fresh_name("model"), self.fresh_name("v")
        w_shape = self.pick(SHAPES)
        w = self.small_expr(scope, w_shape)
        lines = [f"{pad}{model} = Model({w.text})"]
        if self.chance(40):
            lines.append(f"{pad}{model} = {model}.copy()")
        form = self.pick(["dot", "sum", "mean", "append"])
        if form == "sum":
            text, bound = f"{model}.sum()", float(SIZES[w_shape])
        elif form == "append":  # list-like method names that change or read the object
            v = self.small_expr(scope, w_shape)
            lines.append(f"{pad}{model}.append({v.text})")
            text = f"np.sum({model}.pop()) + {model}.sum()"
            bound = (2.0 * (w.bound + 1.0) + 1.0) * SIZES[w_shape]
        else:
            v_shape = self.pick(SHAPES)
            v = self.small_expr(scope, v_shape)
            size = SIZES[broadcast(w_shape, v_shape)]
            if form == "dot":
                text, bound = f"np.sum({model}.dot({v.text}))", float(size)
            else:
                text, bound = f"{model}.mean({v.text})", 1.0
        lines.append(f"{pad}{result} = {text}")
        return lines, result, bound

    def shared_container_statement(self, scope, pad):
        return self.container_statement(scope, pad, SHARED_CONTAINER_FORMS)

    def list_as_array_statement(self, scope, pad):
        return self.container_statement(scope, pad, LIST_AS_ARRAY_FORMS)

    def container_statement(self, scope, pad, forms):
        """One of ``forms`` on a list of three values of one shape, read into a scalar."""
        result = self.fresh_name("v")
        shape = self.pick(SHAPES)
        first, second, third = (self.small_expr(scope, shape).text for _ in range(3))
        a, b = self.fresh_name("items"), self.fresh_name("other")
        statements, read, scale = forms[self.pick(list(forms))]
        values = {"a": a, "b": b, "first": first, "second": second, "third": third}
        lines = [pad + line.format(**values) for line in statements]
        lines.append(f"{pad}{result} = {read.format(**values)}")
        return lines, result, scale * SIZES[shape]


# A list or dict changed through a second name: (the statements, the read of the first
# name that sees the change, a bound on the read's size per element).
SHARED_CONTAINER_FORMS = {
    "append": (
        ["{a} = [{first}]", "{b} = {a}", "{b}.append({second})"],
        "np.sum({a}[-1]) * len({a})",
        2.0,
    ),
    "extend_augment": (
        ["{a} = [{first}]", "{b} = {a}", "{b} += [{second}]"],
        "np.sum({a}[-1]) + np.sum({a}[0]) * len({a})",
        3.0,
    ),
    "repeat_augment": (
        ["{a} = [{first}]", "{b} = {a}", "{b} *= 2"],
        "np.sum({a}[-1]) * len({a})",
        2.0,
    ),
    "item": (
        ["{a} = [{first}, {second}]", "{b} = {a}", "{b}[0] = {third}"],
        "np.sum({a}[0]) - np.sum({a}[1])",
        2.0,
    ),
    "nested_item": (
        ["{a} = [{first}, {second}]", "{b} = [{a}]", "{a}[0] = {third}"],
        "np.sum({b}[0][0]) * 2.0 + np.sum({b}[0][1])",
        3.0,
    ),
    "nested_append": (
        ["{a} = [{first}]", "{b} = [{a}]", "{a}.append({second})"],
        "np.sum({b}[0][-1]) * len({b}[0])",
        2.0,
    ),
    "dict": (
        ['{a} = {{"k": {first}}}', "{b} = {a}", '{b}["k"] = {second}'],
        'np.sum({a}["k"])',
        1.0,
    ),
    "copy": (
        ["{a} = [{first}]", "{b} = {a}[:]", "{b}.append({second})"],
        "np.sum({a}[-1]) * len({a}) + np.sum({b}[-1])",
        2.0,
    ),
}


# A list of arrays of one shape that NumPy takes as an array (``np.mean(items, axis=0)``)
# while the code also reads its items: the gradient of the list must hold one array per
# item, not be added up as one array (shape as SHARED_CONTAINER_FORMS).
LIST_AS_ARRAY_FORMS = {
    "mean_and_items": (
        ["{a} = [{first}, {second}]", "{b} = np.mean({a}, axis=0)"],
        "np.sum({b} * {a}[0]) + np.sum({a}[1])",
        2.0,
    ),
    "copy_in_untaken_branch": (
        [
            "{a} = [{first}, {second}]",
            "if np.sum(np.abs({a}[0])) > 1e6:",
            "    {b} = np.sum(np.copy({a}))",
            "else:",
            "    {b} = np.sum({a}[0]) * 2.0",
        ],
        "{b} + np.sum({a}[1])",
        3.0,
    ),
    "items_in_a_loop": (
        ["{a} = [{first}, {second}, {third}]", "{b} = np.sum(np.stack({a}) * 0.5)"],
        "{b} + sum(np.sum(item * item) for item in {a})",
        3.0,
    ),
    "array_of_items": (
        ["{a} = [{first}, {second}]", "{b} = np.asarray({a}) * 2.0"],
        "np.sum({b}[0] * {a}[1]) + np.sum({a}[0])",
        3.0,
    ),
}
