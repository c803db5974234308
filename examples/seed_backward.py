"""First gradients, three times over: on the tape (PyTorch style) and with ``@srcgrad.grad``.

1. z = 10 w^2 + 25 at w = 2: by hand dz/dw = 20 w = 40.
2. Q = 3 a^3 - b^2 for vectors a, b: Q is a vector, so ``backward`` needs the gradient of
   the output (here all ones); by hand dQ/da = 9 a^2 and dQ/db = -2 b.
3. A two-layer network x @ W1 -> tanh -> @ W2 -> sum, whose graph of ``grad_fn`` nodes is
   printed node by node.

Each is then differentiated by the compiler, which prints the Python code it generated.

    python examples/seed_backward.py [--render graph.svg]

``--render`` draws the two-layer graph with :mod:`srcgrad.viz` (the ``.dot`` file always;
the image when Graphviz is installed). docs/images/seed_matmul.svg was made this way.
"""

from __future__ import annotations

import argparse

import numpy as np

import srcgrad

RULE = "-" * 72


def z_of(w):
    return 10 * w**2 + 25


def q_of(a, b):
    return 3 * a**3 - b**2


def two_layer(W1, W2, x):
    h = np.tanh(x @ W1)
    return np.sum(h @ W2)


def matmul_data(seed: int = 0):
    """x (4, 3), W1 (3, 5), W2 (5, 2) from a fixed seed."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 2))


def matmul_graph(seed: int = 0):
    """The two-layer network on the tape: (loss, W1, W2, x) with W1 and W2 requiring grad."""
    x, W1, W2 = matmul_data(seed)
    x = srcgrad.tensor(x)
    W1 = srcgrad.tensor(W1, requires_grad=True)
    W2 = srcgrad.tensor(W2, requires_grad=True)
    loss = two_layer(W1, W2, x)
    return loss, W1, W2, x


def grad_fn_tree(tensor, names: dict | None = None) -> list[str]:
    """One line per node, from the output's ``grad_fn`` down through ``next_functions``."""
    labels = {id(t): n for n, t in (names or {}).items()}
    lines: list[str] = []

    def walk(node, depth):
        if node is None:
            lines.append("  " * depth + "None (an input that needs no gradient)")
            return
        text = node.name()
        variable = getattr(node, "variable", None)
        if variable is not None:
            label = labels.get(id(variable), "leaf")
            text += f" -> {label}.grad, shape {variable.shape}"
        lines.append("  " * depth + text)
        for child, _ in node.next_functions:
            walk(child, depth + 1)

    walk(tensor.grad_fn, 0)
    return lines


def section(title: str) -> None:
    print(RULE)
    print(title)
    print(RULE)


def scalar_example() -> dict:
    section("1. z = 10 * w**2 + 25 at w = 2")
    w = srcgrad.tensor(2.0, requires_grad=True)
    z = 10 * w**2 + 25
    print("z =", z)
    print("z.grad_fn =", z.grad_fn)
    z.backward()
    print("tape:     w.grad =", w.grad, "   (by hand: dz/dw = 20 * w = 40)")

    compiled = srcgrad.grad(z_of, mode="compile")
    dz = compiled(2.0)
    print("compiled: dz/dw  =", dz)
    print("\nthe generated code:\n")
    print(compiled.source)
    return {"w_grad_tape": float(w.grad.item()), "w_grad_compiled": float(dz)}


def vector_example() -> dict:
    section("2. Q = 3 * a**3 - b**2, a = [2, 3], b = [6, 4]")
    a = srcgrad.tensor([2.0, 3.0], requires_grad=True)
    b = srcgrad.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2
    print("Q =", Q)
    # Q is a vector: backward needs dL/dQ for some scalar L. With ones, L = sum(Q).
    Q.backward(gradient=srcgrad.tensor([1.0, 1.0]))
    a_expected, b_expected = 9 * a.data**2, -2 * b.data
    print("tape: a.grad =", a.grad, "  9 * a**2 =", a_expected)
    print("tape: b.grad =", b.grad, "  -2 * b   =", b_expected)
    print("a.grad == 9 * a**2:", bool(np.all(a.grad.data == a_expected)))
    print("b.grad == -2 * b:  ", bool(np.all(b.grad.data == b_expected)))

    # The compiled form of the same thing: vjp, with the output gradient passed explicitly.
    _, pullback = srcgrad.vjp(q_of, np.array([2.0, 3.0]), np.array([6.0, 4.0]), mode="compile")
    da, db = pullback(np.ones(2))
    print("compiled vjp: dQ/da =", da, " dQ/db =", db)
    print("\nthe generated code:\n")
    print(srcgrad.grad(q_of, wrt=("a", "b"), mode="compile").source)
    return {
        "Q": Q.data.copy(),
        "a_grad_tape": a.grad.data.copy(),
        "b_grad_tape": b.grad.data.copy(),
        "a_grad_compiled": da,
        "b_grad_compiled": db,
    }


def matmul_example(render_path: str | None = None) -> dict:
    section("3. loss = sum(tanh(x @ W1) @ W2)")
    loss, W1, W2, x = matmul_graph()
    print("loss =", loss)
    print("the graph, from loss.grad_fn along next_functions:")
    tree = grad_fn_tree(loss, {"W1": W1, "W2": W2})
    for line in tree:
        print("   ", line)
    if render_path is not None:
        names = {"W1": W1, "W2": W2, "x": x}
        try:
            print("drew the graph in", srcgrad.viz.render(loss, render_path, names=names))
        except srcgrad.viz.GraphvizNotFoundError as err:
            print(err)
    loss.backward()

    compiled = srcgrad.grad(two_layer, wrt=("W1", "W2"), mode="compile")
    dW1, dW2 = compiled(W1.data, W2.data, x.data)
    diff = max(np.max(np.abs(dW1 - W1.grad.data)), np.max(np.abs(dW2 - W2.grad.data)))
    print(f"compiled vs tape, largest difference: {diff:.2e}")
    print("\nthe generated code:\n")
    print(compiled.source)
    return {
        "loss": float(loss.item()),
        "grad_fn_names": [line.strip().split()[0] for line in tree],
        "W1_grad_tape": W1.grad.data.copy(),
        "W2_grad_tape": W2.grad.data.copy(),
        "W1_grad_compiled": dW1,
        "W2_grad_compiled": dW2,
        "max_difference": float(diff),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", metavar="PATH", help="draw the two-layer graph to PATH")
    args = parser.parse_args([] if argv is None else argv)
    results = {}
    results.update(scalar_example())
    results.update(vector_example())
    results.update(matmul_example(args.render))
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
