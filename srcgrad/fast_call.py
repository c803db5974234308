"""The fast call of a gradient: one small generated function per compiled entry and kind
of arguments, that checks by identity exactly what the entry was built for and calls the
generated code.

A gradient's general call (:meth:`srcgrad.gradient.Gradient.__call__`) binds the arguments
to the signature, refuses integer arrays, looks the compiled entry up, checks every global
and closure cell it was compiled against, and shapes and checks the gradients. After a
general call that ran compiled code, the gradient object gets a dispatcher as its
``__call__`` (each gradient object has its own class for that), specialised to that call:
the exact type of each argument (and the dtype of each differentiated array), the globals
and closure cells the transform resolved (identity checks), and no thread recording on
the tape. For ``def loss(w): return 10 * w**2 + 25`` called with a float, it reads::

    def __call__(gradient, /, w):
        if type(w) is float and not tape_strict.threads_recording:
            try:
                out, backward = loss_vjp(w)
            ...
            if type(out) is float:
                seed = 1.0
            ...
                (w_grad,) = grads = backward(seed)
            ...
            if type(w_grad) is float and w_grad == w_grad:
                return w_grad
            if type(w_grad) is float64:
                w_grad = float(w_grad)
            if type(w_grad) is float and w_grad == w_grad:
                return w_grad
            return finish_gradients(gradient, (w,), out, grads)
        return general_call(gradient, w)

A gradient already in its argument's type and shape, with no NaN, is returned as it is; any
other outcome (an array output, a NaN, a complex number) goes through the same code as the
general call. A failed guard runs the general call, which transforms again where a global
or closure cell changed and installs the dispatcher for the new kinds of arguments. The NaN
test of an array gradient is ``vdot(g, g)``: a sum of squares is NaN exactly when an entry
is (squares are never negative, so no ``inf - inf``), and costs less than
``isnan(g).any()``. ``python benchmarks/compiled_vs_peers.py`` prints what a call costs
over the generated code alone.
"""

from __future__ import annotations

import builtins

import numpy as np

from .arrays import is_other_array
from .compiler.backend.install import define
from .compiler.runtime import Refused
from .compiler.runtime.tracebacks import add_user_location
from .gradient_values import like, scalar_output, with_notes
from .result_checks import refuse_nan
from .tape import Tensor, strict

__all__ = ["argument_kinds", "dispatcher"]

# Differentiated arguments the dispatcher takes other than float arrays (their gradients
# are shaped by the general code, ``like``).
_OTHER_DIFFERENTIATED = (float, int, list, tuple, dict)


def argument_kinds(values, positions):
    """What a dispatcher checks of each argument: ``(type, dtype)``, the dtype of a
    differentiated array (None elsewhere); None where the fast call does not apply (a Tensor,
    another library's array, an argument of a type that needs the general checks)."""
    kinds = []
    for position, value in enumerate(values):
        kind, dtype = type(value), None
        if isinstance(value, Tensor) or is_other_array(value):
            return None
        if position in positions:
            if kind is np.ndarray:
                if value.dtype.kind != "f":
                    return None
                dtype = value.dtype
            elif kind not in _OTHER_DIFFERENTIATED and not issubclass(kind, np.floating):
                return None
        kinds.append((kind, dtype))
    return tuple(kinds)


def dispatcher(gradient, compiled, kinds, general_call):
    """The ``__call__`` of ``gradient`` for arguments of ``kinds``, running ``compiled``;
    ``general_call`` where a guard fails. None where a dependency is gone already."""
    w = _Writer(gradient.params)
    checks = _dependency_checks(compiled.dependencies, w)
    if checks is None:
        return None
    text = _Text(gradient, compiled, kinds, w)
    body = text.guards(checks) + text.run() + text.results()
    arguments = ", ".join([text.self, *gradient.params])
    body.append(f"return {w.bind(general_call, 'general_call')}({arguments})")
    header = f"def __call__({_parameters(text.self, gradient.signature, w)}):"
    source = "\n".join([header, *("    " + line for line in body)]) + "\n"
    function = define("__call__", source, w.namespace)
    function.__qualname__ = getattr(gradient.fn, "__qualname__", function.__qualname__)
    return function


