"""Adam: gradient descent scaled by running estimates of the gradient's moments."""

from __future__ import annotations

import numpy as np

from ..tape import no_grad
from .optimizer import Optimizer

__all__ = ["Adam"]


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015), with the formulas of PyTorch's documentation.

    At step ``t`` (counting from 1) with gradient ``g`` of parameter ``p``::

        g   = g + weight_decay * p                   (L2 penalty added to the gradient)
        m   = beta1 * m + (1 - beta1) * g            (first moment, m_0 = 0)
        v   = beta2 * v + (1 - beta2) * g**2         (second moment, v_0 = 0)
        m^  = m / (1 - beta1**t)                     (the moments start at zero and are
        v^  = v / (1 - beta2**t)                      biased towards it; this undoes that)
        p   = p - lr * m^ / (sqrt(v^) + eps)

    >>> import srcgrad
    >>> w = srcgrad.tensor([1.0], requires_grad=True)
    >>> opt = srcgrad.optim.Adam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step(); w.data          # first step moves by lr * g / |g| = 0.1
    array([0.9])
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError(f"invalid Adam options lr={lr}, eps={eps}, ...")
        if not all(0.0 <= beta < 1.0 for beta in betas):
            raise ValueError(f"Adam betas must lie in [0, 1), got {betas}")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay)
        super().__init__(params, defaults)

    def step(self) -> None:
        """Update every parameter that has a gradient, in place."""
        with no_grad():
            for group in self.param_groups:
                beta1, beta2 = group["betas"]
                for p, grad, state in self._params_with_grad(group):
                    if group["weight_decay"]:
                        grad = grad + group["weight_decay"] * p.data
                    if not state:
                        state["step"] = 0
                        state["exp_avg"] = np.zeros_like(p.data)
                        state["exp_avg_sq"] = np.zeros_like(p.data)
                    state["step"] += 1
                    m, v, t = state["exp_avg"], state["exp_avg_sq"], state["step"]
                    m *= beta1
                    m += (1 - beta1) * grad
                    v *= beta2
                    v += (1 - beta2) * grad * grad
                    # p -= lr * (m / c1) / (sqrt(v / c2) + eps), with c_i = 1 - beta_i**t
                    m_hat = m / (1 - beta1**t)
                    v_hat = v / (1 - beta2**t)
                    p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
