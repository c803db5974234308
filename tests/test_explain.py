"""srcgrad.explain and `python -m srcgrad explain`: compiled, islands, whole fallback."""

import numpy as np

import srcgrad
from srcgrad.__main__ import main
from tests.compiler import test_islands as islands


def plain(x):
    return np.sum(np.sin(x))


def test_compiled_function_and_callees():
    report = srcgrad.explain(islands.model, wrt=(0, 1))
    assert not report.compiled
    first = report.functions[0]
    assert first.name == "model"
    assert first.status == "compiled with tape islands"
    assert first.where.endswith("test_islands.py:37")
    assert any(
        r.endswith("test_islands.py:40: c = cube(b) (cube has no derivative rule and no source)")
        for r in first.reasons
    )
    assert srcgrad.explain(plain).compiled
    assert str(srcgrad.explain(plain)).endswith("test_explain.py:10): compiled")


def test_whole_function_fallback_names_line_and_reason():
    report = srcgrad.explain(islands.guarded_exp)
    assert report.functions[0].status == "tape (the whole function)"
    assert (
        report.functions[0]
        .reasons[0]
        .endswith("test_islands.py:30: try/except/finally cannot be transformed")
    )


def test_command_line(capsys):
    path = islands.__file__
    assert main(["explain", f"{path}:model", "--wrt", "x,w"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("model (")
    assert "compiled with tape islands" in out
    assert main(["explain", f"{path}:no_such_function"]) == 2
    assert "defines no function 'no_such_function'" in capsys.readouterr().err
