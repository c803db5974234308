import math

import numpy as np
from harness import reg


def where_sqrt_nan_trap(x):
    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))


reg(where_sqrt_nan_trap, lambda r: (np.array([0.5, -0.7, 1.2]),))


def where_log_nan_trap(x):
    return np.sum(np.where(x > 0, np.log(x), x))


reg(where_log_nan_trap, lambda r: (np.array([0.5, -0.7, 1.2]),))


def unit_vector_zero(x):
    v = np.array([1.0, 0.0]) * 0.0 + x[:2] - x[:2]
    n = np.sqrt(np.sum(v**2))
    return n + np.sum(x**2)


reg(unit_vector_zero, lambda r: (r.randn(3),))


def sqrt_of_zero_sum(x):
    return np.sqrt(np.sum((x - x) ** 2)) + np.sum(x)


reg(sqrt_of_zero_sum, lambda r: (r.randn(3),))


def pairwise_sqrt_diag(X):
    D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    return np.sum(np.sqrt(D2 + 1e-300 * 0))


reg(pairwise_sqrt_diag, lambda r: (r.randn(3, 2),))


def std_constant_part(x):
    c = np.concatenate([x * 0.0 + 1.0, x])
    return np.std(c[:2]) + np.sum(x)


reg(std_constant_part, lambda r: (r.randn(2),))


def abs_pow_at_zero(x):
    return np.sum(np.abs(x - x) ** 1.5) + np.sum(x)


reg(abs_pow_at_zero, lambda r: (r.randn(3),))


def complex_exp_real(x):
    z = np.exp(1j * x)
    return np.sum(z.real * 2 + z.imag)


reg(complex_exp_real, lambda r: (r.randn(3),))


def complex_abs_simple(x):
    return np.sum(np.abs(1j * x) ** 2)


reg(complex_abs_simple, lambda r: (r.randn(3),))


def complex_np_real(x):
    z = (1 + 2j) * x
    return np.sum(np.real(z) * np.imag(z))


reg(complex_np_real, lambda r: (r.randn(3),))


def complex_sum_abs(x):
    z = x + 1j * x[::-1]
    return np.sum(np.abs(z))


reg(complex_sum_abs, lambda r: (r.randn(3),))


def complex_angle(x):
    z = x[0] + 1j * x[1]
    return np.angle(z)


reg(complex_angle, lambda r: (r.rand(2) + 0.5,))


def complex_python_abs(x):
    z = complex(x, 2.0)
    return abs(z * z)


reg(complex_python_abs, lambda r: (float(r.rand() + 0.5),))


def complex_fft_roundtrip(x):
    X = np.fft.fft(x)
    return np.sum(np.real(np.fft.ifft(X * 2)) * x)


reg(complex_fft_roundtrip, lambda r: (r.randn(4),))


def complex_mult_conj(x):
    z = x * (1 + 1j)
    return np.sum((z * np.conj(z)).real)


reg(complex_mult_conj, lambda r: (r.randn(3),))


def rfft_manual_power(x):
    n = len(x)
    k = np.arange(n)
    C = np.cos(2 * np.pi * np.outer(k, k) / n)
    S = np.sin(2 * np.pi * np.outer(k, k) / n)
    return np.sum((C @ x) ** 2 + (S @ x) ** 2)


reg(rfft_manual_power, lambda r: (r.randn(5),))


def int_input_cast(x):
    return float(np.sum(x**2))


reg(int_input_cast, lambda r: (r.randn(3),))


def numpy_scalar_input(x):
    return np.float64(x) ** 2 + np.sin(x)


reg(numpy_scalar_input, lambda r: (float(r.rand()),))


def ints_in_float_math(x):
    n = len(x)
    return sum(x[i] * (n - i) // 1 * 1.0 for i in range(n)) + np.sum(x * (x > 0))


reg(ints_in_float_math, lambda r: (r.randn(3),))


def mean_of_list_of_arrays(x):
    parts = [x[:2], x[2:4]]
    return np.sum(np.mean(parts, axis=0) ** 2)


reg(mean_of_list_of_arrays, lambda r: (r.randn(4),))


def sum_of_list_arrays_np(x):
    return np.sum(np.sum([x, 2 * x, x**2], axis=0) ** 2)


reg(sum_of_list_arrays_np, lambda r: (r.randn(3),))


def max_of_list_np(x):
    return np.max([x[0] ** 2, x[1], 0.1]) + np.min([x[2], 5.0])


reg(max_of_list_np, lambda r: (np.array([1.3, 0.4, 0.7]) + 0.01 * r.rand(3),))


def dot_of_lists(x):
    return np.dot([x[0], x[1]], [2.0, 3.0]) + np.prod([x[0], x[2]])


reg(dot_of_lists, lambda r: (r.randn(3),))


def nested_loops_enumerate_zip(x):
    total = 0.0
    for i, (a, b) in enumerate(zip(x, x[1:])):
        total += (i + 1) * a * b
    for a in reversed(x):
        total += a**3
    return total


reg(nested_loops_enumerate_zip, lambda r: (r.randn(4),))


def break_continue(x):
    total = 0.0
    for i, v in enumerate(x):
        if i == 1:
            continue
        if i == 3:
            break
        total += v * v
    else:
        total += 100.0
    return total


reg(break_continue, lambda r: (r.randn(5),))


def while_else(x):
    i = 0
    s = 0.0
    while i < len(x):
        s += x[i] ** 2
        i += 1
    else:
        s *= 2
    return s


reg(while_else, lambda r: (r.randn(3),))


def early_return_loop(x):
    for v in x:
        if v > 10:
            return v
    return np.sum(x**2)


reg(early_return_loop, lambda r: (r.randn(3),))


def cond_on_value(x):
    if np.sum(x) > 0:
        y = x * 2
    else:
        y = x**2
    if x[0] > 0.0:
        y = y + x[0]
    return np.sum(y)


reg(cond_on_value, lambda r: (r.randn(3),))


def lambda_immediate(x):
    return (lambda a, b=2.0: a * b)(np.sum(x**2))


reg(lambda_immediate, lambda r: (r.randn(3),))


def recursion_tree(x, depth=3):
    if depth == 0:
        return np.sum(x)
    left = recursion_tree(x[: len(x) // 2 + 1] * 1.1, depth - 1)
    right = recursion_tree(np.sin(x), depth - 1)
    return left * right


reg(recursion_tree, lambda r: (r.randn(4) * 0.5,))


def mutual_recursion_even(x, n=4):
    if n == 0:
        return x
    return _odd(x * 1.5, n - 1)


def _odd(x, n):
    if n == 0:
        return x
    return mutual_recursion_even(np.sin(x), n - 1)


def mutual_recursion(x):
    return np.sum(mutual_recursion_even(x))


reg(mutual_recursion, lambda r: (r.randn(3),))


def math_on_array_elems(x):
    return math.exp(x[0]) * math.sin(x[1]) + math.sqrt(x[2] ** 2 + 1)


reg(math_on_array_elems, lambda r: (r.randn(3),))


def float_conversion_of_elem(x):
    a = float(x[0])
    return a * x[1]


reg(float_conversion_of_elem, lambda r: (r.randn(2),))


def int_index_from_value(x):
    i = int(np.argmax(x))
    return x[i] ** 2 + np.sum(x)


reg(int_index_from_value, lambda r: (r.randn(4),))
