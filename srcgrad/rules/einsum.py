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
subscripts string, one per operand. The interleaved form ``einsum(a, [0, 1], ...)`` is
not supported and says so.
"""

from __future__ import annotations

import string

import numpy as np

from .registry import vjp_rule_all


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


@vjp_rule_all(np.einsum, name="EinsumBackward0")
def einsum_all(g, ans, subscripts, *operands, **kwargs):
    if not isinstance(subscripts, str):
        raise NotImplementedError(
            "np.einsum: only the subscripts-string form has a derivative rule; "
            "write einsum('ij,jk->ik', a, b) instead of einsum(a, [0, 1], b, [1, 2])"
        )
    inputs, output = _parse(subscripts, [np.ndim(op) for op in operands])
    grads = [_operand_grad(g, output, inputs, operands, i) for i in range(len(operands))]
    return (None, *grads)
