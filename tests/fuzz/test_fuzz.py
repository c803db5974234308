"""Random programs: compiled gradient == tape gradient == finite differences.

The bounded run below is part of every test run (fixed examples, ``derandomize=True``).
``pytest -m fuzz tests/fuzz`` runs the long search with fresh random programs; the
environment variable ``SRCGRAD_FUZZ_EXAMPLES`` sets how many (default 5000) and
``SRCGRAD_FUZZ_SEED`` fixes hypothesis's seed.
"""

import os

import pytest
from hypothesis import HealthCheck, given, seed, settings

from tests.fuzz.generator import programs
from tests.fuzz.harness import check_program

CI_EXAMPLES = 300
LONG_EXAMPLES = int(os.environ.get("SRCGRAD_FUZZ_EXAMPLES", "5000"))

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@settings(
    max_examples=CI_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_HEALTH,
)
@given(programs())
def test_compiled_gradient_matches_tape_and_finite_differences(program):
    check_program(program)


def _long(test):
    test = settings(
        max_examples=LONG_EXAMPLES,
        deadline=None,
        suppress_health_check=_HEALTH,
    )(test)
    if "SRCGRAD_FUZZ_SEED" in os.environ:
        test = seed(int(os.environ["SRCGRAD_FUZZ_SEED"]))(test)
    return test


@pytest.mark.fuzz
@_long
@given(programs())
def test_fuzz_long(program):
    check_program(program)
