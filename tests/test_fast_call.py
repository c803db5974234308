"""The fast call (srcgrad/fast_call.py): after a call that ran compiled code, calls with
arguments of the same kinds take a generated dispatcher. Each test first makes sure the
dispatcher is in place, then checks that it keeps every guarantee of the general call."""

import builtins
import functools
import threading
import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.gradient import Gradient
from srcgrad.result_checks import ComplexGradientError, NaNGradientError
from srcgrad.tape import strict
from tests.helpers import finite_difference

X = np.array([0.3, -0.7, 1.2])


def installed(gradient, *args):
    """Call twice (the first call may verify) and check the dispatcher took over."""
    gradient(*args)
    gradient(*args)
    assert type(gradient) is not Gradient and type(gradient).__call__ is not Gradient.__call__
    return gradient


def squash(v):
    return np.tanh(v)


def through_global(x):
    return np.sum(squash(x) * x)


def test_a_rebound_global_function_transforms_again(monkeypatch):
    gradient = installed(srcgrad.grad(through_global, mode="compile"), X)
    # d/dx sum(tanh(x) x) = tanh(x) + x (1 - tanh(x)^2)
    np.testing.assert_allclose(gradient(X), np.tanh(X) + X * (1 - np.tanh(X) ** 2))
    monkeypatch.setitem(globals(), "squash", np.sin)  # now d/dx sum(sin(x) x)
    np.testing.assert_allclose(gradient(X), np.sin(X) + X * np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(gradient(X), finite_difference(through_global, (X,), 0))


def test_a_deleted_global_is_not_read_from_the_old_code(monkeypatch):
    gradient = installed(srcgrad.grad(through_global, mode="compile"), X)
    monkeypatch.delitem(globals(), "squash")
    with pytest.raises(Exception, match="squash"):
        gradient(X)


def make_layer(activation):
    scale = np.array([1.0, 2.0, 3.0])

    def layer(x):
        return np.sum(activation(x) * scale)

    def set_activation(new):
        nonlocal activation
        activation = new

    def set_scale(new):
        nonlocal scale
        scale = new

    return layer, set_activation, set_scale


def test_a_changed_closure_cell_transforms_again():
    layer, set_activation, set_scale = make_layer(np.tanh)
    gradient = installed(srcgrad.grad(layer, mode="compile"), X)
    np.testing.assert_allclose(gradient(X), (1 - np.tanh(X) ** 2) * [1, 2, 3])
    set_activation(np.sin)  # a function in a cell: the code was compiled against tanh
    np.testing.assert_allclose(gradient(X), np.cos(X) * [1, 2, 3], rtol=1e-12)
    set_scale(np.array([-1.0, 0.5, 4.0]))  # data in a cell: read when the gradient runs
    np.testing.assert_allclose(gradient(X), np.cos(X) * [-1, 0.5, 4], rtol=1e-12)
    taped = srcgrad.grad(layer, mode="tape")(X)
    np.testing.assert_allclose(gradient(X), taped, rtol=1e-12)


class Model:
    def __init__(self, weight):
        self.weight = weight

    def loss(self, x, bias=0.5):
        return np.sum(np.tanh(x * self.weight + bias) ** 2)

    @srcgrad.grad
    def decorated_loss(self, x):
        return np.sum(np.sin(x * self.weight))


def test_bound_methods():
    model = Model(np.array([0.5, -1.0, 2.0]))
    gradient = installed(srcgrad.grad(model.loss), X)
    taped = srcgrad.grad(model.loss, mode="tape")
    np.testing.assert_allclose(gradient(X), taped(X), rtol=1e-12)
    np.testing.assert_allclose(gradient(X, 0.1), taped(X, 0.1), rtol=1e-12)
    model.weight = np.array([3.0, 0.0, -0.5])  # an attribute of self: read at run time
    np.testing.assert_allclose(gradient(X), taped(X), rtol=1e-12)
    installed(model.decorated_loss, X)
    # d/dx sum(sin(w x)) = w cos(w x)
    np.testing.assert_allclose(model.decorated_loss(X), model.weight * np.cos(model.weight * X))


def scaled_distance(x, y, power=2.0):
    return np.sum(np.abs(x - y) ** power)


def test_keyword_and_default_arguments_bind_as_the_function_does():
    y = np.array([1.0, 1.0, -1.0])
    gradient = installed(srcgrad.grad(scaled_distance, wrt=(0, 1)), X, y)
    expected = srcgrad.grad(scaled_distance, wrt=(0, 1), mode="tape")(X, y)
    for got in (gradient(X, y), gradient(x=X, y=y), gradient(X, y=y), gradient(y=y, x=X)):
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    power_three = srcgrad.grad(scaled_distance, wrt=(0, 1), mode="tape")(X, y, 3.0)
    np.testing.assert_allclose(gradient(X, y, power=3.0), power_three, rtol=1e-12)
    with pytest.raises(TypeError):
        gradient(X)
    with pytest.raises(TypeError):
        gradient(X, y, z=1.0)
    with pytest.raises(TypeError):
        gradient(X, y, 2.0, 4.0)


def test_a_new_dtype_gets_its_own_gradient_type():
    gradient = installed(srcgrad.grad(through_global), X)
    single = X.astype(np.float32)
    got = gradient(single)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, gradient(X), rtol=1e-6)
    assert gradient(X).dtype == np.float64
    assert gradient(single).dtype == np.float32


