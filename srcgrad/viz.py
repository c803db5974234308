"""Draw a tape's graph with Graphviz.

:func:`to_dot` writes the graph behind a Tensor as Graphviz DOT text; :func:`render` writes
that text to a ``.dot`` file and, when Graphviz's ``dot`` program is installed, an image.

>>> import srcgrad
>>> w = srcgrad.tensor([1.0, 2.0], requires_grad=True)
>>> print(srcgrad.viz.to_dot((w * w).sum(), names={"w": w}))  # doctest: +ELLIPSIS
digraph tape {
...

What the drawing shows:

- one box per ``grad_fn`` node, labelled with its name (``MulBackward0``) and the shapes
  of the values it saved for backward (inputs as ``saved arg0``, the result as
  ``saved result``), when the node exposes them;
- one box per leaf Tensor that requires grad, with its name (from ``names``), shape and
  dtype, joined to the ``AccumulateGrad`` node its gradient flows into;
- an edge ``a -> b`` for each ``(a, output_nr)`` in ``b.next_functions``, so arrows point
  the way values flow forward (``None`` entries, inputs that need no gradient, are not
  drawn; ``output_nr`` labels the edge when it is not 0);
- the output Tensor, highlighted, joined to its ``grad_fn``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

from .tape import Tensor

__all__ = ["GraphvizNotFoundError", "render", "to_dot"]

_LEAF_STYLE = 'shape=box, style="rounded,filled", fillcolor=lightblue'
_NODE_STYLE = 'shape=box, style="filled", fillcolor=lightgrey'
_OUTPUT_STYLE = 'shape=box, style="rounded,filled,bold", fillcolor=darkolivegreen1, penwidth=2'


class GraphvizNotFoundError(RuntimeError):
    """:func:`render` needs Graphviz's ``dot`` program and it is not installed."""


