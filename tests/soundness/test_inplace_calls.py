"""NumPy calls that write into an argument: out=, np.copyto, np.put, np.putmask,
np.place, np.fill_diagonal, ufunc.at, ndarray.fill/put are compiled as the writes they perform;
others are refused where a gradient flows into them. Every mode: right or a clear error."""

import numpy as np
import pytest

import srcgrad

from .checks import MODES, outcome

X = np.array([0.5, -1.0, 2.0])
W = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])


def cumsum_out(x):
    c = np.zeros(3)
    np.cumsum(x, out=c)
    return np.sum(c * x)


def dot_out_used_as_value(x):
    buf = np.zeros(2)
    h = np.dot(W, x, out=buf)
    return np.sum(h**2) + np.sum(buf)


def multiply_out_into_operand(x):
    a = x * 1.0
    np.multiply(a, x, out=a)
    return np.sum(a)


def ufunc_out_in_a_loop(x):
    acc = np.ones(3)
    for _ in range(3):
        np.multiply(acc, x, out=acc)
    return np.sum(acc)


def out_into_a_viewed_buffer(x):
    buf = np.zeros(3)
    view = buf[:2]
    np.sin(x, out=buf)
    return np.sum(view) + np.sum(buf)


def copyto_plain(x):
    b = np.zeros(3)
    np.copyto(b, x)
    return np.sum(b * x)


def copyto_where(x):
    b = np.ones(3)
    np.copyto(b, x**2, where=x > 0)
    return np.sum(b * x)


def put_with_negative_and_repeated_indices(x):
    b = x * 2.0
    np.put(b, [0, -1, 0], x * np.array([1.0, 3.0, -2.0]))
    return np.sum(b**2)


def put_repeating_values(x):
    b = x * 2.0
    np.put(b, [0, 1, 2], x[:2])
    return np.sum(b**2)


def method_put(x):
    b = x * 2.0
    b.put([1], 5.0)
    return np.sum(b**2)


def putmask_array_values(x):
    b = x * 2.0
    np.putmask(b, x < 0, x**3)
    return np.sum(b**2)


def putmask_scalar(x):
    b = x * 2.0
    np.putmask(b, x < 0, 0.0)
    return np.sum(b**2)


def putmask_repeating_values(x):
    b = np.outer(x, x)
    np.putmask(b, b > 0, x[:2])
    return np.sum(b)


def fill_diagonal_value(x):
    m = np.outer(x, x)
    np.fill_diagonal(m, 5.0)
    return np.sum(m**2)


def fill_diagonal_from_x(x):
    m = np.outer(x, x) * 0.5
    np.fill_diagonal(m, x)
    return np.sum(m**2)


def fill_diagonal_tall_wrap(x):
    m = np.zeros((7, 3)) + x
    np.fill_diagonal(m, 0.0, wrap=True)
    return np.sum(m**2)


def method_fill(x):
    b = x * 2.0
    b.fill(1.0)
    return np.sum(b * x)


def add_at_repeated(x):
    acc = np.zeros(2)
    np.add.at(acc, [0, 1, 0], x)
    return np.sum(acc**2)


def add_at_scalar_values(x):
    acc = x * 1.0
    np.add.at(acc, [0, 0, 2], x[1])
    return np.sum(acc**2)


def subtract_at(x):
    acc = x**2
    np.subtract.at(acc, [2, 2], x[:2])
    return np.sum(acc**2)


def multiply_at(x):
    acc = x * 1.0
    np.multiply.at(acc, [0, 0], 3.0)
    return np.sum(acc**2)


def place_differentiated(x):
    b = np.zeros(3)
    np.place(b, x > 0, x[x > 0])
    return np.sum(b**2)


def place_scalar_into_created(x):
    b = x * 2.0
    np.place(b, x > 0, 7.0)
    return np.sum(b**2)


def place_too_many_values(x):
    b = x * 2.0
    np.place(b, x > 1.0, x[:2])  # two values for one true entry: NumPy takes the first
    return np.sum(b**2)


