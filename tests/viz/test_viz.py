"""srcgrad.viz: the DOT text of a tape graph, and render() with and without Graphviz."""

import re
import shutil
import sys

import numpy as np
import pytest

import srcgrad
from srcgrad import viz
from srcgrad.autograd import Function

NODE = re.compile(r'^\s*(\w+) \[label="((?:[^"\\]|\\.)*)"(.*)\];$')
EDGE = re.compile(r'^\s*(\w+) -> (\w+)(?: \[label="(\d+)"\])?;$')


def parse(dot: str):
    """{id: (label lines, attributes)} and [(source, target, edge label)] of DOT text."""
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    nodes, edges = {}, []
    for line in dot.splitlines():
        if match := EDGE.match(line):
            edges.append((match[1], match[2], match[3]))
        elif match := NODE.match(line):
            nodes[match[1]] = (match[2].split("\\n"), match[3])
    for source, target, _ in edges:
        assert source in nodes and target in nodes, (source, target)
    return nodes, edges


def seed_matmul():
    """sum(tanh(x @ W1) @ W2), the graph of examples/seed_backward.py."""
    rng = np.random.default_rng(0)
    x = srcgrad.tensor(rng.normal(size=(4, 3)))
    W1 = srcgrad.tensor(rng.normal(size=(3, 5)), requires_grad=True)
    W2 = srcgrad.tensor(rng.normal(size=(5, 2)), requires_grad=True)
    loss = np.sum(np.tanh(x @ W1) @ W2)
    return loss, W1, W2, x


def title(nodes, ident):
    return nodes[ident][0][0]


def inputs_of(nodes, edges, ident):
    """The ids with an edge into ``ident`` (what it was computed from)."""
    return [source for source, target, _ in edges if target == ident]


def test_seed_matmul_graph_has_the_expected_nodes_and_edges():
    loss, W1, W2, x = seed_matmul()
    nodes, edges = parse(viz.to_dot(loss, names={"W1": W1, "W2": W2, "x": x}))
    titles = sorted(title(nodes, n) for n in nodes)
    assert titles == sorted(
        ["output", "SumBackward0", "MmBackward0", "MmBackward0", "TanhBackward0",
         "AccumulateGrad", "AccumulateGrad", "W1", "W2"]
    )  # fmt: skip
    assert len(edges) == 8  # a tree of 9 nodes

    # Walk back from the output: output <- Sum <- Mm(outer) <- {Tanh, AccumulateGrad <- W2},
    # Tanh <- Mm(inner) <- AccumulateGrad <- W1 (x needs no gradient: no edge).
    (output,) = [n for n in nodes if title(nodes, n) == "output"]
    (total,) = inputs_of(nodes, edges, output)
    assert title(nodes, total) == "SumBackward0"
    (outer,) = inputs_of(nodes, edges, total)
    assert title(nodes, outer) == "MmBackward0"
    tanh, acc2 = inputs_of(nodes, edges, outer)
    assert (title(nodes, tanh), title(nodes, acc2)) == ("TanhBackward0", "AccumulateGrad")
    (leaf2,) = inputs_of(nodes, edges, acc2)
    assert nodes[leaf2][0] == ["W2", "(5, 2) float64"]
    (inner,) = inputs_of(nodes, edges, tanh)
    assert title(nodes, inner) == "MmBackward0"
    (acc1,) = inputs_of(nodes, edges, inner)
    (leaf1,) = inputs_of(nodes, edges, acc1)
    assert nodes[leaf1][0] == ["W1", "(3, 5) float64"]
    assert inputs_of(nodes, edges, leaf1) == [] and inputs_of(nodes, edges, leaf2) == []

    # Saved values: tanh keeps its result (4, 5); the inner matmul keeps x (4, 3) and W1.
    assert "saved result (4, 5) float64" in nodes[tanh][0]
    assert nodes[inner][0][1:] == ["saved arg0 (4, 3) float64", "saved arg1 (3, 5) float64"]
    # Only the output is highlighted.
    assert [n for n in nodes if "penwidth" in nodes[n][1]] == [output]
    assert nodes[output][0] == ["output", "() float64"]


def test_edges_are_the_non_none_next_functions():
    loss, W1, W2, _ = seed_matmul()
    expected = 0
    stack, seen = [loss.grad_fn], set()
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is not None:
                expected += 1
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append(child)
    nodes, edges = parse(viz.to_dot(loss))
    node_edges = [e for e in edges if title(nodes, e[0]) not in ("leaf",)]
    node_edges = [e for e in node_edges if title(nodes, e[1]) != "output"]
    assert len(node_edges) == expected == 5


