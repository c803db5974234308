import functools
import math

import numpy as np
from harness import reg


def float_alias_iadd(x):
    y = 2.0 * x
    z = x
    z += y
    return x * z


reg(float_alias_iadd, lambda r: (float(r.rand() + 0.5),))


def float_alias_imul(x):
    acc = x
    for _ in range(3):
        acc *= 1.5
    return acc + x


reg(float_alias_imul, lambda r: (float(r.rand() + 0.5),))


def scalar_or_array(x):
    if np.isscalar(x):
        return x**2
    return np.sum(x**3)


reg(scalar_or_array, lambda r: (float(r.rand() + 0.5),))


def isinstance_float(x):
    if isinstance(x, float):
        return 3.0 * x
    return 5.0 * x


reg(isinstance_float, lambda r: (float(r.rand() + 0.5),))


def isinstance_ndarray(x):
    if isinstance(x, np.ndarray):
        return np.sum(x**2)
    return float(np.sum(x))


reg(isinstance_ndarray, lambda r: (r.randn(3),))


def type_check(x):
    if type(x) is np.ndarray:
        return np.sum(np.sin(x))
    return np.sum(np.cos(x))


reg(type_check, lambda r: (r.randn(3),))


def tolist_sum(x):
    vals = x.tolist()
    return sum(v * v for v in vals)


reg(tolist_sum, lambda r: (r.randn(4),))


def item_use(x):
    m = x.max().item()
    return np.sum(x * m)


reg(item_use, lambda r: (r.randn(4),))


def iterate_floats(x):
    total = 0.0
    for v in x:
        total += math.sin(v) * v
    return total


reg(iterate_floats, lambda r: (r.randn(4),))


def chained_alias(x):
    a = b = np.zeros(3)
    for i in range(3):
        a[i] = x[i] ** 2
    return np.sum(b * x)


reg(chained_alias, lambda r: (r.randn(3),))


def tuple_alias(x):
    buf = np.zeros(3)
    p, q = buf, buf
    p += x
    q *= x
    return np.sum(buf)


reg(tuple_alias, lambda r: (r.randn(3),))


def list_alias(x):
    buf = np.zeros(2)
    bufs = [buf, buf]
    for i, b in enumerate(bufs):
        b += x * (i + 1)
    return np.sum(buf**2)


reg(list_alias, lambda r: (r.randn(2),))


def row_view_write(M):
    M = M.copy()
    row = M[0]
    M[0] *= 2.0
    return np.sum(row * M[1])


reg(row_view_write, lambda r: (r.randn(2, 3),))


def transpose_view_write(M):
    A = M.copy()
    T = A.T
    A[0, 1] = 5.0 * A[0, 0]
    return np.sum(T * T)


reg(transpose_view_write, lambda r: (r.randn(2, 2),))


def reshape_view_write(x):
    y = x.copy()
    z = y.reshape(2, 2)
    z[0, 0] = z[1, 1] ** 2
    return np.sum(y * x)


reg(reshape_view_write, lambda r: (r.randn(4),))


def ravel_write(x):
    y = x * 1.0
    y.ravel()[0] = 10 * x[0, 1]
    return np.sum(y**2)


reg(ravel_write, lambda r: (r.randn(2, 2),))


def strided_view(x):
    y = x.copy()
    ev = y[::2]
    ev *= 3.0
    return np.sum(y**2)


reg(strided_view, lambda r: (r.randn(6),))


def return_arg(a):
    a[0] = 0.0
    return a


def helper_returns_arg(x):
    y = x.copy()
    z = return_arg(y)
    z += 1.0
    return np.sum(y * x)


reg(helper_returns_arg, lambda r: (r.randn(3),))


def mutate_input(x):
    x *= 2.0
    return np.sum(x**2)


reg(mutate_input, lambda r: (r.randn(3),))


def mutate_input_slice(x):
    x[1:] = x[1:] + x[:-1]
    return np.sum(x * x)


reg(mutate_input_slice, lambda r: (r.randn(4),))


def row_swap(M):
    A = M.copy()
    A[0], A[1] = A[1], A[0]
    return np.sum(A * np.arange(6).reshape(2, 3))


reg(row_swap, lambda r: (r.randn(2, 3),))


def row_swap_fancy(M):
    A = M.copy()
    A[[0, 1]] = A[[1, 0]]
    return np.sum(A * np.arange(6).reshape(2, 3))


