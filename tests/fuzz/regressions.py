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


# Found by the long run; kept as generated (the reduced forms stopped failing).
def or_in_ifexp_nested_loops(x0, x1):
    if np.sum(np.tanh(x0)) < 0.5:
        return np.sum(x1)
    v1 = np.exp(np.tanh((np.mean(np.mean(x0) * 3.0)) - (x1)))
    x0 = np.cos(x0)
    hs2 = []
    for i3 in range(3):
        n4 = 0
        while n4 < 2 and (
            (i3) > 1.0 or np.sum(i3 + np.array([[0.2, 0.54, 0.88], [1.22, 1.56, 1.9]])) > -0.5
        ):
            hs2.append(np.tanh(v1 + np.array([-0.3, 0.55, 1.4])))
            x1 = np.tanh(np.log(1.0 + (x1) ** 2))
            hs2.append(np.tanh(np.exp(np.tanh(i3 + np.array([-0.3, 0.55, 1.4])))))
            n4 = n4 + 1
        hs2.append(np.tanh(np.tanh((1.0 + (i3 + np.array([-0.8, 0.05, 0.9])) ** 2) ** 1.5)))
    hs5 = []
    for i6 in range(3):
        n7 = 0
        while n7 < 2 and (np.sum((x0) * (x0)) > 0.0):
            hs5.append(np.tanh((i6) / (1.5 + np.tanh(x1))))
            v1 = np.cos(
                (
                    (x1)
                    if np.sum(
                        (
                            (x1 + np.array([-0.8, 0.05, 0.9]))
                            if ((v1 * 2.0) if (i6) > 0.5 or not ((v1) < 0.0) else (v1)) > 0.5
                            else (x1 + np.array([-0.3, 0.55, 1.4]))
                        )
                    )
                    < 0.5
                    and np.mean(i6 + np.array([[-0.8, -0.46, -0.12], [0.22, 0.56, 0.9]])) < -0.5
                    else (x1)
                )
                ** 2
            )
            v8 = np.mean(np.stack(hs2), axis=0)  # noqa: F841
            n7 = n7 + 1
        for _i9 in range(4):
            v1 = np.sin(
                (np.exp(np.tanh((x1) ** 3)))
                if np.mean((x1) * (x0)) > 1.0 or np.sum(np.log(1.0 + (x0) ** 2)) > 1.0
                else (i6)
            )
        hs5.append(
            np.tanh(
                (
                    (x1 * np.array([-0.3, 0.55, 1.4]))
                    / (1.0 + (i6 * np.array([-0.8, 0.05, 0.9])) ** 2)
                ).sum()
            )
        )
        if np.mean(v1 + np.array([0.2, 1.05, 1.9])) < -0.5:
            break
    return np.sum(
        (x1)
        * (
            (v1)
            if np.sum(
                (np.mean(x0) + np.array([-0.8, 0.05, 0.9]))
                if np.mean(x0) > 1.0
                else (np.mean(x0) * np.array([-0.8, 0.05, 0.9]))
            )
            > 0.0
            else (v1)
        )
    ) + np.sum(v1)


# Found by the long run: a constant appended after a differentiated value. The list's
# gradient kept the constant's entry, so the earlier element got the wrong one (zeros).
def constant_appended_after(x):
    hs = []
    for i in range(2):
        hs.append(x * 2.0)
        hs.append(np.ones(3) * i)
    return np.sum(hs[0])
