"""no_grad, enable_grad, set_grad_enabled, is_grad_enabled."""

import threading

import srcgrad
from srcgrad import tensor


def test_no_grad_context():
    x = tensor(1.0, requires_grad=True)
    with srcgrad.no_grad():
        assert not srcgrad.is_grad_enabled()
        y = x * 2
        with srcgrad.enable_grad():
            z = x * 2
    assert srcgrad.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad


def test_decorators():
    x = tensor(1.0, requires_grad=True)

    @srcgrad.no_grad()
    def double(t):
        return t * 2

    @srcgrad.set_grad_enabled(False)
    def triple(t):
        return t * 3

    assert srcgrad.is_grad_enabled()  # decorating switched nothing
    assert not double(x).requires_grad
    assert not triple(x).requires_grad
    assert srcgrad.is_grad_enabled()


def test_set_grad_enabled_as_call_and_context():
    try:
        srcgrad.set_grad_enabled(False)
        assert not srcgrad.is_grad_enabled()
        with srcgrad.set_grad_enabled(True):
            assert srcgrad.is_grad_enabled()
        assert not srcgrad.is_grad_enabled()
    finally:
        srcgrad.set_grad_enabled(True)


def test_mode_restored_after_exception():
    try:
        with srcgrad.no_grad():
            raise ValueError
    except ValueError:
        pass
    assert srcgrad.is_grad_enabled()


def test_mode_is_per_thread():
    seen = []
    with srcgrad.no_grad():
        thread = threading.Thread(target=lambda: seen.append(srcgrad.is_grad_enabled()))
        thread.start()
        thread.join()
    assert seen == [True]