reg(row_swap_fancy, lambda r: (r.randn(2, 3),))


def elem_swap(x):
    y = x.copy()
    y[0], y[2] = y[2], y[0]
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


reg(elem_swap, lambda r: (r.randn(3),))


def repeated_index_iadd(x):
    acc = np.zeros(3)
    acc[[0, 0, 1]] += x
    return np.sum(acc * np.array([1.0, 2.0, 3.0]))


reg(repeated_index_iadd, lambda r: (r.randn(3),))


def repeated_index_assign(x):
    acc = np.zeros(3)
    acc[[0, 0, 2]] = x
    return np.sum(acc * np.array([1.0, 2.0, 3.0]))


reg(repeated_index_assign, lambda r: (r.randn(3),))


def add_at(x):
    acc = np.zeros(3)
    np.add.at(acc, [0, 0, 1], x)
    return np.sum(acc**2)


reg(add_at, lambda r: (r.randn(3),))


def multiply_at(x):
    acc = np.ones(3)
    np.multiply.at(acc, [0, 0, 1], x)
    return np.sum(acc)


reg(multiply_at, lambda r: (r.randn(3),))


def mask_relu(x):
    y = x.copy()
    y[y < 0] = 0.0
    return np.sum(y**2)


reg(mask_relu, lambda r: (r.randn(5),))


def mask_assign_array(x):
    y = np.zeros_like(x)
    m = x > 0
    y[m] = np.sqrt(x[m])
    return np.sum(y)


reg(mask_assign_array, lambda r: (r.randn(5),))


def copyto_where(x):
    b = np.ones_like(x)
    np.copyto(b, x * 2, where=x > 0)
    return np.sum(b**2)


reg(copyto_where, lambda r: (r.randn(5),))


def out_alias(a):
    b = a * 2
    np.multiply(a, b, out=b)
    np.add(b, a, out=b)
    return np.sum(b)


reg(out_alias, lambda r: (r.randn(3),))


def out_into_input_copy(x):
    y = x.copy()
    np.exp(y, out=y)
    return np.sum(y)


reg(out_into_input_copy, lambda r: (r.randn(3),))


def clip_out(x):
    y = np.empty_like(x)
    x.clip(-0.5, 0.5, out=y)
    return np.sum(y * x)


reg(clip_out, lambda r: (r.randn(5),))


def fill_diag(x):
    M = np.outer(x, x)
    np.fill_diagonal(M, x)
    return np.sum(M**2)


reg(fill_diag, lambda r: (r.randn(3),))


def ndarray_fill(x):
    b = np.empty(3)
    b.fill(x)
    return np.sum(b * np.arange(3))


reg(ndarray_fill, lambda r: (float(r.randn()),))


def put_vals(x):
    a = np.zeros(4)
    np.put(a, [1, 3], x)
    return np.sum(a * np.arange(4))


reg(put_vals, lambda r: (r.randn(2),))


def sort_inplace(x):
    y = x.copy()
    y.sort()
    return np.sum(y * np.arange(len(y)))


reg(sort_inplace, lambda r: (r.randn(4),))


def closure_late_binding(x):
    fs = [lambda v: v * i for i in range(3)]  # noqa: B023
    return sum(np.sum(f(x)) for f in fs)


reg(closure_late_binding, lambda r: (r.randn(3),))


def closure_default(x):
    fs = [lambda v, i=i: v * i for i in range(3)]
    return sum(np.sum(f(x) ** 2) for f in fs)


reg(closure_default, lambda r: (r.randn(3),))


def closure_nonlocal(x):
    total = 0.0

    def add(v):
        nonlocal total
        total += v

    for v in x:
        add(v**2)
    return total


reg(closure_nonlocal, lambda r: (r.randn(3),))


def closure_captures_rebound(x):
    scale = 2.0

    def f(v):
        return v * scale

    scale = 3.0
    return np.sum(f(x))


reg(closure_captures_rebound, lambda r: (r.randn(3),))


def make_loss(target):
    def loss(p):
        return np.sum((p - target) ** 2)

    return loss


def closure_factory(x):
    loss = make_loss(np.array([1.0, 2.0]))
    return loss(x) * 2


reg(closure_factory, lambda r: (r.randn(2),))


def def_in_branch(x, kind="b"):
    if kind == "a":

        def g(v):
            return v * 2
    else:

        def g(v):
            return v**3

    return np.sum(g(x))


