"""Each optimiser pass on small snippets: the code it is given and the code it gives back.

Snippets are written as generated code is (one operation per line, ``saved``/``stack`` for
saved values). Where a pass must leave code alone, the expected text is the input.
"""

import doctest
import textwrap

import numpy as np
import pytest

import srcgrad
from srcgrad.compiler.backend import codeblocks, dataflow, optimize, optimize_loops
from srcgrad.compiler.backend.codeblocks import emit, parse


def run(a_pass, code, *args):
    return emit(a_pass(parse(textwrap.dedent(code)), *args).body)


def same(code):
    return textwrap.dedent(code)


# ---- copy propagation ------------------------------------------------------------------------
def test_reads_of_a_copy_read_the_original():
    code = """\
    def f(total_grad):
        total1_grad = total_grad
        total_grad = total1_grad
        sum1_grad = total1_grad
        pow1_grad = g(sum1_grad)
        return pow1_grad
    """
    # total_grad = total1_grad became total_grad = total_grad, which does nothing.
    assert run(optimize.copy_propagation, code) == same("""\
    def f(total_grad):
        total1_grad = total_grad
        sum1_grad = total_grad
        pow1_grad = g(total_grad)
        return pow1_grad
    """)


def test_a_copy_is_not_read_through_once_either_name_changes():
    code = """\
    def f(b):
        a = b
        b = 2
        c = a
        for i in range(3):
            a = a + 1
        return c + a
    """
    assert run(optimize.copy_propagation, code) == same(code)


def test_a_temporary_read_once_by_a_copy_moves_past_saves():
    code = """\
    def f(x, k1):
        item1 = x[k1]
        saved.append(xi)
        xi = item1
        return xi
    """
    assert run(optimize.copy_propagation, code) == same("""\
    def f(x, k1):
        saved.append(xi)
        xi = x[k1]
        return xi
    """)


def test_a_temporary_copied_later_is_assigned_to_its_user_in_place():
    code = """\
    def f(x):
        mul1 = x * 2.0
        sub1 = x - 1.0
        a = mul1
        b = sub1
        return a * b
    """
    assert run(optimize.copy_propagation, code) == same("""\
    def f(x):
        a = x * 2.0
        b = x - 1.0
        return a * b
    """)


def test_a_value_does_not_move_under_another_users_line():
    code = """\
    def f(x, v):
        t = x * 2
        # line 3: v = t
        saved.append(v)
        v = t
        return v
    """
    # Reads of v read t; t = x * 2 stays under its own line (tracebacks name that line).
    assert run(optimize.copy_propagation, code) == same(code).replace("return v", "return t")


def test_a_swap_keeps_its_temporary():
    code = """\
    def f(a, b):
        t = a + b
        a = b
        b = t
        return a * b
    """
    assert run(optimize.copy_propagation, code) == same(code).replace("a * b", "a * t")


def test_a_copy_a_lambda_reads_stays():
    code = """\
    def f(b):
        a = b
        h = lambda: a
        return h()
    """
    assert run(optimize.copy_propagation, code) == same(code)


# ---- dead code ---------------------------------------------------------------------------------
def test_plain_values_never_read_are_removed():
    code = """\
    def f(x):
        a = b = None  # may be unassigned until later
        shape = runtime.shape_of(x)
        b = x
        return b
    """
    assert run(optimize.dead_code, code) == same("""\
    def f(x):
        b = x
        return b
    """)


def test_calls_values_read_in_a_later_trip_and_values_a_closure_reads_stay():
    code = """\
    def f(x):
        y = np.sin(x)
        a = None
        for i in range(3):
            x = x + a
            a = x
        kept = x
        def backward(g):
            return g * kept
        return x, backward
    """
    assert run(optimize.dead_code, code) == same(code)


# ---- trip counts -----------------------------------------------------------------------------
def test_a_range_loop_counts_its_trips_before_it_starts():
    code = """\
    def f(x, y, n):
        trips1 = 0
        for k1 in range(min(len(x), len(y))):
            trips1 += 1
            v = x[k1]
        trips2 = 0
        for i in range(n):
            trips2 += 1
            v = v + i
        trips3 = 0
        for i in range(4):
            trips3 += 1
        return v
    """
    assert run(optimize_loops.trip_counts, code) == same("""\
    def f(x, y, n):
        trips1 = min(len(x), len(y))
        for k1 in range(trips1):
            v = x[k1]
        trips2 = len(range(n))
        for i in range(n):
            v = v + i
        trips3 = 4
        for i in range(4):
            pass
        return v
    """)


