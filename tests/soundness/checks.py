"""The invariant every soundness test holds srcgrad to: the gradient finite differences
give, or an error that names the user's file and line. Never a wrong number."""

from __future__ import annotations

import inspect
import os
import re
import warnings

import numpy as np

import srcgrad
from tests.helpers import finite_difference

# Reverse mode by each engine, and forward mode (a jvp along a fixed direction).
MODES = ("compile", "auto", "tape", "jvp")


def _derivative(f, x, mode, options):
    """The gradient by ``srcgrad.grad(f, mode=mode)``, or for ``mode="jvp"`` (auto) and
    ``"jvp-compile"`` (the tangent code only) the derivative along a fixed direction."""
    if not mode.startswith("jvp"):
        return srcgrad.grad(f, mode=mode, **options)(x)
    direction = np.linspace(1.0, 0.5, np.size(x)).reshape(np.shape(x))
    tangent = float(direction) if isinstance(x, float) else direction
    defaults = [p.default for p in inspect.signature(f).parameters.values()][1:]
    jvp_mode = "compile" if mode == "jvp-compile" else "auto"
    _, out_dot = srcgrad.jvp(f, (x, *defaults), (tangent, *[None] * len(defaults)), mode=jvp_mode)
    return out_dot


def outcome(f, x, mode, **options):
    """``("right", g)``, ``("error", err)``; raises AssertionError on a wrong derivative
    or an error that does not say where in the user's code it happened."""
    x0 = np.copy(x) if isinstance(x, np.ndarray) else x
    expected = finite_difference(f, (x0,), 0)
    if mode.startswith("jvp"):
        expected = np.sum(expected * np.linspace(1.0, 0.5, np.size(x0)).reshape(np.shape(x0)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            got = _derivative(f, x, mode, options)
        except Exception as err:  # noqa: BLE001 - every error is judged by its text
            text = str(err) + "".join(getattr(err, "__notes__", []))
            source_file = os.path.basename(f.__code__.co_filename)
            assert re.search(re.escape(source_file) + r":\d+", text), (
                f"{mode}: {type(err).__name__} does not name the user's line: {text}"
            )
            return "error", err
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6, err_msg=f"mode={mode}")
    if isinstance(x, np.ndarray):
        np.testing.assert_array_equal(x, x0, err_msg="the input was changed")
    return "right", got
