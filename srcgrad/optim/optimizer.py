"""The base class that every optimizer shares: parameter groups, per-parameter state."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["Optimizer"]


class Optimizer:
    """Holds parameter groups and per-parameter state; subclasses implement :meth:`step`.

    ``params`` is an iterable of tensors, or of dicts ``{"params": [...], "lr": ...}``
    that override the defaults for one group of parameters.

    >>> import srcgrad
    >>> w = srcgrad.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = srcgrad.optim.SGD([w], lr=0.1)
    >>> opt.param_groups[0]["lr"]
    0.1
    """

    def __init__(self, params: Iterable, defaults: dict):
        self.defaults = dict(defaults)
        self.param_groups: list[dict] = []
        # State per parameter, keyed by id(): tensors compare elementwise, so they are not
        # dict keys. Parameters stay alive in ``param_groups``, so ids are not reused.
        self.state: dict[int, dict] = {}
        items = list(params)
        if not items:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(items[0], dict):
            items = [{"params": items}]
        for group in items:
            self.add_param_group(group)

    def add_param_group(self, group: dict) -> None:
        """Add a group of parameters with its own options (missing ones take the defaults)."""
        params = group["params"]
        params = [params] if _is_tensor(params) else list(params)
        for p in params:
            if not _is_tensor(p) or not p.requires_grad:
                raise TypeError("optimizer can only optimize tensors with requires_grad=True")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append({**self.defaults, **group, "params": params})

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: set ``.grad`` to None (or fill it with zeros)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad.data[...] = 0

    def step(self) -> None:
        raise NotImplementedError

    def _params_with_grad(self, group: dict):
        """Yield ``(parameter, gradient array, state dict)`` for parameters that have a grad."""
        for p in group["params"]:
            if p.grad is not None:
                yield p, _array(p.grad), self.state.setdefault(id(p), {})


def _is_tensor(value) -> bool:
    from ..tape import Tensor

    return isinstance(value, Tensor)


def _array(value) -> np.ndarray:
    return value.data if _is_tensor(value) else np.asarray(value)
