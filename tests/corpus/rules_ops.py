"""Functions leaning on the rules table: ufuncs, reductions, linear algebra, shapes."""

import math

import numpy as np

# ---- elementwise ------------------------------------------------------------------------


def exp_log_family(x):
    return np.sum(np.exp(x) + np.exp2(x) + np.expm1(x) + np.log(x) + np.log2(x) + np.log10(x))


def log1p_sqrt_cbrt(x):
    return np.sum(np.log1p(x) * np.sqrt(x) + np.cbrt(x - 2.0) + np.square(x) + np.reciprocal(x))


def trig_family(x):
    return np.sum(np.sin(x) * np.cos(2 * x) + np.tan(x / 2))


def inverse_trig(x):
    return np.sum(np.arcsin(x) + np.arccos(x) * x + np.arctan(3 * x))


def hyperbolic(x):
    return np.sum(np.sinh(x) - np.cosh(x) * 0.5 + np.tanh(x) ** 2)


def inverse_hyperbolic(x):
    return np.sum(np.arcsinh(x) + np.arctanh(x / 2) + np.arccosh(x**2 + 1.5))


def angle_units(x):
    return np.sum(np.sin(np.deg2rad(x * 90)) + np.rad2deg(x) / 90 + np.radians(np.degrees(x)))


def arctan2_hypot(y, x):
    return np.sum(np.arctan2(y, x) * np.hypot(x, y))


def logaddexp_pair(a, b):
    return np.sum(np.logaddexp(a, b) + np.logaddexp2(a, 2 * b))


def max_min_elementwise(a, b):
    return np.sum(np.maximum(a, b) ** 2 + np.minimum(a, b) * 3 + np.maximum(a, 0.0))


def fmax_fmin(a, b):
    return np.sum(np.fmax(a, b) * np.fmin(a, b))


def float_power_and_power(x, p):
    return np.sum(np.float_power(x, p) + np.power(x, 3) + np.power(2.0, x))


def fmod_remainder(x, y):
    return np.sum(np.fmod(x, y) ** 2 + np.remainder(x, y) * y)


def negative_positive(x):
    return np.sum(np.negative(x) * np.positive(x) + np.subtract(x, 1) * np.add(x, 2))


def multiply_divide_ufuncs(x, y):
    return np.sum(np.multiply(x, y) + np.divide(x, y) + np.true_divide(y, x + 3))


def sign_and_rounding_pass_through(x):
    return np.sum(np.sign(x) * x**2 + np.floor(x * 3) * x + np.round(x, 1) * 0 + np.rint(x) * x)


def broadcasting_binary(A, b, c):
    return np.sum(A * b + c - A / (b**2 + 1) + np.arctan2(A, c + 2))


# ---- reductions -------------------------------------------------------------------------


def sum_axes(T):
    return np.sum(np.sum(T, axis=(0, 2)) ** 2) + np.sum(np.sum(T, axis=-1, keepdims=True) * T)


def mean_axes(T):
    return np.sum(np.mean(T, axis=1) ** 2) + np.mean(T, axis=(1, 2), keepdims=True).sum()


def prod_reduction(X):
    return np.prod(X) + np.sum(np.prod(X, axis=0)) + np.sum(X.prod(axis=1, keepdims=True) * X)


def max_min_reductions(X):
    return np.max(X) + np.sum(np.min(X, axis=0)) + np.sum(np.max(X, axis=1, keepdims=True) * X)


def amax_amin(X):
    return np.sum(np.amax(X, axis=0) - np.amin(X, axis=1).sum())


def var_std(X):
    return np.var(X) + np.sum(np.std(X, axis=0)) + np.sum(np.var(X, axis=1, ddof=1))


def var_std_methods(X):
    return X.var() * X.std(axis=1).sum() + X.mean(axis=0, keepdims=True).sum()


def cumsum_axes(X):
    return np.sum(np.cumsum(X) ** 2) + np.sum(np.cumsum(X, axis=1) * X) + np.sum(X.cumsum(0))


def norm_variants(X):
    return np.linalg.norm(X) + np.sum(np.linalg.norm(X, axis=1)) + np.linalg.norm(X[0])


def trace_diagonal(A):
    return np.trace(A) ** 2 + np.sum(np.diagonal(A) * 2) + np.sum(A.diagonal(1)) + A.trace()


def diag_both_ways(v, A):
    return np.sum(np.diag(v) @ A) + np.sum(np.diag(A) * v) + np.sum(np.diag(A, k=-1))


# ---- linear algebra ---------------------------------------------------------------------


