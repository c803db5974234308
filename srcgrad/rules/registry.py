"""The table of derivative rules: one entry per primitive, shared by both engines.

A rule is plain NumPy code. For a primitive ``f`` with positional parameters
``(x, y, ...)`` the vector-Jacobian product for parameter ``x`` is written as::

    @vjp_rule(np.multiply, "x", name="MulBackward0")
    def multiply_x(g, ans, x, y):
        return unbroadcast(g * y, x)

``g`` is the gradient of the output, ``ans`` the output itself, and the remaining
parameters mirror the primitive's own signature (keyword options such as ``axis`` with
their defaults). The tape calls these functions at backward time; the compiler inlines a
rule whose body is a single ``return`` expression, or calls it otherwise. Because rules
are NumPy code, they also run on tape ``Tensor`` objects, which is how second derivatives
work.

Primitives whose gradient is a sequence (``np.concatenate`` takes a list) or whose
operands are variadic (``np.einsum``) register one function for all positional
parameters with :func:`vjp_rule_all`; it returns a tuple with one entry per positional
argument (``None`` where there is no gradient, a list for a list argument).

Forward mode reads the same entries for tangents (Jacobian-vector products). A tangent
rule gives the part of the output's tangent that comes from one parameter's tangent,
written as the differential of the output::

    @jvp_rule(np.multiply, "x")
    def multiply_dx(ans, dx, x, y):
        return dx * y

``ans`` is the output, ``d<param>`` the tangent of that parameter (shaped like it), and
the remaining parameters mirror the primitive's signature exactly as for ``vjp_rule``.
The result must have the output's shape (``broadcast_like(dx, ans)`` for ``x + y``).
The output's tangent is the sum of the rules of the parameters that have a tangent; a
parameter without one contributes nothing, so its rule is never called. A linear
primitive applies itself to the tangent (``np.reshape(dx, shape, order=order)``).

Variadic and sequence primitives register one function with :func:`jvp_rule_all`:
``fn(ans, tangents, *args, **kwargs)``, where ``tangents`` holds one entry per positional
argument: ``None`` where it has no tangent, and for a list argument a list with ``None``
for the elements that have none.

Forward mode can also carry a batch of tangents through one sweep: the tangent of ``x``
then has shape ``(B,) + np.shape(x)``, one tangent per row. A tangent rule is used on such
a batch only where the table says it is right there: :func:`elementwise_tangents` marks a
primitive whose tangent rules are elementwise expressions (they are applied to tangents
given the output's rank plus one), and :func:`batched_jvp_rule` /
:func:`batched_jvp_rule_all` register a form written for the batch axis. Every other rule
runs once per row. Both sit beside the primitive's other rules; ``batch_helpers.py`` has
what they share.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "Rule",
    "RULES",
    "vjp_rule",
    "vjp_rule_all",
    "jvp_rule",
    "jvp_rule_all",
    "batched_jvp_rule",
    "batched_jvp_rule_all",
    "elementwise_tangents",
    "nondifferentiable",
    "returns_view",
    "elementwise",
    "reduction",
    "defined_by",
    "returns_tuple",
    "user_rule",
    "lookup",
    "load_optional_rules",
    "primitive",
    "NoRuleError",
    "UnsupportedDerivative",
    "ComplexGradientError",
]


class NoRuleError(TypeError):
    """Raised when a primitive has no derivative rule."""


class UnsupportedDerivative(NotImplementedError, TypeError, ValueError):
    """Raised by a rule for a case of its primitive that srcgrad does not differentiate
    (``np.linalg.qr(mode="complete")``, a complex value where only real ones have rules).
    Raised where generated code runs, it names the user's line."""


class ComplexGradientError(UnsupportedDerivative):
    """A real argument's derivative would pass through complex intermediates, whose
    derivatives srcgrad's rules do not follow."""


