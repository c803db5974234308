"""Random programs: in every mode, a clear error or the right value and gradient.

The bounded runs below are part of every test run (fixed examples, ``derandomize=True``):
programs without hazards, which every mode must differentiate, and programs with the
hazard classes of issue 11 (aliases, in-place writes, ``out=``, definitions chosen at run
time, ...). ``pytest -m fuzz tests/fuzz`` runs the long search with fresh random programs;
the environment variable ``SRCGRAD_FUZZ_EXAMPLES`` sets how many (default 5000) and
``SRCGRAD_FUZZ_SEED`` fixes hypothesis's seed. ``python -m tests.fuzz.long_run`` logs every
violation instead of stopping at the first.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz.generator import programs
from tests.fuzz.harness import check_program

CI_EXAMPLES = 150
CI_HAZARD_EXAMPLES = 100
LONG_EXAMPLES = int(os.environ.get("SRCGRAD_FUZZ_EXAMPLES", "5000"))

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@settings(
    max_examples=CI_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_HEALTH,
)
@given(programs(hazards=False))
def test_programs_without_hazards(program):
    check_program(program)


@settings(
    max_examples=CI_HAZARD_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_HEALTH,
    phases=[Phase.generate],  # a failure's message holds the whole program; no shrinking
)
@given(programs())
def test_programs_with_hazards(program):
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
