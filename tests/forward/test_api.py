"""srcgrad.jvp: structures, validation, caching, and the generated code."""

from __future__ import annotations

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.backend.forward import compile_jvp
from srcgrad.forward_api import jvp_source
from tests.forward import programs as p


def test_float_primal_takes_a_float_tangent():
    out, out_dot = srcgrad.jvp(p.scaled, (2.0, 3.0), (1.0, 0.5))
    assert out == 6.0
    assert isinstance(out_dot, float)
    assert out_dot == pytest.approx(1.0 * 3.0 + 2.0 * 0.5)


def test_none_holds_an_input_constant():
    x = np.array([1.0, 2.0])
    _, out_dot = srcgrad.jvp(p.scaled, (x, 3.0), (np.array([1.0, -1.0]), None))
    np.testing.assert_array_equal(out_dot, [3.0, -3.0])
    _, out_dot = srcgrad.jvp(p.scaled, (x, 3.0), (None, 1.0))
    np.testing.assert_array_equal(out_dot, x)


def test_constant_output_has_a_zero_tangent():
    _, out_dot = srcgrad.jvp(p.scaled, (np.ones(2), 3.0), (None, None))
    np.testing.assert_array_equal(out_dot, np.zeros(2))


def test_integer_argument_takes_no_tangent():
    out, out_dot = srcgrad.jvp(p.recursive_power, (1.5, 3), (1.0, None))
    assert out == pytest.approx(1.5**3)
    assert out_dot == pytest.approx(3 * 1.5**2)
    with pytest.raises(TypeError, match="no tangent"):
        srcgrad.jvp(p.recursive_power, (1.5, 3), (1.0, 1.0))


def test_tangent_shape_must_match():
    with pytest.raises(ValueError, match="shape"):
        srcgrad.jvp(p.scaled, (np.ones(3), 2.0), (np.ones(2), None))
    with pytest.raises(TypeError, match="takes 2 arguments"):
        srcgrad.jvp(p.scaled, (np.ones(3),), (np.ones(3),))


def test_writes_into_arrays_leave_the_callers_tangent_alone():
    x = np.array([0.5, 1.5, -2.0])
    x_dot = np.array([1.0, 2.0, 3.0])
    out, out_dot = srcgrad.jvp(p.writes, (x,), (x_dot,))
    np.testing.assert_array_equal(x_dot, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x, [0.5, 1.5, -2.0])
    # y = [5, x1 * x2, x2]: tangent [0, dx1 * x2 + x1 * dx2, dx2]
    np.testing.assert_allclose(out_dot, [0.0, 2.0 * -2.0 + 1.5 * 3.0, 3.0])


def test_list_input_and_appends():
    xs = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    dxs = [np.array([0.1, 0.2]), np.array([0.3, 0.4])]
    out, out_dot = srcgrad.jvp(p.collect, (xs,), (dxs,))
    np.testing.assert_allclose(out, 2 * (xs[0] + xs[1]))
    np.testing.assert_allclose(out_dot, 2 * (dxs[0] + dxs[1]))
    assert "out_dot.append(" in jvp_source(p.collect)


def test_tuple_output_gets_a_tuple_tangent():
    x = np.array([1.0, 2.0])
    out, (dy, ds) = srcgrad.jvp(p.pair, (x,), (np.array([1.0, 1.0]),))
    np.testing.assert_array_equal(dy, [2.0, 2.0])
    assert ds == pytest.approx(2.0)


def test_recursion_calls_its_own_jvp():
    source = jvp_source(p.recursive_power, wrt=0)
    assert "recursive_power_jvp1(x, sub1, x_dot)" in source


def test_compiled_once_per_function_and_tangent_set():
    assert compile_jvp(p.scaled, ("x",)) is compile_jvp(p.scaled, ("x",))
    assert compile_jvp(p.scaled, ("x",)) is not compile_jvp(p.scaled, ("x", "factor"))


def test_unsupported_constructs_raise_transform_error_in_compile_mode():
    with pytest.raises(srcgrad.TransformError, match="try"):
        srcgrad.jvp(p.with_try, (1.0,), (1.0,), mode="compile")


def test_unsupported_constructs_run_on_the_tape_in_auto_mode():
    # the derivative along 1.0 is the gradient itself, which the tape gives
    with pytest.warns(srcgrad.FallbackWarning, match="try"):
        out, out_dot = srcgrad.jvp(p.with_try, (1.5,), (1.0,))
    assert out == p.with_try(1.5)
    assert out_dot == pytest.approx(srcgrad.grad(p.with_try, mode="tape")(1.5))
    with pytest.warns(srcgrad.FallbackWarning, match="try"):
        jac = srcgrad.jacobian(p.with_try)(1.5)
    assert jac == pytest.approx(out_dot)
    _, tape_dot = srcgrad.jvp(p.with_try, (1.5,), (2.0,), mode="tape")
    assert tape_dot == pytest.approx(2 * out_dot)


def test_source_is_readable_python():
    source = jvp_source(p.rollout, wrt="x")
    assert "def rollout_jvp(x, W, x_dot):" in source
    assert "# line" in source
    assert "h_dot = " in source
    assert "saved" not in source
    compile(source, "<generated>", "exec")


def _scaled_cube(x, scale=2.0, power=3):
    return np.sum(scale * x**power)


def test_parameters_with_defaults_may_be_left_out():
    x = np.array([1.0, 2.0])
    out, dot = srcgrad.jvp(_scaled_cube, (x,), (np.array([1.0, 0.0]),))
    # d/dx0 of 2 * x0**3 at x0 = 1 is 6
    assert out == 18.0 and dot == 6.0
