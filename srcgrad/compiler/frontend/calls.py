"""Normal form, calls: what a call denotes and how its gradient is found.

A call becomes one of
- a ``Prim`` when the callee has a rule (``np.sin``, ``x.sum``, ``abs``, ``math.exp``);
- a ``UserCall`` when the callee is a user function with source (compiled in turn);
- a ``Plain`` when its result carries no gradient (``len``, ``range``, ``np.zeros``), or
  for a method with no rule (a gradient flowing into it is an error);
- a ``TapeCall`` when the callee has neither rule nor source (a C function, a
  ``functools.partial``, a callable object): a tape island where a gradient flows through.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import operator

import gast
import numpy as np

from ...rules import ARRAY_METHODS, lookup
from ...rules.python_builtins import max_of, min_of
from ..ir import Copy, ExprStmt, Plain, TapeCall, UserCall, names_of
from .given_functions import lower_apply_over_axes, lower_piecewise
from .inplace import lower_call, lower_out, lower_ufunc_at
from .lifting import lifted_call
from .source import unparse

# Builtins mapped onto the primitive that has their rule.
_BUILTIN_PRIMITIVES = {abs: np.absolute, pow: np.power}
# Array methods whose shape arguments may be given one by one: x.reshape(3, 4).
_SHAPE_METHODS = {"reshape", "transpose"}
_VALUE_METHODS = {"copy"}


def split_call(splitter, node, hint):
    if any(isinstance(a, gast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        raise splitter.source.error(node, "*args or **kwargs in a call cannot be transformed")
    if any(k.arg == "out" for k in node.keywords):
        return lower_out(splitter, node)
    func = node.func
    if isinstance(func, gast.Name) and func.id in splitter.local_functions:
        return _local_call(splitter, node, func.id)
    if isinstance(func, gast.Name) and func.id in splitter.locals:
        raise splitter.source.error(
            node,
            f"{func.id} is a variable of this function, so which function the call "
            f"{func.id}(...) runs is decided when the code runs and cannot be compiled; call "
            'the function by its own name, or use mode="auto" to run it on the tape',
        )
    if isinstance(func, gast.Attribute) and not _is_static_path(splitter, func):
        owner = _global_owner(splitter, func)
        if owner is not None:
            return _global_method_call(splitter, node, func, owner, hint)
        return _method_call(splitter, node, func)
    if isinstance(func, gast.Attribute) and func.attr == "at":
        ufunc = splitter.resolver.resolve_expr(func.value)
        if isinstance(ufunc, np.ufunc):
            splitter.static_value(func.value)
            return lower_ufunc_at(splitter, node, ufunc)
    target = splitter.resolver.resolve_expr(func)
    made = splitter.resolver.resolve_expr(func.func) if isinstance(func, gast.Call) else None
    if getattr(target, "srcgrad_transform", False) or getattr(made, "srcgrad_transform", False):
        raise splitter.source.error(
            node,
            f"{_text(func)}: a derivative taken inside the differentiated function is not "
            'compiled; mode="auto" or mode="tape" computes it on the tape, keeping the inner '
            "and the outer derivative apart",
        )
    if splitter.resolver.is_missing(target):
        target = _method_with_rule(splitter, func)
        if target is None:
            raise splitter.source.error(node, f"cannot resolve the function {_text(func)}")
        splitter.name(_root(func))
    if target is functools.reduce and _unrollable_reduce(node):
        return splitter.rhs(_unrolled_reduce(node), hint)
    if isinstance(func, gast.Name):
        splitter.name(func)
    else:
        splitter.static_value(func)
    operator_node = _as_operator(node, target)
    if operator_node is not None:  # operator.mul(a, b) is a * b
        return splitter.rhs(operator_node, hint)
    lowered = lower_call(splitter, node, target)
    if lowered is None and target is np.piecewise:
        lowered = lower_piecewise(splitter, node)
    if lowered is None and target is np.apply_over_axes:
        lowered = lower_apply_over_axes(splitter, node)
    if lowered is not None:
        return lowered
    callee_text = _text(func)
    primitive = _primitive_of(target)
    if primitive is not None:  # Function.apply: a plain primitive with the class's rule
        target = primitive
        callee_text = splitter.constant(primitive, primitive.__name__)
    args = [splitter.atom(a, "arg") for a in node.args]
    kwargs = {k.arg: splitter.atom(k.value, k.arg) for k in node.keywords}
    if isinstance(target, functools.partial):
        if getattr(target.func, "srcgrad_transform", False):
            raise splitter.source.error(
                node,
                f"{_text(func)}: a derivative taken inside the differentiated function "
                'is not compiled; mode="auto" or mode="tape" computes it on the tape',
            )
        target, args, kwargs, callee_text = _unwrapped_partial(splitter, target, args, kwargs)
    primal = _call_text(callee_text, args, kwargs)
    target = _BUILTIN_PRIMITIVES.get(target, target) if _hashable(target) else target
    if target in (max, min) and len(args) == 1 and not kwargs:  # over one iterable
        target = max_of if target is max else min_of
    rule = lookup(target)
    if rule is not None and getattr(rule.definition, "calls_its_argument", False):
        why = f"{callee_text} calls the function it is given, which the compiler does not follow"
        return TapeCall(callee_text, args, kwargs, primal, why)
    if rule is not None and rule.definition is not None:  # np.cov: its NumPy definition
        return _user_call(splitter, node, rule.definition, args, kwargs, primal)
    if rule is not None and rule.nondiff and (target is len or target is int):
        return Plain(primal, names_of(*args, *kwargs.values()), scalar=True)
    if rule is not None:
        return splitter.prim(rule, primal, args, kwargs, node)
    if _is_user_function(target):
        return _user_call(splitter, node, target, args, kwargs, primal)
    module = getattr(target, "__module__", None) or ""
    if module == "builtins" or module.startswith("srcgrad."):  # sorted, map; list helpers
        return Plain(
            primal,
            names_of(*args, *kwargs.values()),
            False,
            f"{callee_text} has no derivative rule",
        )
    if _makes_objects(target):
        why = (
            f"{callee_text} is a class: the compiler does not follow gradients into the "
            "attributes of its objects"
        )
        return TapeCall(callee_text, args, kwargs, primal, why, island=False)
    return TapeCall(
        callee_text, args, kwargs, primal, f"{callee_text} has no derivative rule and no source"
    )


def _makes_objects(target) -> bool:
    """A class whose instances are neither arrays nor numbers: a tape island could not
    return one (its attributes would hold the gradient)."""
    return inspect.isclass(target) and not issubclass(
        target, (np.ndarray, np.generic, numbers.Number)
    )


def _unwrapped_partial(splitter, partial, args, kwargs):
    """A call of ``functools.partial(f, a, k=v)`` as the call ``f(a, ..., k=v, ...)``: the
    values the partial holds are constants of the generated code."""
    bound = [_constant_atom(splitter, value, "bound") for value in partial.args]
    keywords = {
        key: _constant_atom(splitter, value, key) for key, value in partial.keywords.items()
    }
    keywords.update(kwargs)
    name = getattr(partial.func, "__name__", "")
    callee = splitter.constant(partial.func, name if name.isidentifier() else "function")
    return partial.func, [*bound, *args], keywords, callee


def _constant_atom(splitter, value, hint):
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    return splitter.constant(value, hint)


def _unrollable_reduce(node) -> bool:
    """``functools.reduce(f, [a, b, ...])`` (or with an initial value) over a list or
    tuple written out in the call, with ``f`` a name or dotted name."""
    if node.keywords or len(node.args) not in (2, 3):
        return False
    function, items = node.args[0], node.args[1]
    return (
        isinstance(function, (gast.Name, gast.Attribute))
        and isinstance(items, (gast.List, gast.Tuple))
        and not any(isinstance(item, gast.Starred) for item in items.elts)
        and len(items.elts) + len(node.args) > 3  # something to reduce
    )


def _unrolled_reduce(node):
    """``reduce(f, [a, b, c])`` as ``f(f(a, b), c)``: each call then has its own rule."""
    function, items = node.args[0], list(node.args[1].elts)
    total = node.args[2] if len(node.args) == 3 else items.pop(0)
    for item in items:
        call = gast.Call(func=function, args=[total, item], keywords=[])
        total = gast.copy_location(call, node)
    return total


def _global_owner(splitter, func):
    """The object ``obj`` in ``obj.method(...)`` when it is a global or closure variable
    that is not an array (a model, a distribution): known when the code is transformed."""
    root = _root(func)
    if not isinstance(root, gast.Name) or root.id in splitter.locals:
        return None
    owner = splitter.resolver.resolve_expr(func.value)
    if splitter.resolver.is_missing(owner) or isinstance(owner, (np.ndarray, np.generic)):
        return None
    return owner


def _global_method_call(splitter, node, func, owner, hint):
    """``model.forward(x)`` on a global object: its method's source is compiled, with the
    object as a constant first argument; a method without source runs on the tape."""
    method = getattr(owner, func.attr, None)
    splitter.name(_root(func))
    args = [splitter.atom(a, "arg") for a in node.args]
    kwargs = {k.arg: splitter.atom(k.value, k.arg) for k in node.keywords}
    if inspect.ismethod(method) and _is_user_function(method.__func__):
        self_name = splitter.constant(method.__self__, f"{func.attr}_self")
        primal = _call_text(_text(func), args, kwargs)
        return _user_call(splitter, node, method.__func__, [self_name, *args], kwargs, primal)
    callee = splitter.constant(method, func.attr)
    why = f"{_text(func)} is a method with no derivative rule and no source"
    return TapeCall(callee, args, kwargs, _call_text(callee, args, kwargs), why)


_BINARY = {
    operator.add: gast.Add,
    operator.sub: gast.Sub,
    operator.mul: gast.Mult,
    operator.truediv: gast.Div,
    operator.floordiv: gast.FloorDiv,
    operator.mod: gast.Mod,
    operator.pow: gast.Pow,
    operator.matmul: gast.MatMult,
}
_UNARY = {operator.neg: gast.USub, operator.pos: gast.UAdd}


def _as_operator(node, target):
    """The expression ``operator.mul(a, b)`` (and the like) stands for: ``a * b``."""
    if not _hashable(target) or node.keywords:
        return None
    if target in _BINARY and len(node.args) == 2:
        expr = gast.BinOp(node.args[0], _BINARY[target](), node.args[1])
    elif target in _UNARY and len(node.args) == 1:
        expr = gast.UnaryOp(_UNARY[target](), node.args[0])
    elif target is operator.getitem and len(node.args) == 2:
        expr = gast.Subscript(node.args[0], node.args[1], gast.Load())
    else:
        return None
    return gast.copy_location(expr, node)


def _primitive_of(target):
    """For ``SomeFunction.apply`` (a custom Function of the tape), the plain function
    standing for it in compiled code, with the class's backward as its rule; else None."""
    owner = getattr(target, "__self__", None)
    if not inspect.isclass(owner) or getattr(target, "__name__", "") != "apply":
        return None
    make = getattr(owner, "srcgrad_primitive", None)
    return make() if callable(make) else None


