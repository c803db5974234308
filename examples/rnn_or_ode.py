"""Gradients through Python loops: Euler-integrated ODEs and a small RNN.

A loop overwrites its variables on every trip, but the backward pass needs the old
values in reverse order. The generated code keeps them on a stack: ``saved.append(...)``
in the forward loop, ``saved.pop()`` in the backward loop. Each gradient is checked
against the tape (and the first one against a formula derived by hand).

1. Exponential decay dy/dt = -k y, n Euler steps of size dt: y_n = y0 (1 - k dt)^n, so
   dy_n/dk = -n dt y0 (1 - k dt)^(n - 1) and dy_n/dy0 = (1 - k dt)^n.
2. A damped pendulum theta'' = -(g/l) sin(theta) - c theta', loss (theta(T) - target)^2,
   differentiated with respect to g/l, c and the initial angle.
3. An Elman RNN h = tanh(Wh @ h + Wx @ x + b) over a sequence, loss on the last state.

    python examples/rnn_or_ode.py [--steps 100]
"""

from __future__ import annotations

import argparse

import numpy as np

import srcgrad

RULE = "-" * 72


def decay(k, y0, dt, n):
    y = y0
    for _ in range(n):
        y = y - dt * k * y
    return y


def pendulum_loss(g_over_l, damping, theta0, omega0, dt, n, target):
    theta, omega = theta0, omega0
    for _ in range(n):
        alpha = -g_over_l * np.sin(theta) - damping * omega
        theta, omega = theta + dt * omega, omega + dt * alpha
    return (theta - target) ** 2


def rnn_loss(Wh, Wx, b, xs, target):
    h = np.zeros(Wh.shape[0])
    for x in xs:
        h = np.tanh(Wh @ h + Wx @ x + b)
    return np.sum((h - target) ** 2)


def stack_operations(source: str) -> tuple[int, int]:
    """How many lines of the generated code push onto the ``saved`` stack, and how many
    pop from it (or from the copy of it that the backward function works on)."""
    lines = [line.strip() for line in source.splitlines()]
    pushes = sum(line.startswith("saved.append(") for line in lines)
    pops = sum(line.endswith(".pop()") for line in lines)
    return pushes, pops


def largest_difference(a, b) -> float:
    return max(float(np.max(np.abs(np.subtract(x, y)))) for x, y in zip(a, b))


def show(compiled) -> tuple[int, int]:
    source = compiled.source
    print("\nthe generated code:\n")
    print(source)
    pushes, pops = stack_operations(source)
    print(f"stack operations in it: {pushes} pushes (saved.append), {pops} pops (.pop())")
    return pushes, pops


def decay_example(steps: int) -> dict:
    print(RULE + "\n1. dy/dt = -k y by Euler steps\n" + RULE)
    k, y0, dt = 0.7, 2.0, 0.05
    compiled = srcgrad.grad(decay, wrt=("k", "y0"), mode="compile")
    dk, dy0 = compiled(k, y0, dt, steps)
    tape = srcgrad.grad(decay, wrt=("k", "y0"), mode="tape")(k, y0, dt, steps)
    by_hand = (-steps * dt * y0 * (1 - k * dt) ** (steps - 1), (1 - k * dt) ** steps)
    print(f"y_n = {decay(k, y0, dt, steps):.6f} after {steps} steps")
    print(f"compiled: dy_n/dk = {dk:.10f}, dy_n/dy0 = {dy0:.10f}")
    print(f"tape:     dy_n/dk = {tape[0]:.10f}, dy_n/dy0 = {tape[1]:.10f}")
    print(f"by hand:  dy_n/dk = {by_hand[0]:.10f}, dy_n/dy0 = {by_hand[1]:.10f}")
    pushes, pops = show(compiled)
    return {"decay_compiled": (dk, dy0), "decay_tape": tape, "decay_by_hand": by_hand,
            "decay_stack": (pushes, pops)}  # fmt: skip


def pendulum_example(steps: int) -> dict:
    print(RULE + "\n2. a damped pendulum, Euler steps\n" + RULE)
    args = (9.81, 0.3, 1.0, 0.0, 0.01, steps, 0.2)
    wrt = ("g_over_l", "damping", "theta0")
    compiled = srcgrad.grad(pendulum_loss, wrt=wrt, mode="compile")(*args)
    tape = srcgrad.grad(pendulum_loss, wrt=wrt, mode="tape")(*args)
    diff = largest_difference(compiled, tape)
    print(f"loss = {pendulum_loss(*args):.6f}")
    for name, c, t in zip(wrt, compiled, tape):
        print(f"d loss / d {name:9s} compiled {c:+.10f}   tape {t:+.10f}")
    print(f"largest difference, compiled vs tape: {diff:.2e}")
    pushes, pops = show(srcgrad.grad(pendulum_loss, wrt=wrt, mode="compile"))
    return {"pendulum_args": args, "pendulum_compiled": compiled, "pendulum_tape": tape,
            "pendulum_difference": diff, "pendulum_stack": (pushes, pops)}  # fmt: skip


def rnn_example() -> dict:
    print(RULE + "\n3. an RNN over a sequence of 12 inputs\n" + RULE)
    rng = np.random.default_rng(0)
    hidden, features = 4, 3
    Wh = 0.5 * rng.standard_normal((hidden, hidden))
    Wx = 0.5 * rng.standard_normal((hidden, features))
    b = np.zeros(hidden)
    xs = rng.standard_normal((12, features))
    target = rng.uniform(-0.5, 0.5, hidden)
    wrt = ("Wh", "Wx", "b")
    compiled_fn = srcgrad.grad(rnn_loss, wrt=wrt, mode="compile")
    compiled = compiled_fn(Wh, Wx, b, xs, target)
    tape = srcgrad.grad(rnn_loss, wrt=wrt, mode="tape")(Wh, Wx, b, xs, target)
    diff = largest_difference(compiled, tape)
    print(f"loss = {rnn_loss(Wh, Wx, b, xs, target):.6f}")
    print("d loss / d Wh (compiled):\n", np.array2string(compiled[0], precision=6))
    print(f"largest difference, compiled vs tape: {diff:.2e}")
    pushes, pops = show(compiled_fn)
    return {"rnn_args": (Wh, Wx, b, xs, target), "rnn_compiled": compiled, "rnn_tape": tape,
            "rnn_difference": diff, "rnn_stack": (pushes, pops)}  # fmt: skip


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="Euler steps of the ODEs")
    args = parser.parse_args([] if argv is None else argv)
    results = {}
    results.update(decay_example(args.steps))
    results.update(pendulum_example(args.steps))
    results.update(rnn_example())
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