@dataclass
class Rule:
    """Everything both engines need to differentiate one primitive."""

    primitive: Callable
    name: str
    # The primitive's parameters after (g, ans), in order, taken from the first rule.
    params: tuple[str, ...] = ()
    # The name of a ``*args`` parameter among ``params`` (``np.gradient``'s spacings), if any.
    variadic: str | None = None
    # Parameter name -> vjp function for that parameter.
    grads: dict[str, Callable] = field(default_factory=dict)
    # One function returning a gradient for every positional argument, or None.
    all_grads: Callable | None = None
    # True for primitives whose output carries no gradient (comparisons, sign, ...).
    nondiff: bool = False
    # True for primitives whose result may share memory with their first argument (a
    # view: reshape, transpose, ...), so that a write into one shows in the other.
    view: bool = False
    # For a view that only some calls make: the parameter that, True or left out, makes the
    # result a new array (``np.array(a, copy=False)`` is ``a`` itself, ``np.array(a)`` a copy).
    view_unless: str | None = None
    # True for primitives whose output has the broadcast shape of their array operands
    # (ufuncs are so by definition; ``np.where``, ``np.clip`` are declared).
    elementwise: bool = False
    # True for reductions that give one number when called without ``axis`` and
    # ``keepdims`` (``np.sum``, ``np.var``...).
    reduction: bool = False
    # A plain NumPy function computing the primitive from others that have rules; both
    # engines differentiate it in place of a rule (see rules/definitions.py).
    definition: Callable | None = None
    # Parameters read only for their shape: no derivative flows through them.
    shape_params: frozenset = frozenset()
    # True when the primitive returns a tuple of arrays (``np.linalg.eigh``): its ``g`` is
    # a sequence with one entry per output (None for an output that got no gradient).
    tuple_output: bool = False
    # The field names of that tuple when it is a named tuple (``("eigenvalues", ...)``).
    output_fields: tuple[str, ...] = ()
    # Parameter name -> tangent function for that parameter (forward mode).
    tangents: dict[str, Callable] = field(default_factory=dict)
    # One function giving the output's tangent from every positional tangent, or None.
    all_tangents: Callable | None = None
    # Over a batch of tangents (leading axis): parameter name -> tangent function, and one
    # function for every positional tangent; a parameter without one runs once per row.
    batched_tangents: dict[str, Callable] = field(default_factory=dict)
    batched_all_tangents: Callable | None = None
    # The functions of ``tangents`` declared elementwise expressions of their inputs
    # (ufuncs, arithmetic, ``np.where``) returning the output's shape: each is right on a
    # batch whose tangent is given the output's rank plus one. A rule registered later
    # is not among them.
    elementwise_tangents: frozenset = frozenset()
    # Optional callable(*args, **kwargs) -> str giving a more specific backward name
    # (``MvBackward0`` rather than ``MmBackward0`` for matrix @ vector, say).
    name_for: Callable | None = None
    # A rule that states the user's choice rather than the function's derivative (the
    # user's custom_vjp, custom_jvp or autograd.Function; stop_gradient's zero): finite
    # differences cannot check it, so the table's tests leave it to its author.
    user: bool = False
    # Rules right for complex values too, under the convention of docs/complex.md: the
    # gradient held for z = a + ib is dL/da + i dL/db. Without it a complex value or
    # gradient reaching the primitive is refused. ``complex_grads`` / ``complex_tangents``
    # replace rules whose real form is not right for complex values (see complex_table.py).
    complex_ok: bool = False
    complex_grads: dict[str, Callable] = field(default_factory=dict)
    complex_all_grads: Callable | None = None
    complex_tangents: dict[str, Callable] = field(default_factory=dict)
    complex_all_tangents: Callable | None = None
    # True when calling the primitive means the code computes with complex numbers
    # (``np.fft.fft``, ``np.real``): the compiler then uses the complex forms of the rules.
    complex_signal: bool = False

    def backward_name(self, args, kwargs) -> str:
        if self.name_for is not None:
            return self.name_for(*args, **kwargs)
        return self.name

    def argnum(self, param: str) -> int:
        return self.params.index(param)


RULES: dict[object, Rule] = {}


def _entry(primitive, name: str | None) -> Rule:
    rule = RULES.get(primitive)
    if rule is None:
        default = name or f"{getattr(primitive, '__name__', 'Op').capitalize()}Backward0"
        rule = RULES[primitive] = Rule(primitive, default)
    elif name is not None:
        rule.name = name
    return rule


def _variadic(fn: Callable) -> str | None:
    for name, param in inspect.signature(fn).parameters.items():
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            return name
    return None


