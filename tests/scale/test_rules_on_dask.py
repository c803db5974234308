"""Every derivative rule of the table on dask arrays: the gradient is a dask array, built
without computing anything, equal to the NumPy gradient; or a clear srcgrad TypeError
where dask cannot do what the rule needs (np.add.at)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tests.rules.cases import CASES
from tests.rules.fd import is_differentiable, rule_gradients

from .counting import ComputeCounter

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

# Python's max()/min() over an array compare its elements: a data-dependent choice that
# computes, in the user's own code as much as in the rule. np.i0's derivative sums the
# series of I1 until its terms stop counting, which reads the values too.
DATA_DEPENDENT = {"max_of", "min_of", "i0", "bessel_i1"}


def lazy(value):
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return da.from_array(value, chunks=max(1, (value.shape[0] + 1) // 2) if value.ndim else ())
    if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
        return [lazy(v) for v in value]
    return value


def _dask_cases():
    """The first case of each primitive that dask computes (a few seconds in all)."""
    taken = {}  # primitive -> True once it has its case
    for c in CASES:
        if getattr(c.f, "__module__", None) in ("math", "builtins"):
            continue
        if getattr(c.f, "__name__", "") in DATA_DEPENDENT or c.f in taken:
            continue
        args = tuple(lazy(a) for a in c.args)
        if all(a is b for a, b in zip(args, c.args)):
            continue
        with warnings.catch_warnings(), dask.config.set(scheduler="sync"):
            warnings.simplefilter("ignore")
            try:
                ans = c.f(*args, **c.kwargs)
                ans.compute()
            except Exception:  # noqa: BLE001 - dask lacks this primitive: nothing to test
                continue
        taken[c.f] = True
        yield pytest.param(c, args, ans, id=c.id)


@pytest.mark.parametrize(("c", "args", "ans"), list(_dask_cases()))
def test_rule_on_dask_is_lazy_and_equal_to_numpy(c, args, ans):
    wrt = [i for i, arg in enumerate(c.args) if is_differentiable(arg)]
    g = np.random.default_rng(1).standard_normal(np.shape(ans))
    expected = rule_gradients(c.f, c.args, c.kwargs, g, c.f(*c.args, **c.kwargs))
    with dask.config.set(scheduler="sync"), ComputeCounter() as counter:
        try:
            grads = rule_gradients(c.f, args, c.kwargs, da.from_array(np.asarray(g)), ans, wrt)
        except TypeError as err:
            assert str(err).startswith("srcgrad:"), err
            return
        assert counter.runs == 0
        for i in wrt:
            got = grads[i] if isinstance(grads[i], list) else [grads[i]]
            want = expected[i] if isinstance(expected[i], list) else [expected[i]]
            for lazy_grad, numpy_grad in zip(got, want, strict=True):
                assert isinstance(lazy_grad, da.Array), type(lazy_grad)
                np.testing.assert_allclose(lazy_grad.compute(), numpy_grad, rtol=1e-10, atol=1e-12)
