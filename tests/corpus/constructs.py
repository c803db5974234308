"""Functions exercising each construct the compiler transforms, written as users write them."""

import math

import numpy as np

# ---- assignment, unpacking, augmented assignment ----------------------------------------


def chain_of_assignments(x):
    a = x * 2.0
    b = a + 1.0
    c = b * a
    return np.sum(c)


def reuse_name_many_times(x):
    y = x
    y = np.sin(y)
    y = y * y
    y = y + x
    y = np.exp(-y)
    return np.sum(y)


def tuple_unpacking(x):
    a, b = x * 2.0, x - 1.0
    return np.sum(a * b)


def unpack_from_array_rows(X):
    first, second = X
    return np.sum(first * np.cos(second))


def swap_arrays(a, b):
    a, b = b, a
    return np.sum(a * 2.0 + b**2)


def rotate_three(a, b, c):
    a, b, c = b, c, a * b
    return a * b + c


def fibonacci_like(x):
    a, b = x, x * 0.5
    for _ in range(5):
        a, b = b, a + b * 0.9
    return b


def augmented_arrays(x):
    y = x * 1.0
    y += 2.0
    y *= x
    y -= 0.5 * x
    y /= 3.0
    y **= 2
    return np.sum(y)


def augmented_in_loop(x):
    total = 0.0
    for i in range(4):
        total += np.sum(x**i)
        total *= 0.9
    return total


def augmented_matmul(A, v):
    y = v * 1.0
    y @= A
    return np.sum(y**2)


# ---- operators ---------------------------------------------------------------------------


def all_arithmetic(x, y):
    return np.sum(x + y - x * y + x / y + x**2 + y**x + x @ y)


def python_float_arithmetic(a, b):
    return (a + b) * (a - b) / (a * b) + a**b - b**3 + 2.0**a


def power_variants(x, p):
    return np.sum(x**p + x**-1.5 + np.sqrt(x) ** 3 + x**0.5 * p**2)