def shuffle_differentiated(x):
    b = x * 2.0
    np.random.default_rng(0).shuffle(b)
    return np.sum(b * np.array([1.0, 2.0, 3.0]))


def shuffle_an_index_only(x):
    order = np.arange(3)
    np.random.default_rng(0).shuffle(order)
    return np.sum(x[order] * np.array([1.0, 2.0, 3.0]))


def sort_in_place(x):
    b = x * 2.0
    b.sort()
    return np.sum(b * np.array([1.0, 2.0, 3.0]))


def method_out_into_itself(x):
    y = x * 1.5
    y.clip(-1.0, 1.0, out=y)
    return np.sum(y**2)


def method_out_of_an_argument(x):
    y = np.empty_like(x)
    x.clip(-0.4, 0.4, out=y)  # writes into y, not into the argument x
    return np.sum(y * x)


def astype_without_a_copy(x):
    z = x * 2.0
    y = z.astype(float, copy=False)  # z itself: the write below changes z too
    y[0] = 5.0
    return np.sum(z * x)


def reduction_with_initial(x):
    return np.max(x, initial=2.0) * 3.0


CASES = [
    method_out_into_itself,
    method_out_of_an_argument,
    astype_without_a_copy,
    reduction_with_initial,
    cumsum_out,
    dot_out_used_as_value,
    multiply_out_into_operand,
    ufunc_out_in_a_loop,
    out_into_a_viewed_buffer,
    copyto_plain,
    copyto_where,
    put_with_negative_and_repeated_indices,
    method_put,
    put_repeating_values,
    putmask_array_values,
    putmask_scalar,
    putmask_repeating_values,
    fill_diagonal_value,
    fill_diagonal_from_x,
    fill_diagonal_tall_wrap,
    method_fill,
    add_at_repeated,
    add_at_scalar_values,
    subtract_at,
    multiply_at,
    place_differentiated,
    place_scalar_into_created,
    place_too_many_values,
    shuffle_differentiated,
    shuffle_an_index_only,
    sort_in_place,
]
COMPILED = [
    method_out_into_itself,
    method_out_of_an_argument,
    cumsum_out,
    dot_out_used_as_value,
    multiply_out_into_operand,
    ufunc_out_in_a_loop,
    copyto_plain,
    copyto_where,
    put_with_negative_and_repeated_indices,
    method_put,
    putmask_array_values,
    putmask_scalar,
    fill_diagonal_value,
    fill_diagonal_from_x,
    fill_diagonal_tall_wrap,
    method_fill,
    add_at_repeated,
    add_at_scalar_values,
    subtract_at,
    place_differentiated,
    place_scalar_into_created,
    shuffle_an_index_only,
]
REFUSED = [
    astype_without_a_copy,
    reduction_with_initial,
    out_into_a_viewed_buffer,
    put_repeating_values,
    putmask_repeating_values,
    multiply_at,
    place_too_many_values,
    shuffle_differentiated,
    sort_in_place,
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


@pytest.mark.parametrize("f", COMPILED, ids=lambda f: f.__name__)
def test_compiled_as_the_write_it_performs(f):
    assert outcome(f, X.copy(), "compile")[0] == "right"


@pytest.mark.parametrize("f", REFUSED, ids=lambda f: f.__name__)
def test_refused_in_compile_mode(f):
    with pytest.raises((srcgrad.TransformError, ValueError), match=r"test_inplace_calls\.py:\d+"):
        srcgrad.grad(f, mode="compile")(X.copy())


def test_the_generated_code_shows_the_write():
    source = srcgrad.grad(copyto_plain).source
    assert "b[...] = x" in source


def test_out_into_an_argument_runs_on_the_tape_in_auto_mode():
    def into_argument(x, c):
        np.cumsum(x, out=c)
        return np.sum(c * x)

    with pytest.raises(srcgrad.TransformError, match="changes the caller's object"):
        srcgrad.grad(into_argument, mode="compile")(X.copy(), np.zeros(3))
