import functools

import numpy as np
from harness import reg


def asarray_alias(x):
    x = x * 1.0
    y = np.asarray(x)
    y += 1.0
    return np.sum(x**2)


reg(asarray_alias, lambda r: (r.randn(3),))


def asarray_dtype_alias(x):
    z = x + 0.0
    y = np.asarray(z, dtype=float)
    y[0] = 0.0
    return np.sum(z**2)


reg(asarray_dtype_alias, lambda r: (r.randn(3),))


def slice_all_alias(x):
    z = x * 2.0
    y = z[:]
    y *= 2.0
    return np.sum(z * x)


reg(slice_all_alias, lambda r: (r.randn(3),))


def view_method_alias(x):
    z = x * 2.0
    y = z.view()
    y[1] = 0.0
    return np.sum(z * x)


reg(view_method_alias, lambda r: (r.randn(3),))


def np_reshape_alias(x):
    z = x * 2.0
    y = np.reshape(z, (2, 2))
    y[0] += 1.0
    return np.sum(z * x)


reg(np_reshape_alias, lambda r: (r.randn(4),))


def np_ravel_alias(X):
    Z = X * 2.0
    y = np.ravel(Z)
    y[:2] = 0.0
    return np.sum(Z * X)


reg(np_ravel_alias, lambda r: (r.randn(2, 2),))


def astype_nocopy_alias(x):
    z = x * 2.0
    y = z.astype(float, copy=False)
    y[0] = 5.0
    return np.sum(z * x)


reg(astype_nocopy_alias, lambda r: (r.randn(3),))


def for_row_inplace(X):
    A = X.copy()
    for row in A:
        row /= np.sum(row**2)
    return np.sum(A * np.arange(6).reshape(2, 3))


reg(for_row_inplace, lambda r: (r.randn(2, 3),))


def for_row_slice_assign(X):
    A = X * 1.0
    for i, row in enumerate(A):
        row[:] = row * (i + 1)
    return np.sum(A**2)


reg(for_row_slice_assign, lambda r: (r.randn(2, 3),))


def out_into_row(x):
    M = np.zeros((2, 3))
    np.multiply(x, 2.0, out=M[0])
    np.sin(x, out=M[1])
    return np.sum(M * np.arange(6).reshape(2, 3))


reg(out_into_row, lambda r: (r.randn(3),))


def copyto_row(x):
    M = np.zeros((2, 3))
    np.copyto(M[1], x * 3)
    return np.sum(M**2 * np.arange(6).reshape(2, 3))


reg(copyto_row, lambda r: (r.randn(3),))


def add_at_view(x):
    M = np.zeros((2, 3))
    np.add.at(M[1], [0, 0, 2], x)
    return np.sum(M**2 * np.arange(6).reshape(2, 3))


reg(add_at_view, lambda r: (r.randn(3),))


def fill_diag_view(x):
    M = np.zeros((3, 3))
    np.fill_diagonal(M[:2, :2], x)
    return np.sum(M * np.arange(9).reshape(3, 3))


reg(fill_diag_view, lambda r: (r.randn(2),))


def positional_out(a):
    c = np.empty_like(a)
    np.add(a, a * a, c)
    return np.sum(c * np.arange(3))


reg(positional_out, lambda r: (r.randn(3),))


def positional_out_self(a):
    b = a.copy()
    np.multiply(b, b, b)
    return np.sum(b * a)


reg(positional_out_self, lambda r: (r.randn(3),))


def dot_positional_out(W, x):
    h = np.empty(2)
    np.dot(W, x, h)
    return np.sum(h**2)


reg(dot_positional_out, lambda r: (r.randn(2, 3), r.randn(3)))


def cumsum_out_self(x):
    y = x.copy()
    np.cumsum(y, out=y)
    return np.sum(y**2)


reg(cumsum_out_self, lambda r: (r.randn(4),))


def ufunc_out_where(x):
    acc = np.ones(4)
    np.add(acc, x, out=acc, where=x > 0)
    return np.sum(acc**2)


reg(ufunc_out_where, lambda r: (r.randn(4),))


def negative_out_self(x):
    y = x * 1.0
    np.negative(y, out=y)
    return np.sum(y * np.arange(3))


reg(negative_out_self, lambda r: (r.randn(3),))


def clip_out_self(x):
    y = x * 2.0
    y.clip(-1.0, 1.0, out=y)
    return np.sum(y**2)


reg(clip_out_self, lambda r: (r.randn(4) * 0.6,))


def dict_of_views_sgd(params):
    p = params.copy()
    d = {"w": p[:2], "b": p[2:]}
    g = {"w": 2 * d["w"], "b": 4 * d["b"]}
    for k in d:
        d[k] -= 0.1 * g[k]
    return np.sum(p**2 * np.arange(1, 4))


reg(dict_of_views_sgd, lambda r: (r.randn(3),))


def unpack_views_update(params):
    p = params * 1.0
    w, b = p[:2], p[2:]
    w += 0.5 * b
    return np.sum(p**2 * np.arange(1, 4))


reg(unpack_views_update, lambda r: (r.randn(3),))


def split_views_update(params):
    p = params * 1.0
    a, b = np.split(p, 2)
    a *= 3.0
    return np.sum(p * np.arange(4))


reg(split_views_update, lambda r: (r.randn(4),))


def list_of_copies_update(x):
    arrs = [x.copy() for _ in range(2)]
    for a in arrs:
        a *= 2.0
    return np.sum(arrs[0] * arrs[1]) + np.sum(x)


reg(list_of_copies_update, lambda r: (r.randn(3),))


def bool_mask_imul(x):
    y = x.copy()
    y[y > 0] *= 3.0
    return np.sum(y**2)


