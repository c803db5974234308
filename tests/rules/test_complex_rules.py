"""Every rule declared right for complex values, on complex (and mixed real and complex)
inputs, against central differences taken on the real and the imaginary part separately.

The convention (docs/complex.md): for a real loss ``L`` the gradient of ``z = a + ib`` is
``dL/da + i dL/db``. With a complex cotangent ``G`` of an output ``w``, the loss is
``L = sum(Re(conj(G) * w))``, so ``dL/dRe(w) = Re(G)`` and ``dL/dIm(w) = Im(G)``. The
reverse rule must give ``dL/da + i dL/db`` for a complex input and ``dL/da`` for a real
one; the tangent rules must give the directional derivative of ``w``.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest

from srcgrad.rules import RULES
from srcgrad.rules.complex_parts import conjugate_method
from srcgrad.rules.complex_table import complex_twin
from srcgrad.rules.helpers import expand_reduced, unbroadcast, unreduce

STEP = 1e-6
rng = np.random.default_rng(7)


def r(*shape, lo=-2.0, hi=2.0):
    return np.asarray(rng.uniform(lo, hi, size=shape))


def c(*shape):
    return r(*shape) + 1j * r(*shape)


def cases():
    out = []

    def case(f, *args, **kwargs):
        out.append((f, args, kwargs))

    for f in (np.add, np.subtract, np.multiply, np.true_divide):
        case(f, c(3, 4), c(3, 4))
        case(f, r(3, 4), c(4))
        case(f, c(3, 1), r(4))
    case(np.power, c(3, 4), 3.0)
    case(np.power, c(4), -2.0)
    case(np.power, r(4, lo=0.5, hi=2.0), 0.5 + 1.5j)
    for f in (np.exp, np.log, np.sqrt, np.square, np.absolute, np.negative, np.positive):
        case(f, c(3, 4))
    for f in (np.real, np.imag, np.conjugate, np.angle, conjugate_method):
        case(f, c(3, 4))
        case(f, r(3, 4))
    case(np.angle, c(5), deg=True)
    for f in (np.matmul, np.dot, np.inner):
        case(f, c(3, 4), c(2, 4).T if f is not np.inner else c(2, 4))
        case(f, r(3, 4), c(4))
        case(f, c(4), r(4))
    case(np.outer, c(3), c(4))
    case(np.outer, r(3), c(4))
    case(np.tensordot, c(3, 4), c(4, 2), axes=1)
    case(np.tensordot, r(2, 3, 4), c(3, 4), axes=2)
    case(np.sum, c(3, 4))
    case(np.sum, c(3, 4), axis=1, keepdims=True)
    case(np.sum, r(3, 4), dtype=complex)
    case(np.mean, c(3, 4), axis=0)
    case(np.reshape, c(3, 4), (4, 3))
    case(np.ravel, c(3, 4))
    case(np.transpose, c(2, 3, 4), (2, 0, 1))
    case(np.swapaxes, c(2, 3, 4), 0, 2)
    case(np.moveaxis, c(2, 3, 4), 0, -1)
    case(np.squeeze, c(3, 1, 4))
    case(np.expand_dims, c(3, 4), 1)
    case(np.flip, c(3, 4), 1)
    case(np.fliplr, c(3, 4))
    case(np.flipud, c(3, 4))
    case(np.roll, c(5), 2)
    case(np.copy, c(3, 4))
    case(np.broadcast_to, c(4), (3, 4))
    case(np.atleast_1d, np.asarray(c()))
    case(np.atleast_2d, c(4))
    case(np.atleast_3d, c(3, 4))
    case(operator.getitem, c(5, 3), (slice(1, 4), 2))
    case(operator.getitem, c(5), np.array([0, 2, 2]))
    case(unbroadcast, c(3, 4), np.zeros(4, dtype=int))  # the second argument: its shape
    case(unreduce, c(3), np.zeros((3, 4), dtype=int), 1)
    case(expand_reduced, c(3), np.zeros((3, 4), dtype=int), 1)
    case(np.fft.fftshift, c(3, 4))
    case(np.fft.ifftshift, c(5), axes=0)
    case(np.concatenate, [c(2, 3), r(1, 3)])
    case(np.stack, [c(3), r(3)], axis=1)
    case(np.hstack, [r(2), c(3)])
    case(np.vstack, [c(3), r(2, 3)])
    # The transforms: real and complex inputs, padding and cutting lengths, every norm.
    for norm in (None, "ortho", "forward"):
        for f in (np.fft.fft, np.fft.ifft):
            case(f, c(6), norm=norm)
            case(f, r(6), norm=norm)
            case(f, c(3, 5), 7, axis=0, norm=norm)
            case(f, c(3, 5), 4, norm=norm)
        case(np.fft.rfft, r(6), norm=norm)
        case(np.fft.rfft, r(7), norm=norm)
        case(np.fft.rfft, r(4, 5), 8, axis=0, norm=norm)
        case(np.fft.rfft, r(3, 7), 4, norm=norm)
        case(np.fft.irfft, c(4), norm=norm)
        case(np.fft.irfft, c(4), 7, norm=norm)
        case(np.fft.irfft, c(5, 3), 4, axis=0, norm=norm)
        case(np.fft.irfft, c(3, 6), 4, norm=norm)
        case(np.fft.irfft, r(5), norm=norm)
        for f in (np.fft.fft2, np.fft.ifft2, np.fft.fftn, np.fft.ifftn):
            case(f, c(3, 4), norm=norm)
            case(f, r(2, 3, 4), norm=norm)
        case(np.fft.fftn, c(3, 4, 2), (5, 3), axes=(0, 1), norm=norm)
        case(np.fft.ifft2, c(2, 3, 4), (2, 6), norm=norm)
        case(np.fft.rfft2, r(3, 4), norm=norm)
        case(np.fft.rfftn, r(3, 5), norm=norm)
        case(np.fft.rfftn, r(2, 3, 5), (4, 6), axes=(0, 2), norm=norm)
        case(np.fft.rfft2, r(2, 3, 4), (5, 3), norm=norm)
        case(np.fft.irfft2, c(4, 3), norm=norm)
        case(np.fft.irfftn, c(3, 4), norm=norm)
        case(np.fft.irfftn, c(3, 4), (4, 7), axes=(0, 1), norm=norm)
        case(np.fft.irfftn, c(2, 3, 4), (2, 5), axes=(0, 2), norm=norm)
    return out


CASES = cases()


def _id(entry):
    f, args, kwargs = entry
    name = getattr(f, "__name__", "f")
    shapes = ",".join(
        ("c" if np.iscomplexobj(a) else "r") + "x".join(map(str, np.shape(a)))
        if isinstance(a, np.ndarray)
        else type(a).__name__
        for a in args
    )
    return "-".join(filter(None, [name, shapes, ",".join(f"{k}={v}" for k, v in kwargs.items())]))


def _leaves(args):
    """(position, item) of every array input to differentiate (item: index in a list)."""
    for i, arg in enumerate(args):
        if isinstance(arg, list):
            yield from ((i, j) for j in range(len(arg)))
        elif isinstance(arg, np.ndarray) and arg.dtype.kind in "fc":
            yield (i, None)


def _get(args, leaf):
    i, j = leaf
    return args[i] if j is None else args[i][j]


def _replaced(args, leaf, value):
    new = list(args)
    i, j = leaf
    if j is None:
        new[i] = value
    else:
        new[i] = list(new[i])
        new[i][j] = value
    return new


def _cotangent(ans, seed):
    local = np.random.default_rng(seed)
    g = local.standard_normal(np.shape(ans))
    if np.iscomplexobj(ans):
        g = g + 1j * local.standard_normal(np.shape(ans))
    return g


def _loss(f, args, kwargs, g):
    return np.sum(np.real(np.conj(g) * f(*args, **kwargs)))


def _numerical(f, args, kwargs, g, leaf):
    x = _get(args, leaf)
    parts = [1.0, 1j] if np.iscomplexobj(x) else [1.0]
    grad = np.zeros(np.shape(x), dtype=complex if len(parts) == 2 else float)
    for part in parts:
        for index in np.ndindex(np.shape(x)):
            step = np.zeros(np.shape(x), dtype=np.result_type(x, part))
            step[index] = STEP * part
            up = _loss(f, _replaced(args, leaf, x + step), kwargs, g)
            down = _loss(f, _replaced(args, leaf, x - step), kwargs, g)
            grad[index] += part * (up - down) / (2 * STEP)
    return grad


def _rule_gradients(f, args, kwargs, g, ans):
    rule = complex_twin(RULES[f])
    if rule.all_grads is not None:
        return {(0, j): grad for j, grad in enumerate(rule.all_grads(g, ans, *args, **kwargs)[0])}
    return {
        leaf: rule.grads[rule.params[leaf[0]]](g, ans, *args, **kwargs) for leaf in _leaves(args)
    }


def _tangent(f, args, kwargs, leaf, direction, ans):
    rule = complex_twin(RULES[f])
    if rule.all_tangents is not None:
        tangents = [None] * len(args)
        tangents[leaf[0]] = [None] * len(args[leaf[0]])
        tangents[leaf[0]][leaf[1]] = direction
        return rule.all_tangents(ans, tangents, *args, **kwargs)
    return rule.tangents[rule.params[leaf[0]]](ans, direction, *args, **kwargs)


@pytest.mark.parametrize("entry", CASES, ids=[_id(e) for e in CASES])
def test_reverse_rule_matches_differences_on_real_and_imaginary_parts(entry):
    f, args, kwargs = entry
    ans = f(*args, **kwargs)
    g = _cotangent(ans, 1)
    grads = _rule_gradients(f, args, kwargs, g, ans)
    assert grads, "no input differentiated"
    for leaf, grad in grads.items():
        x = _get(args, leaf)
        expected = _numerical(f, args, kwargs, g, leaf)
        assert np.shape(grad) == np.shape(x)
        if not np.iscomplexobj(x):
            assert not np.iscomplexobj(grad), f"a real input's gradient is complex: {grad}"
        np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("entry", CASES, ids=[_id(e) for e in CASES])
def test_tangent_rule_matches_differences(entry):
    f, args, kwargs = entry
    ans = f(*args, **kwargs)
    for seed, leaf in enumerate(_leaves(args)):
        x = _get(args, leaf)
        direction = _cotangent(x, seed + 5)
        got = _tangent(f, args, kwargs, leaf, direction, ans)
        up = f(*_replaced(args, leaf, x + STEP * direction), **kwargs)
        down = f(*_replaced(args, leaf, x - STEP * direction), **kwargs)
        expected = (np.asarray(up) - np.asarray(down)) / (2 * STEP)
        assert np.shape(got) == np.shape(ans)
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_every_rule_declared_right_for_complex_values_has_a_case():
    covered = {f for f, _, _ in CASES}
    declared = {p for p, rule in RULES.items() if rule.complex_ok and not rule.user}
    assert declared - covered == set()


def test_the_power_of_a_complex_base_with_a_fractional_exponent_is_refused():
    rule = complex_twin(RULES[np.power])
    z = c(3)
    with pytest.raises(TypeError, match="integer exponents"):
        rule.grads["x"](np.ones(3), z**0.5, z, 0.5)


def test_rfft_of_a_complex_array_is_refused():
    with pytest.raises(TypeError, match="real arrays only"):
        RULES[np.fft.rfft].grads["a"](c(3), c(3), c(4))


def _is_complex(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_is_complex(v) for v in value)
    return isinstance(value, (np.ndarray, np.generic, complex)) and np.iscomplexobj(value)


def test_a_rule_without_complex_forms_makes_no_complex_value_from_real_ones():
    """Compiled code checks only the inputs of a call whose rules do not follow complex
    values (runtime.refuse_complex): sound because such a primitive, given real values,
    gives real ones (the table's cases, on real inputs)."""
    from .cases import CASES as TABLE

    complex_from_real = [
        case.id
        for case in TABLE
        if not RULES[case.f].complex_ok
        and not _is_complex(list(case.args) + list(case.kwargs.values()))
        and _is_complex(case.f(*case.args, **case.kwargs))
    ]
    assert complex_from_real == []


def test_a_complex_gradient_of_a_real_result_is_refused_not_reduced():
    from srcgrad.rules.complex_table import real_for, real_gradient, real_tangent

    x, g = r(3), c(3)
    np.testing.assert_array_equal(real_for(g, x, c(3)), np.real(g))  # a complex result
    with pytest.raises(TypeError, match="came out complex"):
        real_for(g, x, r(3))  # a real result cannot have a complex gradient
    with pytest.raises(TypeError, match="came out complex"):
        real_gradient(g)
    with pytest.raises(TypeError, match="came out complex"):
        real_tangent(g, x)
    with pytest.raises(TypeError, match="came out complex"):
        complex_twin(RULES[np.multiply]).grads["x"](g, x * 2.0, x, 2.0)
