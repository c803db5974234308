"""The flat vector-Jacobian product rewritten for a probe run and for numba.

Both start from the text of ``source.marked_flat_source``:

- :func:`probe_text`: plain Python that also returns the output, and hands the function's
  local variables to two recorders, at the end of the primal sweep and at the end, so that
  the first call learns the type of every variable (:func:`kind_of`);
- :func:`numba_text`: the same function as numba compiles it. The saved-value lists become
  one stack per kind of value (a growable array for numbers, a list of arrays per dtype and
  number of dimensions): values are pushed and popped in one last-in-first-out order, so
  splitting them by kind keeps each pop paired with its push. Variables that may be
  unassigned start as a value of their kind (NaN for a float) instead of ``None``, and the
  rule helpers (``unbroadcast``, ``unreduce``, ...) become the numba versions in
  ``kernels.py``, or disappear where both operands are numbers.
"""

from __future__ import annotations

import ast

import numpy as np

from .. import runtime
from . import shapes
from .calls import KERNELS, HelperCalls
from .fusion import fuse_elementwise
from .source import BOUNDARY, NotJittable

__all__ = ["kind_of", "probe_text", "output_text", "numba_text", "OUTPUT"]

OUTPUT = "jit_output_value"
PROBE_BOUNDARY, PROBE_END = "jit_probe_boundary", "jit_probe_end"

_SCALARS = ("float", "int", "bool")


