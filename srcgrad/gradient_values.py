"""What goes into and comes out of a gradient call: the parameters ``wrt`` names, the
arguments it refuses, the seed of the output, and the gradients, each given the type and
shape of its argument."""

from __future__ import annotations

import inspect

import numpy as np

from .arrays import is_other_array
from .compiler.runtime.tracebacks import add_user_location
from .result_checks import refuse_complex, refuse_complex_argument, where
from .rules.helpers import size_of

__all__ = [
    "check_cotangents",
    "check_wrt_values",
    "like",
    "located",
    "not_scalar",
    "qualname",
    "scalar_output",
    "seed_for",
    "split_aux",
    "typed",
    "with_notes",
    "wrt_names",
]


def wrt_names(fn, signature, wrt) -> tuple[tuple[str, ...], bool]:
    """``(names, argnums)``: the parameters ``wrt`` names, or ``((), True)`` when it gives
    integers and ``fn`` takes ``*args``: then they count positional arguments (JAX's
    ``argnums``), resolved at each call."""
    parameters = list(signature.parameters.values()) if signature is not None else []
    params = [p.name for p in parameters]
    kinds = [p.kind for p in parameters]
    collecting = {p.name for p in parameters if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    if wrt is None:
        return tuple(p for p in params if p not in collecting), False
    items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
    if (
        inspect.Parameter.VAR_POSITIONAL in kinds
        and all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in items)
        and all(k != inspect.Parameter.KEYWORD_ONLY for k in kinds)
    ):
        return (), True
    names = []
    for item in items:
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -len(params) <= item < len(params):
                raise ValueError(
                    f"wrt={item} names no argument: {qualname(fn)} takes "
                    f"{len(params)} ({', '.join(params)})"
                )
            names.append(params[item])
        elif isinstance(item, str) and item in params:
            names.append(item)
        else:
            raise ValueError(
                f"wrt={item!r} names no argument of {qualname(fn)}; its arguments are "
                f"({', '.join(params)})"
            )
    for name in names:
        if name in collecting:
            raise ValueError(
                f"wrt names {name!r}, which collects several arguments of "
                f"{qualname(fn)}; a gradient is taken with respect to one argument"
            )
    return tuple(names), False


def split_aux(gradient, out):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(
            f"{qualname(gradient.fn)} was differentiated with has_aux=True, so it must "
            f"return a pair (output, aux); it returned {type(out).__name__}"
        )
    return out[0], out[1]


def not_scalar(gradient, out):
    if isinstance(out, (tuple, list)):
        code = getattr(gradient.fn, "__code__", None)
        where = f" ({code.co_filename}:{code.co_firstlineno})" if code else ""
        return ValueError(
            f"{qualname(gradient.fn)}{where} returned a {type(out).__name__} of {len(out)} "
            "outputs; grad needs one scalar output. Use out, back = srcgrad.vjp(f, *args) "
            f"and call back with one gradient per output (a tuple of {len(out)}; None for an "
            "output you do not differentiate), or return one scalar (their sum, say)."
        )
    return ValueError(
        f"{qualname(gradient.fn)} returned an output of shape {np.shape(out)}; "
        "grad needs a scalar output (a number or a size-1 array). For other outputs use "
        "srcgrad.vjp(f, *args) and pass the output's gradient."
    )


def check_cotangents(fn, out, output_grad):
    """A function returning several outputs takes one gradient per output."""
    if not isinstance(output_grad, (tuple, list)) or len(output_grad) != len(out):
        given = (
            f"{len(output_grad)} gradients"
            if isinstance(output_grad, (tuple, list))
            else f"a {type(output_grad).__name__}"
        )
        raise ValueError(
            f"{qualname(fn)} returned {len(out)} outputs, so its vjp takes one gradient per "
            f"output (a tuple of {len(out)}; None for an output you do not differentiate), "
            f"not {given}"
        )


def scalar_output(gradient, out):
    """``(out, seed)``: the output of a ``grad`` (an array copied, so that the value returned
    is not one the backward pass holds) and the output gradient 1 in its type; raises
    where the output is not a scalar."""
    if isinstance(out, (tuple, list)) or size_of(out) != 1:
        raise not_scalar(gradient, out)
    out = np.copy(out) if isinstance(out, np.ndarray) else out
    return out, seed_for(out)


