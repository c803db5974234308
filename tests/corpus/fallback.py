"""Functions with syntax the compiler refuses: auto mode must run them on the tape."""

import contextlib
import functools

import numpy as np

CALLS = 0


def try_except(x):
    try:
        y = np.sqrt(x)
    except ValueError:
        y = x
    return np.sum(y * x)


def try_finally(x):
    total = 0.0
    try:
        total = np.sum(np.sin(x) * 2)
    finally:
        total = total + 1.0
    return total


def with_errstate(x):
    with np.errstate(divide="ignore"):
        y = np.log(x) * x
    return np.sum(y)


def with_suppress(x):
    y = x * 2
    with contextlib.suppress(KeyError):
        y = y + np.tanh(x)
    return np.sum(y**2)


def global_counter(x):
    global CALLS
    CALLS = CALLS + 1
    return np.sum(np.exp(-(x**2)))


def nonlocal_accumulator(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v

    add(np.sum(x**2))
    add(np.sum(np.cos(x)))
    return total


def _terms(x):
    for k in range(1, 4):
        yield x**k / k


def generator_helper(x):
    return np.sum(sum(_terms(x)))


def yield_inside(x):
    def pieces():
        yield np.sin(x)
        yield x * 2

    return np.sum(np.stack(list(pieces())))


def _total(*parts):
    s = 0.0
    for p in parts:
        s = s + np.sum(p)
    return s


def star_args_helper(x):
    return _total(x, x**2, np.sin(x))


def _weighted(x, **weights):
    return np.sum(x * weights["a"] + x**2 * weights["b"])


def kwargs_helper(x):
    return _weighted(x, a=2.0, b=0.5)


def star_args_own(x, *rest):
    s = np.sum(x**2)
    for r in rest:
        s = s + r[0] * np.sum(r)
    return s


def delete_name(x):
    tmp = x * 3
    y = np.tanh(tmp)
    del tmp
    return np.sum(y)


def loop_with_else(x):
    y = x
    for _ in range(3):
        y = y * 0.9
        if np.sum(y) > 100:
            break
    else:
        y = y + 1
    return np.sum(y**2)


def local_class(x):
    class Scale:
        factor = 2.5

    return np.sum(x * Scale.factor) ** 2


def attribute_assignment(x):
    def f(v):
        return np.sum(v**2)

    f.calls = 1
    return f(x) * f.calls


def eval_expression(x):
    return np.sum(eval("x ** 2 + 1")) + np.sum(x)


def import_inside(x):
    from numpy import tanh

    return np.sum(tanh(x) ** 2)


def starred_unpacking(x):
    first, *rest = x
    return first * np.sum(np.stack(rest))


def reversed_iteration(x):
    s = 0.0
    for v in reversed(x):
        s = s * 0.5 + v
    return s


def sorted_iteration(x):
    s = 0.0
    for i, v in enumerate(sorted(x)):
        s = s + v * i
    return s


def list_pop(x):
    hs = [x, x * 2, x * 3]
    last = hs.pop()
    return np.sum(last * hs[0])


def keyword_only_scale(x, *, scale=2.0):
    return np.sum(x * scale) ** 2


def reduce_over_a_list_variable(a, b):
    # The list is not written in the call: functools.reduce runs as a tape island.
    mats = [a, b, a]
    return np.sum(functools.reduce(np.dot, mats))
