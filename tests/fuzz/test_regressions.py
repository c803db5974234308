"""Bugs the fuzzer found, kept as regression tests.

``CASES`` (programs without hazards): compiled gradient == tape gradient; all are fixed.
``HAZARDS`` (programs with the hazard classes of issue 11): the invariant in every mode.
A new bug gets a case marked ``pytest.mark.xfail(strict=True, reason=...)``; the mark is
strict, so the fix turns the test red, and then the mark is deleted.
"""

import warnings

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.runtime import Refused
from tests.fuzz import regressions as r
from tests.fuzz import regressions_views as rv
from tests.fuzz.harness import MODES, check_function, materialise
from tests.helpers import finite_difference


def _args(seed, *shapes):
    rng = np.random.default_rng(seed)
    values = [rng.uniform(-1.5, 1.5, size=shape) for shape in shapes]
    return tuple(float(v) if shape == () else v for v, shape in zip(values, shapes))


CASES = [
    pytest.param(
        r.append_in_loop_branch,
        (-0.5,),
        id="append_in_loop_branch",
    ),
    pytest.param(
        r.and_value_after_branch,
        (np.array([[0.3], [-0.5]]), np.array([[0.3, -0.5, 0.8], [0.1, 0.2, -0.4]])),
        id="and_value_after_branch",
    ),
    pytest.param(
        r.and_in_ifexp_nested_loops,
        (np.array([0.3, -0.5, 0.8]), np.array([[0.3], [-0.5]])),
        id="and_in_ifexp_nested_loops",
    ),
    pytest.param(
        r.and_in_loop_branch_subscript,
        _args(1869, (2, 1)),
        id="and_in_loop_branch_subscript",
    ),
    pytest.param(
        r.and_in_loop_branch_reassign,
        _args(1446, (2, 3)),
        id="and_in_loop_branch_reassign",
    ),
    pytest.param(
        r.and_in_loop_branch_else,
        _args(2785, (3,), (3,)),
        id="and_in_loop_branch_else",
    ),
    pytest.param(
        r.and_in_nested_loop_value,
        _args(1019, (2, 3), (), (), (2, 1)),
        id="and_in_nested_loop_value",
    ),
    pytest.param(
        r.untaken_else_with_call,
        _args(33879038, (3,)),
        id="untaken_else_with_call",
    ),
    pytest.param(
        r.or_in_ifexp_nested_loops,
        (np.array([[-0.3133740476644431], [1.1155865971737366]]), 1.2025329968125353),
        id="or_in_ifexp_nested_loops",
    ),
    pytest.param(
        r.constant_appended_after, (np.array([0.3, -0.5, 1.0]),), id="constant_appended_after"
    ),
    pytest.param(
        r.parameter_rebound_in_loop,
        (np.array([[-1.24, -0.79, 0.9], [0.25, -1.2, -0.2]]), -0.0628),
        id="parameter_rebound_in_loop",
    ),
]