class _Text:
    """The lines of a dispatcher's body, in three parts: the guards, the call of the
    generated code, and the gradients returned."""

    def __init__(self, gradient, compiled, kinds, w):
        self.gradient, self.compiled, self.kinds, self.w = gradient, compiled, kinds, w
        params = gradient.params
        self.self = w.fresh("gradient")
        self.values = f"({', '.join(params)},)"
        self.out, self.backward = w.fresh("out"), w.fresh("backward")
        self.seed, self.err = w.fresh("seed"), w.fresh("err")
        self.grads = [w.fresh(f"{params[i]}_grad") for i in gradient.positions]
        self.grads_tuple = f"({', '.join(self.grads)},)"
        # The backward pass returns a new tuple (reverse.py writes a tuple display), which
        # is returned as it is when no gradient needs a change.
        self.returned_tuple = w.fresh("grads")
        self.is_type = w.bind(type, "type")

    def guards(self, checks):
        """``if <every guard>:``, after the reads of the globals and cells, in a ``try``."""
        w, lines = self.w, []
        guards = [
            test
            for name, kind in zip(self.gradient.params, self.kinds)
            for test in _argument_guard(name, *kind, w)
        ]
        guards.append(f"not {w.bind(strict, 'tape_strict')}.threads_recording")
        if checks:
            current = w.fresh("current")
            lines = [
                "try:",
                f"    {current} = {_conjunction(checks, 4)}",
                f"except ({w.bind(KeyError, 'KeyError')}, {w.bind(ValueError, 'ValueError')}):",
                f"    {current} = False  # a global deleted, a closure cell emptied",
            ]
            guards.insert(0, current)
        return [*lines, f"if {_conjunction(guards, 0)}:"]

    def run(self):
        """The generated code's primal and backward functions, the output seeded in its
        type; errors named by the user's line, a refusal sent to the tape."""
        w, gradient, out, err = self.w, self.gradient, self.out, self.err
        order = gradient.order if gradient.order is not None else range(len(gradient.params))
        arguments = [w.bind(value, "bound") for value in gradient.prefix]
        arguments += [gradient.params[i] for i in order]
        exception, located = w.bind(Exception, "Exception"), w.bind(add_user_location, "located")
        return [
            "    try:",
            f"        {out}, {self.backward} = "
            f"{w.bind(self.compiled.vjp, self.compiled.name)}({', '.join(arguments)})",
            f"    except {w.bind(Refused, 'Refused')} as {err}:",
            f"        return {w.bind(_refused, 'refused')}({self.self}, {err}, {self.values})",
            f"    except {exception} as {err}:",
            f"        raise {located}({err}) from None",
            f"    if {self.is_type}({out}) is {w.bind(float, 'float')}:",
            f"        {self.seed} = 1.0",
            f"    elif {self.is_type}({out}) is {w.bind(np.float64, 'float64')}:",
            f"        {self.seed} = {w.bind(np.float64(1.0), 'float64_one')}",
            "    else:",
            f"        return {w.bind(_finish_output, 'finish_output')}"
            f"({self.self}, {self.values}, {out}, {self.backward})",
            "    try:",
            f"        {self.grads_tuple} = {self.returned_tuple} = {self.backward}({self.seed})",
            f"    except {exception} as {err}:",
            f"        raise {located}({err}) from None",
        ]

    def results(self):
        """The gradients returned as they are where each is already a NaN-free value of its
        argument's type and shape (after converting NumPy's float64 for a Python float, as
        ``like`` does); else shaped and checked by the general code."""
        w, gradient, kinds = self.w, self.gradient, self.kinds
        ready = [
            (kinds[i][0] is not float, grad, _ready(grad, gradient.params[i], *kinds[i], w))
            for grad, i in zip(self.grads, gradient.positions)
        ]
        lines = []
        if all(tests for _, _, tests in ready):
            # The tests of Python floats first: they are cheap, and the likeliest to fail.
            ready.sort(key=lambda entry: entry[0])
            tests = _conjunction([test for _, _, tests in ready for test in tests], 4)
            lines += [f"    if {tests}:", f"        return {self._returned(self.returned_tuple)}"]
            numbers = [grad for array, grad, _ in ready if not array]
            for grad in numbers:
                lines += [
                    f"    if {self.is_type}({grad}) is {w.bind(np.float64, 'float64')}:",
                    f"        {grad} = {w.bind(float, 'float')}({grad})",
                ]
            if numbers:
                lines += [f"    if {tests}:", f"        return {self._returned(self.grads_tuple)}"]
        finish = w.bind(_finish_gradients, "finish_gradients")
        arguments = f"{self.self}, {self.values}, {self.out}, {self.returned_tuple}"
        return [*lines, f"    return {finish}({arguments})"]

    def _returned(self, grads_tuple):
        result = self.grads[0] if self.gradient.single else grads_tuple
        return f"{self.out}, {result}" if self.gradient.with_value else result


def _argument_guard(name, kind, dtype, w):
    guard = [f"{w.bind(type, 'type')}({name}) is {w.bind(kind, kind.__name__)}"]
    if dtype is not None:
        guard.append(f"{name}.dtype is {w.bind(dtype, f'{dtype.name}_dtype')}")
    return guard


