"""The command line: the README's demo and `show`."""

import subprocess
import sys
from pathlib import Path

from srcgrad.__main__ import main


def test_demo_prints_source_and_agrees_with_tape(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "def loss_vjp(w, b, x, y):" in out
    assert "def backward(" in out
    assert "compiled and tape gradients agree: True" in out


def test_show_prints_generated_code(tmp_path, capsys):
    file = tmp_path / "model.py"
    file.write_text("import numpy as np\n\ndef loss(w, x):\n    return np.sum(np.sin(x * w))\n")
    assert main(["show", f"{file}:loss", "--wrt", "w"]) == 0
    assert "def loss_vjp(w, x):" in capsys.readouterr().out


def test_show_names_a_missing_file_or_function(tmp_path, capsys):
    assert main(["show", f"{tmp_path / 'nope.py'}:f"]) == 2
    assert "no such file" in capsys.readouterr().err
    file = tmp_path / "m.py"
    file.write_text("x = 1\n")
    assert main(["show", f"{file}:g"]) == 2
    assert "defines no function 'g'" in capsys.readouterr().err


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "srcgrad", "--help"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
    )
    assert done.returncode == 0 and "demo" in done.stdout
