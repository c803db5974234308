"""The rule for ``np.einsum(subscripts, *operands)``.

The gradient for operand ``i`` is itself an einsum: contract the output gradient with the
other operands, producing operand ``i``'s subscripts. Three details make that exact:

- labels that only operand ``i`` has (summed in the forward pass) get the gradient
  broadcast along them;
- a label repeated within operand ``i`` (``"ii->"``, a diagonal) puts the gradient on
  that diagonal and zeros elsewhere;
- ``...`` and length-1 axes broadcast against other operands are summed back.

Subscripts are strings, explicit (``"ij,jk->ik"``) or implicit (``"ij,jk"``), with or
without ``...``. The rule returns ``(None, grad_0, grad_1, ...)``: no gradient for the
subscripts string, one per operand. The interleaved form ``einsum(a, [0, 1], b, [1, 2],
[0, 2])`` is first spelled as a string (:func:`as_subscripts`); its gradients then sit
at the operands' positions, with None for the label lists.
"""

from __future__ import annotations

import string

import numpy as np

from .registry import jvp_rule_all, vjp_rule_all


def _parse(subscripts, ndims):
    """Explicit per-operand and output labels, with ``...`` spelled out as letters."""
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    inputs = inputs.split(",")
    unused = [c for c in string.ascii_letters if c not in subscripts]
    ellipsis_ndim = max(
        (n - len(s) + 3 for s, n in zip(inputs, ndims, strict=True) if "..." in s),
        default=0,
    )
    ellipsis = "".join(unused[:ellipsis_ndim])
    spelled = []
    for labels, ndim in zip(inputs, ndims, strict=True):
        if "..." in labels:
            own = ndim - len(labels) + 3
            labels = labels.replace("...", ellipsis[ellipsis_ndim - own :])
        spelled.append(labels)
    if arrow:
        output = output.replace("...", ellipsis)
    else:
        letters = "".join(inputs).replace(".", "")
        output = ellipsis + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    return spelled, output


def _operand_grad(g, output, inputs, operands, i):
    labels = inputs[i]
    operand = operands[i]
    others = inputs[:i] + inputs[i + 1 :]
    available = set(output).union(*others)
    unique = "".join(dict.fromkeys(labels))
    kept = "".join(c for c in unique if c in available)
    spec = ",".join([output, *others]) + "->" + kept
    grad = np.einsum(spec, g, *operands[:i], *operands[i + 1 :])
    size = {c: n for c, n in zip(labels, np.shape(operand), strict=True)}
    # Sum axes that were length 1 in this operand but broadcast against another.
    broadcast = tuple(k for k, c in enumerate(kept) if size[c] == 1 and np.shape(grad)[k] != 1)
    if broadcast:
        grad = np.sum(grad, axis=broadcast, keepdims=True)
    # Labels only this operand has: the gradient is constant along them.
    missing = tuple(k for k, c in enumerate(unique) if c not in available)
    if missing:
        grad = np.broadcast_to(np.expand_dims(grad, missing), [size[c] for c in unique])
    if len(unique) == len(labels):
        return grad
    # Repeated labels: place the gradient on the diagonal through identity matrices.
    fresh = iter(c for c in string.ascii_letters if c not in output + "".join(inputs))
    full, eyes, eye_specs = "", [], []
    for c in labels:
        if c in full:
            twin = next(fresh)
            eyes.append(np.eye(size[c], dtype=bool))
            eye_specs.append(c + twin)
            c = twin
        full += c
    return np.einsum(",".join([unique, *eye_specs]) + "->" + full, grad, *eyes)


def _letters(labels):
    return "".join("..." if label is Ellipsis else string.ascii_letters[label] for label in labels)


def as_subscripts(first, rest, tangents=None):
    """The string form of an einsum call ``einsum(first, *rest)``: ``(subscripts, operands,
    tangents)``, with ``tangents`` (one per argument, or None) rearranged to match.

    >>> as_subscripts(np.ones((2, 3)), ([0, 1], [1, 0]))[0]
    'ab->ba'
    """
    if isinstance(first, str):
        return first, tuple(rest), tangents
    args = (first, *rest)
    pairs = len(args) // 2
    operands = tuple(args[0 : 2 * pairs : 2])
    inputs = ",".join(_letters(labels) for labels in args[1 : 2 * pairs : 2])
    subscripts = inputs + ("->" + _letters(args[-1]) if len(args) % 2 else "")
    if tangents is not None:
        tangents = (None, *tangents[0 : 2 * pairs : 2])
    return subscripts, operands, tangents


@vjp_rule_all(np.einsum, name="EinsumBackward0")
def einsum_all(g, ans, subscripts, *operands, **kwargs):
    interleaved = not isinstance(subscripts, str)
    subscripts, operands, _ = as_subscripts(subscripts, operands)
    inputs, output = _parse(subscripts, [np.ndim(op) for op in operands])
    grads = [_operand_grad(g, output, inputs, operands, i) for i in range(len(operands))]
    if interleaved:  # operand i sat at position 2 i, its labels after it
        return tuple(item for grad in grads for item in (grad, None))
    return (None, *grads)


@jvp_rule_all(np.einsum)
def einsum_tangent(ans, tangents, subscripts, *operands, **kwargs):
    subscripts, operands, tangents = as_subscripts(subscripts, operands, tangents)
    # Linear in each operand: one einsum per operand that has a tangent, summed.
    total = np.zeros(np.shape(ans), dtype=np.result_type(ans, float))
    for i, t in enumerate(tangents[1:]):
        if t is not None:
            swapped = operands[:i] + (t,) + operands[i + 1 :]
            total = total + np.einsum(subscripts, *swapped, **kwargs)
    return total
