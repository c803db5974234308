"""NumPy functions that write into an argument, run on the tape (issue 11, class 4).

Each function is plain NumPy code; the tape's gradient (mode="tape", and mode="auto"
where a try block sends the function to the tape) must equal central finite differences
of the function run by NumPy itself, or the run must raise a clear error.
"""

import random
import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.tape import GradientLostError, tensor
from tests.helpers import finite_difference

X = np.array([0.3, -1.2, 0.8, 2.0])


def assert_matches_fd(f, x=X, modes=("tape", "auto")):
    expected = finite_difference(f, (x,), 0)
    for mode in modes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", srcgrad.FallbackWarning)
            got = srcgrad.grad(f, mode=mode)(x.copy())
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8, err_msg=mode)


def cumsum_out(x):
    try:
        c = np.zeros_like(x)
        np.cumsum(x * x, out=c)
        return np.sum(c * x)
    finally:
        pass


def dot_out_positional(x):
    try:
        W = np.arange(8.0).reshape(2, 4) / 7.0
        h = np.zeros_like(x, shape=(2,))
        np.dot(W, np.sin(x), h)  # out given by position
        return np.sum(h**2)
    finally:
        pass


def multiply_out_into_input(x):
    try:
        a = x + 1.0
        b = np.cos(x)
        np.multiply(a, b, out=a)
        np.add(a, x, a)
        return np.sum(a * b)
    finally:
        pass


def ufunc_out_where(x):
    try:
        y = x * 2.0
        np.exp(x, out=y, where=x > 0)  # only where x > 0; the rest keeps 2x
        return np.sum(y * x)
    finally:
        pass


def reduction_out(x):
    try:
        m = np.zeros_like(x, shape=(2,))
        np.sum(x.reshape(2, 2) ** 3, axis=0, out=m)
        return m[0] * m[1]
    finally:
        pass


@pytest.mark.parametrize(
    "f", [cumsum_out, dot_out_positional, multiply_out_into_input, ufunc_out_where, reduction_out]
)
def test_out_argument(f):
    assert_matches_fd(f)


def add_at_repeated(x):
    try:
        acc = np.zeros_like(x, shape=(3,))
        acc += 0.5
        np.add.at(acc, [0, 2, 0, 0], x)  # repeated indices accumulate
        np.subtract.at(acc, [1, 1], x[:2] ** 2)
        np.add.at(acc, [2], 3.0 * x[3])  # a scalar value spread over the index
        return np.sum(acc**2)
    finally:
        pass


def add_at_rows(x):
    try:
        M = np.zeros_like(x, shape=(2, 2))
        np.add.at(M, ([0, 1, 0], [1, 1, 1]), x[:3])
        np.add.at(M, 0, x[2:])  # a whole row
        return np.sum(np.tanh(M) * M)
    finally:
        pass


@pytest.mark.parametrize("f", [add_at_repeated, add_at_rows])
def test_ufunc_at(f):
    assert_matches_fd(f)


def test_other_ufunc_at_is_refused_when_a_gradient_is_involved():
    def multiply_at(x):
        y = x * 1.0
        np.multiply.at(y, [0, 0], 2.0)
        return np.sum(y)

    with pytest.raises(RuntimeError, match=r"np.multiply.at .*np.add.at"):
        srcgrad.grad(multiply_at, mode="tape")(X)
    t = tensor([1.0, 2.0])  # nothing requires grad: it is just NumPy
    np.multiply.at(t, [0, 0], 2.0)
    np.testing.assert_array_equal(t.data, [4.0, 2.0])


def copyto_forms(x):
    try:
        y = np.zeros_like(x)
        np.copyto(y, x[::-1] * 2.0)
        z = x * 1.0
        np.copyto(z, np.sin(x), where=x > 0)
        w = np.ones_like(x, shape=(2, 4))
        np.copyto(w, x)  # broadcast into every row
        return np.sum(y * z) + np.sum(w**2 * x)
    finally:
        pass


def put_forms(x):
    try:
        y = x * 1.0
        np.put(y, [0, 2, 0], x[1:] ** 2)  # index 0 twice: the last write wins
        z = np.zeros_like(x, shape=(2, 3))
        np.put(z, [-1, 7], x[:2], mode="wrap")
        z.put([1, 2, 9], [x[3], 1.0], mode="clip")  # values repeated: x[3], 1, x[3]
        return np.sum(y * x) + np.sum(np.cos(z) * 2.0)
    finally:
        pass


def putmask_and_place(x):
    try:
        y = x * 2.0
        np.putmask(y, x > 0, x**3)  # values indexed by position
        z = x + 1.0
        np.putmask(z, [True, False, True, True], x[:2])  # values repeated by position
        w = x - 1.0
        np.place(w, x < 1.0, np.exp(x[:1]))  # one value for every place
        return np.sum(y * z) + np.sum(w * x)
    finally:
        pass


def fill_diagonal_forms(x):
    try:
        M = np.outer(x, x)
        np.fill_diagonal(M, x * 3.0)
        T = np.zeros_like(x, shape=(5, 2))
        np.fill_diagonal(T, x[:2], wrap=True)  # tall: the diagonal starts again
        C = np.zeros_like(x, shape=(2, 2, 2))
        np.fill_diagonal(C, x[0])
        return np.sum(M * np.arange(16.0).reshape(4, 4)) + np.sum(T**2) + np.sum(C) * x[1]
    finally:
        pass


