"""Fitting an ODE by gradient descent, with the gradient compiled by numba (``jit=True``).

Logistic growth dx/dt = r x (1 - x / K), integrated by Euler steps on Python floats, is
compared with observations every ``every`` steps; gradient descent fits the growth rate r
and the capacity K. The loss is a Python loop over numbers: the generated gradient keeps
every step's values on a stack, which the numba back end turns into preallocated arrays,
so each gradient runs as machine code (about as fast as a gradient written by hand in
numba). The observations are the model's own output at r = 0.8, K = 2, so the fit must
find those values.

The first call compiles (under a second or a few, once per argument types); the script
checks that gradient against the plain generated code (``jit=False``) and central
differences, and prints what ``srcgrad.explain`` says about the compilation.

    python examples/jit_logistic_growth.py [--iterations 300] [--observations 40]

Needs numba: ``pip install 'srcgrad[jit]'``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import srcgrad

TRUE_RATE, TRUE_CAPACITY = 0.8, 2.0
X0, DT, EVERY = 0.1, 0.05, 10


def loss(rate, capacity, x0, observed, dt, every):
    """Squared distance between the Euler path and the observations."""
    x = x0
    total = 0.0
    for i in range(observed.shape[0]):
        for _ in range(every):
            x = x + dt * rate * x * (1 - x / capacity)
        total = total + (x - observed[i]) ** 2
    return total


def observations(count: int) -> np.ndarray:
    """The model's path at the true parameters, every ``EVERY`` steps."""
    out, x = np.empty(count), X0
    for i in range(count):
        for _ in range(EVERY):
            x = x + DT * TRUE_RATE * x * (1 - x / TRUE_CAPACITY)
        out[i] = x
    return out


def central_difference(observed, rate, capacity, eps=1e-6):
    def at(r, k):
        return loss(r, k, X0, observed, DT, EVERY)

    return (
        (at(rate + eps, capacity) - at(rate - eps, capacity)) / (2 * eps),
        (at(rate, capacity + eps) - at(rate, capacity - eps)) / (2 * eps),
    )


def main(iterations: int = 300, count: int = 40, verbose: bool = True) -> dict:
    observed = observations(count)
    value_and_grad = srcgrad.value_and_grad(loss, wrt=(0, 1), jit=True)
    rate, capacity = 0.5, 1.5
    start = time.perf_counter()
    first_loss, first_grad = value_and_grad(rate, capacity, X0, observed, DT, EVERY)
    first_call = time.perf_counter() - start
    plain = srcgrad.grad(loss, wrt=(0, 1))(rate, capacity, X0, observed, DT, EVERY)
    differences = central_difference(observed, rate, capacity)

    step, velocity = 2e-3, np.zeros(2)  # gradient descent with momentum 0.9
    start = time.perf_counter()
    for _ in range(iterations):
        value, grads = value_and_grad(rate, capacity, X0, observed, DT, EVERY)
        velocity = 0.9 * velocity - step * np.array(grads)
        rate, capacity = rate + velocity[0], capacity + velocity[1]
    training = time.perf_counter() - start
    final_loss = loss(rate, capacity, X0, observed, DT, EVERY)
    result = dict(
        first_loss=first_loss,
        first_grad=first_grad,
        plain_grad=plain,
        differences=differences,
        final_loss=final_loss,
        rate=rate,
        capacity=capacity,
        first_call_seconds=first_call,
        seconds_per_iteration=training / max(iterations, 1),
        explanation=str(srcgrad.explain(loss, wrt=(0, 1))),
    )
    if verbose:
        print(f"first call (numba compiling): {first_call:.2f} s")
        print(f"gradient at r=0.5, K=1.5: jit {first_grad}, plain {plain}")
        print(f"central differences:        {differences}")
        print(f"loss {first_loss:.4g} -> {final_loss:.3g} after {iterations} iterations")
        print(
            f"fitted r = {rate:.4f} (true {TRUE_RATE}), K = {capacity:.4f} (true {TRUE_CAPACITY})"
        )
        print(f"{result['seconds_per_iteration'] * 1e6:.1f} µs per gradient")
        print(result["explanation"])
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--observations", type=int, default=40)
    options = parser.parse_args()
    main(options.iterations, options.observations)