def _method_call(splitter, node, func):
    obj = splitter.atom(func.value, "obj")
    args = [splitter.atom(a, "arg") for a in node.args]
    kwargs = {k.arg: splitter.atom(k.value, k.arg) for k in node.keywords}
    primal = _call_text(f"{obj}.{func.attr}", args, kwargs)
    if (func.attr in _VALUE_METHODS or func.attr in ARRAY_METHODS) and obj not in (
        splitter.arrays
    ):
        # An array method's rule is right only for arrays: checked when the code runs.
        where = f"{splitter.source.filename}:{splitter.source.file_line(node)}"
        check = f"runtime.require_array({obj}, {func.attr!r}, {where!r})"
        splitter.emit(ExprStmt(check, names_of(obj), splitter.line))
    if func.attr in _VALUE_METHODS and not args and not kwargs:
        return Copy(obj, primal)
    if func.attr in ARRAY_METHODS:
        if func.attr in _SHAPE_METHODS and len(args) > 1:
            args = ["(" + ", ".join(args) + ")"]
        rule = lookup(ARRAY_METHODS[func.attr])
        if rule is not None:
            return splitter.prim(rule, primal, [obj, *args], kwargs, node)
    return Plain(
        primal,
        names_of(obj, *args, *kwargs.values()),
        False,
        f"the method .{func.attr}() has no derivative rule",
    )