def to_dot(tensor, names: dict | None = None) -> str:
    """The graph that computed ``tensor`` (or a list of Tensors), as Graphviz DOT text.

    ``names`` maps a label to a Tensor, e.g. ``{"w": w, "b": b}``: a leaf is labelled with
    its name, and a named non-leaf Tensor's name is added to the node that made it.
    Node identifiers (``n0``, ``n1``, ...) follow the order the graph is walked, so the
    text is the same for the same graph.
    """
    outputs = list(tensor) if isinstance(tensor, (list, tuple)) else [tensor]
    for out in outputs:
        if not isinstance(out, Tensor):
            raise TypeError(f"to_dot expects a srcgrad Tensor, got {type(out).__name__}")
    names = names or {}
    labels = {id(value): label for label, value in names.items()}
    graph = _Graph(names, skip={id(out) for out in outputs})
    lines = ["digraph tape {", "    rankdir=TB;", '    node [fontname="monospace", fontsize=10];']
    for index, out in enumerate(outputs):
        out_id = f"out{index}"
        label = labels.get(id(out), "output" if len(outputs) == 1 else f"output {index}")
        text = _label(label, _describe(out))
        lines.append(f"    {out_id} [label={text}, {_OUTPUT_STYLE}];")
        if out.grad_fn is not None:
            lines.append(f"    {graph.visit(out.grad_fn)} -> {out_id};")
        elif out.requires_grad:
            lines.append(f"    {graph.leaf(out)} -> {out_id};")
    lines.extend("    " + line for line in graph.lines)
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(tensor, path, names: dict | None = None, format: str | None = None) -> Path:
    """Write ``to_dot(tensor, names)`` to ``path`` with suffix ``.dot``, then the image.

    The image format comes from ``format`` or from ``path``'s suffix (``.svg``, ``.png``,
    ``.pdf``; SVG when the suffix is ``.dot`` or missing). Returns the image's path.
    The ``.dot`` file is written first, always; if Graphviz's ``dot`` program is not on
    ``PATH``, :class:`GraphvizNotFoundError` says so and names that file.
    """
    path = Path(path)
    fmt = format or (path.suffix[1:] if path.suffix not in ("", ".dot") else "svg")
    dot_path = path.with_suffix(".dot")
    image_path = path.with_suffix("." + fmt)
    dot_path.write_text(to_dot(tensor, names))
    program = shutil.which("dot")
    if program is None:
        raise GraphvizNotFoundError(
            f"srcgrad.viz.render needs the Graphviz program 'dot', which is not installed (not "
            f"found on PATH). The graph was written as DOT text to {dot_path}. Install "
            "Graphviz (e.g. `apt install graphviz` or `brew install graphviz`) and call "
            f"render again, or run: dot -T{fmt} {dot_path} -o {image_path}"
        )
    done = subprocess.run(
        [program, f"-T{fmt}", str(dot_path), "-o", str(image_path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dot -T{fmt} {dot_path} failed: {done.stderr.strip()}")
    return image_path


class _Graph:
    """Walks ``next_functions`` from the output's node, naming each node once."""

    def __init__(self, names: dict, skip: set):
        self.labels = {id(value): label for label, value in names.items()}
        # a named non-leaf Tensor (other than an output, drawn apart): its name goes on
        # the node that made it
        self.made: dict[int, list[str]] = {}
        for label, value in names.items():
            if isinstance(value, Tensor) and value.grad_fn is not None and id(value) not in skip:
                self.made.setdefault(id(value.grad_fn), []).append(label)
        self.ids: dict[int, str] = {}
        self.keep: list = []  # holds every object named here, so that no id is reused
        self.lines: list[str] = []

    def _new_id(self, obj, prefix: str) -> tuple[str, bool]:
        key = id(obj)
        if key in self.ids:
            return self.ids[key], False
        self.keep.append(obj)
        self.ids[key] = f"{prefix}{len(self.ids)}"
        return self.ids[key], True

    def leaf(self, tensor) -> str:
        ident, new = self._new_id(tensor, "t")
        if new:
            name = self.labels.get(id(tensor), "leaf")
            self.lines.append(f"{ident} [label={_label(name, _describe(tensor))}, {_LEAF_STYLE}];")
        return ident

    def visit(self, root) -> str:
        root_id, new = self._new_id(root, "n")
        if not new:
            return root_id
        stack = [root]
        while stack:
            node = stack.pop()
            ident = self.ids[id(node)]
            title = node.name()
            if id(node) in self.made:
                title += " = " + ", ".join(self.made[id(node)])
            text = _label(title, *_saved_shapes(node))
            self.lines.append(f"{ident} [label={text}, {_NODE_STYLE}];")
            variable = getattr(node, "variable", None)
            if isinstance(variable, Tensor):
                self.lines.append(f"{self.leaf(variable)} -> {ident};")
            for child, nr in node.next_functions:
                if child is None:
                    continue
                child_id, child_new = self._new_id(child, "n")
                extra = f' [label="{nr}"]' if nr else ""
                self.lines.append(f"{child_id} -> {ident}{extra};")
                if child_new:
                    stack.append(child)
        return root_id


def _describe(tensor) -> str:
    return f"{_shape(tensor.shape)} {tensor.dtype}"


def _shape(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _saved_shapes(node) -> list[str]:
    """'saved argK (shape) dtype' lines for what the node keeps for backward, if visible."""
    lines = []
    raw = getattr(node, "_raw", None)
    if isinstance(raw, tuple):
        for position, value in enumerate(raw):
            if _is_array(value):
                lines.append(f"saved arg{position} {_shape(value.shape)} {value.dtype}")
    raw_kwargs = getattr(node, "_raw_kwargs", None)
    if isinstance(raw_kwargs, dict):
        for key, value in raw_kwargs.items():
            if _is_array(value):
                lines.append(f"saved {key} {_shape(value.shape)} {value.dtype}")
    ans = getattr(node, "_ans", None)
    for nr, value in enumerate(ans if isinstance(ans, tuple) else (ans,)):
        if _is_array(value):
            suffix = f" {nr}" if isinstance(ans, tuple) else ""
            lines.append(f"saved result{suffix} {_shape(value.shape)} {value.dtype}")
    saved = getattr(node, "_saved", None)
    if not isinstance(raw, tuple) and isinstance(saved, tuple):  # a custom Function's ctx
        for index, entry in enumerate(saved):
            value = entry[0] if isinstance(entry, tuple) else entry
            value = getattr(value, "data", value)
            if _is_array(value):
                lines.append(f"saved {index} {_shape(value.shape)} {value.dtype}")
    return lines


def _is_array(value) -> bool:
    if isinstance(value, np.ndarray):
        return True
    return hasattr(value, "shape") and hasattr(value, "dtype") and not np.isscalar(value)


def _label(*lines: str) -> str:
    r"""A quoted DOT label, one line per argument (joined by DOT's ``\n``)."""
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'
