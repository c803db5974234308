"""`python -m srcgrad --help` and the subcommands' help; one-line errors from `show`."""

import subprocess
import sys
from pathlib import Path

import pytest

from srcgrad.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "srcgrad", *args], capture_output=True, text=True, cwd=cwd
    )


def test_top_level_help_lists_the_commands_and_an_example():
    done = run("--help")
    assert done.returncode == 0 and done.stderr == ""
    out = done.stdout
    assert out.startswith("usage: python -m srcgrad")
    assert "source transformation" in out
    assert "demo" in out and "show" in out
    assert "python -m srcgrad show model.py:loss --wrt w,b" in out


@pytest.mark.parametrize(
    "command, expected",
    [
        ("show", ["usage: python -m srcgrad show", "FILE:FUNC", "--wrt NAMES", "exit status"]),
        ("demo", ["usage: python -m srcgrad demo", "tape engine"]),
    ],
)
def test_subcommand_help(command, expected, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out


def test_subcommand_help_through_the_module():
    done = run("show", "--help")
    assert done.returncode == 0 and "comma-separated names" in done.stdout


def one_line_error(done, *fragments):
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("python -m srcgrad show: error: ")
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_missing_file_is_one_line_naming_the_file(tmp_path):
    missing = tmp_path / "nope.py"
    done = run("show", f"{missing}:loss")
    assert done.returncode == 2
    one_line_error(done, "no such file", str(missing))


def test_missing_function_is_one_line_naming_the_function(tmp_path):
    file = tmp_path / "model.py"
    file.write_text("import numpy as np\n\ndef loss(w):\n    return np.sum(w**2)\n")
    done = run("show", f"{file}:lost")
    assert done.returncode == 2
    one_line_error(done, "defines no function 'lost'", str(file))


def test_file_that_fails_to_import_is_one_line(tmp_path):
    file = tmp_path / "broken.py"
    file.write_text("def loss(w:\n")
    done = run("show", f"{file}:loss")
    assert done.returncode == 2
    one_line_error(done, "cannot import", "SyntaxError")
    file.write_text("raise RuntimeError('boom')\n")
    one_line_error(run("show", f"{file}:loss"), "RuntimeError: boom")


def test_other_bad_targets_are_one_line(tmp_path):
    file = tmp_path / "model.py"
    file.write_text(
        "import numpy as np\nRATE = 0.1\n\ndef loss(w, x):\n    return np.sum(w * x)\n"
    )
    one_line_error(run("show", "model.py"), "expected FILE.py:FUNCTION")
    one_line_error(run("show", f"{tmp_path}:loss"), "not a file")
    one_line_error(run("show", f"{file}:RATE"), "'RATE' is not a function")
    done = run("show", f"{file}:loss", "--wrt", "w,z")
    assert done.returncode == 2
    one_line_error(done, "wrt='z'", "(w, x)")


def test_show_still_prints_code_for_a_good_target(tmp_path, capsys):
    file = tmp_path / "model.py"
    file.write_text("import numpy as np\n\ndef loss(w, x):\n    return np.sum(np.sin(w) * x)\n")
    assert main(["show", f"{file}:loss", "--wrt", "w, x"]) == 0
    out = capsys.readouterr().out
    assert "def loss_vjp(w, x):" in out and "return (w_grad, x_grad)" in out


def test_no_command_is_a_usage_error():
    done = run()
    assert done.returncode == 2 and "usage: python -m srcgrad" in done.stderr


def test_show_colours_only_on_a_terminal(tmp_path, capsys, monkeypatch):
    from srcgrad.__main__ import highlight, main

    path = tmp_path / "model.py"
    path.write_text("import numpy as np\n\n\ndef f(x):\n    return np.sum(x * 2.0)\n")
    assert main(["show", f"{path}:f"]) == 0
    plain = capsys.readouterr().out
    assert "\033[" not in plain  # captured output is not a terminal
    assert "def f_vjp(x):" in plain
    coloured = highlight(plain)
    assert "\033[1;34mdef\033[0m f_vjp(x):" in coloured
    assert "\033[36m2.0\033[0m" in coloured
    # Removing the colour codes gives the plain text back.
    import re

    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == plain