def test_integer_arrays_are_still_refused():
    gradient = installed(srcgrad.grad(through_global), X)
    with pytest.raises(TypeError, match="dtype int64, which carries no gradient"):
        gradient(np.array([1, 2, 3]))


def test_python_numbers_and_arrays_take_their_own_code():
    gradient = installed(srcgrad.grad(through_global), 0.4)
    # d/dx tanh(x) x at 0.4, as a Python float
    expected = np.tanh(0.4) + 0.4 * (1 - np.tanh(0.4) ** 2)
    assert type(gradient(0.4)) is float and gradient(0.4) == pytest.approx(expected)
    np.testing.assert_allclose(gradient(np.array([0.4])), [expected])
    assert type(gradient(0.4)) is float
    assert gradient(2) == pytest.approx(np.tanh(2) + 2 * (1 - np.tanh(2) ** 2))


def slice_written_when(x, n):
    a = [x, x]
    if n > 1:
        a[0:1] = [x * 3]  # a write into a list slice: refused when the code runs
    return np.sum(a[0] * a[1])


def test_auto_mode_still_falls_back_to_the_tape_and_warns_once():
    gradient = installed(srcgrad.grad(slice_written_when), X, 0)
    np.testing.assert_allclose(gradient(X, 0), 2 * X)
    with pytest.warns(srcgrad.FallbackWarning, match=r"test_fast_call\.py:\d+") as caught:
        got = gradient(X, 2)
    assert len(caught) == 1
    np.testing.assert_allclose(got, 6 * X)  # d/dx sum(3x * x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(gradient(X, 2), 6 * X)  # on the tape, no second warning
        np.testing.assert_allclose(gradient(X, 0), 2 * X)
    with pytest.raises(srcgrad.compiler.runtime.Refused, match="slice of a list"):
        installed(srcgrad.grad(slice_written_when, mode="compile"), X, 0)(X, 2)


def distance_to_origin(x):
    return np.sqrt(np.sum(x * x))


def reciprocal_of_product(w, c):
    return 1.0 / (w * c)


def test_a_nan_gradient_of_a_finite_value_is_still_refused():
    gradient = installed(srcgrad.grad(distance_to_origin), X)
    with np.errstate(divide="ignore", invalid="ignore"):
        with pytest.raises(NaNGradientError, match=r"distance_to_origin \(.*test_fast_call"):
            gradient(np.zeros(3))  # x / |x| at 0: 0 / 0
        scalar = installed(srcgrad.grad(distance_to_origin), 2.0)
        assert scalar(-2.0) == pytest.approx(-1.0)
        with pytest.raises(NaNGradientError):
            scalar(0.0)
    # Python floats throughout: d/dw 1 / (w c) = -1 / (w^2 c) = -1/12 at (2, 3); at c = inf
    # the value is 0 but the backward pass computes -0.0 * inf
    floats = installed(srcgrad.grad(reciprocal_of_product), 2.0, 3.0)
    assert floats(2.0, 3.0) == pytest.approx(-1 / 12)
    with pytest.raises(NaNGradientError, match="reciprocal_of_product"):
        floats(2.0, float("inf"))