def test_unnamed_leaves_and_named_intermediates():
    w = srcgrad.tensor([1.0, 2.0], requires_grad=True)
    h = w * w
    nodes, edges = parse(viz.to_dot(h.sum(), names={"h": h}))
    leaves = [n for n in nodes if title(nodes, n) == "leaf"]
    assert len(leaves) == 1 and nodes[leaves[0]][0] == ["leaf", "(2,) float64"]
    assert any(title(nodes, n) == "MulBackward0 = h" for n in nodes)


def test_shared_inputs_appear_once_and_the_text_is_deterministic():
    w = srcgrad.tensor(3.0, requires_grad=True)
    y = w * w + w
    dot = viz.to_dot(y, names={"w": w})
    nodes, edges = parse(dot)
    assert [title(nodes, n) for n in nodes].count("w") == 1
    assert [title(nodes, n) for n in nodes].count("AccumulateGrad") == 1
    (acc,) = [n for n in nodes if title(nodes, n) == "AccumulateGrad"]
    # w feeds MulBackward0 twice and AddBackward0 once
    assert sorted(title(nodes, t) for s, t, _ in edges if s == acc) == [
        "AddBackward0", "MulBackward0", "MulBackward0"
    ]  # fmt: skip
    assert viz.to_dot(y, names={"w": w}) == dot
    assert "0x" not in dot  # no memory addresses


class Halves(Function):
    """Two outputs: the first and second half of a vector."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        n = len(x) // 2
        return x[:n].copy(), x[n:].copy()

    @staticmethod
    def backward(ctx, g1, g2):
        return np.concatenate([np.asarray(g1), np.asarray(g2)])


def test_second_outputs_are_labelled_and_function_saved_values_shown():
    x = srcgrad.tensor(np.arange(4.0), requires_grad=True)
    a, b = Halves.apply(x)
    y = (a * b).sum()
    nodes, edges = parse(viz.to_dot(y))
    (halves,) = [n for n in nodes if title(nodes, n).startswith("Halves")]
    # (a * b) reads output 0 and output 1 of the Function's node
    assert sorted(str(label) for s, _, label in edges if s == halves) == ["1", "None"]
    assert "saved 0 (4,) float64" in nodes[halves][0]


def test_leaf_output_and_list_of_outputs():
    w = srcgrad.tensor(np.ones((2, 2), dtype=np.float32), requires_grad=True)
    nodes, edges = parse(viz.to_dot(w, names={"w": w}))
    assert len(edges) == 1
    nodes, edges = parse(viz.to_dot([w * 2, w + 1]))
    outputs = sorted(title(nodes, n) for n in nodes if "penwidth" in nodes[n][1])
    assert outputs == ["output 0", "output 1"]
    assert [lines for lines, _ in nodes.values() if lines[0] == "leaf"] == [
        ["leaf", "(2, 2) float32"]
    ]


def test_to_dot_rejects_non_tensors():
    with pytest.raises(TypeError, match="expects a srcgrad Tensor"):
        viz.to_dot(np.ones(2))


def test_render_without_graphviz_writes_dot_and_says_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    loss, W1, W2, _ = seed_matmul()
    with pytest.raises(viz.GraphvizNotFoundError) as caught:
        viz.render(loss, tmp_path / "graph.svg", names={"W1": W1})
    message = str(caught.value)
    assert "Graphviz" in message and "apt install graphviz" in message
    assert str(tmp_path / "graph.dot") in message
    assert (tmp_path / "graph.dot").read_text() == viz.to_dot(loss, names={"W1": W1})
    assert not (tmp_path / "graph.svg").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a fake dot")
def test_render_calls_dot_with_the_format_of_the_suffix(tmp_path, monkeypatch):
    fake = tmp_path / "fake-dot"
    log = tmp_path / "args.txt"
    fake.write_text(f'#!/bin/sh\necho "$@" > {log}\necho rendered > "$4"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: str(fake))
    loss, *_ = seed_matmul()
    out = viz.render(loss, tmp_path / "g.png")
    assert out == tmp_path / "g.png" and out.read_text() == "rendered\n"
    assert log.read_text().split() == ["-Tpng", str(tmp_path / "g.dot"), "-o", str(out)]
    assert viz.render(loss, tmp_path / "h").suffix == ".svg"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_render_with_graphviz_writes_svg(tmp_path):
    loss, W1, W2, x = seed_matmul()
    out = viz.render(loss, tmp_path / "seed.svg", names={"W1": W1, "W2": W2, "x": x})
    svg = out.read_text()
    assert "<svg" in svg and "TanhBackward0" in svg and "W1" in svg
