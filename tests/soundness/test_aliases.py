"""In-place updates through a second name: every way two names can hold one array
(assignment chains, tuple assignment, containers, views, helpers that return their
argument), inside and outside loops. Right, or an error naming the line."""

import numpy as np
import pytest

import srcgrad
from tests.helpers import finite_difference

from .checks import MODES, outcome

X = np.array([0.5, -1.0, 2.0])


def alias_updated_in_loop(x):
    buf = np.zeros(3)
    other = buf
    for _ in range(2):
        buf += x
    return np.sum(other * x)


def chained_assignment(x):
    a = b = np.zeros(3)
    a += x
    return np.sum(b * x)


def tuple_assignment(x):
    buf = np.zeros(3)
    p, q = buf, buf
    p += x
    return np.sum(q * x)


def list_holds_one_array_twice(x):
    buf = np.zeros(3)
    bufs = [buf, buf]
    bufs[0] += x
    return np.sum(bufs[1] * x)


def list_element_also_named(x):
    buf = np.zeros(3)
    bufs = [buf]
    bufs[0] += x * 2
    return np.sum(buf * x)


def list_built_by_repetition(x):
    bufs = [np.zeros(3)] * 2
    bufs[0] += x
    return np.sum(bufs[1] * x)


def dict_holds_one_array_twice(x):
    buf = np.zeros(3)
    d = {"a": buf, "b": buf}
    d["a"] += x
    return np.sum(d["b"] * x)


def list_element_updated_in_loop(x):
    buf = np.zeros(3)
    bufs = [buf, np.zeros(3)]
    for i in range(2):
        bufs[0] += x * i
    return np.sum(buf * x)


def view_of_list_element(x):
    bufs = [np.zeros(3)]
    head = bufs[0][0:2]
    bufs[0] += x
    return np.sum(head) + np.sum(x)


def row_view(x):
    m = np.zeros((2, 3))
    row = m[0]
    row += x
    return np.sum(m * m)


def transpose_view(x):
    m = np.zeros((3, 3))
    t = m.T
    t += np.outer(x, x)
    return np.sum(m * m)


def strided_view(x):
    m = np.zeros(6)
    s = m[::2]
    s += x
    return np.sum(m * np.arange(6.0))


def reshape_view(x):
    buf = np.zeros(3)
    v = buf.reshape(3, 1)
    v += x[:, None]
    return np.sum(buf * x)


def same(a):
    return a


def helper_returns_its_argument(x):
    buf = np.zeros(3)
    v = same(buf)
    v += x
    return np.sum(buf * x)


def list_appended_through_another_name(x):
    a = [x]
    b = a
    b.append(x * 2)
    return np.sum(a[1] * a[0])


def list_item_written_through_another_name(x):
    a = [x, x]
    b = a
    b[0] = x * 3
    return np.sum(a[0] * a[1])


def dict_item_written_through_another_name(x):
    d = {"k": x}
    e = d
    e["k"] = x * 3
    return np.sum(d["k"] * x)


def list_changed_inside_another_list(x):
    inner = [x]
    outer = [inner]
    inner.append(x * 2)
    return np.sum(outer[0][1] * x)


def list_returned_by_a_helper(x):
    a = [x]
    b = same(a)
    b.append(x * 4)
    return np.sum(a[1])


def alias_made_in_one_branch(x, cond=True):
    buf = np.zeros(3)
    if cond:
        v = buf
    else:
        v = np.ones(3)
    buf[0] = x[0] * 3
    return np.sum(v * x)


def list_alias_made_in_one_branch(x, cond=True):
    a = [x]
    if cond:
        b = a
    else:
        b = [x]
    b.append(x * 5)
    return np.sum(a[-1])


# Ordinary code that must stay compiled and right.
def separate_buffers_in_a_list(x):
    grads = [np.zeros(3), np.zeros(3)]
    for i in range(2):
        grads[i] += x * (i + 1)
    return np.sum(grads[0] * grads[1])


def dict_of_separate_buffers(x):
    acc = {"a": np.zeros(3), "b": np.ones(3)}
    acc["a"] += x**2
    acc["b"] += x
    return np.sum(acc["a"] * acc["b"])


def rows_of_a_matrix_updated(x):
    m = np.zeros((2, 3))
    for i in range(2):
        m[i] += x * (i + 1)
    return np.sum(m**2)


def list_copied_then_appended(x):
    a = [x]
    b = [v for v in a]
    b.append(x * 2)
    return np.sum(a[-1] * b[-1])


def list_of_rows_built_then_read(x):
    rows = []
    for i in range(3):
        row = [x[i], x[i] ** 2]
        rows.append(row)
    return sum([r[1] for r in rows])


def float_alias_is_not_shared(x):
    s = np.sum(x)
    t = s
    s += 1.0
    return s * t


