"""Statements and expressions whose meaning depends on when names are bound.

Mixed into :class:`tests.fuzz.generator.Generator` (issue 11, classes 1, 2, 6, 7 and 8):

- a ``def`` or ``lambda`` chosen in ``if``/``elif``/``else`` (with or without ``else``) or
  redefined in a loop, closing over the loop's index;
- ``for v in xs:`` whose body rebinds ``xs`` (or changes it in place);
- a comprehension whose variable has its iterable's name (``[w ** 2 for w in w]``);
- constructors of differentiated values (``np.linspace(a, b, 3)``, ``np.full``, ``np.r_``,
  ``np.c_``, ``np.array([a, b, c])``, ``np.vstack``, ``np.concatenate``);
- ``srcgrad.grad`` called inside the function on a closure over its variables;
- type checks (``isinstance(v, np.ndarray)``, ``np.isscalar(v)``, ``type(v) is float``) and
  exits to Python numbers (``.item()``, ``.tolist()``, ``float(t) for t in v``), which the
  tape's stand-in values must answer as the values they stand for (class 5).
"""

from __future__ import annotations

from tests.fuzz.hazards import floating
from tests.fuzz.model import INTO, MAT, SCALAR, SIZES, VEC, Expr, Scope, Var

__all__ = ["ScopeHazards"]

# Elementwise functions an `act` name may be bound to, each bounded by 2 in magnitude.
ACTIVATIONS = (
    ("ref", "np.tanh"),
    ("ref", "np.sin"),
    ("lambda", "np.tanh(v)"),
    ("lambda", "np.sin(v) * 0.5"),
    ("lambda", "v / (1.0 + v ** 2)"),
    ("def", "np.cos(v) * 2.0"),
    ("def", "np.exp(-v ** 2)"),
)


def _without(scope: Scope, name):
    hidden = scope.copy()
    hidden.variables.pop(name, None)
    return hidden