def _user_call(splitter, node, function, args, kwargs, primal):
    signature = inspect.signature(function)
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise splitter.source.error(
                node, f"{function.__name__} takes *args or **kwargs, which cannot be transformed"
            )
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as err:
        raise splitter.source.error(node, f"call of {function.__name__}: {err}") from None
    atoms = []
    for name, param in signature.parameters.items():
        if name in bound.arguments:
            atoms.append(bound.arguments[name])
        else:
            atoms.append(_default_atom(splitter, function, name, param.default))
    return UserCall(None, function, atoms, primal)


def _local_call(splitter, node, name):

    return lifted_call(splitter, node, name)


def _default_atom(splitter, function, name, default):
    if isinstance(default, (int, float, bool, str, type(None))):
        return repr(default)
    return splitter.constant(default, f"{function.__name__}_{name}_default")


def _is_user_function(value) -> bool:
    if not inspect.isfunction(value):
        return False
    module = getattr(value, "__module__", "") or ""
    if module in ("srcgrad.nn.functional", "srcgrad.generated") or module.startswith(
        "srcgrad.rules"
    ):  # plain NumPy code: functional layers, rules, and generated gradients
        return True
    return not (module == "numpy" or module.startswith(("numpy.", "srcgrad.")))


def _is_static_path(splitter, node) -> bool:
    root = node
    while isinstance(root, gast.Attribute):
        root = root.value
    if not isinstance(root, gast.Name) or root.id in splitter.locals:
        return False
    value = splitter.resolver.lookup(root.id)
    if inspect.ismodule(value) or inspect.isclass(value):
        return True
    return _method_with_rule(splitter, node) is not None


def _method_with_rule(splitter, node):
    """The bound method ``obj.name`` denotes when ``obj`` is a global object (not a module
    or class) and the method has a rule, else None: ``norm.logpdf`` after ``from
    scipy.stats import norm``, ``scipy.stats.norm.cdf`` (the same bound method whenever it
    is looked up)."""
    root = _root(node)
    if not isinstance(node, gast.Attribute) or not isinstance(root, gast.Name):
        return None
    if root.id in splitter.locals:
        return None
    owner = splitter.resolver.resolve_expr(node.value)
    if splitter.resolver.is_missing(owner):
        return None
    method = getattr(owner, node.attr, None)
    if method is None or not _hashable(method) or lookup(method) is None:
        return None
    return method


def _root(node):
    while isinstance(node, gast.Attribute):
        node = node.value
    return node


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _call_text(callee, args, kwargs):
    parts = list(args) + [f"{k}={v}" for k, v in kwargs.items()]
    return f"{callee}({', '.join(parts)})"


def _text(node):

    return unparse(node)


__all__ = ["split_call"]
