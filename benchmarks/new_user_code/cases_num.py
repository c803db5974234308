import math

import numpy as np
from harness import reg


def poly_at_zero(x):
    c = [1.0, 2.0, 3.0, 4.0]
    return sum(c[k] * x**k for k in range(4))


reg(poly_at_zero, lambda r: (0.0,))


def poly_vec_at_zero(x):
    return np.sum(x**0 + 2 * x**1 + x**2)


reg(poly_vec_at_zero, lambda r: (np.array([0.0, 1.5]),))


def prod_with_zero(x):
    return np.prod(x)


reg(prod_with_zero, lambda r: (np.array([0.0, 2.0, 3.0]),))


def prod_axis(x):
    return np.sum(np.prod(x, axis=1))


reg(prod_axis, lambda r: (r.randn(3, 3),))


def cumprod_loss(x):
    return np.sum(np.cumprod(x))


reg(cumprod_loss, lambda r: (r.randn(4),))


def pow_negative_base(x):
    return np.sum(x**2.0 + np.power(x, 3.0))


reg(pow_negative_base, lambda r: (-np.abs(r.randn(3)) - 0.1,))


def pow_var_exponent(p):
    base = np.array([2.0, 3.0])
    return np.sum(base**p)


reg(pow_var_exponent, lambda r: (r.randn(2),))


def pow_both(x):
    return np.sum(x**x)


reg(pow_both, lambda r: (r.rand(3) + 0.5,))


def where_sqrt_trap(x):
    return np.sum(np.where(x > 0, np.sqrt(np.abs(x)) * x, 0.0))


reg(where_sqrt_trap, lambda r: (r.randn(5),))


def where_nan_branch(x):
    safe = np.where(x > 0, x, 1.0)
    return np.sum(np.where(x > 0, np.log(safe), x))


reg(where_nan_branch, lambda r: (r.randn(5),))


def sinc_where(x):
    return np.sum(np.where(x == 0, 1.0, np.sin(x) / np.where(x == 0, 1.0, x)))


reg(sinc_where, lambda r: (np.array([0.0, 0.5, -1.2]),))


def std_ddof(x):
    return np.std(x, ddof=1) + np.var(x, ddof=1)


reg(std_ddof, lambda r: (r.randn(5),))


def var_axis_ddof(X):
    return np.sum(X.var(axis=0, ddof=1))


reg(var_axis_ddof, lambda r: (r.randn(4, 3),))


def sum_where_kw(x):
    return np.sum(x**2, where=x > 0) + np.mean(x, where=x < 0.5)


reg(sum_where_kw, lambda r: (r.randn(6),))


def sum_initial(x):
    return np.sum(x, initial=2.0) * np.max(x, initial=-10.0)


reg(sum_initial, lambda r: (r.randn(4),))


def norm_ord_variants(M):
    return (
        np.linalg.norm(M, 2)
        + np.linalg.norm(M, "fro")
        + np.linalg.norm(M, 1)
        + np.linalg.norm(M, np.inf)
    )


reg(norm_ord_variants, lambda r: (r.randn(3, 3),))


def norm_spectral(M):
    return np.linalg.norm(M, ord=2)


reg(norm_spectral, lambda r: (r.randn(3, 3),))


def norm_nuclear(M):
    return np.linalg.norm(M, "nuc")


reg(norm_nuclear, lambda r: (r.randn(3, 3),))


