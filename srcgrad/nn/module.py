"""``Module``: a container of parameters and sub-modules with a ``forward`` method."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from .parameter import Parameter

__all__ = ["Module", "ModuleList", "Sequential"]


class Module:
    """Base class of layers and models.

    Parameters and sub-modules are found by looking at the attributes, in the order they
    were assigned; a sub-module's parameters are named ``"child.name"``. A parameter that
    appears twice (shared weights) is listed once.

    >>> import srcgrad
    >>> class Affine(srcgrad.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.scale = srcgrad.nn.Parameter(np.ones(3))
    ...     def forward(self, x):
    ...         return self.scale * x
    >>> [name for name, _ in Affine().named_parameters()]
    ['scale']
    """

    def __init__(self):
        self.training = True

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct sub-modules with their attribute names."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value

    def children(self) -> Iterator[Module]:
        """The direct sub-modules."""
        for _, module in self.named_children():
            yield module

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every sub-module below it, each once, with dotted names."""
        seen: set[int] = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            kids = [(f"{name}.{key}" if name else key, m) for key, m in module.named_children()]
            stack.extend(reversed(kids))

    def modules(self) -> Iterator[Module]:
        """This module and every sub-module below it."""
        for _, module in self.named_modules():
            yield module

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Parameter]]:
        """Every parameter of this module and its sub-modules, with dotted names.

        >>> import srcgrad
        >>> net = srcgrad.nn.Sequential(srcgrad.nn.Linear(2, 3), srcgrad.nn.Tanh())
        >>> [name for name, _ in net.named_parameters()]
        ['0.weight', '0.bias']
        """
        seen: set[int] = set()
        for module_name, module in self.named_modules(prefix):
            for name, value in vars(module).items():
                if isinstance(value, Parameter) and id(value) not in seen:
                    seen.add(id(value))
                    yield (f"{module_name}.{name}" if module_name else name), value

    def parameters(self) -> Iterator[Parameter]:
        """Every parameter of this module and its sub-modules."""
        for _, param in self.named_parameters():
            yield param

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient (``.grad = None``, or zeros)."""
        for param in self.parameters():
            if set_to_none or param.grad is None:
                param.grad = None
            else:
                param.grad.data[...] = 0

    def train(self, mode: bool = True) -> Module:
        """Set ``.training`` on this module and all sub-modules; returns ``self``."""
        for module in self.modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Same as ``train(False)``."""
        return self.train(False)

    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's array, by dotted name.

        >>> import srcgrad
        >>> sorted(srcgrad.nn.Linear(2, 1).state_dict())
        ['bias', 'weight']
        """
        return {name: param.data.copy() for name, param in self.named_parameters()}

    def load_state_dict(self, state: dict, strict: bool = True) -> None:
        """Copy arrays from ``state`` into the parameters of the same names, in place.

        With ``strict`` the names must match exactly; shapes must always match.
        """
        params = dict(self.named_parameters())
        if strict:
            missing = sorted(set(params) - set(state))
            unexpected = sorted(set(state) - set(params))
            if missing or unexpected:
                raise KeyError(
                    f"state_dict does not match {type(self).__name__}: "
                    f"missing {missing}, unexpected {unexpected}"
                )
        for name, value in state.items():
            if name not in params:
                continue
            value = value.data if _is_tensor(value) else np.asarray(value)
            target = params[name].data
            if value.shape != target.shape:
                raise ValueError(
                    f"state_dict[{name!r}] has shape {value.shape}, parameter has {target.shape}"
                )
            np.copyto(target, value)

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        kids = [f"  ({name}): " + repr(m) for name, m in self.named_children()]
        kids = [kid.replace("\n", "\n  ") for kid in kids]
        head = f"{type(self).__name__}({self.extra_repr()}"
        return head + ("\n" + "\n".join(kids) + "\n)" if kids else ")")


class ModuleList(Module):
    """A list of sub-modules whose parameters the parent finds (named ``"0"``, ``"1"``, ...).

    >>> import srcgrad
    >>> layers = srcgrad.nn.ModuleList([srcgrad.nn.Linear(2, 2) for _ in range(3)])
    >>> len(layers), len(list(layers.parameters()))
    (3, 6)
    """

    def __init__(self, modules: Iterable[Module] = ()):
        super().__init__()
        self._items: list[Module] = []
        for module in modules:
            self.append(module)

    def append(self, module: Module) -> ModuleList:
        if not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__} holds Modules, got {type(module).__name__}")
        self._items.append(module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        for module in modules:
            self.append(module)
        return self

    def named_children(self) -> Iterator[tuple[str, Module]]:
        yield from super().named_children()
        for index, module in enumerate(self._items):
            yield str(index), module

    def __getitem__(self, index):
        if isinstance(index, slice):
            return type(self)(self._items[index])
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._items)


class Sequential(ModuleList):
    """Modules applied one after another: ``Sequential(a, b)(x) == b(a(x))``.

    >>> import srcgrad
    >>> net = srcgrad.nn.Sequential(srcgrad.nn.Linear(4, 8), srcgrad.nn.Tanh(),
    ...                             srcgrad.nn.Linear(8, 1))
    >>> net(np.ones((5, 4))).shape
    (5, 1)
    """

    def __init__(self, *modules: Module):
        super().__init__(modules)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(*self._items[index])
        return self._items[index]

    def forward(self, x):
        for module in self._items:
            x = module(x)
        return x


def _is_tensor(value) -> bool:
    from ..tape import Tensor

    return isinstance(value, Tensor)
