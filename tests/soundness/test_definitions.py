"""Which function a call runs, and what a loop iterates, decided when the code runs:
definitions in branches and loops, functions held in variables, rebinding the iterable,
comprehension variables that shadow their iterable."""

import numpy as np
import pytest

import srcgrad

from .checks import MODES, outcome

X = np.array([0.5, -1.0, 2.0])


def lambda_chosen_in_branch(x, kind="tanh"):
    if kind == "relu":
        act = lambda v: np.maximum(v, 0)
    else:
        act = np.tanh
    return np.sum(act(x) * x)


def def_in_branch_not_taken(x):
    def act(v):
        return v * 2

    if x.shape[0] > 10:

        def act(v):
            return v * 3

    return np.sum(act(x) ** 2)


def defs_in_both_branches(x):
    if np.sum(x) > 100:

        def act(v):
            return np.sin(v)
    else:

        def act(v):
            return np.cos(v)

    return np.sum(act(x))


def lambda_redefined_in_loop(x):
    total = 0.0
    for k in range(3):
        if k == 1:
            scale = lambda v: v * 2.0
        else:
            scale = lambda v: v * 3.0
        total = total + np.sum(scale(x) * x)
    return total


def def_in_loop_reads_counter(x):
    total = 0.0
    for k in range(3):

        def h(v):
            return v * k  # noqa: B023 - read when called, on purpose

        total = total + np.sum(h(x) ** 2)
    return total


def act(v):
    return v * 2.0


def local_variable_shadows_global_function(x, kind=1):
    if kind == 0:
        act = np.tanh
    else:
        act = np.sin
    return np.sum(act(x))


def function_taken_from_a_list(x):
    fns = [np.sin, np.cos]
    h = fns[1]
    return np.sum(h(x))


def iterable_rebound_in_loop(x):
    s = 0.0
    for v in x:
        s = s + v * v
        x = x * 0.9
    return s + np.sum(x)


def enumerate_iterable_rebound(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * i
        x = x + 1.0
    return s + np.sum(x * x)


def comprehension_shadows_iterable(w):
    return sum([w**2 for w in w])


def nested_comprehensions_shadow(w):
    rows = np.stack([w, 2 * w])
    return sum([sum([w * w for w in w]) for w in rows])


CASES = [
    lambda_chosen_in_branch,
    def_in_branch_not_taken,
    defs_in_both_branches,
    lambda_redefined_in_loop,
    def_in_loop_reads_counter,
    local_variable_shadows_global_function,
    function_taken_from_a_list,
    iterable_rebound_in_loop,
    enumerate_iterable_rebound,
    comprehension_shadows_iterable,
    nested_comprehensions_shadow,
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


REFUSED = [
    lambda_chosen_in_branch,
    def_in_branch_not_taken,
    defs_in_both_branches,
    lambda_redefined_in_loop,
    local_variable_shadows_global_function,
    function_taken_from_a_list,
]


@pytest.mark.parametrize("f", REFUSED, ids=lambda f: f.__name__)
def test_compile_mode_refuses_a_definition_chosen_at_run_time(f):
    with pytest.raises(srcgrad.TransformError, match=r"test_definitions\.py:\d+"):
        srcgrad.grad(f, mode="compile")(X.copy())


@pytest.mark.parametrize("f", REFUSED, ids=lambda f: f.__name__)
def test_auto_mode_runs_it_on_the_tape_and_is_right(f):
    assert outcome(f, X.copy(), "auto")[0] == "right"


@pytest.mark.parametrize(
    "f",
    [
        def_in_loop_reads_counter,
        iterable_rebound_in_loop,
        enumerate_iterable_rebound,
        comprehension_shadows_iterable,
        nested_comprehensions_shadow,
    ],
    ids=lambda f: f.__name__,
)
def test_compiled_and_right(f):
    assert outcome(f, X.copy(), "compile")[0] == "right"


def test_appending_to_the_iterated_list_is_refused():
    def grows(x):
        items = [x]
        for v in items:
            if len(items) < 3:
                items.append(v * 2)
        return np.sum(items[-1])

    with pytest.raises(srcgrad.TransformError, match="while iterating over it"):
        srcgrad.grad(grows, mode="compile")(X.copy())


class Model:
    """A user object whose methods share names with ndarray methods."""

    def __init__(self):
        self.w = np.array([1.0, 2.0, 3.0])

    def dot(self, x):
        return np.dot(self.w, x) * 2

    def sum(self, x):
        return np.sum(x * self.w) * 3

    def copy(self):
        return self.w * 10.0


MODEL = Model()


def global_object_dot(x):
    return MODEL.dot(x)


def global_object_sum(x):
    return MODEL.sum(x) * np.sum(x)


def local_object_dot(x):
    m = Model()
    return m.dot(x)


def local_object_copy(x):
    m = Model()
    return np.sum(m.copy() * x)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "f",
    [global_object_dot, global_object_sum, local_object_dot, local_object_copy],
    ids=lambda f: f.__name__,
)
def test_methods_of_user_objects_are_not_array_methods(f, mode):
    outcome(f, X.copy(), mode)


def test_a_global_objects_method_is_compiled_from_its_source():
    assert outcome(global_object_dot, X.copy(), "compile")[0] == "right"
    assert "self" in srcgrad.grad(global_object_dot).source
