"""Attribute and method views written as users write them: ``y.real[0] = c``,
``y.flat[i] = v``, ``y.mT``, ``y.view()``, ``y[1:].base``, ``stop_gradient(y)``; and views
of a buffer made before a value with a gradient is written into it (``head = out[:2]``,
``np.asarray(out)``), which the tape gave a silent zero gradient.

Each function runs in every mode (``checks.MODES``) and must give the derivative central
finite differences give, or an error naming its line. Where a mode must give the number
(not only refuse), the test says so.
"""

import numpy as np
import pytest

import srcgrad

from .checks import MODES, outcome

X = np.array([0.3, -0.7, 1.1, 0.5])


def real_of_real_written(x):
    y = x * 2
    y.real[0] = 1.0  # .real of a real array is y itself
    return np.sum(y**2)


def real_then_scaled(x):
    y = x * 2
    r = np.real(y)
    r *= 3.0
    return np.sum(y * x)


def conj_method_written(x):
    y = x * 2
    c = y.conj()  # the method gives y itself for a real y (np.conj makes a copy)
    c[1] = 0.5
    return np.sum(y * y)


def flat_written(x):
    y = x * 2
    y.flat[1] = 5.0
    y.flat[2:] = np.sin(x[:2])
    return np.sum(y * y)


def flat_read(x):
    y = np.reshape(x, (2, 2)) * 3.0
    return y.flat[1] * y.flat[2] + np.sum(y.flat[::3])


def flat_iterated(x):
    total = 0.0
    for v in np.reshape(x, (2, 2)).flat:
        total = total + v * v
    return total


def matrix_transpose_attribute(x):
    m = np.reshape(x, (2, 2))
    return np.sum(np.sin(m.mT) * np.array([[1.0, 2.0], [3.0, 4.0]]))


def matrix_transpose_written(x):
    m = np.reshape(x * 1.0, (2, 2))
    t = m.mT
    t[0, 1] = 2.0
    return np.sum(m * m)


def view_method_written(x):
    y = x * 2
    v = y.view()
    v[0] = 1.0
    return np.sum(y * y)


def base_written(x):
    y = x * 2
    tail = y[1:]
    tail.base[0] = 4.0
    return np.sum(y * y) + np.sum(tail)


def as_array_no_copy_written(x):
    y = x * 2
    v = np.array(y, copy=False)
    v[2] = 0.0
    return np.sum(y * y)


def astype_copy_written(x):
    y = x * 2
    v = y.astype(np.float64)  # a copy: y keeps its values
    v[2] = 0.0
    return np.sum(y * y) + np.sum(v)


def row_of_buffer_then_filled(x):
    out = np.zeros_like(x)
    head = out[:2]  # made while out has no gradient
    out[...] = np.sin(x)
    return np.sum(head * head)  # d/dx = 2 sin(x) cos(x) for the first two, else 0


def asarray_of_buffer_then_filled(x):
    out = np.zeros_like(x)
    plain = np.asarray(out)  # shares out's memory
    np.copyto(out, x * 2.0)
    return np.sum(plain * x)


def asarray_with_dtype_written(x):
    z = x + 0.0
    y = np.asarray(z, dtype=float)  # z itself; the aliasing check once took "float" for
    y[0] = 1.0  # the array viewed, and compiled a gradient of 2 z for z[0] (0 is right)
    return np.sum(z**2)


CASES = [
    asarray_with_dtype_written,
    row_of_buffer_then_filled,
    asarray_of_buffer_then_filled,
    real_of_real_written,
    real_then_scaled,
    conj_method_written,
    flat_written,
    flat_read,
    flat_iterated,
    matrix_transpose_attribute,
    matrix_transpose_written,
    view_method_written,
    base_written,
    as_array_no_copy_written,
    astype_copy_written,
]

# Modes that must give the number, not only a clear error.
MUST_BE_RIGHT = {
    real_of_real_written: ("auto", "tape"),
    real_then_scaled: ("auto", "tape"),
    conj_method_written: ("auto", "tape"),
    flat_written: ("auto", "tape"),
    flat_read: ("auto", "tape"),
    flat_iterated: ("auto", "tape"),
    matrix_transpose_attribute: MODES,
    astype_copy_written: MODES,
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_a_view_attribute_is_right_or_refused_with_its_line(f, mode):
    kind, _ = outcome(f, X.copy(), mode)
    if mode in MUST_BE_RIGHT.get(f, ()):
        assert kind == "right"


def stop_gradient_written(x):
    y = x * 2
    s = srcgrad.stop_gradient(y)  # y itself, as NumPy code sees it
    s[0] = 5.0
    return np.sum(y * y)


@pytest.mark.parametrize("mode", ["compile", "auto", "tape"])
def test_a_write_through_stop_gradient_is_refused_with_its_line(mode):
    # The plain function: y[0] = 5 whatever x is, so d/dx0 = 0, and d/dx1 = 8 x1; the
    # gradient once was [20, 16] at x = [1, 2] in every mode (the write was not seen).
    with pytest.raises(Exception, match=r"test_view_attributes\.py:\d+"):  # noqa: PT011
        srcgrad.grad(stop_gradient_written, mode=mode)(np.array([1.0, 2.0]))


def test_stop_gradient_still_stops_the_gradient():
    def f(x):
        return np.sum(x * srcgrad.stop_gradient(x))  # d/dx (x * c) = c

    for mode in ("compile", "auto", "tape"):
        got = srcgrad.grad(f, mode=mode)(np.array([1.0, 2.0]))
        np.testing.assert_allclose(got, [1.0, 2.0])


def test_the_tape_base_is_the_tensor_viewed():
    x = srcgrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    assert y.base is None
    assert y[1:].base is y
    assert y[1:][::-1].base is y  # the owner, as NumPy gives it


def test_compile_says_how_to_write_through_an_attribute():
    with pytest.raises(srcgrad.TransformError, match="writing through an expression"):
        srcgrad.grad(real_of_real_written, mode="compile")(X.copy())