@pytest.mark.parametrize("f, args", CASES)
def test_compiled_gradient_matches_tape(f, args):
    wrt = tuple(range(len(args)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", srcgrad.FallbackWarning)
        compiled = srcgrad.grad(f, wrt=wrt, mode="compile")(*args)
        taped = srcgrad.grad(f, wrt=wrt, mode="tape")(*args)
    for c, t, a in zip(compiled, taped, args):
        assert np.shape(c) == np.shape(a)
        np.testing.assert_allclose(c, t, rtol=1e-9, atol=1e-12)


VEC = np.array([0.3, -0.5, 0.8])
WRONG = "issue 11: a wrong gradient or value"
# The tape's "modified by an inplace operation" (PyTorch's words) names no line.
NO_LINE = "issue 11: an error that names no line"
CRASH = "issue 11: an internal crash"

# (function, argument, {mode: why it fails today}); the marks are strict, so a fix turns
# the test red, and then its entry goes.
HAZARDS = [
    (r.shadow_comprehension, VEC, {}),
    (r.alias_in_loop, VEC, {}),
    (r.scalar_result_alias_augment, VEC, {}),
    (r.float_input_alias_augment, 0.7, {}),
    (r.float_in_dict_augment, 0.7, {}),
    (r.add_out_new_buffer, VEC, {}),
    (r.add_at_buffer, VEC, {}),
    (r.copyto_buffer, VEC, {}),
    (r.cumsum_out, VEC, {}),
    (r.dot_out, VEC, {}),
    (r.put_into_buffer, VEC, {}),
    (r.putmask_buffer, VEC, {}),
    (r.fill_diagonal_buffer, VEC, {}),
    (r.fill_with_scalar, VEC, {}),
    (r.tanh_out_view, VEC, {}),
    (r.view_write_then_read_base, VEC, {}),
    (r.sub_inplace_after_use, VEC, {}),
    (r.linspace_of_inputs, VEC, {}),
    (r.nested_grad_closure, VEC, {}),
    (r.out_through_tuple_alias, VEC, {}),
    (r.fill_through_alias, VEC, {}),
    (r.fill_recorded_array, VEC, {}),
    (r.item_into_argument_alias, VEC, {}),
    (r.putmask_argument_tuple_alias, VEC, {}),
    (r.out_into_argument_alias, VEC, {}),
    (r.iterable_scaled_in_place, 0.7, {}),
    (r.comprehension_in_loop_branch, 0.7, {}),
    (r.copyto_argument_alias, VEC, {}),
    (r.out_broadcasts_input, 0.7, {}),
    (r.list_extended_through_alias, VEC, {}),
    (r.argument_chosen_then_rebound_in_loop, VEC, {}),
    (r.list_repeated_through_alias, VEC, {}),
    (r.object_with_own_append, VEC, {}),
    (r.object_made_from_input, VEC, {}),
    (r.complex_real_attribute, VEC, {}),
    (r.complex_gradient_accumulated_in_loop, VEC, {}),
    (rv.real_of_new_array_written, VEC, {}),
    (rv.conj_method_written, VEC, {}),
    (rv.nansum_out, VEC, {}),
    (rv.array_without_copy_scaled, VEC, {}),
    (rv.flat_written, VEC, {}),
    (rv.broadcast_arrays_second_written, VEC, {}),
    (rv.view_of_buffer_then_filled, VEC, {}),
    (rv.asarray_of_buffer_then_filled, VEC, {}),
]


def _invariant_cases():
    cases = []
    for f, arg, failing in HAZARDS:
        for mode in MODES:
            marks = []
            if mode in failing:
                marks.append(pytest.mark.xfail(strict=True, reason=failing[mode]))
            cases.append(pytest.param(f, arg, mode, marks=marks, id=f"{f.__name__}-{mode}"))
    return cases


@pytest.mark.parametrize("f, arg, mode", _invariant_cases())
def test_invariant(f, arg, mode):
    """A clear error, or the plain call's value and the finite-difference gradient."""
    problems, _, _ = check_function(f, (arg,), modes=(mode,))
    assert not problems, "\n".join(problems)


TYPE_CHECK = """\
import numpy as np


def f(x):
    if type(x) is not float:
        return np.sum(x) * 2.0
    return x * 3.0
"""


def test_tape_error_names_the_file_it_ran():
    """Found by the long run: two programs with the same function, in two files."""
    for _ in range(2):
        f = materialise(TYPE_CHECK)["f"]
        with pytest.raises(TypeError) as info:
            srcgrad.grad(f, mode="tape")(0.5)
        assert f"{f.__code__.co_filename}:5:" in str(info.value)


@pytest.mark.parametrize("f", [r.list_extended_through_alias, r.list_repeated_through_alias])
def test_list_changed_in_place_is_refused_without_verify(f):
    """Without verify=True these gave a wrong gradient silently; now the compiler refuses
    them (the alias analysis, or a check when the code runs), and auto mode gives the
    tape's (right) gradient."""
    with pytest.raises((Refused, srcgrad.TransformError), match="list|shares memory"):
        srcgrad.grad(f, mode="compile", verify=False)(VEC.copy())
    with pytest.warns(srcgrad.FallbackWarning):
        got = srcgrad.grad(f, mode="auto", verify=False)(VEC.copy())
    np.testing.assert_allclose(got, finite_difference(f, (VEC.copy(),), 0), rtol=1e-6)


def test_complex_gradient_in_a_loop_is_differentiated():
    """Refused once (a complex gradient added into a real one); every rule on its path now
    follows complex values, so each mode gives the finite-difference gradient."""
    f = r.complex_gradient_accumulated_in_loop
    expected = finite_difference(f, (VEC.copy(),), 0)
    for mode in MODES:
        np.testing.assert_allclose(srcgrad.grad(f, mode=mode)(VEC.copy()), expected, rtol=1e-6)


def test_an_argument_rebound_in_a_loop_stays_the_callers_object():
    """Without verify=True the compiled code wrote into the caller's array unnoticed."""
    f = r.argument_chosen_then_rebound_in_loop
    with pytest.raises(srcgrad.TransformError, match="may be an argument of the function"):
        srcgrad.grad(f, mode="compile", verify=False)(VEC.copy())