reg(def_in_branch, lambda r: (r.randn(3),))


def def_in_branch_no_else(x, kind="b"):
    def g(v):
        return v * 2

    if kind == "a":

        def g(v):  # noqa: F811
            return v**3

    return np.sum(g(x))


reg(def_in_branch_no_else, lambda r: (r.randn(3),))


def def_in_loop(x):
    total = 0.0
    for k in range(3):

        def term(v):
            return v**k  # noqa: B023

        total = total + np.sum(term(x))
    return total


reg(def_in_loop, lambda r: (r.randn(3),))


def rebind_iterable(x):
    total = 0.0
    for v in x:
        total += v**2
        x = x * 0.5
    return total + np.sum(x)


reg(rebind_iterable, lambda r: (r.randn(3),))


def shadow_comprehension(w):
    return sum([w**2 for w in w])


reg(shadow_comprehension, lambda r: (r.randn(3),))


def recursion_poly(x, n=4):
    if n == 0:
        return 1.0
    return 1.0 + x * recursion_poly(x, n - 1)


reg(recursion_poly, lambda r: (float(r.rand()),))


def fact_like(x, n=3):
    return x if n == 0 else x * fact_like(x + 1.0, n - 1)


reg(fact_like, lambda r: (float(r.rand()),))


def while_newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12:
        x = 0.5 * (x + a / x)
    return x


reg(while_newton_sqrt, lambda r: (float(2 + r.rand()),))


def while_series_exp(x):
    term = 1.0
    total = 1.0
    n = 1
    while abs(term) > 1e-14:
        term = term * x / n
        total += term
        n += 1
    return total


reg(while_series_exp, lambda r: (float(r.rand()),))


def reduce_dot(x):
    A = np.array([[1.0, 2.0], [0.5, 1.0]])
    M = x.reshape(2, 2)
    return np.sum(functools.reduce(np.dot, [A, M, M]))


reg(reduce_dot, lambda r: (r.randn(4),))


def map_lambda(x):
    return sum(map(lambda v: v**3, x))


reg(map_lambda, lambda r: (r.randn(3),))


def sorted_key(x):
    pairs = sorted(zip(x, [3.0, 1.0, 2.0]), key=lambda p: p[1])
    return sum(a * b for a, b in pairs) + pairs[0][0] ** 2


reg(sorted_key, lambda r: (r.randn(3),))


def vectorize_fn(x):
    f = np.vectorize(lambda v: v * v + 1.0)
    return np.sum(f(x))


reg(vectorize_fn, lambda r: (r.randn(3),))


def apply_along(x):
    return np.sum(np.apply_along_axis(lambda row: np.sum(row**2), 1, x))


reg(apply_along, lambda r: (r.randn(2, 3),))


def dict_bookkeeping(x):
    stats = {}
    for i, v in enumerate(x):
        key = "even" if i % 2 == 0 else "odd"
        stats.setdefault(key, []).append(v)
    return sum(v**2 for v in stats["even"]) + 3 * sum(stats["odd"])


reg(dict_bookkeeping, lambda r: (r.randn(5),))


def list_inplace_ops(x):
    vals = [x[0], x[1]]
    vals.append(x[2] * 2)
    vals.insert(0, x[0] ** 2)
    vals.reverse()
    return vals[0] * vals[-1] + vals.pop() + sum(vals)


reg(list_inplace_ops, lambda r: (r.randn(3),))


def list_aliasing(x):
    a = [x[0], x[1]]
    b = a
    b.append(x[2])
    return sum(v * v for v in a)


reg(list_aliasing, lambda r: (r.randn(3),))


def list_mult_alias(x):
    rows = [np.zeros(2)] * 2
    rows[0] += x
    return np.sum(rows[1] ** 2)


reg(list_mult_alias, lambda r: (r.randn(2),))


def nested_list_matrix(x):
    M = [[0.0] * 2 for _ in range(2)]
    for i in range(2):
        for j in range(2):
            M[i][j] = x[i] * x[j]
    return M[0][1] + M[1][1] ** 2


reg(nested_list_matrix, lambda r: (r.randn(2),))


def np_array_of_scalars(x):
    a, b = x[0], x[1]
    v = np.array([a * b, a + b, np.sin(a)])
    return np.sum(v**2)


reg(np_array_of_scalars, lambda r: (r.randn(2),))


def asarray_list(x):
    rows = [x * i for i in range(3)]
    M = np.asarray(rows)
    return np.sum(M**2)