def norm_vec_ords(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(x, 3)


reg(norm_vec_ords, lambda r: (r.randn(4),))


def norm_axis(X):
    return np.sum(np.linalg.norm(X, axis=0)) + np.sum(np.linalg.norm(X, axis=1, ord=1))


reg(norm_axis, lambda r: (r.randn(3, 4),))


def norm_keepdims(X):
    return np.sum(X / np.linalg.norm(X, axis=1, keepdims=True) * np.arange(3))


reg(norm_keepdims, lambda r: (r.randn(2, 3),))


def norm_at_zero(x):
    d = x - x
    return np.linalg.norm(d) + np.sum(x)


reg(norm_at_zero, lambda r: (r.randn(3),))


def sqrt_dist_zero(x):
    d = x[:, None] - x[None, :]
    return np.sum(np.sqrt(np.sum(d**2, axis=-1))) + np.sum(x)


reg(sqrt_dist_zero, lambda r: (r.randn(3, 2),))


def einsum_trace(M):
    return np.einsum("ii->", M) + np.sum(np.einsum("ii->i", M) ** 2)


reg(einsum_trace, lambda r: (r.randn(3, 3),))


def einsum_rowdot(A, B):
    return np.sum(np.einsum("ij,ij->i", A, B) ** 2)


reg(einsum_rowdot, lambda r: (r.randn(2, 3), r.randn(2, 3)))


def einsum_batch(A, B):
    return np.sum(np.einsum("bij,bjk->bik", A, B) ** 2)


reg(einsum_batch, lambda r: (r.randn(2, 2, 3), r.randn(2, 3, 2)))


def einsum_ellipsis(A):
    return np.sum(np.einsum("...ij->...ji", A) * np.arange(6).reshape(2, 3, 1))


reg(einsum_ellipsis, lambda r: (r.randn(2, 3, 3),))


def einsum_same_operand(x):
    return np.einsum("i,i->", x, x)


reg(einsum_same_operand, lambda r: (r.randn(3),))


def tensordot_axes(A, B):
    return np.sum(np.tensordot(A, B, axes=([1, 2], [0, 1])) ** 2)


reg(tensordot_axes, lambda r: (r.randn(2, 3, 4), r.randn(3, 4, 2)))


def tensordot_int(A, B):
    return np.sum(np.tensordot(A, B, axes=1) ** 2) + np.tensordot(A, A, axes=2)


reg(tensordot_int, lambda r: (r.randn(2, 3), r.randn(3, 2)))


def outer_2d(A):
    return np.sum(np.outer(A, A[::-1]) ** 2)


reg(outer_2d, lambda r: (r.randn(2, 2),))


def inner_2d(A, B):
    return np.sum(np.inner(A, B) ** 2)


reg(inner_2d, lambda r: (r.randn(2, 3), r.randn(4, 3)))


def kron_loss(A):
    return np.sum(np.kron(A, np.eye(2)) * np.arange(16).reshape(4, 4))


reg(kron_loss, lambda r: (r.randn(2, 2),))


def trace_offset(M):
    return np.trace(M, offset=1) + np.trace(M, offset=-1) * 2


reg(trace_offset, lambda r: (r.randn(3, 3),))


def diag_k(v, M):
    return np.sum(np.diag(v, k=1) * M) + 0 * v[0]


reg(diag_k, lambda r: (r.randn(2), r.randn(3, 3)))


def diag_extract_k(M):
    return np.sum(np.diag(M, k=-1) ** 2) + np.sum(np.diagonal(M, 1))


reg(diag_extract_k, lambda r: (r.randn(3, 3),))


def tile_repeat(x):
    return np.sum(np.tile(x, (2, 2)) * np.arange(12).reshape(2, 6)) + np.sum(
        np.repeat(x, 2) * np.arange(6)
    )


reg(tile_repeat, lambda r: (r.randn(3),))


def repeat_axis(X):
    return np.sum(np.repeat(X, [1, 2], axis=0) * np.arange(9).reshape(3, 3))


reg(repeat_axis, lambda r: (r.randn(2, 3),))


def broadcast_to_loss(x):
    return np.sum(np.broadcast_to(x, (3, 2)) * np.arange(6).reshape(3, 2))


reg(broadcast_to_loss, lambda r: (r.randn(2),))


def axes_shuffle(X):
    Y = np.moveaxis(X, 0, -1)
    Z = np.swapaxes(Y, 0, 1)
    W = np.transpose(X, (2, 0, 1))
    return np.sum(Z * np.arange(24).reshape(Z.shape)) + np.sum(
        W**2 * np.arange(24).reshape(W.shape)
    )


reg(axes_shuffle, lambda r: (r.randn(2, 3, 4),))


def expand_squeeze(x):
    y = np.expand_dims(x, axis=(0, 2))
    return np.sum(np.squeeze(y, axis=0) * np.arange(3)[:, None])


reg(expand_squeeze, lambda r: (r.randn(3),))


def stack_variants(x):
    a = np.stack([x, 2 * x], axis=-1)
    b = np.hstack([x, x**2])
    c = np.vstack([x, x])
    d = np.concatenate([x[None], x[None]], axis=None)
    return (
        np.sum(a * np.arange(6).reshape(3, 2))
        + np.sum(b * np.arange(6))
        + np.sum(c[1])
        + np.sum(d)
    )


reg(stack_variants, lambda r: (r.randn(3),))


def column_stack_loss(x):
    return np.sum(np.column_stack([x, x**2]) * np.arange(6).reshape(3, 2))


reg(column_stack_loss, lambda r: (r.randn(3),))


def fancy_2d_index(M):
    rows = np.array([0, 2, 2])
    cols = np.array([1, 0, 0])
    return np.sum(M[rows, cols] * np.array([1.0, 2.0, 3.0]))


reg(fancy_2d_index, lambda r: (r.randn(3, 3),))


def fancy_cols_iadd(M):
    A = M.copy()
    A[:, [0, 2]] += 2 * A[:, [1, 1]]
    return np.sum(A * np.arange(9).reshape(3, 3))


reg(fancy_cols_iadd, lambda r: (r.randn(3, 3),))


def negative_index(x):
    return x[-1] * x[-2] + np.sum(x[[-1, 0, -1]])


reg(negative_index, lambda r: (r.randn(4),))


def bool_index_2d(M):
    return np.sum(M[M > 0] ** 2) + np.sum(M[np.array([True, False, True])])


reg(bool_index_2d, lambda r: (r.randn(3, 3),))


def chained_index_write(M):
    A = M.copy()
    A[1][2] = 3 * A[0][0]
    A[:, 1][0] = A[2, 2] ** 2
    return np.sum(A * np.arange(9).reshape(3, 3))


reg(chained_index_write, lambda r: (r.randn(3, 3),))


def fancy_then_write_copy(M):
    A = M.copy()
    sub = A[[0, 1]]
    sub[0, 0] = 100.0
    return np.sum(A) + np.sum(sub)


reg(fancy_then_write_copy, lambda r: (r.randn(2, 2),))


def matmul_1d(x, M):
    return x @ M @ x + np.matmul(M, x) @ np.ones(3)


reg(matmul_1d, lambda r: (r.randn(3), r.randn(3, 3)))


def batched_matmul(A, B):
    return np.sum((A @ B) ** 2)


reg(batched_matmul, lambda r: (r.randn(2, 2, 3), r.randn(3, 2)))


def dot_scalar(x):
    return np.sum(np.dot(x, 3.0)) + np.dot(2.0, x[0])


reg(dot_scalar, lambda r: (r.randn(3),))


def dot_nd(A, B):
    return np.sum(np.dot(A, B) ** 2)


reg(dot_nd, lambda r: (r.randn(2, 2, 3), r.randn(2, 3, 2)))


def solve_matrix_rhs(A, B):
    S = A @ A.T + 2 * np.eye(3)
    return np.sum(np.linalg.solve(S, B) ** 2)


reg(solve_matrix_rhs, lambda r: (r.randn(3, 3), r.randn(3, 2)))


def solve_batched(A):
    S = A @ np.swapaxes(A, -1, -2) + 2 * np.eye(2)
    b = np.ones((3, 2, 1))
    return np.sum(np.linalg.solve(S, b) ** 2)


reg(solve_batched, lambda r: (r.randn(3, 2, 2),))


def inv_det(A):
    return np.linalg.det(A) + np.sum(np.linalg.inv(A) ** 2)


reg(inv_det, lambda r: (r.randn(3, 3) + 3 * np.eye(3),))


def det_batched(A):
    return np.sum(np.linalg.det(A))


reg(det_batched, lambda r: (r.randn(2, 3, 3),))


def cumsum_axis(X):
    return np.sum(np.cumsum(X, axis=1) ** 2) + np.sum(np.cumsum(X[::-1], axis=0)[::-1] * X)


reg(cumsum_axis, lambda r: (r.randn(3, 3),))


def max_axis_tiesfree(X):
    return np.sum(np.max(X, axis=0)) + np.sum(X.min(axis=1) ** 2) + np.amax(X) + np.ptp(X)


reg(max_axis_tiesfree, lambda r: (r.randn(3, 4),))


def max_with_keep(X):
    return np.sum(X - X.max(axis=1, keepdims=True))


reg(max_with_keep, lambda r: (r.randn(3, 4),))


def clip_arrays(x):
    lo = np.array([-0.5, -1.0, 0.0, 0.2])
    return np.sum(np.clip(x, lo, lo + 1.0) * np.arange(1, 5))


reg(clip_arrays, lambda r: (r.randn(4),))


def clip_diff_bounds(lo):
    x = np.array([0.3, -0.2, 1.5])
    return np.sum(np.clip(x, lo, 2.0) ** 2)


reg(clip_diff_bounds, lambda r: (float(-0.5 + 0.2 * r.rand()),))


def maximum_both(x, y):
    return np.sum(np.maximum(x, y) * np.arange(4)) + np.sum(np.fmax(x, y) ** 2)


reg(maximum_both, lambda r: (r.randn(4), r.randn(4)))


def special_ufuncs(x):
    return np.sum(
        np.logaddexp(x, 0.5 * x)
        + np.hypot(x, 1.0)
        + np.expm1(x)
        + np.log2(x**2 + 1)
        + np.log10(x**2 + 2)
        + np.arcsinh(x)
        + np.deg2rad(x)
        + np.cbrt(x + 3.0)
        + np.exp2(x)
        + np.logaddexp2(x, 1.0)
        + np.reciprocal(x + 5.0)
        + np.square(x)
        + np.negative(x)
        + np.sinh(x)
        + np.arctan(x)
    )


reg(special_ufuncs, lambda r: (r.randn(3),))


def mod_remainder(x):
    return np.sum(np.mod(x, 1.0) ** 2) + np.sum(np.fmod(x, 0.7))


reg(mod_remainder, lambda r: (np.array([0.3, 1.4, 2.2]) + 0.05 * r.rand(3),))


def divmod_floor(x):
    q = x // 0.5
    return np.sum((x - q * 0.5) ** 2)


reg(divmod_floor, lambda r: (np.array([0.3, 1.4, 2.2]) + 0.05 * r.rand(3),))


def float32_input(x):
    return np.sum(np.sin(x) * x)


reg(float32_input, lambda r: (r.randn(3).astype(np.float32),), jvp=False)


def int_array_mix(x):
    k = np.arange(4)
    return np.sum(x * k) + np.sum(x[k % 2 == 0] ** 2)


reg(int_array_mix, lambda r: (r.randn(4),))


def python_float_pow(x):
    return x**3 - 2**x + math.pow(x, 2.5) + math.hypot(x, 2.0) + math.atan2(x, 1.5)


reg(python_float_pow, lambda r: (float(r.rand() + 0.5),))


def math_funcs(x):
    return (
        math.exp(x)
        + math.log(x)
        + math.sqrt(x)
        + math.tanh(x)
        + math.log1p(x)
        + math.expm1(x)
        + math.log(x, 3)
        + math.log10(x)
        + math.log2(x)
        + math.fabs(-x)
        + math.cosh(x)
        + math.asin(x / 3)
        + math.degrees(x)
    )


reg(math_funcs, lambda r: (float(r.rand() + 0.5),))


def sum_builtin_start(x):
    return sum(x, 3.0) * sum([v * v for v in x], start=1.0)


reg(sum_builtin_start, lambda r: (r.randn(3),))


def fsum_prod(x):
    return math.fsum([v * 2 for v in x]) + math.prod([v for v in x])


reg(fsum_prod, lambda r: (r.randn(3),))


def keepdims_mean_axis_tuple(X):
    return np.sum(X.mean(axis=(0, 2), keepdims=True) * X)


reg(keepdims_mean_axis_tuple, lambda r: (r.randn(2, 3, 2),))


def reshape_minus1_order(X):
    return np.sum(X.reshape(-1, order="F") * np.arange(6)) + np.sum(X.flatten("F")[:2])


reg(reshape_minus1_order, lambda r: (r.randn(2, 3),))


def ravel_F(X):
    return np.sum(np.ravel(X, order="F") * np.arange(6))


reg(ravel_F, lambda r: (r.randn(2, 3),))


def flip_rot(X):
    return np.sum(np.flip(X, axis=0) * np.arange(6).reshape(2, 3)) + np.sum(np.fliplr(X) * X)


reg(flip_rot, lambda r: (r.randn(2, 3),))


def tril_triu(X):
    return np.sum(np.tril(X) ** 2) + np.sum(np.triu(X, 1))


reg(tril_triu, lambda r: (r.randn(3, 3),))


def sign_times(x):
    return np.sum(np.sign(x) * x**2)


reg(sign_times, lambda r: (r.randn(4),))


def abs_grad(x):
    return np.sum(np.abs(x) * x) + np.sum(np.fabs(x))


reg(abs_grad, lambda r: (r.randn(4),))


def heaviside_mix(x):
    return np.sum(np.heaviside(x, 0.5) * x**2)


reg(heaviside_mix, lambda r: (r.randn(4),))