def copy_before_update(x):
    buf = np.zeros(3)
    other = buf.copy()
    buf += x
    return np.sum(other * x + buf * x)


CASES = [
    alias_updated_in_loop,
    chained_assignment,
    tuple_assignment,
    list_holds_one_array_twice,
    list_element_also_named,
    list_built_by_repetition,
    dict_holds_one_array_twice,
    list_element_updated_in_loop,
    view_of_list_element,
    row_view,
    transpose_view,
    strided_view,
    reshape_view,
    helper_returns_its_argument,
    list_appended_through_another_name,
    list_item_written_through_another_name,
    dict_item_written_through_another_name,
    list_changed_inside_another_list,
    list_returned_by_a_helper,
    alias_made_in_one_branch,
    list_alias_made_in_one_branch,
]
FINE = [
    list_copied_then_appended,
    list_of_rows_built_then_read,
    separate_buffers_in_a_list,
    dict_of_separate_buffers,
    rows_of_a_matrix_updated,
    float_alias_is_not_shared,
    copy_before_update,
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("f", CASES + FINE, ids=lambda f: f.__name__)
def test_right_or_a_clear_error(f, mode):
    outcome(f, X.copy(), mode)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_compile_mode_refuses_the_shared_update(f):
    with pytest.raises((srcgrad.TransformError, ValueError), match=r"test_aliases\.py:\d+"):
        srcgrad.grad(f, mode="compile")(X.copy())


@pytest.mark.parametrize("f", FINE, ids=lambda f: f.__name__)
def test_ordinary_updates_compile_and_are_right(f):
    assert outcome(f, X.copy(), "compile")[0] == "right"


def list_slice_written(x):
    a = [x, x]
    a[0:1] = [x * 3]
    return np.sum(a[0] * a[1])


def get_from_dict_then_update(x):
    d = {"a": np.zeros(3)}
    a = d.get("a")
    a += x
    return np.sum(d["a"] * x)


def real_part_then_update(x):
    y = np.zeros(3)
    r = y.real
    r += x
    return np.sum(y * x)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "f", [list_slice_written, get_from_dict_then_update, real_part_then_update]
)
def test_views_from_methods_and_attributes_and_list_slices(f, mode):
    outcome(f, X.copy(), mode)


def test_a_check_that_fails_when_the_code_runs_sends_auto_mode_to_the_tape():
    with pytest.raises(srcgrad.compiler.runtime.Refused, match="slice of a list"):
        srcgrad.grad(list_slice_written, mode="compile")(X.copy())
    with pytest.warns(srcgrad.FallbackWarning, match=r"test_aliases\.py:\d+"):
        got = srcgrad.grad(list_slice_written)(X.copy())
    np.testing.assert_allclose(got, finite_difference(list_slice_written, (X.copy(),), 0))


def doubled_in_place(v):
    v *= 2.0
    return v


def helper_doubles_its_argument_in_place(x):
    y = x * 1.0
    z = doubled_in_place(y)
    return np.sum(y * z)


def helper_changes_argument_result_unused(x):
    y = x * 1.0
    doubled_in_place(y)
    return np.sum(y**2)


def through_an_alias_of_the_input(x):
    y = x
    y += 1.0
    return np.sum(x * y)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "f",
    [
        helper_doubles_its_argument_in_place,
        helper_changes_argument_result_unused,
        through_an_alias_of_the_input,
    ],
)
def test_in_place_update_of_an_argument(f, mode):
    kind, err = outcome(f, X.copy(), mode)
    if mode == "compile":
        assert kind == "error" and "the function was given" in str(err)


def copyto_into_the_input_through_an_alias(x):
    b = x
    np.copyto(b, np.tanh(x))
    return np.sum(x)


def item_write_into_the_input_through_an_alias(x):
    a, b = x, x
    b[0] = 0.5
    return np.sum(np.sin(a))


def append_to_a_list_argument_through_an_alias(xs):
    ys = xs
    ys.append(xs[0] * 2)
    return np.sum(xs[-1])


@pytest.mark.parametrize(
    "f", [copyto_into_the_input_through_an_alias, item_write_into_the_input_through_an_alias]
)
def test_writes_into_an_argument_through_an_alias_are_refused(f):
    with pytest.raises(srcgrad.compiler.frontend.source.MutatesArgument, match="argument"):
        srcgrad.grad(f, mode="compile")(X.copy())
    assert outcome(f, X.copy(), "auto")[0] == "right"


def test_appending_to_a_list_argument_through_an_alias_is_refused():
    with pytest.raises(srcgrad.compiler.frontend.source.MutatesArgument):
        srcgrad.grad(append_to_a_list_argument_through_an_alias, mode="compile")([X.copy()])
