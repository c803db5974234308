"""``out=`` and NumPy's in-place writers, over the rules table: right, or a clear error
naming the line, in every mode.

Every rule whose function takes ``out=`` (``out_programs.out_calls``) writes into a new
array, an array that already carries a gradient, the input itself and a view of another
array; so does each in-place writer (``np.copyto``, ``np.put``, ``np.place``,
``np.putmask``, ``np.fill_diagonal``, ``ufunc.at``, ``a.sort()``, ``a.fill()``,
``a.resize()``...).
"""

from __future__ import annotations

import numpy as np
import pytest

from .out_programs import TARGETS, WRITERS, out_calls, out_program, writer_program
from .program_checks import problems_of

OUT_CHECKS = [
    (call, target)
    for call in out_calls()
    for target in TARGETS
    if out_program(call, target) is not None
]


def test_the_table_reaches_the_functions_users_write_into():
    calls = " ".join(call.call for call, _ in OUT_CHECKS)
    for name in ("np.add(", "np.exp(", "np.clip(", "np.cumsum(", "np.matmul(", "np.sum(",
                 "np.dot(", "np.nansum(", "np.add.reduce("):  # fmt: skip
        assert name in calls, name


@pytest.mark.parametrize("call, target", OUT_CHECKS, ids=[f"{c.label}-{t}" for c, t in OUT_CHECKS])
def test_a_result_written_into_out_is_right_or_refused_with_its_line(call, target):
    f, x = out_program(call, target)
    problems = problems_of(f, x)
    assert not problems, "\n".join(problems)


WRITER_CHECKS = [(write, target) for write in WRITERS for target in TARGETS]


@pytest.mark.parametrize(
    "write, target", WRITER_CHECKS, ids=[f"{w}-{t}" for w, t in WRITER_CHECKS]
)
def test_an_in_place_writer_is_right_or_refused_with_its_line(write, target):
    f, x = writer_program(write, target)
    problems = problems_of(f, x)
    assert not problems, "\n".join(problems)


def test_a_writer_program_is_what_numpy_runs():
    f, x = writer_program("place", "derived")
    y = x * 1.5
    buf = np.cos(np.sum(y)) * np.ones((3, 3))
    np.place(buf, y > 0, np.sin(y[0]))
    expected = np.sum(np.sin(buf)) + np.sum(np.cos(buf)) + np.sum(y * y)
    assert f(x.copy()) == pytest.approx(expected)