def _params_after_g_ans(fn: Callable) -> tuple[str, ...]:
    names = list(inspect.signature(fn).parameters)
    if names[:2] != ["g", "ans"]:
        raise TypeError(f"rule {fn.__name__} must start with parameters (g, ans, ...)")
    return tuple(names[2:])


def vjp_rule(primitive, param: str, *, name: str | None = None, name_for=None):
    """Register ``fn(g, ans, *primitive_params)`` as the gradient for ``param``."""

    def register(fn):
        rule = _entry(primitive, name)
        params = _params_after_g_ans(fn)
        if param not in params:
            raise TypeError(f"rule {fn.__name__} has no parameter {param!r}")
        if rule.params and rule.params != params:
            raise TypeError(f"rule {fn.__name__} disagrees with {rule.params} on parameters")
        rule.params = params
        rule.variadic = _variadic(fn)
        rule.grads[param] = fn
        if name_for is not None:
            rule.name_for = name_for
        return fn

    return register


def vjp_rule_all(primitive, *, name: str | None = None, name_for=None):
    """Register ``fn(g, ans, *args, **kwargs)`` returning one gradient per positional arg."""

    def register(fn):
        rule = _entry(primitive, name)
        rule.all_grads = fn
        if name_for is not None:
            rule.name_for = name_for
        return fn

    return register


def jvp_rule(primitive, param: str):
    """Register ``fn(ans, d<param>, *primitive_params)`` as the tangent part from ``param``."""

    def register(fn):
        rule = _entry(primitive, None)
        names = list(inspect.signature(fn).parameters)
        if names[:2] != ["ans", "d" + param]:
            raise TypeError(f"tangent rule {fn.__name__} must start with (ans, d{param}, ...)")
        params = tuple(names[2:])
        if param not in params:
            raise TypeError(f"tangent rule {fn.__name__} has no parameter {param!r}")
        if rule.params and rule.params != params:
            raise TypeError(f"rule {fn.__name__} disagrees with {rule.params} on parameters")
        rule.params = params
        rule.variadic = _variadic(fn)
        rule.tangents[param] = fn
        return fn

    return register


def jvp_rule_all(primitive):
    """Register ``fn(ans, tangents, *args, **kwargs)`` giving the output's whole tangent."""

    def register(fn):
        names = list(inspect.signature(fn).parameters)
        if names[:2] != ["ans", "tangents"]:
            raise TypeError(f"tangent rule {fn.__name__} must start with (ans, tangents, ...)")
        _entry(primitive, None).all_tangents = fn
        return fn

    return register


def batched_jvp_rule(primitive, param: str):
    """Register ``fn(ans, d<param>, *primitive_params)`` as the tangent part from ``param``
    over a batch: ``d<param>`` has shape ``(B,) + np.shape(param)``, the result
    ``(B,) + np.shape(ans)``."""

    def register(fn):
        rule = _entry(primitive, None)
        names = list(inspect.signature(fn).parameters)
        if names[:2] != ["ans", "d" + param] or tuple(names[2:]) != rule.params:
            raise TypeError(
                f"batched tangent rule {fn.__name__} must take (ans, d{param}, "
                f"{', '.join(rule.params)}), as the tangent rule does"
            )
        rule.batched_tangents[param] = fn
        return fn

    return register


def batched_jvp_rule_all(primitive):
    """Register ``fn(ans, tangents, *args, **kwargs)`` as the whole tangent over a batch."""

    def register(fn):
        names = list(inspect.signature(fn).parameters)
        if names[:2] != ["ans", "tangents"]:
            raise TypeError(f"tangent rule {fn.__name__} must start with (ans, tangents, ...)")
        _entry(primitive, None).batched_all_tangents = fn
        return fn

    return register


def elementwise_tangents(*primitives, params=None) -> None:
    """Declare the tangent rules of ``primitives`` (those of ``params`` only, if given)
    elementwise expressions (see ``Rule.elementwise_tangents``)."""
    for primitive in primitives:
        rule = _entry(primitive, None)
        names = rule.tangents if params is None else params
        if not names or any(name not in rule.tangents for name in names):
            raise TypeError(f"{rule.name} has no tangent rule for {names}")
        declared = {rule.tangents[name] for name in names}
        rule.elementwise_tangents = rule.elementwise_tangents | declared