def matmul_batched(A, B):
    return np.sum(np.matmul(A, B) ** 2)


def matmul_vector_cases(M, v):
    return np.sum(M @ v) * (v @ v) + np.sum(v @ M.T) + np.sum(np.matmul(v, M.T))


def dot_variants(A, B, v):
    return np.sum(np.dot(A, B)) + np.dot(v, v) + np.sum(np.dot(A, v)) + np.sum(A.dot(v) ** 2)


def inner_outer(u, v):
    return np.inner(u, v) ** 2 + np.sum(np.outer(u, v) ** 2) + np.sum(np.inner(np.outer(u, v), u))


def tensordot_axes(A, B):
    r1 = np.tensordot(A, B, axes=1)
    r2 = np.tensordot(A, B.T, axes=([0, 1], [0, 1]))
    r3 = np.tensordot(A[0], B[:, 0], axes=0)
    return np.sum(r1**2) + r2 + np.sum(r3)


def tensordot_3d(T, M):
    return np.sum(np.tensordot(T, M, axes=([2], [0])) ** 2)


def einsum_matrix_forms(A, B):
    C = np.einsum("ij,jk->ik", A, B)
    t = np.einsum("ii->", A[:, :3])
    return np.sum(C**2) + t + np.einsum("ij->", A) + np.einsum("ij,ij->", A, A)


def einsum_batched(X, Y):
    return np.sum(np.einsum("bij,bjk->bik", X, Y) ** 2) + np.sum(np.einsum("bij->bj", X))


def einsum_implicit_and_ellipsis(A, B):
    return np.sum(np.einsum("ij,jk", A, B)) + np.sum(np.einsum("...ij,...jk->...ik", A, B) ** 2)


def einsum_outer_and_diag(u, v, M):
    return np.sum(np.einsum("i,j->ij", u, v) * M) + np.einsum("i,ij,j->", u, M, v)


def linalg_inverse(A):
    return np.sum(np.linalg.inv(A) ** 2)


def linalg_solve_vector(A, b):
    x = np.linalg.solve(A, b)
    return np.sum(x**2)


def linalg_solve_matrix(A, B):
    return np.sum(np.sin(np.linalg.solve(A, B)))


def linalg_det(A):
    return np.linalg.det(A) + np.log(np.linalg.det(A @ A.T))


# ---- shapes -----------------------------------------------------------------------------


def reshape_transpose(x):
    T = np.reshape(x, (2, 3, 4))
    P = np.transpose(T, (2, 0, 1))
    return np.sum(P * np.arange(24).reshape(4, 2, 3)) + np.sum(np.transpose(T)[0] ** 2)


def concatenate_axes(a, b):
    c0 = np.concatenate([a, b])
    c1 = np.concatenate((a, b * 2), axis=1)
    return np.sum(c0**2) + np.sum(c1 * np.arange(c1.shape[1]))


def stack_axes(a, b):
    s0 = np.stack([a, b])
    s1 = np.stack((a, b, a * b), axis=-1)
    return np.sum(s0 * s0) + np.sum(s1[..., 2] * s1[..., 0])


def hstack_vstack(a, b):
    return np.sum(np.hstack([a, b]) ** 2) + np.sum(np.vstack([a, b]) * 3) + np.hstack((a, b))[-1]


def expand_squeeze(x):
    e = np.expand_dims(x, axis=0)
    f = np.expand_dims(x, 1)
    return np.sum(e * f) + np.sum(np.squeeze(e, axis=0) ** 2) + np.sum(np.squeeze(f) ** 3)


def where_select(x, y):
    return np.sum(np.where(x > 0, x**2, y) + np.where(y > 0.5, 1.0, y * x))


def where_broadcast(x, c):
    return np.sum(np.where(x > 0, c, x) * x)


def clip_scalar_bounds(x):
    return np.sum(np.clip(x, -0.5, 0.5) ** 2 + x.clip(0.0, 0.8))


def clip_array_bounds(x, lo, hi):
    return np.sum(np.clip(x, lo, hi) * x)


def broadcast_to_sum(x):
    return np.sum(np.broadcast_to(x, (4, 3)) * np.arange(12).reshape(4, 3))


def swap_move_flip(T):
    a = np.swapaxes(T, 0, 2)
    b = np.moveaxis(T, 0, -1)
    c = np.flip(T, axis=1)
    return np.sum(a[0] * b[:, 0, :]) + np.sum(c * T) + np.sum(T.swapaxes(1, 2) ** 2)


