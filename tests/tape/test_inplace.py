"""In-place operations, item assignment and the version counter."""

import numpy as np
import pytest

import srcgrad
from srcgrad import tensor

LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
MODIFIED = "one of the variables needed for gradient computation has been modified by an inplace"


@pytest.mark.parametrize("update", ["+=", "-=", "*=", "/=", "setitem"])
def test_in_place_on_leaf_requiring_grad_raises(update):
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=LEAF):
        if update == "setitem":
            x[0] = 5.0
        else:
            exec(f"x {update} 2.0")


def test_in_place_on_leaf_under_no_grad_is_allowed_and_bumps_version():
    x = tensor([1.0, 2.0], requires_grad=True)
    with srcgrad.no_grad():
        x -= 1.0
        x[1] = 7.0
    np.testing.assert_array_equal(x.data, [0.0, 7.0])
    assert x._version[0] == 2
    assert x.is_leaf and x.requires_grad


def test_data_update_with_tensor_operand_is_not_recorded():
    w = tensor([1.0, 2.0], requires_grad=True)
    (w * w).sum().backward()
    buffer = w.data
    w.data -= 0.5 * w.grad  # ndarray -= Tensor
    assert w.data is buffer
    assert type(w.data) is np.ndarray
    np.testing.assert_array_equal(w.data, [0.0, 0.0])  # w - 0.5 * 2w
    assert w.is_leaf and w._version[0] == 0


def test_in_place_add_on_non_leaf_is_recorded():
    # y = 2x; y += x^2 -> dy/dx = 2 + 2x
    x = tensor([1.0, 3.0], requires_grad=True)
    y = x * 2
    before = y
    y += x * x
    assert y is before
    assert y.grad_fn.name() == "AddBackward0"
    assert y._version[0] == 1
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [4.0, 8.0])


def test_in_place_multiply_by_self():
    # y = x; y *= x -> x^2, gradient 2x
    x = tensor([1.5, -2.0], requires_grad=True)
    y = x * 1
    y *= x
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, -4.0])


def test_in_place_on_untracked_tensor_with_tracked_operand():
    x = tensor([2.0], requires_grad=True)
    acc = tensor([1.0])
    acc *= x  # acc now depends on x
    assert acc.requires_grad and not acc.is_leaf
    (acc * 3).sum().backward()
    assert x.grad.item() == 3.0


def test_modifying_saved_input_raises_at_backward():
    x = tensor([1.0, 2.0], requires_grad=True)
    c = tensor([3.0, 4.0])
    z = x * c
    c += 1
    with pytest.raises(RuntimeError, match=MODIFIED) as info:
        z.sum().backward()
    assert "is at version 1; expected version 0 instead" in str(info.value)


def test_modifying_saved_output_raises_at_backward():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = np.exp(x)  # the rule reads its output
    y += 1
    with pytest.raises(RuntimeError, match=MODIFIED) as info:
        y.sum().backward()
    assert "output 0 of ExpBackward0" in str(info.value)


def test_modifying_unsaved_output_is_fine():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 2  # MulBackward0 does not read its output
    y += 1
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_modifying_through_detach_is_detected():
    x = tensor([1.0, 2.0], requires_grad=True)
    c = tensor([3.0, 4.0])
    z = x * c
    c.detach()[0] = 10.0  # shares data and version counter with c
    with pytest.raises(RuntimeError, match=MODIFIED):
        z.sum().backward()


def test_setitem_on_non_leaf_records_assign_index():
    # y = 2x, then y[0] = 10 x1: sum(y) = 10 x1 + 2 x1 -> grads [0, 12]
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y[0] = x[1] * 10
    np.testing.assert_array_equal(y.data, [20.0, 4.0])
    assert y._version[0] == 1
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 12.0])


def test_setitem_into_plain_tensor_makes_it_require_grad():
    x = tensor([2.0, 5.0], requires_grad=True)
    out = tensor(np.zeros(3))
    out[1:] = x**2
    assert out.requires_grad and not out.is_leaf
    (out * tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2 * 2 * 2.0, 3 * 2 * 5.0])


def test_setitem_with_mask_and_int_array():
    x = tensor([-1.0, 2.0, -3.0], requires_grad=True)
    h = x * 1
    h[h < 0] = 0.0  # relu written in place
    h[np.array([1])] = h[np.array([1])] * 3
    h.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 3.0, 0.0])


def test_setitem_untracked_writes_data():
    t = tensor([1.0, 2.0])
    t[0] = tensor(5.0)
    np.testing.assert_array_equal(t.data, [5.0, 2.0])
    assert t._version[0] == 1 and not t.requires_grad


def test_in_place_on_view_while_recording_raises():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    row = y[0:1]
    with pytest.raises(RuntimeError, match="view of another tensor"):
        row += 1


def test_view_shares_version_with_base():
    base = tensor([1.0, 2.0, 3.0])
    view = base[1:]
    view += 1  # untracked: numpy semantics, the base sees it
    np.testing.assert_array_equal(base.data, [1.0, 3.0, 4.0])
    assert base._version[0] == 1


def test_modifying_base_after_view_raises_not_wrong_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    v = y[0:1] * x[0:1]
    with srcgrad.no_grad():
        y += 1
    with pytest.raises(RuntimeError, match=MODIFIED):
        v.sum().backward()


def test_zero_on_grad_and_on_non_leaf():
    x = tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    x.grad.zero_()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0])
    y = x * 2
    y.zero_()
    (y + x).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


def test_ufunc_out_tensor_is_in_place():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    np.multiply(y, x, out=y)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])  # d x^2 = 2x


def test_ufunc_out_plain_array_is_untracked():
    x = tensor([1.0, 2.0], requires_grad=True)
    out = np.empty(2)
    result = np.add(x, 1.0, out=out)
    assert result is out
    np.testing.assert_array_equal(out, [2.0, 3.0])


def test_copyto_into_tensor():
    t = tensor([0.0, 0.0])
    np.copyto(t, np.array([1.0, 2.0]))
    np.testing.assert_array_equal(t.data, [1.0, 2.0])
    assert t._version[0] == 1
    x = tensor([1.0, 2.0], requires_grad=True)
    np.copyto(t, x)  # recorded: t now holds x's values and depends on x
    assert t.requires_grad and t._version[0] == 2
    (t * t).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])  # d x^2 = 2x