def test_a_loop_that_may_stop_early_keeps_counting():
    code = """\
    def f(x):
        trips1 = 0
        for i in range(len(x)):
            trips1 += 1
            if x[i] > 0:
                break
        trips2 = 0
        for v in x:
            trips2 += 1
        trips3 = 0
        while x:
            trips3 += 1
        return trips1
    """
    assert run(optimize_loops.trip_counts, code) == same(code)


# ---- constant folding --------------------------------------------------------------------------
def test_neutral_constants_on_gradients_fold():
    code = """\
    def f(g, h):
        a_grad = (g * 1 + 0) / 2
        b_grad = h - -(-g)
        c_grad = 1 * g * h
    """
    assert run(optimize.fold_constants, code, {"g", "h"}) == same("""\
    def f(g, h):
        a_grad = g / 2
        b_grad = h - g
        c_grad = g * h
    """)


def test_neutral_constants_stay_where_folding_could_change_a_value():
    # x may be an integer or boolean array (x * 1 + y is not x + y for booleans), and
    # a whole right-hand side g * 1 is a new array: folding it would alias g.
    code = """\
    def f(x, y, g):
        a = x * 1 + y
        b_grad = g * 1
        c_grad = --np.sum(g) * 2
        d_grad = g * 1.0 + g
    """
    assert run(optimize.fold_constants, code, {"g"}) == same(code)


# ---- saves outside loops -----------------------------------------------------------------------
CLOSURE = """\
def f(x, c):
    saved = []
    y = None  # may be unassigned until later
    saved.append(y)
    y = x * 2
    saved.append(x)
    x = y * 3
    if c:
        saved.append(x)
        x = x + 1
    def backward(g):
        stack = list(saved)
        if c:
            x = stack.pop()
        x_grad = g * y * x
        x = stack.pop()
        y = stack.pop()
        return x_grad * 2 * x
    return x, backward
"""


def test_saves_outside_loops_are_named_or_dropped():
    # y's restored value is never read: its save goes. x's are read (after the branch, and
    # at the return): they become named values, and the stack is no longer needed.
    assert run(optimize_loops.straight_line_saves, CLOSURE) == same("""\
    def f(x, c):
        y = None  # may be unassigned until later
        y = x * 2
        x_before = x
        x = y * 3
        if c:
            x_before1 = x
            x = x + 1
        def backward(g):
            if c:
                x = x_before1
            x_grad = g * y * x
            x = x_before
            return x_grad * 2 * x
        return x, backward
    """)


def test_saves_in_loops_are_dropped_only_when_never_read():
    code = """\
    def f(x, n):
        saved = []
        for i in range(n):
            saved.append(a)
            a = x * i
            saved.append(b)
            b = a * a
        def backward(g):
            stack = list(saved)
            x_grad = 0.0
            for _ in range(n):
                b = stack.pop()
                x_grad = x_grad + g * a
                a = stack.pop()
            return x_grad
        return b, backward
    """
    assert run(optimize_loops.straight_line_saves, code) == same("""\
    def f(x, n):
        saved = []
        for i in range(n):
            saved.append(a)
            a = x * i
            b = a * a
        def backward(g):
            stack = list(saved)
            x_grad = 0.0
            for _ in range(n):
                x_grad = x_grad + g * a
                a = stack.pop()
            return x_grad
        return b, backward
    """)


def test_a_stack_used_any_other_way_is_left_alone():
    code = CLOSURE.replace("return x_grad * 2 * x", "return x_grad * 2 * x + len(stack)")
    assert run(optimize_loops.straight_line_saves, code) == code


# ---- the whole optimiser -----------------------------------------------------------------------
def test_comments_stay_with_their_statements():
    text = same("""\
    def f(x):
        y = None  # may be unassigned until later
        # line 3: y = x
        item1 = x[0]
        y = item1
        # line 4: z = 1
        z = 1
        return y
    """)
    assert optimize.optimize(text) == same("""\
    def f(x):
        # line 3: y = x
        y = x[0]
        # line 4: z = 1
        return y
    """)