reg(asarray_list, lambda r: (r.randn(2),))


def astype_float(x):
    y = x.astype(float)
    return np.sum(y**2)


reg(astype_float, lambda r: (r.randn(3),))


def float32_round(x):
    y = x.astype(np.float32)
    return float(np.sum(y * 2))


reg(float32_round, lambda r: (r.randn(3),))


def global_config(x):
    return np.sum(x * SCALE)


SCALE = 3.0
reg(global_config, lambda r: (r.randn(3),))


def int_exponent(x):
    n = int(x[0] > 0) + 2
    return np.sum(x**n)


reg(int_exponent, lambda r: (r.randn(3),))


def try_except_fallback(x):
    try:
        v = np.log(x)
    except FloatingPointError:
        v = x
    return np.sum(v)


reg(try_except_fallback, lambda r: (r.rand(3) + 0.5,))


def with_errstate(x):
    with np.errstate(divide="ignore"):
        y = 1.0 / x
    return np.sum(y)


reg(with_errstate, lambda r: (r.rand(3) + 0.5,))


def generator_sum(x):
    def gen():
        for v in x:
            yield v * v

    return sum(gen())


reg(generator_sum, lambda r: (r.randn(3),))


class Model:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return np.tanh(self.w * x)


def callable_object(w):
    m = Model(w)
    return np.sum(m(np.array([1.0, 2.0])))


reg(callable_object, lambda r: (r.randn(2),))


def partial_fn(x):
    p = functools.partial(np.power, x)
    return np.sum(p(3))


reg(partial_fn, lambda r: (r.randn(3),))


def star_args_helper(*vals):
    return sum(v * v for v in vals)


def star_args(x):
    return star_args_helper(*x) + star_args_helper(x[0], 2.0)


reg(star_args, lambda r: (r.randn(3),))


def kwargs_helper(x, **opts):
    return np.sum(x ** opts.get("p", 2)) * opts.get("scale", 1.0)


def kwargs_use(x):
    return kwargs_helper(x, p=3, scale=2.0)


reg(kwargs_use, lambda r: (r.randn(3),))


def walrus(x):
    if (n := np.sum(x**2)) > 0.0:
        return n * 2
    return n


reg(walrus, lambda r: (r.randn(3),))


def conditional_expr_arrays(x):
    return np.sum(x if x[0] > 0 else -x) + np.sum(x**2)


reg(conditional_expr_arrays, lambda r: (r.randn(3),))


def max_builtin(x):
    return max(x[0], x[1] ** 2) + min(x) * 2


reg(max_builtin, lambda r: (r.randn(3),))


def abs_builtin_pow(x):
    return abs(x[0]) ** 1.5 + pow(x[1], 2) + round(3.7) * x[2]


reg(abs_builtin_pow, lambda r: (r.randn(3),))


def augmented_slice_overlap(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y**2)


reg(augmented_slice_overlap, lambda r: (r.randn(4),))


def self_transpose_add(M):
    A = M.copy()
    A += A.T
    return np.sum(A * np.arange(4).reshape(2, 2))


reg(self_transpose_add, lambda r: (r.randn(2, 2),))


def diag_view_write(M):
    A = M.copy()
    d = np.diagonal(A)
    s = np.sum(d)
    A[0, 0] = 0.0
    return s + np.sum(d * 2)


reg(diag_view_write, lambda r: (r.randn(2, 2),))


def flat_iter(x):
    y = x.copy()
    for i, v in enumerate(y.flat):
        y.flat[i] = v * v
    return np.sum(y)


reg(flat_iter, lambda r: (r.randn(2, 2),))


def ellipsis_and_newaxis(x):
    y = x[..., np.newaxis] * x[np.newaxis, ...]
    return np.sum(y[..., 0])


reg(ellipsis_and_newaxis, lambda r: (r.randn(3),))


def where_one_arg(x):
    idx = np.where(x > 0)[0]
    return np.sum(x[idx] ** 2)


reg(where_one_arg, lambda r: (r.randn(5),))


def nonzero_take(x):
    idx = np.nonzero(x > 0)
    return np.sum(np.take(x, idx[0]) ** 3)


reg(nonzero_take, lambda r: (r.randn(5),))


def argsort_gather(x):
    order = np.argsort(x)
    return np.sum(x[order] * np.arange(len(x)))


reg(argsort_gather, lambda r: (r.randn(5),))
