"""The numba back end of ``srcgrad.grad(f, jit=True)``.

The compiler's flat vector-Jacobian product (one plain function: primal sweep, then
adjoint sweep) is rewritten into code numba compiles (typed stacks of saved values, the
rule helpers as numba functions) and compiled with ``numba.njit`` once per argument type
signature. Where numba cannot compile it, the gradient runs the plain generated code and
:func:`srcgrad.explain` says why.

numba is optional (``pip install 'srcgrad[jit]'``); nothing here imports it until a
``jit=True`` gradient is created.
"""

from __future__ import annotations

__all__ = ["JitGradient", "NOT_JITTED", "require_numba"]

NOT_JITTED = object()  # returned by a jit call that leaves the work to the plain code


def require_numba():
    """Import numba, or raise an ImportError saying which extra installs it."""
    try:
        import numba
    except ImportError as err:
        raise ImportError(
            "jit=True compiles the gradient with numba, which is not installed; "
            "install it with: pip install 'srcgrad[jit]'"
        ) from err
    return numba


def __getattr__(name):
    if name == "JitGradient":
        from .gradient import JitGradient

        return JitGradient
    raise AttributeError(name)