def test_code_with_a_statement_it_does_not_print_is_returned_unchanged():
    text = "def f(x):\n    a = x\n    with x:\n        pass\n    return a\n"
    assert optimize.optimize(text) == text


def test_module_examples():
    for module in (optimize, optimize_loops, codeblocks, dataflow):
        assert doctest.testmod(module).failed == 0


def test_the_demo_gradient_is_shorter_and_right(capsys):
    from srcgrad.__main__ import demo

    assert demo() == 0  # the compiled gradient agrees with the tape's
    shown = capsys.readouterr().out
    generated = shown[shown.index("def loss_vjp") : shown.index("return divide1, backward")]
    lines = [line.strip() for line in generated.splitlines()]
    code = [line for line in lines if line and not line.startswith("#")]
    assert len(code) + 1 <= 42, generated  # 51 lines before the optimiser
    assert "trips1 += 1" not in generated
    assert "xi = x[k1]" in generated
    assert "total1" not in generated


def raises_on_line_five(x):
    y = x * 2.0
    z = y
    w = np.sum(z)
    return np.log(w) + np.reshape(z, (7, 7)).sum()


def test_an_error_in_optimised_code_names_the_users_line():
    gradient = srcgrad.grad(raises_on_line_five, mode="compile")
    with pytest.raises(ValueError) as caught:
        gradient(np.ones(3))
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    line = raises_on_line_five.__code__.co_firstlineno + 4
    assert f":{line}: return np.log(w)" in notes


# ---- temporaries written into their one use --------------------------------------------------
def test_a_temporary_read_once_by_the_next_statement_is_written_into_it():
    code = """\
    def f(a, b, total):
        add1 = a @ b
        saved.append(prediction)
        prediction = np.tanh(add1)
        sum1 = np.sum(prediction)
        total = total + sum1
        return total
    """
    assert run(optimize.inline_temporaries, code) == same("""\
    def f(a, b, total):
        saved.append(prediction)
        prediction = np.tanh(a @ b)
        total = total + np.sum(prediction)
        return total
    """)


@pytest.mark.parametrize(
    "code",
    [
        # y[0] runs before t is read: t's computation cannot move past it.
        "def f(x, y):\n    t = x * 2\n    z = y[0] + t\n    return z\n",
        # Another user line in between.
        "def f(x):\n    t = x * 2\n    # line 3: z = t + 1\n    z = t + 1\n    return z\n",
        # A gradient keeps its name, and so does a returned value.
        "def f(g, x):\n    t_grad = g * 2\n    x_grad = t_grad * x\n    return x_grad\n",
        "def f(x):\n    t = x * 2\n    return t\n",
        # Read twice.
        "def f(x):\n    t = x * 2\n    z = t * t\n    return z\n",
    ],
)
def test_temporaries_that_stay(code):
    assert run(optimize.inline_temporaries, code, {"t_grad", "x_grad"}) == code


def test_a_while_test_that_runs_after_a_write_keeps_its_name():
    code = """\
    def f(b, x):
        a = b
        while a > x:
            a = a / 2
        return a
    """
    assert run(optimize.copy_propagation, code) == same(code)


def test_a_temporary_is_not_renamed_past_a_break():
    # Assigning v before the break would change the v seen after the loop.
    code = """\
    def f(x, v):
        for i in range(3):
            t = x * i
            if x > i:
                break
            v = t
        return v
    """
    assert run(optimize.copy_propagation, code) == same(code)


def test_a_line_comment_stays_above_the_comment_of_its_first_statement():
    text = same("""\
    def f(x):
        # line 2: y = x * 2.0
        y = x * 2.0
        # line 3: return np.sinc(y)
        # on the tape: np.sinc has no derivative rule
        z = runtime.on_tape(np.sinc, (0,), y)
        return z
    """)
    assert "# line 3: return np.sinc(y)\n    # on the tape" in optimize.optimize(text)


def test_an_augmented_assignment_keeps_the_value_it_updates_alive():
    """x += a reads x: the assignment that starts x is not dead (found by the fuzzer: a
    gradient accumulated in a loop lost its zero start, an UnboundLocalError)."""
    source = (
        "def f(x, n):\n    g = 0.0\n    for i in range(n):\n        g += x\n"
        "    g = 1.0\n    return g\n"
    )
    assert "g = 0.0" in emit(optimize.dead_code(parse(source)).body)