def modulus_when(x, imaginary):
    return np.sum(np.abs(x + imaginary * x[::-1]))


def test_a_complex_gradient_of_a_real_argument_is_still_refused():
    gradient = installed(srcgrad.grad(modulus_when), X, 0.0)
    with pytest.raises(ComplexGradientError, match="modulus_when"):
        gradient(X, 1j)


def several_outputs(x):
    return np.sum(x), np.sum(x * x)


def size_one_array(x):
    return np.reshape(np.sum(x * x), (1,))


def test_outputs_other_than_numbers_take_the_general_code():
    with pytest.raises(ValueError, match="returned a tuple of 2 outputs"):
        srcgrad.grad(several_outputs)(X)
    gradient = installed(srcgrad.value_and_grad(size_one_array), X)
    value, got = gradient(X)
    np.testing.assert_allclose(got, 2 * X)
    np.testing.assert_allclose(value, [np.sum(X * X)])


def tree_loss(params, x):
    return np.sum(params["w"] * x) + params["b"][0] ** 2


def test_containers_of_arrays_are_shaped_like_their_arguments():
    params = {"w": np.array([1.0, 2.0, 3.0]), "b": [0.5]}
    gradient = installed(srcgrad.grad(tree_loss), params, X)
    got = gradient(params, X)
    np.testing.assert_allclose(got["w"], X)
    assert got["b"] == [pytest.approx(1.0)]


def test_no_differentiated_argument_takes_the_general_call():
    gradient = srcgrad.grad(scaled_distance, wrt=())
    assert gradient(X, X) == () and gradient(X, X) == ()


def inner(x):
    return np.sum(np.sin(x) * x)


def test_a_gradient_called_inside_a_tape_run_records_on_the_tape():
    inner_gradient = installed(srcgrad.grad(inner), X)

    def outer(x):
        return np.sum(inner_gradient(x) ** 2)

    # d/dx sum(g(x)^2) = 2 g(x) g'(x), g = sin x + x cos x, g' = 2 cos x - x sin x
    g = np.sin(X) + X * np.cos(X)
    expected = 2 * g * (2 * np.cos(X) - X * np.sin(X))
    np.testing.assert_allclose(srcgrad.grad(outer, mode="tape")(X), expected, rtol=1e-12)


def test_inside_a_tape_recording_the_general_call_runs(monkeypatch):
    gradient = installed(srcgrad.grad(inner), X)
    on_tape, tape_function = [], gradient.tape_function

    def counted():
        on_tape.append(True)
        return tape_function()

    monkeypatch.setattr(gradient, "tape_function", counted)
    with strict.strict_conversions():
        got = gradient(X)
    assert on_tape  # a Tensor, for the recording
    np.testing.assert_allclose(got.detach().numpy(), np.sin(X) + X * np.cos(X))


def test_threads_recording_on_the_tape_are_counted():
    assert strict.threads_recording == 0
    inside, release = threading.Event(), threading.Event()

    def record():
        with strict.strict_conversions(), strict.strict_conversions():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=record)
    worker.start()
    inside.wait(10)
    try:
        assert strict.threads_recording == 1
        # This thread is not recording: its gradient is right either way.
        gradient = srcgrad.grad(inner)
        np.testing.assert_allclose(gradient(X), np.sin(X) + X * np.cos(X))
    finally:
        release.set()
        worker.join()
    assert strict.threads_recording == 0


def test_a_partial_passes_its_bound_arguments_first():
    y = X[::-1].copy()
    gradient = installed(srcgrad.grad(functools.partial(scaled_distance, X)), y)
    expected = srcgrad.grad(scaled_distance, wrt=1, mode="tape")(X, y)
    np.testing.assert_allclose(gradient(y), expected, rtol=1e-12)
    np.testing.assert_allclose(gradient(y, 3.0), 3 * np.abs(y - X) ** 2 * np.sign(y - X))


def rounded_scale(x):
    return np.sum(x) * round(2.4)


def test_a_rebound_builtin_transforms_again(monkeypatch):
    gradient = installed(srcgrad.grad(rounded_scale, mode="compile"), X)
    np.testing.assert_allclose(gradient(X), [2.0, 2.0, 2.0])
    monkeypatch.setattr(builtins, "round", lambda value: 3)
    np.testing.assert_allclose(gradient(X), [3.0, 3.0, 3.0])