def tile_repeat(x):
    t = np.tile(x, 3)
    r = np.repeat(x, 2)
    R = np.repeat(x.reshape(2, 2), 3, axis=1)
    return np.sum(t * np.arange(12)) + np.sum(r**2) + np.sum(R * R.T.T)


def repeat_method(x):
    return np.sum(x.repeat(3) ** 2)


def atleast_nd(a, x):
    return np.sum(np.atleast_1d(a) * x) + np.sum(np.atleast_2d(x).T @ np.atleast_2d(x))


def ravel_and_flatten(X):
    return np.sum(np.ravel(X) * np.arange(X.size)) + np.sum(X.ravel() ** 2) + X.flatten()[2]


def like_constructors(x):
    z = np.zeros_like(x)
    o = np.ones_like(x)
    return np.sum((x + o) * (x - z) + np.empty_like(x).shape[0] * x)


def arange_and_linspace_weights(x):
    w = np.linspace(0, 1, x.shape[0])
    k = np.arange(x.shape[0])
    return np.sum(w * x**2 + k * x) + np.sum(np.eye(x.shape[0]) @ x)


def argmax_to_index(x):
    i = np.argmax(x)
    j = np.argmin(x)
    return x[i] ** 2 - x[j] * 3 + np.sum(x[np.argsort(x)] * np.arange(len(x)))


def copy_and_astype(x):
    y = np.copy(x)
    z = x.astype(np.float64)
    return np.sum(y * z) + np.sum(np.array(x) ** 3)


# ---- more variants: ord, offsets, batched linalg, tuple axes, index forms -------------


def norm_ord(x, A):
    return np.linalg.norm(x, 2) + np.linalg.norm(A, "fro") + np.linalg.norm(x, ord=2)


def norm_keepdims(A):
    return np.sum(A / np.linalg.norm(A, axis=0, keepdims=True))


def norm_matrix_axis(T):
    return np.sum(np.linalg.norm(T, axis=(1, 2)))


def einsum_more(A, B):
    return (
        np.sum(np.einsum("ij,ij->i", A, B) ** 2)
        + np.sum(np.einsum("ii->i", A[:, :3]) ** 2)
        + np.sum(np.einsum("ij->ji", A) * B.T)
    )


def einsum_repeated_operand(A):
    return np.einsum("ij,ij->", A, A) + np.einsum("ij,kj->ik", A, A).sum()


def tensordot_int2(A, B):
    return np.tensordot(A, B, axes=2) + np.sum(np.tensordot(A, B, 0) ** 2) * 0.01


def diag_offsets(v, A):
    return (
        np.sum(np.diag(v, k=1) ** 2 * np.arange(16.0).reshape(4, 4))
        + np.trace(A, offset=1)
        + np.sum(np.diagonal(A, offset=-1) ** 2)
    )


def diagonal_3d(T):
    return np.sum(np.diagonal(T, axis1=1, axis2=2) ** 2) + np.sum(
        np.trace(T, axis1=0, axis2=2) ** 2
    )


def clip_one_side(x):
    return np.sum(np.clip(x, None, 0.3) ** 2 + np.clip(x, -0.2, None) * 3)


def vec_vec_matmul(x, y):
    return (x @ y) ** 2 + np.matmul(x, y) + np.dot(2.0, x).sum()


def outer_2d(A, v):
    return np.sum(np.outer(A, v) ** 2)


def inner_2d(A, B):
    return np.sum(np.inner(A, B) ** 2)


def batched_linalg(S, b):
    return (
        np.sum(np.linalg.det(S))
        + np.sum(np.linalg.inv(S) ** 2)
        + np.sum(np.linalg.solve(S, b) ** 2)
    )


def concat_none(a, b):
    return np.sum(np.concatenate([a, b], axis=None) * np.arange(12.0))


def expand_tuple(x):
    return np.sum(np.expand_dims(x, axis=(0, 2)) * np.ones((1, 3, 2)))


def squeeze_all(x):
    return np.sum(np.squeeze(x.reshape(1, 3, 1)) ** 2 + np.squeeze(x.reshape(3, 1), axis=-1))


def broadcast_lead(x):
    return np.sum(np.broadcast_to(x, (2, 3, 4)) * np.arange(24.0).reshape(2, 3, 4))


def moveaxis_lists(T):
    return np.sum(np.moveaxis(T, [0, 1], [-1, -2]) * np.arange(24.0).reshape(4, 3, 2))


def tile_2d(X):
    return np.sum(np.tile(X, (2, 3)) * np.arange(36.0).reshape(4, 9))


def repeat_array_counts(x):
    return np.sum(np.repeat(x, [1, 2, 3]) * np.arange(6.0))