def kind_of(value):
    """What numba needs to know of a value: "float", "int", "bool", ("array", dtype name,
    number of dimensions), None for an unassigned variable, or "other"."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (float, np.floating)):
        return "float" if np.dtype(type(value)) == np.float64 or type(value) is float else "other"
    if isinstance(value, (int, np.integer)):
        return "int" if -(2**63) <= int(value) < 2**63 else "other"
    if isinstance(value, np.ndarray) and value.ndim > 0 and value.dtype.kind in "fiub":
        return ("array", value.dtype.name, value.ndim)
    return "other"


def _function(text):
    tree = ast.parse(text)
    function = tree.body[0]
    returns = [node for node in ast.walk(function) if isinstance(node, ast.Return)]
    if len(returns) != 1 or function.body[-1] is not returns[0]:
        raise NotJittable("the generated code returns from more than one place")
    return tree, function


def _boundary_index(function):
    for i, stmt in enumerate(function.body):
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == BOUNDARY:
            return i, call.args[0]
    raise NotJittable("the end of the primal sweep is not at the top level of the code")


def _with_output(function, extra_boundary=(), extra_end=()):
    """Capture the output at the boundary and return ``(output, gradients)``."""
    index, result = _boundary_index(function)
    capture = ast.Assign([ast.Name(OUTPUT, ast.Store())], result)
    function.body[index : index + 1] = [capture, *extra_boundary]
    last = function.body[-1]
    function.body[-1:] = [
        *extra_end,
        ast.Return(ast.Tuple([ast.Name(OUTPUT, ast.Load()), last.value], ast.Load())),
    ]


def _record(name):
    call = ast.Call(ast.Name(name, ast.Load()), [_call("locals")], [])
    return ast.Expr(call)


def _call(name, *args):
    return ast.Call(ast.Name(name, ast.Load()), list(args), [])


def probe_text(text: str) -> str:
    """Plain Python: ``(output, gradients)``, recording the locals at both ends."""
    tree, function = _function(text)
    _with_output(function, [_record(PROBE_BOUNDARY)], [_record(PROBE_END)])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def output_text(text: str) -> str:
    """Plain Python returning ``(output, gradients)``."""
    tree, function = _function(text)
    _with_output(function)
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def numba_text(text: str, kinds: dict, namespace: dict, saved_lists, gradient_only) -> str:
    """The code numba compiles, for variables of the given kinds (see :func:`kind_of`);
    ``saved_lists`` names the lists of saved values. With ``gradient_only`` the output is
    not computed where the gradients do not need it (``shapes.py``)."""
    tree, function = _function(text)
    _with_output(function)
    rewriter = _Rewriter(kinds, namespace, saved_lists)
    function.body = rewriter.block(function.body)
    if gradient_only:
        shapes.gradient_only(function, kinds, namespace, KERNELS)
    fuse_elementwise(function, namespace)
    opening = []
    closing = []
    for name, kind in sorted(rewriter.stacks.values()):
        opening += _parse(_new_stack(name, kind))
        closing += _parse(_check_empty(name, kind))
    function.body[:0] = opening
    function.body[-1:-1] = closing
    rewriter.check_pairs()
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _parse(text):
    return ast.parse(text).body


def _stack_key(kind):
    if kind in _SCALARS:
        return kind
    return f"{kind[1]}_{kind[2]}d"


def _empty_array(kind):
    # sliced, so that numba types it with any layout and it takes views and transposes too
    dims = ", ".join(["0"] * kind[2]) + ("," if kind[2] == 1 else "")
    slices = ", ".join(["::1"] * kind[2])
    return f"np.empty(({dims}), np.{kind[1]})[{slices}]"


def _new_stack(name, kind):
    if kind in _SCALARS:
        return f"{name} = {KERNELS}.new_{kind}_stack()\n{name}_count = 0"
    return f"{name} = [{_empty_array(kind)}]"


def _check_empty(name, kind):
    if kind in _SCALARS:
        return f"{KERNELS}.check_empty({name}_count)"
    return f"{KERNELS}.check_empty(len({name}) - 1)"


def _placeholder(kind):
    if kind == "float":
        return "np.nan"
    if kind == "int":
        return "0"
    if kind == "bool":
        return "False"
    return _empty_array(kind)


class _Rewriter:
    def __init__(self, kinds, namespace, saved_lists):
        self.kinds = kinds
        self.namespace = namespace
        self.stacks: dict[str, tuple] = {}  # stack key -> (variable, kind)
        self.saved_lists = set(saved_lists)
        self.positions: set[str] = set()
        self.pushed: set[str] = set()
        self.popped: set[str] = set()

    def kind(self, name, why):
        kind = self.kinds.get(name)
        if kind is None:
            raise NotJittable(f"{name} {why} was never assigned in the first call")
        if kind == "other":
            raise NotJittable(f"{name} holds a value that is not a float, an int or a NumPy array")
        return kind

    def stack_of(self, name, why):
        kind = self.kind(name, why)
        key = _stack_key(kind)
        if key not in self.stacks:
            self.stacks[key] = (f"jit_stack_{key}", kind)
        return key, self.stacks[key][0]

    def check_pairs(self):
        if self.pushed != self.popped:
            raise NotJittable("saved values are not restored into the names they came from")

    # ---- statements ---------------------------------------------------------------------
    # A push writes into its stack without a check: the room is reserved beforehand, once
    # before an innermost ``for ... in range(...)`` loop for all its trips, elsewhere at the
    # start of each run of statements between loops, for the pushes in that run.
    def block(self, stmts, reserved=False):
        out, run = [], []

        def flush():
            if run and not reserved:
                out.extend(self.reserve(_pushes_in(run, self.saved_lists)))
            for stmt in run:
                out.extend(self.statement(stmt))
            run.clear()

        for stmt in stmts:
            if _has_loop(stmt):
                flush()
                out.extend(self.statement(stmt))
            else:
                run.append(stmt)
        flush()
        return out

    def reserve(self, pushed, trips=None):
        counts: dict[str, int] = {}
        for name, count in pushed.items():
            key, stack = self.stack_of(name, "is saved, but")
            if key in _SCALARS:
                counts[stack] = counts.get(stack, 0) + count
        lines = []
        for stack, count in sorted(counts.items()):
            amount = f"{count} * len({trips})" if trips else str(count)
            lines.append(f"{stack} = {KERNELS}.reserve({stack}, {stack}_count + {amount})")
        return _parse("\n".join(lines)) if lines else []

    def statement(self, stmt):
        if isinstance(stmt, ast.For):
            stmt.iter = _counting_down(stmt.iter)
        if (
            isinstance(stmt, ast.For)
            and _is_call(stmt.iter, "range")
            and not any(map(_has_loop, stmt.body))
        ):  # an innermost loop over a range: room for every trip's pushes, once
            trips = ast.unparse(stmt.iter)
            before = self.reserve(_pushes_in(stmt.body, self.saved_lists), trips)
            stmt.body = self.block(stmt.body, reserved=True) or [ast.Pass()]
            stmt.iter = self.expression(stmt.iter)
            return [*before, stmt]
        if isinstance(stmt, (ast.For, ast.While, ast.If)):
            reserved = isinstance(stmt, ast.If) and not _has_loop(stmt)
            stmt.body = self.block(stmt.body, reserved) or [ast.Pass()]
            stmt.orelse = self.block(stmt.orelse, reserved)
            if isinstance(stmt, (ast.While, ast.If)):
                stmt.test = self.expression(stmt.test)
            else:
                stmt.iter = self.expression(stmt.iter)
            return [stmt]
        if isinstance(stmt, ast.Assign):
            return self.assign(stmt)
        if isinstance(stmt, ast.AugAssign):
            target = stmt.target
            if isinstance(target, ast.Name) and target.id in self.positions:
                return []  # position -= 1: the stacks keep their own counts
            stmt.value = self.expression(stmt.value)
            return [stmt]
        if isinstance(stmt, ast.Expr):
            call = stmt.value
            if _is_method(call, "append") and call.func.value.id in self.saved_lists:
                return self.push(call)
            if self.array_check(call):
                return []  # runtime.require_array(x, ...) on a number or an array passes
            stmt.value = self.expression(call)
            return [stmt]
        if isinstance(stmt, (ast.Pass, ast.Break, ast.Continue, ast.Return)):
            if isinstance(stmt, ast.Return):
                stmt.value = self.expression(stmt.value)
            return [stmt]
        raise NotJittable(f"the generated code holds a {type(stmt).__name__} statement")

    def array_check(self, call) -> bool:
        func = call.func
        return (
            _is_method(call, "require_array")
            and self.namespace.get(func.value.id) is runtime
            and isinstance(call.args[0], ast.Name)
            and self.kinds.get(call.args[0].id) not in (None, "other")
        )

    def assign(self, stmt):
        value = stmt.value
        names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
        simple = len(names) == len(stmt.targets)
        if simple and set(names) <= self.saved_lists:
            return []  # saved = [], kept = []: the stacks replace them
        if simple and _is_call(value, "len") and _arg_name(value) in self.saved_lists:
            self.positions.update(names)  # position = len(saved)
            return []
        if simple and isinstance(value, ast.Constant) and value.value is None:
            return [
                ast.parse(
                    f"{name} = {_placeholder(self.kind(name, 'may be unassigned: it'))}"
                ).body[0]
                for name in names
            ]
        if (
            simple
            and len(names) == 1
            and isinstance(value, ast.Subscript)
            and isinstance(value.value, ast.Name)
            and value.value.id in self.saved_lists
        ):
            return self.pop(names[0])
        if any(isinstance(t, ast.Subscript) for t in stmt.targets):
            for target in stmt.targets:
                if isinstance(target, ast.Subscript) and _reads(value, self.saved_lists):
                    raise NotJittable("it writes into an array inside a loop")
        stmt.value = self.expression(value)
        return [stmt]

    def push(self, call):
        if len(call.args) != 1 or not isinstance(call.args[0], ast.Name):
            raise NotJittable("it writes into an array inside a loop")
        name = call.args[0].id
        self.pushed.add(name)
        key, stack = self.stack_of(name, "is saved, but")
        if key in _SCALARS:
            count = f"{stack}_count"
            return _parse(
                f"if {count} >= {stack}.shape[0]:\n"
                "    raise IndexError('no room reserved for a saved value')\n"
                f"{stack}[{count}] = {name}\n{count} += 1"
            )
        return _parse(f"{stack}.append({name})")

    def pop(self, name):
        self.popped.add(name)
        key, stack = self.stack_of(name, "is restored, but")
        if key in _SCALARS:
            return _parse(f"{stack}_count -= 1\n{name} = {stack}[{stack}_count]")
        return _parse(f"{name} = {stack}.pop()")

    # ---- expressions --------------------------------------------------------------------
    def expression(self, node):
        return HelperCalls(self).visit(node)

    def scalar(self, node) -> bool:
        """True when ``node`` certainly computes a number."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        if isinstance(node, ast.Name):
            return self.kinds.get(node.id) in _SCALARS
        if isinstance(node, ast.BinOp):
            return self.scalar(node.left) and self.scalar(node.right)
        if isinstance(node, ast.UnaryOp):
            return self.scalar(node.operand)
        return False