def fill_method(x):
    try:
        y = x * 1.0
        y.fill(x[0] * x[1])
        return np.sum(y * x)
    finally:
        pass


@pytest.mark.parametrize(
    "f", [copyto_forms, put_forms, putmask_and_place, fill_diagonal_forms, fill_method]
)
def test_functions_that_write_into_their_first_argument(f):
    assert_matches_fd(f)


def test_sort_in_place_is_refused_and_argsort_indexing_works():
    def sort_in_place(x):
        y = x * 1.0
        y.sort()
        return y[0] * 2.0 + y[1]

    with pytest.raises(RuntimeError, match=r"sort\(\).*argsort"):
        srcgrad.grad(sort_in_place, mode="tape")(X)

    def sort_by_index(x):
        try:
            y = x * 1.0
            y = y[np.argsort(y)]  # the fix the error names (argsort needs no gradient)
            return y[0] * 2.0 + y[1]
        finally:
            pass

    assert_matches_fd(sort_by_index)


@pytest.mark.parametrize(
    "write",
    [
        lambda x, buf: np.cumsum(x, out=buf),
        lambda x, buf: np.multiply(x, 2.0, out=buf),
        lambda x, buf: np.add.at(buf, [0, 0], x[:2]),
        lambda x, buf: np.copyto(buf, x),
        lambda x, buf: np.put(buf, [0], x[0]),
        lambda x, buf: np.putmask(buf, buf == 0, x),
        lambda x, buf: np.place(buf, buf == 0, x),
    ],
)
def test_writing_a_gradient_into_a_plain_array_raises_naming_the_line(write):
    def f(x):
        buf = np.zeros(4)
        write(x, buf)
        return np.sum(buf)

    with pytest.raises(GradientLostError, match=r"plain NumPy array at .*test_numpy_writes.py"):
        srcgrad.grad(f, mode="tape")(X)


def test_fill_diagonal_of_a_plain_array_raises_naming_the_line():
    def f(x):
        buf = np.zeros((2, 2))
        np.fill_diagonal(buf, x[0])  # NumPy converts x[0] itself: an array() conversion
        return np.sum(buf)

    with pytest.raises(GradientLostError, match=r"test_numpy_writes.py:\d+"):
        srcgrad.grad(f, mode="tape")(X)


def test_in_place_writes_bump_versions_so_saved_values_are_checked():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    z = y * y  # saves y
    np.copyto(y, np.zeros(2))
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


def test_a_leaf_that_requires_grad_cannot_be_written():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        np.put(x, [0], 5.0)


def shuffle_rows(x):
    y = np.stack([x, 2.0 * x])
    np.random.default_rng(0).shuffle(y)
    return y[0, 0] * 2.0 + y[1, 0]


def test_shuffling_rows_of_a_tensor_raises_instead_of_a_wrong_gradient():
    # NumPy's shuffle swaps rows of a non-ndarray through views; the tape refuses the view
    # used after the write rather than differentiating the old values.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(RuntimeError, match="view of a Tensor"):
            srcgrad.grad(shuffle_rows, mode="tape")(X)


def shuffle_vector(x):
    y = x * 1.0
    random.Random(3).shuffle(y)  # 1-d: elements are scalars, swapped by item assignment
    return np.sum(y * np.arange(4.0))


def numpy_shuffle_vector(x):
    y = x * 1.0
    np.random.default_rng(3).shuffle(y)
    return np.sum(y * np.arange(4.0))


@pytest.mark.parametrize("f", [shuffle_vector, numpy_shuffle_vector])
def test_shuffling_a_vector_differentiates(f):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # NumPy: "not a Sequence"
        assert_matches_fd(f, modes=("tape",))


def test_view_used_after_its_base_was_written_raises():
    x = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x * 1.0
    row = y[0]
    y[0] = y[1] * 2.0
    with pytest.raises(RuntimeError, match=r"view of a Tensor .*test_numpy_writes.py"):
        row * 1.0
    fresh = y[0]  # taken again after the write: fine
    (fresh * 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[0.0, 0.0], [2.0, 2.0]])


def test_writing_into_a_view_is_refused_naming_the_line():
    def into_a_view(x):
        y = x * 1.0
        np.add(x[:2], 1.0, out=y[:2])
        return np.sum(y)

    with pytest.raises(RuntimeError, match=r"view of another tensor .*test_numpy_writes.py:\d+"):
        srcgrad.grad(into_a_view, mode="tape")(X)


def test_the_stale_value_error_names_the_line_of_the_write():
    def softmax_in_place(x):
        w = np.exp(x)
        w /= w.sum()  # changes the output np.exp saved for its backward
        return np.sum(w * np.arange(3.0))

    line = softmax_in_place.__code__.co_firstlineno + 2
    with pytest.raises(
        RuntimeError, match=rf"last changed in place at .*test_numpy_writes\.py:{line}\)"
    ):
        srcgrad.grad(softmax_in_place, mode="tape")(np.array([0.1, 0.2, 0.3]))
