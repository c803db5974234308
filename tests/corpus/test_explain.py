"""srcgrad.explain over the corpus: "compiled" exactly for the cases that compile, and a
true reason for every fallback (whole function or tape island)."""

import pytest

import srcgrad
from tests.corpus.cases import CASES


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_explain_tells_the_truth(case):
    report = srcgrad.explain(case.fn, wrt=case.wrt)
    if case.fallback:
        assert not report.compiled, str(report)
        assert case.reason in str(report)
    else:
        assert report.compiled, str(report)
        assert all(part.status == "compiled" for part in report.functions)


def test_share_of_the_corpus_that_compiles():
    compiled = [case for case in CASES if srcgrad.explain(case.fn, wrt=case.wrt).compiled]
    fallback = [case for case in CASES if case.fallback]
    # Every function compiles except those using a construct listed for fallback.
    assert len(compiled) + len(fallback) == len(CASES)
    scipy_cases = sum(case.fn.__module__.endswith("scipy_functions") for case in CASES)
    assert scipy_cases in (0, 21)  # SciPy is optional: its cases all compile
    assert (len(compiled), len(CASES)) == (327 + scipy_cases, 353 + scipy_cases)