def _counting_down(iterable):
    """``reversed(range(n))`` (the adjoint's loop counting its trips down) as the
    ``range(n - 1, -1, -1)`` numba compiles; any other iterable as it is."""
    if _is_call(iterable, "reversed") and len(iterable.args) == 1:
        inner = iterable.args[0]
        if _is_call(inner, "range") and len(inner.args) == 1 and not inner.keywords:
            last = ast.BinOp(inner.args[0], ast.Sub(), ast.Constant(1))
            minus_one = ast.UnaryOp(ast.USub(), ast.Constant(1))
            return ast.Call(inner.func, [last, minus_one, minus_one], [])
    return iterable


def _is_method(node, name):
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
    )


def _is_call(node, name):
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == name


def _arg_name(call):
    return call.args[0].id if call.args and isinstance(call.args[0], ast.Name) else None


def _has_loop(stmt) -> bool:
    return any(isinstance(node, (ast.For, ast.While)) for node in ast.walk(stmt))


def _pushes_in(stmts, saved_lists) -> dict:
    """name -> how many times ``stmts`` (loops excluded) may push it."""
    pushed: dict[str, int] = {}
    for stmt in stmts:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Call)
                and _is_method(node, "append")
                and node.func.value.id in saved_lists
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Name)
            ):
                pushed[node.args[0].id] = pushed.get(node.args[0].id, 0) + 1
    return pushed


def _reads(node, names):
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))