class ScopeHazards:
    """Run-time bindings: definitions, loop iterables, comprehensions, constructors."""

    def _bind(self, pad, act, closure=None):
        """Lines binding ``act`` to one of ACTIVATIONS (or a closure over a scalar)."""
        kind, body = self.pick(ACTIVATIONS)
        if closure is not None and self.chance(40):
            kind, body = self.pick(["lambda", "def"]), f"np.tanh(v + {closure})"
        if kind == "ref":
            return [f"{pad}{act} = {body}"]
        if kind == "lambda":
            return [f"{pad}{act} = lambda v: {body}"]
        return [f"{pad}def {act}(v):", f"{pad}    return {body}"]

    def definition_statement(self, scope, pad, in_loop):
        """``act`` bound in branches or redefined in a loop, then called."""
        act = self.fresh_name("act")
        scalars = [n for n, v in scope.variables.items() if v.shape == SCALAR]
        closure = self.pick(sorted(scalars)) if scalars else None
        form = self.pick(["if_else", "if_elif_else", "if_only", "loop"])
        lines = []
        if form == "loop":
            self.used.add("loop_def")
            index, acc = self.fresh_name("i"), self.fresh_name("acc")
            k = self.number(1, 3)
            lines += [f"{pad}{acc} = 0.0", f"{pad}for {index} in range({k}):"]
            body = f"np.tanh(v) * ({index} + 1.0)"
            if self.chance(50):
                lines += [f"{pad}    def {act}(v):", f"{pad}        return {body}"]
            else:
                other = "np.sin(v)" if self.chance(50) else f"np.cos(v * {index})"
                lines.append(
                    f"{pad}    {act} = (lambda v: {body}) if {index} % 2 == 0 "
                    f"else (lambda v: {other})"
                )
            e = self.small_expr(scope, self.pick([SCALAR, VEC]))
            lines.append(f"{pad}    {acc} = {acc} + np.sum({act}({e.text}))")
            scope.variables[acc] = Var(SCALAR, 3.0 * k * k)
            bound = float(k)
        else:
            self.used.add("branch_def")
            if form == "if_only":
                lines += self._bind(pad, act, closure)
            c = self.cond(scope)
            lines.append(f"{pad}if {c.text}:")
            lines += self._bind(pad + "    ", act, closure)
            if form == "if_elif_else":
                c2 = self.cond(scope)
                lines.append(f"{pad}elif {c2.text}:")
                lines += self._bind(pad + "    ", act, closure)
            if form != "if_only":
                lines.append(f"{pad}else:")
                lines += self._bind(pad + "    ", act, closure)
            bound = 2.0
        shape = self.pick([SCALAR, VEC, MAT])
        e = self.small_expr(scope, shape)
        result = self.fresh_name("v")
        lines.append(f"{pad}{result} = {act}({e.text})")
        scope.variables[result] = Var(shape, bound)
        scope.augmentable = set()
        return lines

    def rebind_iterable_statement(self, scope, pad, in_loop):
        """``for v in xs:`` whose body rebinds ``xs`` or scales it in place."""
        self.used.add("rebind_iterable")
        arrays = [n for n, v in scope.variables.items() if v.differentiable and v.shape]
        lines = []
        if arrays and self.chance(50):
            xs = self.pick(sorted(arrays))
            shape = scope.variables[xs].shape
        else:
            shape = self.pick([VEC, MAT, (2, 1)])
            xs = self.fresh_name("xs")
            e = self.small_expr(scope, shape)
            lines.append(f"{pad}{xs} = {e.text}")
            scope.variables[xs] = Var(shape, 1.0)
        acc, item = self.fresh_name("s"), self.fresh_name("row")
        header = f"for {item} in {xs}:"
        if self.chance(30):
            header = f"for {self.fresh_name('j')}, {item} in enumerate({xs}):"
        weight = self.small_expr(_without(scope, xs), SCALAR)
        lines += [
            f"{pad}{acc} = 0.0",
            f"{pad}{header}",
            f"{pad}    {acc} = {acc} + np.sum(np.tanh({item}) * {weight.text})",
        ]
        names = self.writable(scope, arrays_only=True)
        form = self.pick(["scale", "tanh", "mix", "inplace"])
        if form == "inplace" and xs not in names and xs in scope.variables:
            form = "scale"
        bound = scope.variables[xs].bound
        if form == "scale":
            lines.append(f"{pad}    {xs} = {xs} * 0.9")
        elif form == "tanh":
            lines.append(f"{pad}    {xs} = np.tanh({xs})")
            bound = max(1.0, bound)
        elif form == "mix":
            e = self.small_expr(_without(scope, xs), self.pick(INTO[shape]))
            lines.append(f"{pad}    {xs} = 0.5 * {xs} + 0.5 * {e.text}")
            bound = max(1.0, bound)
        else:
            self.used.add("inplace")
            lines.append(f"{pad}    {xs} *= 0.5")
        scope.variables[xs] = Var(shape, bound)
        scope.variables[acc] = Var(SCALAR, shape[0] * SIZES.get(shape[1:], 1) * weight.bound)
        scope.augmentable = set()
        return lines

    def shadow_statement(self, scope, pad, in_loop):
        """A comprehension whose variable has the name of what it iterates."""
        self.used.add("shadow_comprehension")
        arrays = [n for n, v in scope.variables.items() if v.differentiable and v.shape]
        if not arrays:
            return self.rebind_iterable_statement(scope, pad, in_loop)
        w = self.pick(sorted(arrays))
        shape = scope.variables[w].shape
        c = self.small_expr(_without(scope, w), SCALAR)
        body = self.pick([f"np.tanh({w}) * {c.text}", f"{w} ** 2", f"np.sin({w} + {c.text})"])
        bound = max(c.bound, 1.0) * max(1.0, scope.variables[w].bound ** 2)
        comp = f"[{body} for {w} in {w}]"
        if shape == VEC:
            form = self.pick(["sum", "generator", "array", "np_sum"])
            text, result_shape = {
                "sum": (f"sum({comp})", SCALAR),
                "generator": (f"sum({body} for {w} in {w})", SCALAR),
                "array": (f"np.array({comp})", VEC),
                "np_sum": (f"np.sum({comp})", SCALAR),
            }[form]
        elif shape == MAT:
            text, result_shape = self.pick([(f"np.stack({comp})", MAT), (f"sum({comp})", VEC)])
        else:
            text, result_shape = f"np.stack({comp})", shape
        target = self.fresh_name("v")
        if result_shape == shape and not in_loop and self.chance(40):
            target = w  # `w = np.stack([... for w in w])`
        scope.variables[target] = Var(result_shape, bound * shape[0])
        scope.augmentable = set()
        return [f"{pad}{target} = {text}"]

    def python_number_statement(self, scope, pad, in_loop):
        """A type check on a variable, or a value turned into Python floats."""
        names = sorted(n for n, v in scope.variables.items() if v.differentiable)
        result = self.fresh_name("v")
        form = self.pick(["isinstance", "isscalar", "type", "item", "tolist", "float"])
        if form in ("isinstance", "isscalar", "type") and names:
            self.used.add("type_check")
            name = self.pick(names)
            test = {
                "isinstance": f"isinstance({name}, np.ndarray)",
                "isscalar": f"not np.isscalar({name})",
                "type": f"type({name}) is not float",
            }[form]
            size = SIZES.get(scope.variables[name].shape, 1)
            scope.variables[result] = Var(SCALAR, 2.0 * size)
            scope.augmentable = set()
            return [
                f"{pad}if {test}:",
                f"{pad}    {result} = np.sum(np.tanh({name})) * 2.0",
                f"{pad}else:",
                f"{pad}    {result} = np.tanh({name}) * -1.5",
            ]
        self.used.add("python_number")
        if form == "item" or form not in ("tolist", "float"):
            e = self.small_expr(scope, self.pick([SCALAR, VEC, MAT]))
            text = f"np.sum({e.text}).item() * 2.0"
            bound = 12.0
        else:
            e = self.small_expr(scope, VEC)
            if form == "tolist":
                text = self.pick([f"sum(({e.text}).tolist())", f"({e.text}).tolist()[1]"])
            else:
                text = f"sum(float(t) for t in {e.text})"
            bound = 3.0
        scope.variables[result] = Var(SCALAR, bound)
        scope.augmentable = set()
        return [f"{pad}{result} = {text}"]

    # ---- expressions ------------------------------------------------------------------
    def construct(self, scope, shape, depth) -> Expr:
        """An array built by a constructor from differentiated parts."""
        self.used.add("constructor")

        def part(s):
            e = self.expr(scope, s, depth)
            return Expr(floating(e), e.bound, e.names, True) if s == SCALAR else e

        if shape == VEC:
            form = self.pick(["linspace", "r_", "array", "full", "full_like", "hstack"])
            if form in ("full", "full_like"):
                a = part(SCALAR)
                like = self.expr(scope, VEC, 0).text if form == "full_like" else None
                text = f"np.full_like({like}, {a.text})" if like else f"np.full(3, {a.text})"
                return Expr(text, a.bound, a.names, True)
            count = 2 if form == "linspace" else 3
            parts = [part(SCALAR) for _ in range(count)]
            inner = ", ".join(p.text for p in parts)
            text = {
                "linspace": f"np.linspace({inner}, 3)",
                "r_": f"np.r_[{inner}]",
                "array": f"np.array([{inner}])",
                "hstack": f"np.hstack([{inner}])",
            }[form]
        elif shape == MAT:
            form = self.pick(["full", "r_", "c_", "c_T", "vstack", "array", "concatenate"])
            if form == "full":
                parts = [part(SCALAR)]
                text = f"np.full((2, 3), {parts[0].text})"
            elif form == "c_":
                parts = [part((2, 1)) for _ in range(3)]
                text = f"np.c_[{', '.join(p.text for p in parts)}]"
            else:
                parts = [part(VEC), part(VEC)]
                inner = ", ".join(p.text for p in parts)
                text = {
                    "r_": f"np.r_[{inner}].reshape(2, 3)",
                    "c_T": f"np.c_[{inner}].T",
                    "vstack": f"np.vstack([{inner}])",
                    "array": f"np.array([{inner}])",
                    "concatenate": f"np.concatenate([{inner}]).reshape(2, 3)",
                }[form]
        elif shape == (2, 1):
            form = self.pick(["full", "r_", "vstack"])
            if form == "full":
                parts = [part(SCALAR)]
                text = f"np.full((2, 1), {parts[0].text})"
            else:
                parts = [part(SCALAR), part(SCALAR)]
                inner = ", ".join(p.text for p in parts)
                if form == "r_":
                    text = f"np.r_[{inner}].reshape(2, 1)"
                else:
                    text = f"np.vstack([{inner}])"
        else:
            return self.nested_grad(scope, depth)
        names = frozenset().union(*[p.names for p in parts])
        return Expr(text, max(p.bound for p in parts), names, True)

    def nested_grad(self, scope, depth) -> Expr:
        """``srcgrad.grad`` of a closure over the function's variables, at a constant."""
        self.used.add("nested_grad")
        e = self.expr(scope, self.pick([SCALAR, VEC]), depth)
        if e.bound > 2.0:
            e = Expr(f"np.tanh({e.text})", 1.0, e.names, True)
        point = self.pick(["0.5", "-1.0", "2.0"])
        inner = f"lambda y: np.sum(np.sin({_paren(e.text)} * y))"
        return Expr(f"srcgrad.grad({inner})({point})", 3.0 * e.bound, e.names, True)


def _paren(text):
    return f"({text})"
