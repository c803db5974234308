"""The code behind the generated docs: the normal-form printer and the page generators."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from srcgrad.compiler import ir
from srcgrad.compiler.show import format_statements
from srcgrad.rules import lookup

GEN = Path(__file__).resolve().parents[2] / "docs" / "gen"
sys.path.insert(0, str(GEN))

import how_it_works  # noqa: E402
import numpy_coverage  # noqa: E402
import what_compiles  # noqa: E402
from hooks import render  # noqa: E402


def test_format_statements_nests_blocks_and_numbers_lines():
    tanh = ir.Prim(lookup(np.tanh), "np.tanh(h)", {"x": "h"})
    stmts = [
        ir.Assign("s", ir.Plain("0.0", []), 2),
        ir.For(
            "i",
            "range(n)",
            ["n"],
            [
                ir.Assign("c", ir.Plain("s > 0", ["s"]), 4),
                ir.If("c", [ir.Assign("h", tanh, 5)], [ir.Append("xs", "h", 7)], 4),
            ],
            3,
        ),
        ir.Assign("t", ir.Pack("tuple", ["h"]), 8),
        ir.Return("t", 8),
    ]
    assert format_statements(stmts) == (
        "s = 0.0  # no gradient\n"
        "for i in range(n):\n"
        "    c = s > 0  # no gradient\n"
        "    if c:\n"
        "        h = np.tanh(x=h)\n"
        "    else:\n"
        "        xs.append(h)\n"
        "t = (h,)\n"
        "return t"
    )
    numbered = format_statements(stmts, line_of=lambda line: line + 10).splitlines()
    assert numbered[0] == "  12 | s = 0.0  # no gradient"
    assert numbered[5] == "     |     else:"


def test_every_how_it_works_fragment_renders():
    for name, make in how_it_works.FRAGMENTS.items():
        assert make().strip(), name
    assert "def rnn_vjp(x, w, steps):" in how_it_works.adjoint()


def test_what_compiles_lists_every_case():
    from tests.corpus.cases import CASES

    table = what_compiles.by_topic()
    assert all(f"`{case.name}`" in table for case in CASES)
    assert what_compiles.fallbacks().count("\n") == 2 + sum(case.fallback for case in CASES)


def test_numpy_coverage_lists_every_rule_by_name():
    table = numpy_coverage.table()
    for name in ("np.sort", "np.add.reduce", "np.lib.stride_tricks.sliding_window_view"):
        assert f"| `{name}` | ✓ | ✓ | ✓ |" in table
    assert "`np.argmax`" in numpy_coverage.nondifferentiable()
    assert "`np.argmax`" not in table
    assert "covered" in numpy_coverage.summary()


def test_markers_in_pages_all_render():
    docs = GEN.parent
    for page in docs.glob("*.md"):
        assert "<!-- generated:" not in render(page.read_text()), page