def seed_for(out):
    """The output gradient 1, in the output's type (float for an integer output)."""
    if isinstance(out, np.ndarray):
        return np.ones_like(out, dtype=out.dtype if out.dtype.kind in "fc" else np.float64)
    if isinstance(out, np.generic):
        return np.ones((), dtype=out.dtype if out.dtype.kind in "fc" else np.float64)[()]
    return 1.0


def with_notes(err) -> str:
    return " ".join([str(err), *getattr(err, "__notes__", ())])


def located(backward):
    """``backward``, with a note naming the user's line on any exception it raises."""

    def backward_located(output_grad):
        try:
            return backward(output_grad)
        except Exception as err:
            raise add_user_location(err) from None

    return backward_located


def typed(backward, values, positions, fn):
    """Gradients in the type and shape of their arguments."""

    def backward_typed(output_grad):
        try:
            grads = backward(output_grad)
        except Exception as err:  # raised in a backward pass: say whose derivative it is
            if not any(note.startswith("srcgrad:") for note in getattr(err, "__notes__", ())):
                err.add_note(f"srcgrad: raised in the derivative of {where(fn)}")
            raise
        return tuple(like(g, values[i], fn) for g, i in zip(grads, positions))

    return backward_typed


def like(gradient, value, fn):
    """``gradient`` in the type and shape of ``value``, the argument it is the gradient of."""
    if type(gradient) is float and type(value) is float:
        return gradient
    refuse_complex_argument(value, fn)
    if is_other_array(gradient):  # dask, CuPy: shaped and typed lazily, never converted
        return _other_like(gradient, value)
    if isinstance(value, (list, tuple)) and isinstance(gradient, (list, tuple)):
        return type(value)(like(g, v, fn) for g, v in zip(gradient, value))
    if isinstance(value, dict) and isinstance(gradient, dict):
        return {key: like(gradient[key], item, fn) for key, item in value.items()}
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        refuse_complex(gradient, fn)
        return float(np.asarray(gradient).reshape(()))
    if isinstance(value, np.ndarray):
        gradient = np.asarray(gradient)
        if gradient.shape != value.shape:
            gradient = np.broadcast_to(gradient, value.shape).copy()
        if value.dtype.kind == "f" and gradient.dtype != value.dtype:
            refuse_complex(gradient, fn)
            gradient = gradient.astype(value.dtype)
        return gradient
    if isinstance(value, np.generic):
        if value.dtype.kind == "f":
            refuse_complex(gradient, fn)
        return np.asarray(gradient, dtype=value.dtype)[()]
    return gradient


def _other_like(gradient, value):
    """The gradient of ``value`` in ``gradient``'s array type (a NumPy parameter used with
    dask data gets a dask gradient): shape and dtype fixed without computing anything."""
    shape, dtype = np.shape(value), getattr(value, "dtype", None)
    if gradient.shape != shape:  # a number's gradient is 0-d, an array's broadcasts back
        gradient = np.reshape(gradient, ()) if shape == () else np.broadcast_to(gradient, shape)
    if dtype is not None and dtype.kind == "f" and gradient.dtype != dtype:
        gradient = gradient.astype(dtype)
    return gradient


def check_wrt_values(gradient, values):
    for position in gradient.positions:
        value = values[position]
        if type(value) is float:
            continue
        kind = getattr(getattr(value, "dtype", None), "kind", None)
        if kind is not None and kind in "biu":
            why = f"it is an array of dtype {value.dtype}, which carries no gradient. Pass a "
            why += f"float array (e.g. {gradient.params[position]}.astype(float))."
        elif kind is not None and kind in "OSUVMm":
            why = f"it is an array of dtype {value.dtype}, not of numbers. " + _NAME_THEM
        elif value is None or isinstance(value, (str, bytes, bool)):
            why = f"it is {type(value).__name__} {value!r:.40}, not a number or an array of "
            why += "floats. " + _NAME_THEM
        else:
            continue
        raise TypeError(
            f"cannot take the gradient of {qualname(gradient.fn)} with respect to "
            f"{gradient.params[position]!r}: {why}"
        )


_NAME_THEM = "Name the arguments to differentiate with wrt= (or argnums=)."


def qualname(fn) -> str:
    return getattr(fn, "__qualname__", repr(fn))
