"""Statements that share memory and write into it, for the program generator.

Mixed into :class:`tests.fuzz.generator.Generator`. Each statement here is plain NumPy that
runs; it may be hard to differentiate correctly (issue 11, classes 3, 4 and 5):

- aliases: ``a = b = src``, ``p, q = src, src``, ``[src, src]``, ``{"a": src, "b": src}``,
  views (``M[0]``, ``M.T``, ``x.reshape(-1)``, ``x[::2]``, ...), ``same(src)`` (a helper
  that returns its argument), and ``z = x`` of a Python float;
- writes: ``+=``/``-=``/``*=`` on names and subscripts, item assignment, ``out=`` on ufuncs,
  ``np.sum``, ``np.cumsum`` and ``np.dot``, ``np.copyto`` (also ``where=``), ``np.put`` and
  ``ndarray.put``, ``np.putmask``, ``np.place``, ``np.put_along_axis``,
  ``np.fill_diagonal``, ``np.add.at``, ``np.subtract.at``, ``np.multiply.at``,
  ``ndarray.fill``, and ``add_into(v, a)`` (a helper that runs ``v += a`` and returns
  ``v``).

A write may change any name that shares the written array, and the generator does not track
which do, so after a write every bound grows by what the write can add (times 16 inside
loops, the most times a statement runs).
"""

from __future__ import annotations

import numpy as np

from tests.fuzz.model import INTO, SCALAR, SHAPES, SIZES, Expr, Var

# Views of each shape: a template for the text, formatted with the array's name.
VIEWS = {
    (3,): ["{}[::2]", "{}[1:]", "{}[:]", "{}.T", "{}[::-1]", "{}.reshape(3, 1)", "{}.ravel()"],
    (2, 3): [
        "{}[0]",
        "{}[-1]",
        "{}[:, 1]",
        "{}.T",
        "{}.reshape(-1)",
        "{}.reshape(3, 2)",
        "{}[:, ::2]",
        "{}[::-1]",
        "{}[:, 0:1]",
        "{}[0:1]",
        "np.transpose({})",
    ],
    (2, 1): ["{}[0]", "{}.T", "{}.reshape(-1)", "{}[:, 0]", "{}[::-1]"],
}
SMALL = ("0.5", "-0.75", "0.25", "0.9")  # factors for `*=`: repeated writes never grow
LOOP_RUNS = 16  # the most times a statement in nested loops runs


def view_shape(template, shape):
    """The shape of the view ``template`` makes of an array of ``shape``."""
    return np.shape(eval(template.format("t"), {"np": np, "t": np.zeros(shape)}))


def floating(e: Expr) -> str:
    """The text of ``e``, made a float where it may be an int (it reads a loop index)."""
    return f"{e.text} + 0.0" if e.names else e.text


def is_argument(name):
    """Whether ``name`` is a parameter of ``f`` (x0, x1, ...)."""
    return name[:1] == "x" and name[1:].isdigit()


def _mask(shape):
    flags = (np.arange(int(np.prod(shape))) % 2 == 0).reshape(shape)
    return f"np.array({flags.tolist()})"


