"""Every case of ``tests/rules/test_complex_rules.py`` through the engines: a real function
of one real vector builds the primitive's complex (or real) inputs from it (``a + 1j * b``),
calls the primitive, and projects its value on a fixed cotangent (``sum(Re(conj(G) * w))``).
Compile, auto, tape and forward mode must give the derivative central differences give."""

from __future__ import annotations

import numpy as np
import pytest

from tests.fuzz.harness import materialise
from tests.rules.test_complex_rules import CASES, _id

from .checks import MODES, outcome


def _is_array(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind in "fc"


def _program(f, args, kwargs):
    """The source of ``loss(x)``, its globals, and the point ``x``."""
    lines, parts, names = [], [], {"F": f}
    offset = 0

    def build(array, name):
        nonlocal offset
        size = array.size
        text = f"x[{offset}:{offset + size}]"
        parts.append(np.real(array).ravel())
        offset += size
        if array.dtype.kind == "c":
            text += f" + 1j * x[{offset}:{offset + size}]"
            parts.append(np.imag(array).ravel())
            offset += size
        lines.append(f"    {name} = np.reshape({text}, {array.shape})")

    call = []
    for i, arg in enumerate(args):
        if _is_array(arg):
            build(arg, f"a{i}")
            call.append(f"a{i}")
        elif isinstance(arg, list):
            for j, item in enumerate(arg):
                build(item, f"a{i}_{j}")
            call.append("[" + ", ".join(f"a{i}_{j}" for j in range(len(arg))) + "]")
        else:
            names[f"C{i}"] = arg
            call.append(f"C{i}")
    for key, value in kwargs.items():
        names[f"K_{key}"] = value
        call.append(f"{key}=K_{key}")
    value = f(*args, **kwargs)
    weights = np.random.default_rng(3).standard_normal(np.shape(value))
    if np.iscomplexobj(value):
        weights = weights + 1j * np.random.default_rng(4).standard_normal(np.shape(value))
    names["G"] = weights
    source = "\n".join(
        [
            "import numpy as np",
            "",
            "",
            "def loss(x):",
            *lines,
            f"    out = F({', '.join(call)})",
            "    return np.sum(np.real(np.conj(G) * out))",
            "",
        ]
    )
    return source, names, np.concatenate(parts)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("entry", CASES, ids=[_id(e) for e in CASES])
def test_the_engines_follow_each_complex_rule(entry, mode):
    source, names, x = _program(*entry)
    loss = materialise(source, names)["loss"]
    kind, err = outcome(loss, x, mode)
    assert kind == "right", f"{err}\n{source}"