def remainder_ops(x, y):
    return np.sum(x % y + (x // y) * y + x % 0.7)


def matrix_products(A, B, v):
    return np.sum(A @ B) + v @ A @ v + np.sum(A @ v) + np.sum(v @ B)


def unary_minus_plus(x):
    return np.sum(-x * +x - (-(x * -0.5)) ** 3)


def builtin_abs_and_np_abs(x):
    return np.sum(abs(x) * 2 + np.abs(x - 0.05) + np.absolute(x) ** 2)


def abs_of_float(a, b):
    return abs(a - b) * abs(a) + abs(b) ** 0.5


def comparison_weights(x):
    weights = (x > 0) * 1.0 + (x <= 0) * 0.1
    return np.sum(weights * x**2) + np.sum((x >= 0.5) * x) - np.sum((x < -0.5) * x)


def equality_masks(x):
    k = np.arange(x.shape[0])
    return np.sum((k == 2) * x + (k != 2) * x**2)


def chained_comparison(x):
    if -1.0 < x < 1.0:
        return x**3
    return 2.0 * x


# ---- numpy and math functions, keywords, methods, attributes ----------------------------


def keyword_reductions(X):
    col = np.sum(X, axis=0)
    row = np.mean(X, axis=1, keepdims=True)
    return np.sum(col**2) + np.sum(X * row) + np.max(X, axis=-1).sum()


def methods_and_attributes(X):
    n, m = X.shape
    flat = X.reshape(n * m)
    Y = X.T.reshape(m, n)
    return flat.sum() / X.size + (Y**2).mean(axis=0).sum() + X.sum(axis=1).max()


def reshape_methods(x):
    M = x.reshape(3, 4)
    N = x.reshape((2, 6))
    P = M.transpose(1, 0).ravel()
    return np.sum(M.T @ N.T.reshape(3, 4)) + np.sum(P * np.arange(12)) + N.flatten()[3]


def positional_axis_arguments(X):
    return np.sum(np.sum(X, 0) ** 2) + np.sum(X.mean(0)) + np.sum(X.max(1)) + X.min()


def reshape_minus_one(x):
    return np.sum(x.reshape(-1, 2) @ np.array([1.0, 2.0])) + np.sum(x.reshape(-1) ** 2)


def shape_driven_loop(X):
    total = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            total = total + X[i, j] * (i + 1) / (j + 1)
    return total


def math_module_scalars(a, b):
    return math.sin(a) * math.exp(b) + math.log(1 + a * a) + math.sqrt(b * b + 1) + math.pi * a


def math_module_more(a, b):
    r = math.hypot(a, b) + math.atan2(a, b) + math.tanh(a) + math.cosh(b)
    return r + math.pow(abs(b), 1.5) + math.log(abs(a) + 1, 2) + math.fabs(a - b)


def float_of_array_entry(x):
    s = float(np.sum(x**2))
    return s * 3.0 + math.sqrt(s)


# ---- subscripts -------------------------------------------------------------------------


def integer_subscripts(X):
    return X[0, 1] * X[2, 0] + X[-1, -1] ** 2 + np.sum(X[1])


def slice_subscripts(X):
    return np.sum(X[1:4, ::2] ** 2) + np.sum(X[:, 1:-1] * 3) + np.sum(X[::-1, 0] * X[:, -1])


def ellipsis_and_reverse(T):
    return np.sum(T[..., ::-1] * T) + np.sum(T[..., 0] ** 2) + np.sum(T[0, ...] * 2)


def newaxis_subscripts(x, y):
    outer = x[:, None] * y[None, :]
    return np.sum(np.sin(outer)) + np.sum(x[np.newaxis] ** 2)


def integer_array_index(x):
    idx = np.array([0, 2, 2, 4, 1])
    return np.sum(x[idx] ** 2 * np.arange(1, 6))


def fancy_rows_and_pairs(X):
    rows = np.array([2, 0, 2])
    cols = np.array([1, 1, 3])
    return np.sum(X[rows] ** 2) + np.sum(X[rows, cols] * 3) + np.sum(X[[0, 1], :])


def boolean_mask_index(x):
    return np.sum(x[x > 0] ** 2) - np.sum(x[x < 0]) * 3


def mask_from_other(x, y):
    keep = y > 0.2
    return np.sum(x[keep] * y[keep]) + np.sum(x[~keep] ** 3)


def write_slices_into_new_array(x):
    y = np.zeros(6)
    y[1:4] = x[:3] * 2
    y[4] = x[3] ** 2
    y[0] = np.sum(x)
    y[2:5] = y[2:5] * x[1:4]
    return np.sum(y * y)


def write_rows_in_loop(x):
    out = np.zeros((3, x.shape[0]))
    for i in range(3):
        out[i] = np.sin(x * (i + 1))
    return np.sum(out**2) + out[1, 2]


def overwrite_same_cell(x):
    y = np.ones(3)
    y[1] = x[0] * 2
    y[1] = y[1] * x[1]
    y[1] = np.sin(y[1]) + x[2]
    return np.sum(y**2)


def mask_assignment(x):
    y = x * 1.0
    y[y < 0] = 0.0
    return np.sum(y**2 + y)


def cumulative_by_index(x):
    c = np.zeros_like(x)
    c[0] = x[0]
    for i in range(1, len(x)):
        c[i] = c[i - 1] * 0.8 + x[i]
    return np.sum(c**2)


def scatter_by_index_write(x):
    y = np.zeros(4)
    idx = np.array([0, 2, 2])
    y[idx] = x[:3]  # NumPy keeps the last write to a repeated index
    return np.sum(y * np.arange(1.0, 5.0))


def augmented_subscript_write(x):
    y = np.zeros(4)
    y[1:3] += x[:2] * 2
    y[0] += x[3]
    y[1:3] *= x[2]
    return np.sum(y**2)


def reversed_slice_write(x):
    y = np.zeros(3)
    y[::-1] = x
    return np.sum(y * np.arange(3.0))


# ---- branches and boolean logic ---------------------------------------------------------


def if_elif_else(x):
    s = np.sum(x)
    if s > 1.0:
        y = x**2
    elif s > -1.0:
        y = np.sin(x) * 3
    else:
        y = -x
    return np.sum(y)


def nested_ifs(a, b):
    if a > 0:
        if b > 0:
            r = a * b
        else:
            r = a - b * b
    else:
        r = a**2 + b
    return r


def conditional_expression(x):
    y = x * 2 if np.mean(x) > 0 else x**3
    z = np.sin(y) if y[0] > 0 else np.cos(y)
    return np.sum(z)


def and_or_not(a, b):
    if a > 0 and b > 0:
        r = a * b
    elif a > 0 or b > 0:
        r = a + b
    else:
        r = a - b
    if not a > 0.5:
        r = r * 2
    return r


def or_with_values(a, b):
    scale = (a > 0.5) or 0.25
    small = a < 0 and b
    return a * scale + b * (small or 1.0)


def if_without_else(x):
    y = x * 1.5
    if np.max(x) > 0.5:
        y = y + np.exp(x)
    return np.sum(y)


def defined_in_one_branch(x):
    if x > 0:
        y = x * 3
    if x > 0:
        return y * x
    return x


def branch_on_length(x):
    if len(x) > 3:
        return np.sum(x[:3] ** 2)
    return np.sum(x)


# ---- loops ------------------------------------------------------------------------------


def loop_over_range(x):
    y = x
    for i in range(4):
        y = np.sin(y) + 0.1 * i
    return np.sum(y)


def loop_range_start_stop_step(x):
    s = 0.0
    for k in range(1, 8, 2):
        s = s + np.sum(x**k) / k
    return s


def loop_over_rows(X):
    acc = np.zeros(X.shape[1])
    for row in X:
        acc = acc * 0.5 + row**2
    return np.sum(acc)


def loop_over_list(x):
    total = 0.0
    for scale in [0.5, 1.0, 2.0]:
        total = total + np.sum(np.tanh(x * scale))
    return total


def zip_two_arrays(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b + a**2
    return s


def zip_three(x, y, z):
    s = 0.0
    for a, b, c in zip(x, y, z):
        s = s + a * b - c * a
    return s


def enumerate_rows(X):
    s = 0.0
    for i, row in enumerate(X):
        s = s + (i + 1) * np.sum(row**2)
    return s


def enumerate_with_start(x):
    s = 0.0
    for i, v in enumerate(x, 1):
        s = s + v**i
    return s


def nested_loops_triangle(x):
    total = 0.0
    for i in range(len(x)):
        for j in range(i):
            total = total + x[i] * x[j]
    return total


def pairwise_distances(P):
    total = 0.0
    n = P.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            d = P[i] - P[j]
            total = total + np.sqrt(np.sum(d * d))
    return total


def while_halving(x):
    steps = 0
    while x > 0.1:
        x = x * 0.5
        steps = steps + 1
    return x * steps + x**2


def while_on_array_norm(v):
    while np.sum(v * v) > 1.0:
        v = v * 0.7
    return np.sum(np.sin(v))


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def outer_break_after_inner(X):
    s = 0.0
    for row in X:
        for v in row:
            s = s + v
        if s > 0.5:
            break
    return s * s


def break_in_for(x):
    y = x
    for _ in range(20):
        y = y * 1.4
        if y > 3.0:
            break
    return y**2


def continue_in_for(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < 0:
            continue
        s = s + x[i] ** 2
    return s


def break_in_while(x):
    i = 0
    y = x
    while True:
        y = np.cos(y) + x
        i = i + 1
        if i >= 5:
            break
    return y


def break_inner_loop_only(X):
    total = 0.0
    for row in X:
        for v in row:
            if v > 0.6:
                break
            total = total + v**2
    return total


def return_from_loop(x):
    y = x
    for i in range(10):
        y = y * 1.3 + 0.1
        if y > 2.0:
            return y * i
    return y


def return_from_nested_loop(X):
    acc = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            acc = acc + X[i, j]
            if acc > 1.5:
                return acc * X[i, j]
    return -acc


def return_in_while(x):
    while True:
        x = x * 1.7
        if x > 2.0:
            return np.log(x)


def copy_method(x):
    y = x.copy()
    y = y * 2.0
    return np.sum(y * x)


# ---- containers -------------------------------------------------------------------------


def tuples_returned(x):
    pair = (x * 2, x**2)
    a, b = pair
    return np.sum(a * b) + np.sum(pair[0])


def list_append_stack(x):
    hs = []
    h = x
    for _ in range(3):
        h = np.tanh(h * 1.3 + 0.2)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H * np.arange(3.0)[:, None])


def list_index_and_negative(x):
    parts = [x, x * 2, np.sin(x)]
    parts.append(parts[-1] * parts[0])
    return np.sum(parts[1] * parts[3]) + np.sum(parts[-2])


def list_extend_then_stack(x):
    hs = [x]
    hs.extend([x * 2, x * 3])
    return np.sum(np.stack(hs) ** 2)


def list_concatenation(x):
    hs = [x] + [x * 2]
    return np.sum(np.stack(hs) ** 2)


def list_slice_stack(x):
    hs = [x, x * 2, np.sin(x)]
    return np.sum(np.stack(hs[1:]) ** 2)


def nested_list_comprehension(x, y):
    return sum([sum([a * b for b in y]) for a in x])


def comprehension_with_ifexp(x):
    return sum([v * 2 if v > 0 else v**2 for v in x])


def list_comprehension(x):
    squares = [v**2 for v in x]
    return sum(squares)


def comprehension_with_condition(x):
    return sum([v * 3 for v in x if v > 0]) + sum([v**2 for v in x if v <= 0])


def comprehension_over_range(x):
    terms = [np.sum(x**k) / (k + 1) for k in range(4)]
    return np.sum(np.stack(terms) ** 2)


def generator_expression_sum(x):
    return sum(np.sin(v) * i for i, v in enumerate(x))


def dict_constant_keys(x):
    params = {"scale": x * 2, "shift": np.sin(x)}
    params["shift"] = params["shift"] + 1
    return np.sum(params["scale"] * params["shift"])


def dict_lookup_only(x, w):
    params = {"w": w, "b": 0.5}
    out = {"h": np.tanh(x * params["w"] + params["b"])}
    return np.sum(out["h"] ** 2)


def dict_in_loop(x):
    state = {"h": x, "c": x * 0}
    for _ in range(3):
        state["c"] = state["c"] + np.tanh(state["h"])
        state["h"] = state["h"] * 0.5 + state["c"]
    return np.sum(state["h"])


def builtins_on_arrays(x):
    return sum(x) * len(x) + max(x[0], x[1]) + min(x[2], 0.3) + max(x)


def builtins_sum_of_rows(X):
    return np.sum(sum(X) ** 2) + sum(X[0]) * len(X)


def builtin_min_of_row(X):
    return min(X[0]) + max(X[1])


def builtin_max_of_expression(x):
    return max(x * 0.5) + min(x[1:] - 1.0)


def max_min_of_floats(a, b):
    return max(a, b) * 2 + min(a, b, 0.0) ** 2


# ---- functions --------------------------------------------------------------------------


def _affine(x, w, b=0.5):
    return x * w + b


def _softplus(z, beta=1.0):
    return np.log1p(np.exp(beta * z)) / beta


def calls_with_defaults(x, w):
    return np.sum(_affine(x, w) + _affine(x, w, b=2.0) + _affine(w=x, x=w))


def calls_with_keyword_params(x):
    return np.sum(_softplus(x) + _softplus(x, beta=2.0) + _softplus(beta=0.5, z=x))


def _norm_and_mean(x):
    return np.sqrt(np.sum(x**2)), np.mean(x)


def call_returning_tuple(x):
    n, m = _norm_and_mean(x)
    return n * m + n


def _layer(x, W):
    return np.tanh(x @ W)


def _two_layers(x, W):
    return _layer(_layer(x, W), W.T)


def call_chain(x, W):
    return np.sum(_two_layers(x, W) ** 2)


def nested_def_closure(x, w):
    def score(v):
        return np.sum(v * w) ** 2

    return score(x) + score(np.sin(x))


def nested_def_uses_later_value(x):
    scale = 2.0
    scale = scale * np.sum(x)

    def f(v):
        return v * scale

    return np.sum(f(x) ** 2)


def nested_def_with_default(x):
    def g(v, p=2):
        return np.sum(np.abs(v) ** p)

    return g(x) + g(x, p=3) + g(x, 1.5)


def helper_defined_in_loop(x):
    s = 0.0
    for k in range(1, 3):

        def g(v):
            return np.sin(v * k)  # noqa: B023 (called in the same iteration)

        s = s + np.sum(g(x))
    return s


def lambda_in_loop(x):
    s = 0.0
    for k in range(3):
        f = lambda v: v * k  # noqa: B023 (called in the same iteration)
        s = s + np.sum(f(x) ** 2)
    return s


def lambda_calls(x):
    sq = lambda v: v * v
    shifted = lambda v, s=1.0: v + s
    return np.sum(sq(shifted(x)) + shifted(x, 2.0))


def lambda_closure(x, w):
    f = lambda v: np.tanh(v * w)
    return np.sum(f(x) + f(f(x)))


def _power_sum(x, n):
    if n == 0:
        return x
    return x * _power_sum(x, n - 1) + 1.0


def recursion_depth(x):
    return np.sum(_power_sum(x, 4))


def _tree(x, depth=3):
    if depth == 0:
        return np.sin(x)
    return _tree(x * 0.9, depth=depth - 1) + _tree(x * 1.1, depth - 1) * 0.5


def recursion_tree(x):
    return np.sum(_tree(x))


def _even(x, n):
    if n == 0:
        return x
    return _odd(x * 1.1, n - 1)


def _odd(x, n):
    if n == 0:
        return -x
    return _even(np.sin(x), n - 1)


def _halve_until_small(x):
    if x < 0.1:
        return x
    return _halve_until_small(x / 2) * 2 + x


def data_dependent_recursion(x):
    return _halve_until_small(x) ** 2


def mutual_recursion(x):
    return np.sum(_even(x, 5))


def _joined_items(items, depth):
    if depth == 0:
        return items * 1.0
    return _joined_items(items[0], depth - 1) + _joined_items(items[1], depth - 1)


def recursion_over_list_items(x):
    return np.sum(_joined_items([x[:2], x[2:] * 2.0], 1) ** 2)


def copy_of_nested_list_in_untaken_branch(x):
    a = x.reshape(2, 2)
    rows = [[a, np.eye(2)], [np.eye(2), a * 2.0]]
    if x[0] > 5.0:
        return np.sum(np.copy(rows))
    joined = []
    for row in rows:
        joined.append(np.concatenate(row, axis=-1))
    return np.sum(np.concatenate(joined, axis=-2) ** 2)


SCALE = 1.7


def reads_global_constant(x):
    return np.sum(x * SCALE) ** 2


# ---- more functions: state across calls, closures, parameters holding containers ----


def late_binding_lambda(x):
    scale = 2.0
    f = lambda v: v * scale
    scale = np.sum(x)
    return np.sum(f(x))


def late_binding_def(x):
    scale = 2.0

    def f(v):
        return v * scale

    scale = np.sum(x) * 3
    return np.sum(f(x))


def closure_in_loop_reassigned(x):
    acc = x * 0

    def add_to(v):
        return v + acc

    for _ in range(3):
        acc = acc + np.sin(x)
    return np.sum(add_to(x) ** 2)


def _push_doubled(hs, v):
    hs.append(v * 2)


def callee_appends(x):
    hs = []
    _push_doubled(hs, x)
    _push_doubled(hs, x * x)
    return np.sum(np.stack(hs))


def _set_key(d, v):
    d["k"] = v * 3


def callee_mutates_dict(x):
    d = {"k": x}
    _set_key(d, x)
    return np.sum(d["k"])


def genexp_max(x):
    return max(v**2 for v in x)


def genexp_pairs(x):
    return sum(x[i] * x[i + 1] for i in range(len(x) - 1))


def while_in_for(x):
    total = 0.0
    for v in x:
        y = v
        while abs(y) > 0.2:
            y = y * 0.5
        total = total + y
    return total


def branch_in_loop_saved(x):
    y = x
    for i in range(6):
        if np.sum(y) > 0:
            y = y * 0.5 - 0.3
        else:
            y = np.exp(y) + 0.1 * i
    return np.sum(y**2)


def write_in_nested_loops(X):
    out = np.zeros_like(X)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            out[i, j] = X[i, j] * (i + j) + (out[i - 1, j] if i > 0 else 0.0)
    return np.sum(out**2)


def callee_kw_wrt(x, y):
    def comb(a, b=1.0):
        return a * b + b

    return np.sum(comb(b=x, a=y)) + np.sum(comb(x))


def recursion_second_arg(n, x):
    if n <= 0:
        return x
    return recursion_second_arg(n - 1, np.sin(x)) * x


def wrap_recursion(x):
    return np.sum(recursion_second_arg(3, x))


def int_of_value(x):
    n = int(np.sum(x > 0))
    return np.sum(x**n)


def return_types_mixed(x):
    if x[0] > 0:
        return 0.0
    return np.sum(x**2)


def loop_var_after_loop(x):
    for v in x:  # noqa: B007 (the last row is used after the loop)
        pass
    return v**2


def param_reassigned_in_branch(x, w):
    if np.sum(w) > 0:
        x = x * w
    return np.sum(x**2)


def list_of_lists(x):
    grid = [[x[0], x[1]], [x[2], x[0] * x[1]]]
    return grid[1][1] * grid[0][1] + grid[1][0]


def dict_of_lists(x):
    d = {"a": [x, x * 2], "b": [x * 3]}
    return np.sum(d["a"][1] * d["b"][0])


def tuple_of_arrays_param(params, x):
    W, b = params
    return np.sum(np.tanh(x @ W + b))


def list_param(ws, x):
    s = 0.0
    for w in ws:
        s = s + np.sum(w * x)
    return s


def dict_param(p, x):
    return np.sum(p["w"] * x + p["b"])


def early_return_before_loop(x):
    if np.sum(x) < -10:
        return 0.0
    s = 0.0
    for v in x:
        s = s + v**3
    return s


def nested_def_calls_sibling(x):
    def inner(v):
        return v**2

    def outer(v):
        return inner(v) + inner(2 * v)

    return np.sum(outer(x))


def closure_two_levels(x, w):
    def make():
        def g(v):
            return v * w

        return g(x)

    return np.sum(make())


def loop_over_dict_items(x):
    d = {"a": x, "b": x * 2}
    s = 0.0
    for k in ["a", "b"]:
        s = s + np.sum(d[k] ** 2)
    return s


def range_counting_down(x):
    s = 0.0
    for i in range(len(x) - 1, -1, -1):
        s = s * 0.7 + x[i]
    return s


def not_operator(x):
    flag = not (x[0] > 0)
    return np.sum(x * (2.0 if flag else 3.0))


def ifexp_in_loop(x):
    s = 0.0
    for v in x:
        s = s + (v if v > 0 else -2 * v)
    return s
