"""Minimal programs for bugs the fuzzer found (see test_regressions.py).

Each is a fuzzer program reduced by deleting statements and replacing expressions by
their parts while the failure stayed the same. Loop indices some bodies do not use are
kept as the loops' trip counts matter.
"""

import numpy as np


def append_in_loop_branch(x):
    hs = []
    for i in range(2):
        if i > 0:
            hs.append(x)
    return x


def and_value_after_branch(x, w):
    if np.mean(x) > 1.0:
        pass
    else:
        w = np.mean(w, axis=1, keepdims=True)
    y = np.mean(w) and 0.0
    return y


def and_in_ifexp_nested_loops(x, w):
    for _i in range(2):
        for _j in range(2):
            v = x if np.sum(w) > -10.0 and np.mean(w) > 1.0 else x
    return np.sum(v)


def and_in_loop_branch_subscript(x):
    y = x
    for i in range(3):
        v = y[-1]
        if x is not None and i < 1.0:
            z = v * v
    return z


def and_in_loop_branch_reassign(x0):
    x0 = x0**2
    for _i in range(3):
        if np and np.mean(x0) < 1.0:
            x0 = np.sin(x0[1])
    return np.sum(x0)


def and_in_loop_branch_else(x0, x1):
    v1 = x1
    for i2 in range(4):
        if np and i2 < 0.5:
            pass
        else:
            y3 = x0 / 1.0 * (v1 - i2)
    return np.sum(y3)


def and_in_nested_loop_value(x0, x1, x2, x3):
    for _i in range(4):
        for _j in range(1):
            v21 = np.mean(x0, axis=0)
            v22 = np.mean(v21) and np.sum(x0) > 0.5  # noqa: F841
    return np.sum(v21)


def untaken_else_with_call(x0):
    if np:
        y5 = x0
    else:
        y5 = np(0.3)
    return np.sum(y5)
