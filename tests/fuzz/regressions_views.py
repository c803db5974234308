"""Minimal programs for the view and ``out=`` classes of ``views.py`` (see
test_regressions.py): each gave a silent wrong gradient, or an error naming no line, in
at least one mode before its fix."""

import numpy as np


# The tape: .real of a real array is the array itself in NumPy, but a new Tensor sharing
# its memory on the tape, so the write changed b's values behind its history (wrong).
def real_of_new_array_written(x):
    b = np.tanh(x)
    w = b.real
    w[0] = 0.5
    return np.sum(np.tanh(b)) + np.sum(np.tanh(w))


# Every mode: b.conj() of a real b is b itself, but both engines took it for np.conj,
# which copies (wrong gradient, silently).
def conj_method_written(x):
    b = np.tanh(x)
    w = b.conj()
    w *= 0.5
    return np.sum(np.tanh(b)) + np.sum(np.tanh(w))


# The tape: a function with a NumPy definition (np.nansum, np.ptp, np.nancumsum) given
# out= ran its definition and never wrote into out (wrong value and gradient).
def nansum_out(x):
    o = np.zeros(())
    np.nansum(np.tanh(x), out=o)
    return np.sum(np.tanh(o))


# compile, auto: np.array(b, copy=False) is b itself; the aliasing check took it for a
# copy (a VerificationError, or a wrong gradient without verify=True).
def array_without_copy_scaled(x):
    b = np.tanh(x)
    w = np.array(b, copy=False)
    w *= 0.5
    return np.sum(np.tanh(b)) + np.sum(np.tanh(w))


# The tape: AttributeError (no Tensor.flat).
def flat_written(x):
    b = np.tanh(x)
    b.flat[1] = np.tanh(np.sum(x))
    return np.sum(np.tanh(b))


# compile, auto: the view of the second operand of np.broadcast_arrays was not followed
# (wrong gradient).
def broadcast_arrays_second_written(x):
    b = np.tanh(x)
    _, w = np.broadcast_arrays(np.zeros((2, 3)), b)
    w[0, 0] = 0.5
    return np.sum(np.tanh(b)) + np.sum(np.tanh(w))


# The tape: a view of a buffer made before the buffer was given a value with a gradient
# carried no history, so the gradient through it was a silent zero.
def view_of_buffer_then_filled(x):
    b = np.zeros_like(x)
    w = b[::-1]
    b[...] = np.tanh(x)
    return np.sum(np.tanh(w))


# The tape: np.asarray of a buffer gave NumPy its memory as a plain array, which then saw
# the values written with a gradient, but not the gradient (a silent zero).
def asarray_of_buffer_then_filled(x):
    b = np.zeros_like(x)
    w = np.asarray(b)
    b[0] = np.tanh(np.sum(x))
    return np.sum(np.tanh(w))
