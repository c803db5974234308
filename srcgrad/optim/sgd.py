"""Stochastic gradient descent with momentum, Nesterov momentum and weight decay."""

from __future__ import annotations

from ..tape import no_grad
from .optimizer import Optimizer

__all__ = ["SGD"]


class SGD(Optimizer):
    """Gradient descent, one step per call of :meth:`step`.

    With gradient ``g_t`` of parameter ``p`` at step ``t`` (the formulas of PyTorch's
    documentation)::

        g_t = g_t + weight_decay * p                      (L2 penalty weight_decay/2 |p|^2)
        b_1 = g_1;  b_t = momentum * b_{t-1} + (1 - dampening) * g_t     (t > 1)
        d_t = g_t + momentum * b_t  if nesterov  else  b_t   (d_t = g_t when momentum = 0)
        p   = p - lr * d_t

    >>> import srcgrad
    >>> w = srcgrad.tensor([1.0], requires_grad=True)
    >>> opt = srcgrad.optim.SGD([w], lr=0.1)
    >>> (w * w).sum().backward()   # dw = 2 w = 2
    >>> opt.step(); w.data          # 1 - 0.1 * 2
    array([0.8])
    """

    def __init__(
        self,
        params,
        lr: float,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        dampening: float = 0.0,
    ):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError(f"invalid SGD options lr={lr}, momentum={momentum}, ...")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum needs momentum > 0 and dampening = 0")
        defaults = dict(
            lr=lr,
            momentum=momentum,
            weight_decay=weight_decay,
            nesterov=nesterov,
            dampening=dampening,
        )
        super().__init__(params, defaults)

    def step(self) -> None:
        """Update every parameter that has a gradient, in place."""
        with no_grad():
            for group in self.param_groups:
                momentum = group["momentum"]
                for p, grad, state in self._params_with_grad(group):
                    if group["weight_decay"]:
                        grad = grad + group["weight_decay"] * p.data
                    if momentum:
                        buf = state.get("momentum_buffer")
                        if buf is None:
                            buf = state["momentum_buffer"] = grad.copy()
                        else:
                            buf *= momentum
                            buf += (1 - group["dampening"]) * grad
                        grad = grad + momentum * buf if group["nesterov"] else buf
                    p.data -= group["lr"] * grad