def _conjunction(tests, indent):
    """``a and b``, or for more than two tests one per line in parentheses (the line of
    the condition indented by ``indent`` within the body)."""
    if len(tests) <= 2:
        return " and ".join(tests)
    inner, outer = " " * (indent + 8), " " * (indent + 4)
    return "(\n" + f"\n{inner}and ".join([inner + tests[0], *tests[1:]]) + f"\n{outer})"


def _ready(grad, name, kind, dtype, w):
    """The tests that a gradient needs no change (its argument's type and shape, no NaN);
    none where the general code always shapes it."""
    is_type = w.bind(type, "type")
    if kind is float:
        return [f"{is_type}({grad}) is {w.bind(float, 'float')}", f"{grad} == {grad}"]
    if dtype is None:
        return []
    squares = w.fresh(f"{grad}_squares")
    return [
        f"{is_type}({grad}) is {w.bind(np.ndarray, 'ndarray')}",
        f"{grad}.dtype is {w.bind(dtype, f'{dtype.name}_dtype')}",
        f"{grad}.shape == {name}.shape",
        f"({squares} := {w.bind(np.vdot, 'vdot')}({grad}, {grad})) == {squares}",
    ]


def _dependency_checks(dependencies, writer):
    """Identity checks of the globals and closure cells the compiled code relies on; None
    where one no longer holds its object."""
    checks, seen = [], set()
    for scope, name, obj in dependencies:
        if scope.get(name, _absent) is not obj:
            return None
        if isinstance(scope, dict):
            base = "builtins" if scope is _BUILTINS else "user_globals"
            key, read = (id(scope), name), f"{writer.bind(scope, base)}[{name!r}]"
        else:  # closure cells, read through the cell itself
            cell = scope.cells[name]
            key, read = id(cell), f"{writer.bind(cell, f'{name}_cell')}.cell_contents"
        if key not in seen:
            seen.add(key)
            checks.append(f"{read} is {writer.bind(obj, name, by_builtin_name=False)}")
    return checks


_absent = object()


def _parameters(self, signature, w):
    """The dispatcher's parameters: ``self`` (positional only), then the function's, with
    its defaults."""
    text, positional_only = [self], True
    for param in signature.parameters.values():
        if positional_only and param.kind is not param.POSITIONAL_ONLY:
            text.append("/")
            positional_only = False
        if param.default is param.empty:
            text.append(param.name)
        else:
            text.append(f"{param.name}={w.bind(param.default, f'{param.name}_default')}")
    if positional_only:
        text.append("/")
    return ", ".join(text)


class _Writer:
    """Names for the dispatcher's text: the parameters', and others for the values it
    reads from its namespace (a builtin by its own name unless a parameter hides it) and
    for its own variables."""

    def __init__(self, params):
        self.used = set(params)
        self.namespace = {"__name__": "srcgrad.generated"}

    def fresh(self, base):
        base = base if base.isidentifier() else "value"
        name, n = base, 1
        while name in self.used or name in _BUILTINS:
            n += 1
            name = f"{base}_{n}"
        self.used.add(name)
        return name

    def bind(self, value, base, by_builtin_name=True):
        """The name ``value`` has in the text. ``by_builtin_name=False`` for an object
        whose identity is checked: a builtin's name reads what builtins hold at run time."""
        if by_builtin_name and _BUILTINS.get(base, _absent) is value and base not in self.used:
            return base
        for name, bound in self.namespace.items():
            if bound is value and name != "__name__":
                return name
        name = self.fresh(base)
        self.namespace[name] = value
        return name


_BUILTINS = vars(builtins)


def _refused(gradient, err, values):
    """The compiled code refused these arguments: ``mode="compile"`` raises, ``"auto"``
    runs the function on the tape from now on."""
    if gradient.mode == "compile":
        raise add_user_location(err) from None
    gradient._fall_back(with_notes(add_user_location(err)))
    return gradient(*values)


def _finish_output(gradient, values, out, backward):
    """The rest of the call for an output that is not a float: a NumPy scalar or array of
    size 1 (copied, and seeded in its own type), or an error for any other output."""
    out, seed = scalar_output(gradient, out)
    try:
        grads = backward(seed)
    except Exception as err:
        raise add_user_location(err) from None
    return _finish_gradients(gradient, values, out, grads)


def _finish_gradients(gradient, values, out, grads):
    """The gradients in the type and shape of their arguments; a NaN refused where the
    output is finite."""
    result = tuple(like(g, values[i], gradient.fn) for g, i in zip(grads, gradient.positions))
    refuse_nan(result, (out,), gradient.fn)
    result = result[0] if gradient.single else result
    return (out, result) if gradient.with_value else result