reg(bool_mask_imul, lambda r: (r.randn(5),))


def ellipsis_full_write(x):
    buf = np.empty(3)
    alias = buf
    buf[...] = x * 2
    return np.sum(alias * x)


reg(ellipsis_full_write, lambda r: (r.randn(3),))


def slice_full_write_alias(x):
    buf = np.zeros(3)
    other = buf
    buf[:] = np.sin(x)
    return np.sum(other**2)


reg(slice_full_write_alias, lambda r: (r.randn(3),))


def flat_diag_set(x):
    M = np.zeros((3, 3))
    M.flat[::4] = x
    return np.sum(M * np.arange(9).reshape(3, 3))


reg(flat_diag_set, lambda r: (r.randn(3),))


def module_buffer_reuse(x):
    _BUF[:] = 0.0
    for i in range(3):
        _BUF[i] = x[i] ** 2
    return np.sum(_BUF)


_BUF = np.zeros(3)
reg(module_buffer_reuse, lambda r: (r.randn(3),))


@functools.lru_cache(maxsize=None)  # noqa: UP033
def cached_helper(a):
    return a * a


def lru_cache_use(x):
    return cached_helper(x) + x


reg(lru_cache_use, lambda r: (float(r.rand() + 0.5),))


class Layer:
    def __init__(self, w):
        self.w = w
        self.cache = None

    def forward(self, x):
        self.cache = x
        return np.tanh(self.w @ x)


def method_model(w):
    layer = Layer(w.reshape(2, 2))
    h = layer.forward(np.array([1.0, -0.5]))
    h2 = layer.forward(h)
    return np.sum(h2**2) + np.sum(layer.cache)


reg(method_model, lambda r: (r.randn(4),))


class Acc:
    def __init__(self):
        self.total = np.zeros(2)

    def add(self, v):
        self.total += v


def object_accumulator(x):
    acc = Acc()
    for i in range(3):
        acc.add(x * i)
    return np.sum(acc.total**2)


reg(object_accumulator, lambda r: (r.randn(2),))


def attr_alias_inplace(x):
    acc = Acc()
    t = acc.total
    acc.add(x)
    return np.sum(t * x)


reg(attr_alias_inplace, lambda r: (r.randn(2),))


def helper_mutates_arg(buf, v):
    buf[0] = v * 2
    buf[1] += v


def mutate_via_helper(x):
    b = np.zeros(2)
    helper_mutates_arg(b, x[0])
    helper_mutates_arg(b, x[1])
    return np.sum(b**2)


reg(mutate_via_helper, lambda r: (r.randn(2),))


def helper_appends(lst, v):
    lst.append(v * v)


def list_helper_append(x):
    out = []
    for v in x:
        helper_appends(out, v)
    return sum(out)


reg(list_helper_append, lambda r: (r.randn(3),))


def scalar_buffer_write_tape(x):
    K = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            K[i, j] = np.exp(-((x[i] - x[j]) ** 2))
    return np.sum(K * np.array([[1.0, 2.0], [3.0, 4.0]]))


reg(scalar_buffer_write_tape, lambda r: (r.randn(2),))


def swap_names_inplace(x):
    a = x * 1.0
    b = x * 2.0
    a, b = b, a
    a += 1.0
    return np.sum(a * b)


reg(swap_names_inplace, lambda r: (r.randn(3),))


def alias_in_branch(x, flag=True):
    a = np.zeros(3)
    b = a if flag else np.zeros(3)
    b += x
    return np.sum(a * x)


reg(alias_in_branch, lambda r: (r.randn(3),))


def alias_through_loop(x):
    bufs = []
    cur = np.zeros(2)
    for i in range(3):
        bufs.append(cur)
        cur += x * i
    return np.sum(bufs[0] ** 2)


reg(alias_through_loop, lambda r: (r.randn(2),))


def iadd_list_element_views(X):
    A = X.copy()
    rows = [A[0], A[1]]
    rows[0] += rows[1]
    return np.sum(A**2)


reg(iadd_list_element_views, lambda r: (r.randn(2, 2),))


def tuple_return_alias(x):
    def pair(v):
        return v, v

    a, b = pair(x * 1.0)
    a *= 3.0
    return np.sum(b * x)


reg(tuple_return_alias, lambda r: (r.randn(3),))


def default_mutable_arg(x, acc=[]):  # noqa: B006
    acc.clear()
    acc.append(x * 2)
    return np.sum(acc[0] ** 2)


reg(default_mutable_arg, lambda r: (r.randn(3),))


def global_list_state(x):
    _HIST.clear()
    for v in x:
        _HIST.append(v**2)
    return sum(_HIST)


_HIST = []
reg(global_list_state, lambda r: (r.randn(3),))


def nested_grad_inside(x):
    import srcgrad

    return x * srcgrad.grad(lambda y: x * y)(2.0)


reg(nested_grad_inside, lambda r: (float(r.rand() + 0.5),))


def nested_grad_helper_file(x):
    import srcgrad

    inner = srcgrad.grad(_inner_sq)
    return np.sum(inner(x) * x)


def _inner_sq(v):
    return np.sum(v**3)


reg(nested_grad_helper_file, lambda r: (r.randn(3),))


def nested_grad_closure_file(x):
    import srcgrad

    def inner(y):
        return np.sum(np.sin(x * y))

    g = srcgrad.grad(inner)(np.ones(3))
    return np.sum(g**2)


reg(nested_grad_closure_file, lambda r: (r.randn(3),))


def value_and_grad_inside(x):
    import srcgrad

    v, g = srcgrad.value_and_grad(lambda y: np.sum(y**2) * np.sum(x))(x)
    return v + np.sum(g)


reg(value_and_grad_inside, lambda r: (r.randn(3),))