def user_rule(primitive) -> None:
    """Mark ``primitive``'s rule as written by the user (see ``Rule.user``)."""
    _entry(primitive, None).user = True


def nondifferentiable(*primitives) -> None:
    """Declare primitives whose output is piecewise constant (its gradient is zero)."""
    for primitive in primitives:
        _entry(primitive, None).nondiff = True


def defined_by(primitive):
    """Register ``fn`` as the NumPy definition both engines differentiate for ``primitive``."""

    def register(fn):
        _entry(primitive, None).definition = fn
        return fn

    return register


def returns_view(*primitives, unless: str | None = None) -> None:
    """Declare primitives whose result may be a view of (share memory with) an argument;
    with ``unless``, only when that parameter is passed and is not True (``copy=False``)."""
    for primitive in primitives:
        rule = _entry(primitive, None)
        rule.view, rule.view_unless = True, unless


def elementwise(*primitives) -> None:
    """Declare non-ufunc primitives whose output has the broadcast shape of their operands."""
    for primitive in primitives:
        _ruled(primitive).elementwise = True


def reduction(*primitives) -> None:
    """Declare reductions that give one number without ``axis`` and ``keepdims``."""
    for primitive in primitives:
        _ruled(primitive).reduction = True


def _ruled(primitive) -> Rule:
    """The entry of a primitive whose rules are already registered (a fact about a
    primitive with no rule would make an entry that claims a rule)."""
    if primitive not in RULES:
        raise LookupError(f"{primitive!r} has no rule yet: register its rules first")
    return RULES[primitive]


def returns_tuple(primitive, fields=()) -> None:
    """Declare that ``primitive`` returns a tuple (or a list: ``np.split``) of arrays;
    ``fields``: the names of a named tuple's fields, in order (``result.eigenvalues`` is
    ``result[0]``)."""
    rule = _entry(primitive, None)
    rule.tuple_output = True
    rule.output_fields = tuple(fields)


def shape_only(primitive, *params) -> None:
    """Declare parameters of ``primitive`` that it reads only for their shape."""
    rule = _entry(primitive, None)
    rule.shape_params = rule.shape_params | frozenset(params)


def lookup(primitive) -> Rule | None:
    """The rule for ``primitive``, or None. Never invents a zero gradient.

    SciPy's rules are registered on the first lookup that misses once the program has
    imported SciPy itself (srcgrad never imports it first); see ``scipy_rules.py``.
    """
    try:
        rule = RULES.get(primitive)
    except TypeError:  # unhashable callables
        return None
    if rule is None and not _optional_loaded and "scipy" in sys.modules:
        load_optional_rules()
        rule = RULES.get(primitive)
    return rule


_optional_loaded = False
_optional_lock = threading.Lock()


def load_optional_rules() -> bool:
    """Register the rules for optional libraries (SciPy) that are installed; True when
    SciPy's are registered. Importing SciPy here is the caller's choice: :func:`lookup`
    calls this only once the program has imported SciPy."""
    global _optional_loaded
    with _optional_lock:
        try:
            from . import scipy_rules  # noqa: F401  (registers its rules)
        except ImportError:
            return False
        finally:
            _optional_loaded = True
    return True


def primitive(fn: Callable) -> Callable:
    """Make a plain NumPy helper a primitive that both engines can record.

    Rules sometimes need an operation that is not a NumPy function (scatter-adding a
    gradient into zeros, say). Such a helper is wrapped here: on arrays it just runs; when
    any argument (or an element of a list argument) is an object whose type defines
    ``__srcgrad_primitive__`` (the tape's ``Tensor``), the call is handed to that hook as
    ``hook(primitive, args, kwargs)`` so it is recorded like any NumPy call. The helper then
    needs rules of its own, registered as for any primitive.
    """

    @functools.wraps(fn)
    def dispatching(*args, **kwargs):
        for arg in args:
            hook = _primitive_hook(arg)
            if hook is None and isinstance(arg, (list, tuple)):
                hook = next(filter(None, map(_primitive_hook, arg)), None)
            if hook is not None:
                return hook(dispatching, args, kwargs)
        return fn(*args, **kwargs)

    dispatching.implementation = fn
    return dispatching


def _primitive_hook(value):
    return getattr(type(value), "__srcgrad_primitive__", None)
