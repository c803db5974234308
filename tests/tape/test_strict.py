"""strict_conversions: conversions that would lose a gradient raise GradientLostError."""

import math

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor
from srcgrad.tape import GradientLostError, strict_conversions


def test_math_function_names_user_line_and_advice():
    x = tensor(0.5, requires_grad=True)
    with strict_conversions(), pytest.raises(GradientLostError) as info:
        math.sin(x)  # the line named in the message
    message = str(info.value)
    assert f"{__file__}:" in message
    assert "math.sin(x)" in message
    assert "use np.sin instead of math.sin" in message


@pytest.mark.parametrize("convert", [float, int, complex, np.asarray, np.array])
def test_each_conversion_raises(convert):
    x = tensor(0.5, requires_grad=True)
    with strict_conversions(), pytest.raises(GradientLostError, match=__file__):
        convert(x)


def test_index_raises_in_strict_mode():
    x = tensor(1.0, requires_grad=True)
    with strict_conversions(), pytest.raises(GradientLostError, match="__index__"):
        x.__index__()


def test_float_message_says_what_to_do():
    x = tensor(0.5, requires_grad=True)
    with strict_conversions(), pytest.raises(GradientLostError) as info:
        float(x)
    assert "don't call float() on a value you differentiate" in str(info.value)


def test_is_a_type_error():
    assert issubclass(GradientLostError, TypeError)


def test_detached_values_and_tensors_without_grad_still_convert():
    x = tensor(0.5, requires_grad=True)
    with strict_conversions():
        assert x.detach().item() == 0.5
        assert x.detach().tolist() == 0.5
        assert float(tensor(2.0)) == 2.0
        assert math.sin(x.detach()) == pytest.approx(math.sin(0.5))
        with srcgrad.no_grad():
            assert float(x) == 0.5


def test_ufunc_into_plain_array_raises_in_strict_mode():
    x = tensor([0.5], requires_grad=True)
    with strict_conversions(), pytest.raises(GradientLostError):
        np.add(x, 1.0, out=np.empty(1))


def test_outside_strict_mode_float_works():
    assert float(tensor(0.5, requires_grad=True)) == 0.5
