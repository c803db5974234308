"""The tape's stand-in Tensors keep the meaning of the user's code (issue 11, class 5).

Each function is plain float/NumPy code; its gradient on the tape (mode="tape", and
mode="auto" where a try block sends it to the tape) must equal central finite
differences of the function run by Python and NumPy themselves, or the run must raise
a clear error naming the line.
"""

import numbers
import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.tape import GradientLostError, Tensor, tensor
from tests.helpers import finite_difference


def tape_and_auto_grads(f, *args):
    """The gradient of ``f`` in tape mode and in auto mode (which ``f`` must fall back from)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        return [srcgrad.grad(f, mode=mode)(*args) for mode in ("tape", "auto")]


def assert_matches_fd(f, *args):
    expected = finite_difference(f, args, 0)
    for got in tape_and_auto_grads(f, *args):
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


# -- 1. a stand-in for a scalar is immutable under augmented assignment -------------------
def alias_then_add(x, y):
    try:
        z = x
        z += y  # rebinds z; x stays x (floats are immutable)
        return x * z
    finally:
        pass


def test_float_input_is_not_changed_through_an_alias():
    # x * (x + y): derivative 2x + y = 7 at (2, 3); mutating x would give 2 (x + y) = 10
    assert_matches_fd(alias_then_add, 2.0, 3.0)
    assert tape_and_auto_grads(alias_then_add, 2.0, 3.0) == [7.0, 7.0]


def every_augmented_operator(x):
    try:
        total = x
        for other in (0.5, 2.0, 3.0, 1.5, 2.0):
            y = total
            y += other
            y -= 0.25
            y *= other
            y /= 4.0
            y **= 2
            total = total + y
        return total * x
    finally:
        pass


def test_every_augmented_operator_on_a_float_leaves_its_aliases():
    assert_matches_fd(every_augmented_operator, 0.7)


def numpy_scalars_are_immutable(v):
    try:
        s = np.sum(v)  # NumPy returns a np.float64, which += does not change in place
        t = s
        t += 1.0
        first = v[0]  # an element is a scalar too, not a view
        first *= 3.0
        return s * t + first + v[0]
    finally:
        pass


def test_numpy_scalars_from_arrays_are_immutable():
    assert_matches_fd(numpy_scalars_are_immutable, np.array([1.0, 2.0]))


def zero_d_array_accumulator(v):
    try:
        acc = np.zeros_like(v, shape=())  # a 0-d array that can hold the gradient
        alias = acc
        for item in v:
            acc += item * item  # a 0-d *array* is written in place: alias sees it
        return alias * 2.0
    finally:
        pass


def test_arrays_keep_in_place_semantics():
    assert_matches_fd(zero_d_array_accumulator, np.array([1.0, 2.0, 3.0]))


def test_plain_zero_d_accumulator_raises_naming_the_line():
    def plain_accumulator(v):
        acc = np.zeros(())
        for item in v:
            acc += item * item
        return acc

    with pytest.raises(GradientLostError, match=r"out=.*test_standin.py:\d+"):
        srcgrad.grad(plain_accumulator, mode="tape")(np.array([1.0, 2.0]))


def test_item_assignment_into_a_scalar_stand_in_raises_as_for_the_scalar():
    def write_into_float(x):
        x[0] = 1.0
        return x

    with pytest.raises(TypeError, match="'float' object does not support item assignment"):
        srcgrad.grad(write_into_float, mode="tape")(2.0)


def test_tensors_outside_stand_in_runs_keep_pytorch_in_place_semantics():
    w = tensor([1.0, 2.0], requires_grad=True)
    s = (w * 1.0).sum()
    alias = s
    s += 1.0  # PyTorch: in place on the 0-d tensor, the alias sees it
    assert alias is s and float(alias.detach()) == 4.0 and s._version[0] == 1


# -- 2. type checks answer as for the value a Tensor stands for --------------------------
def polymorphic(x):
    try:
        if isinstance(x, np.ndarray):
            return np.sum(x**2)
        if np.isscalar(x) and isinstance(x, (float, numbers.Real)):
            return x**3
        return x * 0.0
    finally:
        pass


@pytest.mark.parametrize("value", [2.0, np.float64(2.0), np.array([1.0, 2.0])])
def test_isinstance_and_isscalar_take_the_branch_plain_code_takes(value):
    assert_matches_fd(polymorphic, value)


def test_type_checks_see_what_numpy_returns():
    seen = {}

    def probe(x, v):
        total = x * 2.0  # float * float is a float
        s = np.sum(v)  # NumPy gives np.float64
        seen["x"] = (isinstance(x, float), isinstance(x, np.generic), np.isscalar(x))
        seen["total"] = (isinstance(total, float), isinstance(total, np.floating))
        seen["s"] = (isinstance(s, np.floating), isinstance(s, np.ndarray), np.isscalar(s))
        seen["v"] = (isinstance(v, np.ndarray), isinstance(v, numbers.Number))
        seen["less"] = isinstance(x < 1.0, bool)
        return total + s

    srcgrad.grad(probe, wrt=(0, 1), mode="tape")(2.0, np.array([1.0, 2.0]))
    plain = dict(seen)
    probe(2.0, np.array([1.0, 2.0]))
    assert plain == seen
    assert isinstance(tensor(1.0), Tensor) and not isinstance(tensor(1.0), np.ndarray)


# -- 3. exits to Python numbers keep the gradient or raise --------------------------------
def test_tolist_and_item_raise_naming_the_line():
    def through_tolist(v):
        return sum(a * a for a in v.tolist())

    def through_item(v):
        return v.item() * v[0]

    with pytest.raises(GradientLostError, match=r"tolist\(\).*test_standin.py:\d+"):
        srcgrad.grad(through_tolist, mode="tape")(np.array([1.0, 2.0]))
    with pytest.raises(GradientLostError, match=r"item\(\).*test_standin.py:\d+"):
        srcgrad.grad(through_item, mode="tape")(np.array([2.0]))


def iterate_and_list(v):
    try:
        total = 0.0
        for a in v:  # iterating a 1-d Tensor gives 0-d Tensors, like NumPy's scalars
            total += a * a
        return total + sum(list(v)) * v[0]
    finally:
        pass


def test_iterating_and_list_keep_the_gradient():
    assert_matches_fd(iterate_and_list, np.array([1.0, 2.0, 3.0]))


def test_np_array_of_a_tensor_raises_naming_the_line():
    def through_asarray(v):
        return np.sum(np.asarray(v) * v)

    with pytest.raises(GradientLostError, match=r"test_standin.py:\d+"):
        srcgrad.grad(through_asarray, mode="tape")(np.array([1.0, 2.0]))


# -- 5. element writes of a Tensor into a plain NumPy buffer --------------------------------
def kernel_matrix(x):
    try:
        n = len(x)
        K = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                K[i, j] = np.exp(-((x[i] - x[j]) ** 2))
        return np.sum(K)
    finally:
        pass


def test_element_write_into_a_plain_array_names_the_line_and_the_fix():
    for mode in ("tape", "auto"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", srcgrad.FallbackWarning)
            with pytest.raises(GradientLostError) as info:
                srcgrad.grad(kernel_matrix, mode=mode)(np.array([0.0, 1.0]))
        message = str(info.value)
        assert "test_standin.py" in message and "K[i, j] = " in message
        assert "np.zeros_like" in message


def kernel_matrix_on_zeros_like(x):
    try:
        n = len(x)
        K = np.zeros_like(x, shape=(n, n))  # the fix the error suggests
        for i in range(n):
            for j in range(n):
                K[i, j] = np.exp(-((x[i] - x[j]) ** 2))
        return np.sum(K * K)
    finally:
        pass


def test_the_suggested_fix_differentiates():
    assert_matches_fd(kernel_matrix_on_zeros_like, np.array([0.0, 0.5, 1.5]))


# -- 2b. type(x) cannot be told anything: comparing it on a stand-in is refused -----------
def scale_by_type(x):
    if type(x) is float:  # plain Python: True for a float input
        return x * 3.0
    return x * 1.0


def helper_comparing_type(v):
    return np.sum(v) if type(v) == np.ndarray else v  # noqa: E721 (the form under test)


def calls_helper(x, kind):
    if type(kind) is str:  # kind is not differentiated: no stand-in, no error
        x = x * 1.0
    y = x * 2.0
    return helper_comparing_type(y) ** 2


def test_type_comparison_on_a_stand_in_is_refused_naming_the_line():
    with pytest.raises(TypeError, match=r"type\(x\) is compared at .*test_standin.py:\d+"):
        srcgrad.grad(scale_by_type, mode="tape")(2.0)
    with pytest.raises(TypeError, match=r"type\(v\) is compared at .*test_standin.py:\d+"):
        srcgrad.grad(calls_helper, mode="tape")(np.array([1.0, 2.0]), "linear")


def test_type_comparison_in_a_compiled_function_is_fine():
    # The compiler runs on the real values: type(x) is float holds there (d 3x / dx = 3).
    assert srcgrad.grad(scale_by_type, mode="compile")(2.0) == 3.0


def test_type_of_values_that_are_not_differentiated_is_allowed():
    def scaled(x, n):
        factor = 2.0 if type(n) is int else 1.0
        return x * factor * n

    assert srcgrad.grad(scaled, mode="tape")(1.5, 3) == 6.0


# -- copies and gradients of gradients keep the same meaning ------------------------------
def copies(x):
    import copy

    y = copy.copy(x)  # copy.copy of an ndarray copies its data
    z = copy.deepcopy(x)
    y += 1.0
    z *= 2.0
    return np.sum(x * y * z)


@pytest.mark.parametrize("value", [2.0, np.array([2.0, -1.0])])
def test_copy_and_deepcopy_give_independent_values(value):
    expected = finite_difference(copies, (value,), 0)
    np.testing.assert_allclose(srcgrad.grad(copies, mode="tape")(value), expected, rtol=1e-6)


def alias_cubed(x):
    try:
        z = x
        z += 1.0
        return x * z * z  # x (x + 1)^2: second derivative 6x + 4
    finally:
        pass


def test_second_derivative_on_the_tape_keeps_floats_immutable():
    # 6 * 2 + 4 = 16; mutating x through z would give (x + 1)^3'' = 6 (x + 1) = 18
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        assert srcgrad.grad(srcgrad.grad(alias_cubed))(2.0) == pytest.approx(16.0)
        assert srcgrad.grad(srcgrad.grad(alias_cubed, mode="tape"), mode="tape")(
            2.0
        ) == pytest.approx(16.0)


def duck_typed(x):
    try:
        if hasattr(x, "shape") and x.ndim > 0:  # plain Python: a float has no shape
            return np.sum(x**2)
        return x**3
    finally:
        pass


@pytest.mark.parametrize("value", [2.0, np.float64(2.0), np.array([1.0, 2.0])])
def test_array_attributes_exist_as_for_the_value_stood_for(value):
    assert_matches_fd(duck_typed, value)


def test_out_into_a_scalar_stand_in_raises_as_numpy_does():
    def into_float(x):
        np.add(x, 1.0, out=x)
        return x

    with pytest.raises(TypeError, match="cannot be written in place"):
        srcgrad.grad(into_float, mode="tape")(2.0)