class AliasHazards:
    """Aliases, in-place writes, ``out=`` and the in-place NumPy functions."""

    # ---- helpers ----------------------------------------------------------------------
    def bump(self, scope, amount, in_loop):
        """A write that may add ``amount`` to any array: every bound grows by it."""
        if amount <= 0:
            return
        amount *= LOOP_RUNS if in_loop else 1
        for name, var in scope.variables.items():
            if var.differentiable:
                scope.variables[name] = Var(var.shape, var.bound + amount, varied=var.varied)
        for lst in scope.lists.values():
            lst.bound += amount
        scope.augmentable = set()

    def writable(self, scope, arrays_only=False):
        """Names a write may target: in a helper, no array (it may be the caller's); in
        ``f``, its array arguments only now and then (compile mode refuses such writes, so
        the rest of the program would not be compiled)."""
        arguments = self.chance(25)
        names = []
        for name, var in scope.variables.items():
            if not var.differentiable or (arrays_only and var.shape == SCALAR):
                continue
            if var.shape != SCALAR and (self.in_helper or (is_argument(name) and not arguments)):
                continue
            names.append(name)
        return sorted(names)

    def small_expr(self, scope, shape):
        """An expression of ``shape`` bounded by 1 (wrapped in tanh)."""
        e = self.expr(scope, shape, self.number(0, 2))
        if e.bound > 1.0:
            e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
        return e

    def rhs(self, scope, shape):
        """An expression that broadcasts into ``shape`` (any shape, also non-standard)."""
        options = INTO[shape] if shape in SHAPES else [SCALAR]
        return self.small_expr(scope, self.pick(options))

    # ---- writes -----------------------------------------------------------------------
    def write(self, scope, target, shape, bound, in_loop):
        """One statement writing into ``target`` (a name or subscript) of ``shape``.

        Returns the line and the bound of the target afterwards.
        """
        if shape == SCALAR:
            return self._augment(scope, target, shape, bound)
        form = self.pick(["augment", "augment", "item", "ufunc_out", "function"])
        if form == "augment":
            return self._augment(scope, target, shape, bound)
        if form == "item":
            return self._item(scope, target, shape, bound)
        if form == "ufunc_out":
            self.used.add("out")
            ufunc = self.pick(["add", "subtract", "multiply", "sin", "tanh"])
            if ufunc in ("sin", "tanh"):
                return f"np.{ufunc}({target}, out={target})", bound
            if ufunc == "multiply":
                return f"np.multiply({target}, {self.pick(SMALL)}, out={target})", bound
            e = self.rhs(scope, shape)
            return f"np.{ufunc}({target}, {e.text}, out={target})", bound + e.bound
        self.used.add("inplace_function")
        size = int(np.prod(shape))
        kind = self.pick(
            ["copyto", "copyto_where", "put", "put_method", "putmask", "place"]
            + ["fill_diagonal", "at", "multiply_at", "fill", "cumsum", "put_along_axis"]
        )
        if kind == "fill_diagonal" and len(shape) != 2:
            kind = "fill"
        if kind == "copyto":
            e = self.rhs(scope, shape)
            return f"np.copyto({target}, {e.text})", max(bound, e.bound)
        if kind == "copyto_where":
            e = self.rhs(scope, shape)
            line = f"np.copyto({target}, {e.text}, where={_mask(shape)})"
            return line, max(bound, e.bound)
        if kind == "multiply_at":
            index = f"[0, {shape[0] - 1}, 0]"
            return f"np.multiply.at({target}, {index}, {self.pick(SMALL)})", bound
        if kind == "cumsum":
            e = self.small_expr(scope, SCALAR)
            line = f"np.cumsum(np.tanh({target} + {e.text}), axis=-1, out={target})"
            return line, max(bound, float(shape[-1]))
        e = self.small_expr(scope, SCALAR)
        if kind == "put":
            return f"np.put({target}, [0, {size - 1}], {e.text})", max(bound, e.bound)
        if kind == "put_method":
            return f"{target}.put([0, {size - 1}], {e.text})", max(bound, e.bound)
        if kind == "place":
            return f"np.place({target}, {_mask(shape)}, {e.text})", max(bound, e.bound)
        if kind == "putmask":
            return f"np.putmask({target}, {_mask(shape)}, {e.text})", max(bound, e.bound)
        if kind == "fill_diagonal":
            return f"np.fill_diagonal({target}, {e.text})", max(bound, e.bound)
        if kind == "fill":
            return f"{target}.fill({e.text})", max(bound, e.bound)
        if kind == "put_along_axis":  # the first entry along the last axis
            first = f"np.zeros({tuple(shape[:-1]) + (1,)}, dtype=int)"
            return f"np.put_along_axis({target}, {first}, {e.text}, axis=-1)", max(bound, e.bound)
        ufunc = self.pick(["add", "subtract"])
        index = f"[0, {shape[0] - 1}, 0]"
        return f"np.{ufunc}.at({target}, {index}, {e.text})", bound + 3 * e.bound

    def _augment(self, scope, target, shape, bound):
        self.used.add("inplace")
        op = self.pick(["+=", "-=", "*="])
        if op == "*=":
            return f"{target} *= {self.pick(SMALL)}", bound
        e = self.rhs(scope, shape)
        return f"{target} {op} {e.text}", bound + e.bound

    def _item(self, scope, target, shape, bound):
        self.used.add("inplace")
        options = [("0", shape[1:]), ("-1", shape[1:])]
        if shape == (3,):
            options += [("1:", (2,)), ("::2", (2,))]
        if shape == (2, 3):
            options += [(":, 1", (2,)), ("1, 2", ()), (":, 0:1", (2, 1)), ("0, 1:", (2,))]
        index, part = self.pick(options)
        e = self.rhs(scope, part)
        op = self.pick(["=", "=", "+=", "-="])
        after = max(bound, e.bound) if op == "=" else bound + e.bound
        return f"{target}[{index}] {op} {e.text}", after

    # ---- statements -------------------------------------------------------------------
    def inplace_statement(self, scope, pad, in_loop):
        """A write into a variable the program already has (arguments included)."""
        names = self.writable(scope)
        if not names:
            return self.alias_statement(scope, pad, in_loop)
        name = self.pick(names)
        var = scope.variables[name]
        line, after = self.write(scope, name, var.shape, var.bound, in_loop)
        self.bump(scope, after - var.bound, in_loop)
        return [f"{pad}{line}"]

    def alias_statement(self, scope, pad, in_loop):
        """Two ways to reach one object, a write through one, and reads through both."""
        lines = []
        names = self.writable(scope)
        if names and self.chance(60):
            source = self.pick(names)
            shape, bound = scope.variables[source].shape, scope.variables[source].bound
        else:
            shape = self.pick(SHAPES)
            source = self.fresh_name("buf")
            e = self.small_expr(scope, shape)
            start = self.pick(["zeros", "ones", "copy", "array", "expr"])
            text = {
                "zeros": f"np.zeros({shape})",
                "ones": f"np.ones({shape})",
                "copy": f"np.copy({floating(e)})",
                "array": f"np.array({floating(e)})",
                "expr": f"{e.text}",
            }[start]
            if shape == SCALAR and start in ("zeros", "ones"):
                text = "0.0" if start == "zeros" else "1.0"
            lines.append(f"{pad}{source} = {text}")
            bound = 1.0
            scope.variables[source] = Var(shape, bound)
        if shape == SCALAR:
            self.used.add("float_alias")
        kinds = ["name", "chained", "tuple", "list", "dict", "helper", "helper_write"]
        if shape != SCALAR:
            kinds += ["view", "view", "view"]
        kind = self.pick(kinds)
        before = bound
        first = self.fresh_name("a")
        second, other_shape = source, shape
        if kind == "name":
            lines.append(f"{pad}{first} = {source}")
        elif kind == "chained":
            second = self.fresh_name("b")
            lines.append(f"{pad}{first} = {second} = {source}")
        elif kind == "tuple":
            second = self.fresh_name("b")
            lines.append(f"{pad}{first}, {second} = {source}, {source}")
        elif kind == "helper":
            self.module_helpers.add("same")
            self.used.add("identity_helper")
            lines.append(f"{pad}{first} = same({source})")
        elif kind == "helper_write":
            # `add_into(v, a)` runs `v += a` and returns v: a write in the callee.
            self.module_helpers.add("add_into")
            self.used.update({"identity_helper", "inplace"})
            e = self.rhs(scope, shape)
            lines.append(f"{pad}{first} = add_into({source}, {e.text})")
            bound += e.bound
        elif kind in ("list", "dict"):
            self.used.add("container")
            box = self.fresh_name("box")
            if kind == "list":
                lines.append(f"{pad}{box} = [{source}, {source}]")
                first, second = f"{box}[0]", f"{box}[1]"
            else:
                lines.append(f'{pad}{box} = {{"a": {source}, "b": {source}}}')
                first, second = f'{box}["a"]', f'{box}["b"]'
        else:
            self.used.add("view")
            template = self.pick(VIEWS[shape])
            lines.append(f"{pad}{first} = {template.format(source)}")
            other_shape = view_shape(template, shape)
        if kind != "view":
            self.used.add("alias")
        shapes = {first: other_shape, second: shape}
        targets = [first, second] if self.chance(50) else [second, first]
        after = bound
        for target in targets[: self.number(1, 2)]:
            line, after = self.write(scope, target, shapes[target], after, in_loop)
            lines.append(f"{pad}{line}")
        self.bump(scope, after - before, in_loop)
        for accessor in (first, second):
            if accessor.isidentifier() and shapes[accessor] in SHAPES:
                scope.variables[accessor] = Var(shapes[accessor], max(after, before))
        # Read both after the write.
        result = self.fresh_name("v")
        parts = []
        for accessor in (first, second):
            if shapes[accessor] == SCALAR:
                parts.append(f"np.tanh({accessor})")
            else:
                parts.append(f"np.sum(np.sin({accessor}))")
        op = self.pick(["+", "*", "-"])
        size = max(SIZES.get(s, 6) for s in shapes.values())
        lines.append(f"{pad}{result} = {parts[0]} {op} {parts[1]}")
        scope.variables[result] = Var(SCALAR, size * size + size)
        scope.augmentable = set()
        return lines

    def out_statement(self, scope, pad, in_loop):
        """``r = np.<f>(..., out=c)``: c a new buffer or a variable of the program."""
        self.used.add("out")
        shape = self.pick([s for s in SHAPES if s != SCALAR])
        lines = []
        names = [n for n in self.writable(scope, True) if scope.variables[n].shape == shape]
        fresh = not names or self.chance(50)
        func = self.pick(["add", "subtract", "multiply", "tanh", "cumsum", "dot", "sum"])
        if func == "sum" and shape == (2, 3):
            func = "cumsum"
        if func == "dot":
            fresh = True
        if fresh:
            buffer = self.fresh_name("c")
            lines.append(f"{pad}{buffer} = np.{self.pick(['zeros', 'ones'])}({shape})")
            scope.variables[buffer] = Var(shape, 1.0)
        else:
            buffer = self.pick(names)
        old = scope.variables[buffer].bound
        if func in ("add", "subtract", "multiply"):
            a = self.small_expr(scope, self.pick(INTO[shape]))
            b = self.small_expr(scope, self.pick(INTO[shape]))
            call = f"np.{func}({a.text}, {b.text}, out={buffer})"
            after = 1.0 if func == "multiply" else 2.0
        elif func == "tanh":
            a = self.expr(scope, self.pick(INTO[shape]), self.number(0, 2))
            call, after = f"np.tanh({a.text}, out={buffer})", 1.0
        elif func == "sum":
            a = self.small_expr(scope, (2, 3))
            axis = "axis=0" if shape == (3,) else "axis=1, keepdims=True"
            call, after = f"np.sum({a.text}, {axis}, out={buffer})", 3.0
        elif func == "cumsum":
            a = self.small_expr(scope, shape)
            call, after = f"np.cumsum({a.text}, axis=-1, out={buffer})", float(shape[-1])
        else:
            call, after = self._dot(scope, shape, buffer)
        if self.chance(50):
            result = self.fresh_name("r")
            lines.append(f"{pad}{result} = {call}")
            scope.variables[result] = Var(shape, max(after, old))
        else:
            lines.append(f"{pad}{call}")
        self.bump(scope, after - old if not fresh else 0.0, in_loop)
        scope.variables[buffer] = Var(shape, max(after, old))
        scope.augmentable = set()
        return lines

    def _dot(self, scope, shape, buffer):
        """``np.dot(a, b, out=buffer)`` for a new C-contiguous buffer of ``shape``."""
        column = self.small_expr(scope, (2, 1))
        row = self.small_expr(scope, self.pick([(3,), SCALAR]))
        if shape == (2, 1):
            matrix = self.small_expr(scope, (2, 3))
            vector = f"np.reshape({row.text} * np.ones(3), (3, 1))"
            return f"np.dot({matrix.text}, {vector}, out={buffer})", 3.0
        if shape == (3,):
            left = f"np.reshape({row.text} * np.ones(3), (3, 1)) * np.ones((3, 2))"
            return f"np.dot({left}, ({column.text})[:, 0], out={buffer})", 2.0
        right = f"np.reshape({row.text} * np.ones(3), (1, 3))"
        return f"np.dot({column.text}, {right}, out={buffer})", 1.0
