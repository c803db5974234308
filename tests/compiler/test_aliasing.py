"""A write into an array that another name still sees (a view or the same object) is
refused where that name is read after the write; the usual preallocated-buffer loops
compile and give the right gradient."""

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference


def view_then_write(x):
    buf = np.zeros(3)
    r = buf[0:2]
    buf[0] = x
    return np.sum(r)  # r shows the write: d/dx = 1


def alias_then_write(x):
    buf = np.zeros(3)
    v = buf
    buf[1] = x * 2
    return np.sum(v)  # v is buf: d/dx = 2


def reshaped_then_write(x):
    buf = np.zeros(4)
    m = buf.reshape(2, 2)
    buf[3] = x
    return np.sum(m)


@pytest.mark.parametrize("f", [view_then_write, alias_then_write, reshaped_then_write])
def test_reading_a_view_after_the_write_is_refused(f):
    with pytest.raises(srcgrad.TransformError, match="shares memory with buf, which line"):
        srcgrad.grad(f, mode="compile")(1.5)


def copy_then_write(x):
    buf = np.zeros(3)
    r = np.copy(buf[0:2])
    buf[0] = x
    return np.sum(r) + np.sum(buf * buf)  # r is a copy: only buf depends on x


def rows_from_previous_rows(x, w):
    h = np.zeros((4, 3))
    h[0] = x
    for t in range(1, 4):
        previous = h[t - 1]  # a view of row t - 1, read before row t is written
        h[t] = np.tanh(previous * w + 0.1)
    return np.sum(h[3] ** 2)


def test_copies_and_buffers_filled_row_by_row_compile():
    x, w = np.array([0.3, -0.5, 0.8]), np.array([1.2, 0.7, -0.4])
    for f, args in ((copy_then_write, (1.5,)), (rows_from_previous_rows, (x, w))):
        for position in range(len(args)):
            got = srcgrad.grad(f, wrt=position, mode="compile")(*args)
            expected = finite_difference(f, args, position)
            np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


def view_then_augmented(x):
    y = x * 1.0
    r = y[0:2]
    y += 1.0  # in place: r sees it
    return np.sum(r * r)


def running_total(x):
    total = 0.0
    before = total
    total += np.sum(x)  # a float: += makes a new number, `before` keeps 0.0
    return total * 2 + before


def test_augmented_assignment_into_a_viewed_array_is_refused():
    with pytest.raises(srcgrad.TransformError, match="r shares memory with y"):
        srcgrad.grad(view_then_augmented, mode="compile")(np.array([0.3, 0.5, 0.7]))
    x = np.array([0.3, 0.5])
    # d/dx (2 sum(x) + 0) = 2
    np.testing.assert_allclose(srcgrad.grad(running_total, mode="compile")(x), [2.0, 2.0])


def same_array_two_names(x):
    y = x * 1.0
    v = y
    y += 1.0  # changes v too
    return np.sum(v * v)


def test_augmented_assignment_on_an_array_another_name_holds_raises_when_it_runs():
    # Only the running code knows y is an array (a float would be fine, as running_total
    # shows), so the generated code checks before the +=.
    gradient = srcgrad.grad(same_array_two_names, mode="compile")
    with pytest.raises(ValueError, match=r"test_aliasing.py:\d+: '\+=' changes in place"):
        gradient(np.array([0.3, 0.5]))
    assert "runtime.refuse_shared(y, (v,)" in gradient.source
