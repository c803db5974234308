"""Whether operations on Tensors are recorded: ``no_grad``, ``enable_grad`` and friends.

The mode is per thread, as in PyTorch: turning recording off in one thread does not
affect another. Each class works both as a context manager and as a decorator::

    with srcgrad.no_grad():
        w.data -= 0.1 * w.grad

    @srcgrad.no_grad()
    def evaluate(model, x): ...
"""

from __future__ import annotations

import functools
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]


class _GradMode(threading.local):
    enabled = True


# Read directly on the recording fast path (``_mode.enabled``).
_mode = _GradMode()


def is_grad_enabled() -> bool:
    """True when operations on Tensors that require grad are being recorded.

    >>> srcgrad.is_grad_enabled()
    True
    """
    return _mode.enabled


class _ModeContext:
    """Sets the grad mode on entry, restores the previous mode on exit; also a decorator."""

    _target: bool

    def __enter__(self):
        self._previous = _mode.enabled
        _mode.enabled = self._target
        return self

    def __exit__(self, *exc_info):
        _mode.enabled = self._previous
        return False

    def __call__(self, function):
        target = self._target

        @functools.wraps(function)
        def with_mode(*args, **kwargs):
            previous = _mode.enabled
            _mode.enabled = target
            try:
                return function(*args, **kwargs)
            finally:
                _mode.enabled = previous

        return with_mode


class no_grad(_ModeContext):
    """Turn recording off: results of operations do not require grad.

    >>> with srcgrad.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    _target = False


class enable_grad(_ModeContext):
    """Turn recording back on inside a ``no_grad`` block (or decorated function)."""

    _target = True


class set_grad_enabled(_ModeContext):
    """Set the grad mode to ``mode`` now; as a context manager, restore it on exit.

    >>> srcgrad.set_grad_enabled(False)  # plain call: stays off
    >>> with srcgrad.set_grad_enabled(True):
    ...     ...
    """

    def __init__(self, mode: bool):
        self._target = bool(mode)
        self._previous = _mode.enabled
        _mode.enabled = self._target

    def __enter__(self):
        return self

    def __call__(self, function):
        # Used as ``@set_grad_enabled(False)``: construction switched the mode; undo that.
        _mode.enabled = self._previous
        return super().__call__(function)
