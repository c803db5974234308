"""Without numba: ``import srcgrad`` never imports it, and jit=True says what to install."""

import subprocess
import sys

import pytest

import srcgrad


def test_import_srcgrad_does_not_import_numba():
    code = "import sys, srcgrad; srcgrad.grad(lambda x: x * x); print('numba' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_jit_without_numba_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "numba", None)  # makes ``import numba`` fail

    def f(x):
        return x * x

    with pytest.raises(ImportError, match=r"pip install 'srcgrad\[jit\]'"):
        srcgrad.grad(f, jit=True)
    with pytest.raises(ImportError, match=r"srcgrad\[jit\]"):
        srcgrad.vjp(f, 2.0, jit=True)
