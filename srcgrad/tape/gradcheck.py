"""``gradcheck``: compare the tape's Jacobian with central finite differences."""

from __future__ import annotations

import warnings

import numpy as np

from .engine import grad
from .grad_mode import no_grad
from .tensor import Tensor

__all__ = ["gradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """The analytical and numerical Jacobians disagree."""


def _outputs(value) -> tuple:
    values = value if isinstance(value, (tuple, list)) else (value,)
    return tuple(v for v in values if isinstance(v, Tensor))


def _data(values) -> list:
    return [np.array(v._data, dtype=np.float64) for v in values]


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True) -> bool:
    """True when ``fn``'s tape gradients match central differences for each input.

    ``inputs`` is a Tensor or a tuple of arguments; the float64 Tensors that require grad
    among them are checked. On a mismatch, raises :class:`GradcheckError` naming the
    input, the output element, and both values (or returns False when
    ``raise_exception=False``).

    >>> x = srcgrad.tensor([0.3, 1.2], requires_grad=True)
    >>> srcgrad.autograd.gradcheck(np.tanh, (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck expects at least one input tensor to require gradient")
    for i in checked:
        if inputs[i].dtype != np.float64:
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point "
                "(float64); finite differences will be inaccurate.",
                UserWarning,
                stacklevel=2,
            )
    outputs = _outputs(fn(*inputs))
    analytic = _analytic(outputs, [inputs[i] for i in checked])
    numeric = _numeric(fn, inputs, checked, outputs, eps)
    for slot, i in enumerate(checked):
        for o, output in enumerate(outputs):
            a, n = analytic[slot][o], numeric[slot][o]
            bad = np.abs(a - n) > atol + rtol * np.abs(n)
            if not bad.any():
                continue
            if not raise_exception:
                return False
            raise GradcheckError(_report(i, o, inputs[i], output, a, n, bad, atol, rtol))
    return True


def _analytic(outputs, wrt) -> list:
    """``jac[input][output][j, k]`` = d output_k / d input_j, one backward per k."""
    jac = [[np.zeros((x.size, out.size)) for out in outputs] for x in wrt]
    for o, out in enumerate(outputs):
        if not out.requires_grad:
            continue
        for k in range(out.size):
            seed = np.zeros(out.shape, dtype=out.dtype)
            seed.flat[k] = 1
            grads = grad(out, wrt, grad_outputs=seed, retain_graph=True, allow_unused=True)
            for slot, g in enumerate(grads):
                if g is not None:
                    jac[slot][o][:, k] = np.ravel(g.data)
    return jac


def _numeric(fn, inputs, checked, outputs, eps) -> list:
    jac = [[np.zeros((inputs[i].size, out.size)) for out in outputs] for i in checked]
    with no_grad():
        for slot, i in enumerate(checked):
            x = inputs[i]
            original = x.data
            try:
                for j in range(x.size):
                    shifted = original.copy()
                    shifted.flat[j] += eps
                    x.data = shifted
                    plus = _data(_outputs(fn(*inputs)))
                    shifted.flat[j] = original.flat[j] - eps
                    minus = _data(_outputs(fn(*inputs)))
                    for o, (p, m) in enumerate(zip(plus, minus, strict=True)):
                        jac[slot][o][j, :] = np.ravel(p - m) / (2 * eps)
            finally:
                x.data = original
    return jac


def _report(i, o, x, out, a, n, bad, atol, rtol) -> str:
    j, k = np.unravel_index(np.argmax(np.where(bad, np.abs(a - n), -1)), a.shape)
    where_in = np.unravel_index(j, x.shape) if x.ndim else ()
    where_out = np.unravel_index(k, out.shape) if out.ndim else ()
    tol = atol + rtol * abs(n[j, k])
    lines = [
        f"Jacobian mismatch for output {o} with respect to input {i}: "
        f"d output{list(map(int, where_out))} / d input{list(map(int, where_in))} is "
        f"{a[j, k]!r} on the tape (analytical) but {n[j, k]!r} by central differences "
        f"(numerical); |difference| = {abs(a[j, k] - n[j, k]):.3g} > atol + rtol*|numerical| "
        f"= {tol:.3g}. {int(bad.sum())} of {bad.size} entries disagree.",
    ]
    if a.size <= 100:
        lines += [f"numerical:\n{n}", f"analytical:\n{a}"]
    return "\n".join(lines)