def transpose_negative(T):
    return np.sum(np.transpose(T, (-1, 0, 1)) * np.arange(24.0).reshape(4, 2, 3))


def stack_2d_axis1(A, B):
    return np.sum(np.stack([A, B], axis=1) * np.arange(12.0).reshape(2, 2, 3))


def hstack_2d_vstack_1d(A, v):
    return np.sum(np.hstack([A, A * 2]) ** 2) + np.sum(np.vstack([v, v**2]) * 3)


def atleast3(x):
    return np.sum(np.atleast_3d(x) ** 2)


def index_mixed(X):
    return (
        np.sum(X[1, ::-1] ** 2)
        + np.sum(X[:, [0, 2]] * 3)
        + np.sum(X[[0, 1], [1, 2]])
        + np.sum(X[..., None] ** 3)
        + np.sum(X[-1:, ::2])
    )


def index_list_repeat(x):
    return np.sum(x[[0, 0, 1, 3, 3, 3]] ** 2)


def index_bool_literal(x):
    return np.sum(x[np.array([True, False, True, False])] ** 2)


def mask_2d(X):
    return np.sum(X[X > 0.1] ** 2)


def max_tuple_axis(T):
    return np.sum(np.max(T, axis=(0, 2))) + np.sum(np.min(T, axis=(1, 2), keepdims=True) * T)


def var_tuple_axis(T):
    return np.sum(np.var(T, axis=(0, 2), keepdims=True) * T) + np.sum(np.std(T, axis=0, ddof=1))


def mean_tuple_axis(T):
    return np.sum(np.mean(T, axis=(0, 1)) ** 2)


def cumsum_reverse(x):
    return np.sum(np.cumsum(x[::-1])[::-1] ** 2)


def prod_keepdims(X):
    return np.sum(np.prod(X, axis=(0, 1)) + np.prod(X, axis=0, keepdims=True) * X)


