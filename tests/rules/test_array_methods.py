"""Array methods and attributes: one table (``rules.ARRAY_METHODS``/``ARRAY_ATTRIBUTES``)
for both engines, checked against NumPy so that it cannot drift.

Every ndarray method whose NumPy function of the same name has a rule must be in the table
(or listed below with the reason it differs from the function), and every entry must give
the finite-difference gradient compiled and on the tape.
"""

import numpy as np
import pytest

import srcgrad
from srcgrad.rules import ARRAY_ATTRIBUTES, ARRAY_METHODS, lookup
from srcgrad.tape import tensor
from tests.helpers import finite_difference

# ndarray methods whose NumPy function of the same name has a rule, but which mean
# something else as methods.
NOT_THE_FUNCTION = {
    "sort": "sorts in place and returns None",
    "partition": "partitions in place and returns None",
    "resize": "resizes in place (and repeats no values, unlike np.resize)",
    "fill": "writes in place; compiled as an item write (frontend/inplace.py)",
    "put": "writes in place; compiled as an item write (frontend/inplace.py)",
    "copy": "a copy: compiled as one, no rule needed",
    "compress": "x.compress(condition) is np.compress(condition, x): the array comes second",
    "view": "a view with another dtype or type",
    "tolist": "a Python list, not an array",
    "item": "a Python number",
    "shape": "an attribute that carries no gradient",
    "ndim": "an attribute that carries no gradient",
    "size": "an attribute that carries no gradient",
}

X = np.array([0.3, -1.2, 2.0, 0.7])
W = np.arange(4.0) + 1.0

# name -> a scalar function of a 4-vector that uses it on a differentiated value
USES = {
    "sum": lambda x: x.sum() * 2.0,
    "mean": lambda x: x.mean() ** 2,
    "max": lambda x: x.max() * 3.0,
    "min": lambda x: x.min() * 3.0,
    "prod": lambda x: x.prod(),
    "var": lambda x: x.var(),
    "std": lambda x: x.std(),
    "cumsum": lambda x: np.sum(x.cumsum() * W),
    "cumprod": lambda x: np.sum(x.cumprod() * W),
    "dot": lambda x: x.dot(W) ** 2,
    "transpose": lambda x: np.sum(x.reshape(2, 2).transpose() * W.reshape(2, 2)),
    "reshape": lambda x: np.sum(x.reshape(2, 2) @ W[:2]),
    "ravel": lambda x: np.sum(x.reshape(2, 2).ravel() * W),
    "flatten": lambda x: np.sum(x.reshape(2, 2).flatten() * W),
    "squeeze": lambda x: np.sum(x.reshape(1, 4).squeeze() * W),
    "clip": lambda x: np.sum(x.clip(-1.0, 1.0) * W),
    "trace": lambda x: x.reshape(2, 2).trace() * 2.0,
    "diagonal": lambda x: np.sum(x.reshape(2, 2).diagonal() * W[:2]),
    "swapaxes": lambda x: np.sum(x.reshape(2, 2).swapaxes(0, 1) * W.reshape(2, 2)),
    "repeat": lambda x: np.sum(x.repeat(2) * np.arange(8.0)),
    "argmax": lambda x: x[x.argmax()] * 2.0,
    "argmin": lambda x: x[x.argmin()] * 2.0,
    "round": lambda x: np.sum(x.round(1) * 0.0 + x * W),
    "astype": lambda x: np.sum(x.astype(np.float64) * W),
    "take": lambda x: np.sum(x.take([0, 2, 2]) ** 2),
    "choose": lambda x: np.sum(np.array([0, 1, 0, 1]).choose([x, x * W]) * W),
    "conj": lambda x: np.sum(x.conj() * W),
    "conjugate": lambda x: np.sum(x.conjugate() * W),
    "argsort": lambda x: np.sum(x[x.argsort()] * W),
    "argpartition": lambda x: np.sum(x[x.argpartition(1)[:2]] * W[:2]),
    "nonzero": lambda x: np.sum(x[(x > 0).nonzero()] ** 2),
    "searchsorted": lambda x: np.sum(x * np.sort(x).searchsorted(0.5)),
    "all": lambda x: np.sum(x**2) if (x > -5).all() else 0.0,
    "any": lambda x: np.sum(x**2) if (x > 1).any() else 0.0,
    "T": lambda x: np.sum(x.reshape(2, 2).T * W.reshape(2, 2)),
    "mT": lambda x: np.sum(np.sin(x.reshape(2, 2).mT) * W.reshape(2, 2)),
    "real": lambda x: np.sum(x.real * W),
    "imag": lambda x: np.sum(x.imag * W) + np.sum(x * 0.5),
}


def test_every_ndarray_method_with_a_rule_is_in_the_table():
    missing = [
        name
        for name in dir(np.ndarray)
        if not name.startswith("_")
        and name not in ARRAY_METHODS
        and name not in ARRAY_ATTRIBUTES
        and name not in NOT_THE_FUNCTION
        and callable(getattr(np, name, None))
        and lookup(getattr(np, name)) is not None
    ]
    assert missing == []


def test_every_table_entry_has_a_gradient_check():
    assert set(USES) == set(ARRAY_METHODS) | set(ARRAY_ATTRIBUTES)


@pytest.mark.parametrize("name", sorted(set(ARRAY_METHODS) | set(ARRAY_ATTRIBUTES)))
def test_a_tensor_has_every_table_entry(name):
    assert hasattr(tensor(X.reshape(2, -1), requires_grad=True), name)  # .mT: a matrix


@pytest.mark.parametrize("mode", ["compile", "tape"])
@pytest.mark.parametrize("name", sorted(USES))
def test_the_gradient_through_each_entry(name, mode):
    f = USES[name]
    if name == "choose" and mode == "tape":
        # The method of a plain index array, given Tensors: NumPy converts them itself, which
        # the tape refuses with the line (np.choose(index, [x, y]) is recorded).
        with pytest.raises(srcgrad.tape.GradientLostError, match="test_array_methods.py"):
            srcgrad.grad(f, mode=mode)(X.copy())
        return
    expected = finite_difference(f, (X.copy(),), 0)
    np.testing.assert_allclose(srcgrad.grad(f, mode=mode)(X.copy()), expected, atol=1e-6)
