"""examples/jit_logistic_growth.py, run small: its gradient agrees with the plain
generated code and central differences, and the fit finds the parameters that made the
observations."""

import pytest

from tests.examples.test_examples import load

pytest.importorskip("numba")


def test_jit_example_fits_the_true_parameters():
    example = load("jit_logistic_growth")
    result = example.main(iterations=300, count=20, verbose=False)
    assert result["first_grad"] == pytest.approx(result["plain_grad"], rel=1e-12)
    assert result["first_grad"] == pytest.approx(result["differences"], rel=1e-6)
    assert result["final_loss"] < 1e-8 * result["first_loss"]
    assert result["rate"] == pytest.approx(example.TRUE_RATE, abs=1e-3)
    assert result["capacity"] == pytest.approx(example.TRUE_CAPACITY, abs=1e-3)
    assert "compiled in" in result["explanation"]