def logsumexp_manual(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def power_neg_base(x):
    return np.sum(x**3 + x**2.0 + np.power(x, 4))


def where_nested(x):
    return np.sum(np.where(x > 0, np.where(x > 0.5, x**2, x), -x))


def sqrt_of_sum_sq(x):
    return np.sqrt(x @ x)


def mean_of_list(x):
    return np.mean([x[0], x[1] ** 2, x[2] * 3])


def sum_of_list_np(x):
    return np.sum([x[0] * 2, x[1]])


def max_of_list_np(x):
    return np.max(np.stack([x[0] * 2, x[1], x[2]]))


def ndarray_ops_scalar(x):
    a = np.float64(2.0)
    return np.sum(a * x + np.pi * x + np.e)


# ---- sorting and selection --------------------------------------------------------------


def sorted_weights(x):
    return np.sum(np.sort(x) * np.arange(1.0, x.shape[0] + 1)) + np.sum(np.sort(x)[-2:] ** 2)


def sort_rows_and_partition(X):
    return np.sum(np.sort(X, axis=0) ** 2 * 0.5) + np.sum(np.partition(X, 1, axis=1)[:, :2])


def robust_statistics(x):
    return np.median(x) * 2 + np.quantile(x, 0.3) + np.percentile(x**2, 80)


def median_rows(X):
    return np.sum(np.median(X, axis=1) ** 2) + np.sum(np.quantile(X, [0.2, 0.9], axis=0))


def take_and_gather(X):
    order = np.argsort(X, axis=1)
    nearest = np.take_along_axis(X, order[:, :2], axis=1)
    return np.sum(nearest**2) + np.sum(np.take(X, [0, 4, 4], axis=None) * 3)


def choose_and_select(a, b):
    picked = np.choose(np.array([0, 1, 1, 0]), [a, b * 2])
    chosen = np.select([a > 0.2, b < 0], [a**2, b], default=0.5)
    return np.sum(picked * a) + np.sum(chosen)


def weighted_average(x, w):
    return np.average(x**2, weights=w) + np.average(x, axis=0)


# ---- splitting: functions returning lists of arrays -------------------------------------


def split_and_unpack(x):
    a, b = np.split(x, 2)
    return np.sum(a**2) + np.sum(a * b)


def array_split_pieces(X):
    pieces = np.array_split(X, 3, axis=1)
    return np.sum(pieces[0] ** 2) + np.sum(pieces[2] * 3) + np.sum(pieces[1] * pieces[1])


def hsplit_vsplit_dsplit(T):
    left, right = np.hsplit(T, 2)
    top = np.vsplit(T, [1])[0]
    back = np.dsplit(T, 2)[1]
    return np.sum(left * right) + np.sum(top**3) + np.sum(np.sin(back))


# ---- cumulative products and differences ------------------------------------------------


def cumprod_with_zero(x):
    return np.sum(np.cumprod(x * np.array([1.0, 0.0, 1.0, 1.0])) * 2) + np.sum(np.cumprod(x))


def cumprod_rows(X):
    return np.sum(np.cumprod(X, axis=1) ** 2)


def differences(x, edge):
    return np.sum(np.diff(x) ** 2) + np.sum(np.diff(x, n=2, prepend=edge, append=x[:1]) ** 2)


def numerical_derivative(X):
    dy, dx = np.gradient(X)
    return np.sum(dy**2) + np.sum(dx * X) + np.sum(np.gradient(X[0], 0.5) ** 2)


def integrate_and_polynomial(y, p):
    t = np.linspace(0.0, 1.0, y.shape[0])
    return np.trapezoid(y**2, t) + np.trapezoid(y, dx=0.3) + np.sum(np.polyval(p, y))


# ---- rearranging, building and products -------------------------------------------------


def pad_modes(x):
    edge = np.pad(x, (1, 2), mode="edge")
    mirrored = np.pad(x, 2, mode="reflect") * np.pad(x, 2, mode="wrap")
    return np.sum(edge**2) + np.sum(mirrored) + np.sum(np.pad(x, 1) * 0.5)


def roll_rotate_flip(A):
    turned = np.rot90(A) @ np.fliplr(A)
    return np.sum(turned**2) + np.sum(np.roll(A, 1, axis=0) * np.flipud(A))


def triangles_and_axes(A):
    L = np.tril(A)
    U = np.triu(A, 1)
    return np.sum(L @ U) + np.sum(np.rollaxis(np.stack([A, L]), 2) ** 2)


def stacking_columns(x, y):
    return np.sum(np.column_stack([x, y * 2]) ** 2) + np.sum(np.dstack([x, y]) * x[0])


def moving_average(x):
    windows = np.lib.stride_tricks.sliding_window_view(x, 3)
    return np.sum(np.mean(windows, axis=-1) ** 2)


def filled_and_spaced(x):
    fill = np.full_like(x, x[0] * x[1])
    ramp = np.linspace(x[0], x[-1], 4)
    return np.sum(fill * x) + np.sum(ramp**2)


def full_of_value(x):
    return np.sum(np.full((2, 3), x[1]) * x[0])


def kron_and_cross(a, b):
    return np.sum(np.kron(a, b) ** 2) + np.sum(np.cross(a, b) * a)


# ---- ufunc methods ------------------------------------------------------------------------


def ufunc_reductions(X):
    total = np.add.reduce(X**2, axis=1) + np.multiply.reduce(X, axis=1)
    return np.sum(total * np.maximum.reduce(X, axis=1)) + np.logaddexp.reduce(X, axis=None)


def ufunc_accumulations(x):
    running = np.maximum.accumulate(x) + np.minimum.accumulate(x * 2)
    return np.sum(running**2) + np.sum(np.multiply.accumulate(x)) + np.sum(np.add.accumulate(x))


# ---- casts and arrays built from differentiated values ------------------------------------


def array_of_scalars(x):
    v = np.array([x[0], x[1] * 2, 3.0])
    M = np.array([[x[0], x[1]], [x[2], 1.0]])
    return np.sum(v**2) + np.sum(M @ M) + np.sum(np.asarray([x[0], x[2]]) * x[:2])


def casts_and_special(x):
    y = x.astype(float) * np.astype(x, np.float64)
    return np.sum(y + np.sinc(x) + np.fabs(x) * x + np.nan_to_num(np.sqrt(x)))


def math_special_functions(a, b):
    return math.erf(a) * math.lgamma(b + 2) + math.gamma(b + 1) + math.erfc(a * b)


# ---- real parts and FFT shifts ------------------------------------------------------------


def real_parts_and_shifts(x):
    parts = np.real(x) ** 2 + np.imag(x) + np.conj(x) * np.angle(x + 3.0)
    return np.sum(parts * np.fft.fftshift(x)) + np.sum(np.fft.ifftshift(x**2) * x)


def einsum_interleaved(A, B):
    product = np.einsum(A, [0, 1], B, [1, 2], [0, 2])
    return np.sum(product**2) + np.einsum(A, [0, 1], A, [0, 1])


def index_tricks(x):
    row = np.r_[x, x[:2] * 2, 3.0, 0:2]
    return np.sum(row**2) + np.sum(np.c_[x, x * 2] ** 3)
