"""Minimal programs for bugs the fuzzer found (see test_regressions.py).

Each is a fuzzer program reduced by deleting statements and replacing expressions by
their parts while the failure stayed the same. Loop indices some bodies do not use are
kept as the loops' trip counts matter.
"""

import numpy as np

import srcgrad


def append_in_loop_branch(x):
    hs = []
    for i in range(2):
        if i > 0:
            hs.append(x)
    return x


def and_value_after_branch(x, w):
    if np.mean(x) > 1.0:
        pass
    else:
        w = np.mean(w, axis=1, keepdims=True)
    y = np.mean(w) and 0.0
    return y


def and_in_ifexp_nested_loops(x, w):
    for _i in range(2):
        for _j in range(2):
            v = x if np.sum(w) > -10.0 and np.mean(w) > 1.0 else x
    return np.sum(v)


def and_in_loop_branch_subscript(x):
    y = x
    for i in range(3):
        v = y[-1]
        if x is not None and i < 1.0:
            z = v * v
    return z


def and_in_loop_branch_reassign(x0):
    x0 = x0**2
    for _i in range(3):
        if np and np.mean(x0) < 1.0:
            x0 = np.sin(x0[1])
    return np.sum(x0)


def and_in_loop_branch_else(x0, x1):
    v1 = x1
    for i2 in range(4):
        if np and i2 < 0.5:
            pass
        else:
            y3 = x0 / 1.0 * (v1 - i2)
    return np.sum(y3)


def and_in_nested_loop_value(x0, x1, x2, x3):
    for _i in range(4):
        for _j in range(1):
            v21 = np.mean(x0, axis=0)
            v22 = np.mean(v21) and np.sum(x0) > 0.5  # noqa: F841
    return np.sum(v21)


def untaken_else_with_call(x0):
    if np:
        y5 = x0
    else:
        y5 = np(0.3)
    return np.sum(y5)


# Found by the long run; kept as generated (the reduced forms stopped failing).
def or_in_ifexp_nested_loops(x0, x1):
    if np.sum(np.tanh(x0)) < 0.5:
        return np.sum(x1)
    v1 = np.exp(np.tanh((np.mean(np.mean(x0) * 3.0)) - (x1)))
    x0 = np.cos(x0)
    hs2 = []
    for i3 in range(3):
        n4 = 0
        while n4 < 2 and (
            (i3) > 1.0 or np.sum(i3 + np.array([[0.2, 0.54, 0.88], [1.22, 1.56, 1.9]])) > -0.5
        ):
            hs2.append(np.tanh(v1 + np.array([-0.3, 0.55, 1.4])))
            x1 = np.tanh(np.log(1.0 + (x1) ** 2))
            hs2.append(np.tanh(np.exp(np.tanh(i3 + np.array([-0.3, 0.55, 1.4])))))
            n4 = n4 + 1
        hs2.append(np.tanh(np.tanh((1.0 + (i3 + np.array([-0.8, 0.05, 0.9])) ** 2) ** 1.5)))
    hs5 = []
    for i6 in range(3):
        n7 = 0
        while n7 < 2 and (np.sum((x0) * (x0)) > 0.0):
            hs5.append(np.tanh((i6) / (1.5 + np.tanh(x1))))
            v1 = np.cos(
                (
                    (x1)
                    if np.sum(
                        (
                            (x1 + np.array([-0.8, 0.05, 0.9]))
                            if ((v1 * 2.0) if (i6) > 0.5 or not ((v1) < 0.0) else (v1)) > 0.5
                            else (x1 + np.array([-0.3, 0.55, 1.4]))
                        )
                    )
                    < 0.5
                    and np.mean(i6 + np.array([[-0.8, -0.46, -0.12], [0.22, 0.56, 0.9]])) < -0.5
                    else (x1)
                )
                ** 2
            )
            v8 = np.mean(np.stack(hs2), axis=0)  # noqa: F841
            n7 = n7 + 1
        for _i9 in range(4):
            v1 = np.sin(
                (np.exp(np.tanh((x1) ** 3)))
                if np.mean((x1) * (x0)) > 1.0 or np.sum(np.log(1.0 + (x0) ** 2)) > 1.0
                else (i6)
            )
        hs5.append(
            np.tanh(
                (
                    (x1 * np.array([-0.3, 0.55, 1.4]))
                    / (1.0 + (i6 * np.array([-0.8, 0.05, 0.9])) ** 2)
                ).sum()
            )
        )
        if np.mean(v1 + np.array([0.2, 1.05, 1.9])) < -0.5:
            break
    return np.sum(
        (x1)
        * (
            (v1)
            if np.sum(
                (np.mean(x0) + np.array([-0.8, 0.05, 0.9]))
                if np.mean(x0) > 1.0
                else (np.mean(x0) * np.array([-0.8, 0.05, 0.9]))
            )
            > 0.0
            else (v1)
        )
    ) + np.sum(v1)


# Found by the long run: a constant appended after a differentiated value. The list's
# gradient kept the constant's entry, so the earlier element got the wrong one (zeros).
def constant_appended_after(x):
    hs = []
    for i in range(2):
        hs.append(x * 2.0)
        hs.append(np.ones(3) * i)
    return np.sum(hs[0])


# ---- Programs with the hazard classes of issue 11 --------------------------------------
# Each is a generated program reduced by hand; the comment says what the fuzzer saw. They
# are checked in every mode by test_regressions.test_invariant (a clear error, or the value
# of a plain call and the gradient of finite differences). Argument: x = [0.3, -0.5, 0.8],
# or 0.7 where the name says float.


# Class 6. Was an UnboundLocalError on an internal name in compile and auto mode.
def shadow_comprehension(x):
    return sum([x**2 for x in x])


# Class 3: += in a loop on an array another name holds.
def alias_in_loop(x):
    a = b = x * 1.0
    for _ in range(2):
        a += x
    return np.sum(b * x)


# Class 5: on the tape the float stand-in of v changed with w (value 1.56, plain 1.18).
def scalar_result_alias_augment(x):
    v = np.mean(x) * 2.0
    w = v
    w += np.tanh(v)
    return v + w


# Class 5: the same for a float argument (tape value was 4.41, plain 1.47).
def float_input_alias_augment(x):
    z = x
    z += 2.0 * x
    return z * x


# Classes 3 and 5: a float held twice in a dict (tape value was 0.009, plain 0.067).
def float_in_dict_augment(x):
    d = {"a": x, "b": x}
    d["a"] -= np.tanh(x)
    return d["b"] * d["a"]


# Class 4: out= into a new buffer.
def add_out_new_buffer(x):
    c = np.zeros(3)
    np.add(x, x**2, out=c)
    return np.sum(c * c)


# Class 4: np.add.at with a repeated index. Auto and the tape gave a wrong gradient.
def add_at_buffer(x):
    acc = np.zeros(3)
    np.add.at(acc, [0, 2, 0], x)
    return np.sum(acc**2)


# Class 4: np.copyto into a buffer. Was zeros in every mode.
def copyto_buffer(x):
    c = np.zeros(3)
    np.copyto(c, x)
    return np.sum(c**2)


# Class 4: np.cumsum(..., out=c). Was zeros in every mode.
def cumsum_out(x):
    c = np.zeros(3)
    np.cumsum(x, out=c)
    return np.sum(c**2)


# Class 4: np.dot(..., out=h). Compile refused; the tape gave zeros.
def dot_out(x):
    h = np.zeros((2, 1))
    np.dot(np.ones((2, 3)) * x, np.reshape(x, (3, 1)), out=h)
    return np.sum(h**2)


# Class 4: np.put of a differentiated value. Was zeros in every mode.
def put_into_buffer(x):
    c = np.zeros(3)
    np.put(c, [0, 2], np.sum(x))
    return np.sum(c**2)


# Class 4: np.putmask of a differentiated value. Was zeros in every mode.
def putmask_buffer(x):
    c = np.zeros(3)
    np.putmask(c, np.array([True, False, True]), np.sum(x))
    return np.sum(c**2)


# Class 4: np.fill_diagonal of a differentiated value. Was zeros in compile and auto mode.
def fill_diagonal_buffer(x):
    c = np.zeros((2, 3))
    np.fill_diagonal(c, np.sum(x))
    return np.sum(c**2)


# Class 4: ndarray.fill with a differentiated value. The tape died with NumPy's bare
# "setting an array element with a sequence", which names no line.
def fill_with_scalar(x):
    c = np.zeros(3)
    c.fill(np.sum(x))
    return np.sum(c**2)


# Class 4: np.tanh(a, out=a) where a is a view. The tape's error named no line.
def tanh_out_view(x):
    b = np.tanh(x * np.array([[0.2], [1.9]]))
    a = b[:, 0]
    np.tanh(a, out=a)
    return np.sum(np.sin(b))


# Class 3: += on a row view, then the base is read. The tape's error named no line.
def view_write_then_read_base(x):
    m = np.tanh(x * np.array([[0.2], [1.9]]))
    row = m[0]
    row += x
    return np.sum(m**2)


# Class 3: -= on an array an earlier operation saved. The tape raises PyTorch's "modified
# by an inplace operation" error, which names no line.
def sub_inplace_after_use(x):
    a = x * 1.0
    b = np.sin(a)
    a -= 1.0
    return np.sum(b * a)


# Class 7: np.linspace of differentiated end points (was a zero gradient).
def linspace_of_inputs(x):
    return np.sum(np.linspace(x[0], x[1], 3) ** 2)


# Class 8: srcgrad.grad inside the function, on a closure over its argument.
def nested_grad_closure(x):
    return np.sum(x) * srcgrad.grad(lambda y: np.sum(x) * y)(2.0)


# Classes 3 and 4: out= writes through one of two names for an array. Compile and auto
# missed the write for the other name (gradient [1.76, 1.43, 0.93], right [1.68, 1.28,
# 0.74]); compile now refuses, and the tape (so auto) raises PyTorch's "modified by an
# inplace operation", which names no line.
def out_through_tuple_alias(x):
    xs = np.tanh(x)
    a, b = xs, xs
    np.tanh(a, out=a)
    return np.sum(a) + np.sum(b)


# Classes 3 and 4: ndarray.fill through one of two names. Compile and auto gave twice the
# gradient, the tape had no Tensor.fill (AttributeError); compile now refuses, and the tape
# (so auto) raises "modified by an inplace operation", which names no line.
def fill_through_alias(x):
    buf = np.tanh(x)
    a = b = buf
    b.fill(np.mean(buf) * 0.5)
    return np.sum(np.sin(a))


# Class 4: ndarray.fill of an array the tape records. The tape had no Tensor.fill; now it
# raises "modified by an inplace operation", which names no line.
def fill_recorded_array(x):
    buf = np.tanh(x)
    buf.fill(np.mean(x) * 0.5)
    return np.sum(np.sin(buf))


# Class 3: a write into an argument through a second name. Compile mode refused writes into
# arguments, but not through another name: the compiled code wrote into the caller's array
# and, with verify=False, returned the gradient as if x[0] were still read (0.88 for x[0],
# right 0); verify=True raised VerificationError.
def item_into_argument_alias(x):
    b = x
    b[0] = 0.5
    return np.sum(np.sin(x))


# Classes 3 and 4: the same for np.putmask through a tuple alias (gradient 0.88 for the
# masked entries, right 0); the tape's error named no line.
def putmask_argument_tuple_alias(x):
    a, b = x, x
    np.putmask(a, np.array([True, False, True]), 0.5)
    return np.sum(np.sin(b))


# Classes 3 and 4: out= into an argument through a second name (VerificationError: the
# compiled code changed its argument).
def out_into_argument_alias(x):
    b = x
    np.subtract(b, np.tanh(x), out=b)
    return np.sum(x)


# Class 2: the loop's iterable scaled in place by the body; Python's iterator sees the
# change. Compile and auto iterate the array as it was (value 1.63 at x = 0.7, plain 0.67;
# VerificationError with verify=True); the tape's error names no line.
def iterable_scaled_in_place(x):
    xs = np.tanh(x * np.array([0.2, 1.05, 1.9]))
    s = 0.0
    for v in xs:
        s = s + v
        xs *= 0.5
    return s


# A comprehension with no differentiated input, in a branch on data inside a loop: compile
# and auto crash with "IndexError: pop from empty list" in the generated code (x = 0.7).
def comprehension_in_loop_branch(x):
    for i in range(3):
        if x * i > 0.5:
            w = [np.sin(u) for u in np.ones(2)]  # noqa: F841
    return x


# Classes 3 and 4: np.copyto into an argument through a second name. Compile mode refused a
# write into an argument, and += through a second name, but not this: the compiled code
# wrote into the caller's array (as f itself does; the gradient was right), and verify=True
# then raised VerificationError, calling it a srcgrad bug.
def copyto_argument_alias(x):
    v = x
    np.copyto(v, np.tanh(v))
    return np.sum(v)


# Class 4: out= into a recorded array larger than the input (NumPy broadcasts the input).
# The tape's backward fails: "TanhBackward0 returned an invalid gradient at index 0 - got
# [3] but expected shape compatible with []" (x = 0.7).
def out_broadcasts_input(x):
    c = np.tanh(np.ones(3) * x)
    np.tanh(x, out=c)
    return np.sum(c)


# A parameter rebound inside a loop while its gradient accumulates there: the optimiser
# dropped the gradient's zero start as dead (it missed that += reads it), so compile and
# auto crashed with UnboundLocalError (long run, seed 12).
def parameter_rebound_in_loop(x0, x1):
    x0 = ((1.0 + x1**2) ** 0.5) * (x0 + x1)
    for i3 in range(2):
        x1 = np.cos(np.exp(-(i3**2)))
        v4 = sum([np.tanh(x0) * (x1 / 2.0) / 2.0 for x0 in x0])
    return np.sum(v4)


# Lists changed through a second name: `other += [...]` extends the list `items` holds,
# but the compiled code made it `other = other + [...]`, a new list; in a loop the value
# and gradient came out wrong (VerificationError with verify=True; silently without).
# Long run, seed 21.
def list_extended_through_alias(x):
    items = [np.tanh(x)]
    for i in range(2):
        other = items
        other += [np.ones(3) * i]
    return np.sum(items[-1]) + np.sum(items[0]) * len(items)


# The same with `*=`, which repeats a list in place.
def list_repeated_through_alias(x):
    items = [x]
    other = items
    other *= 2
    return np.sum(items[-1]) * len(items)


class Buffer:
    """A user's object with list-like methods of its own."""

    def __init__(self):
        self.items = []

    def append(self, v):
        self.items.append(v * 2.0)

    def __getitem__(self, k):
        return self.items[k]


# A user object's own `append`: compiled as a list's append, the generated code then
# called `.pop()` on it (AttributeError), and a `pop` method would have given a wrong
# gradient; forward mode crashed ("'float' object has no attribute 'append'").
def object_with_own_append(x):
    buffer = Buffer()
    buffer.append(x)
    return np.sum(buffer[0])


class Model:
    """A user's object whose methods have the names of array methods."""

    def __init__(self, w):
        self.w = w

    def dot(self, v):
        return np.tanh(self.w * v)

    def copy(self):
        return Model(self.w * 0.5)


# A class called with a differentiated value: auto mode ran it as a tape island, which
# returned a Model, and failed with a TypeError naming no line.
def object_made_from_input(x):
    model = Model(np.tanh(x))
    return np.sum(model.copy().dot(0.5))


# Complex intermediates: on the tape `.real` was an AttributeError, and compile mode
# raised a TypeError that named no line (the note of the generated code did).
def complex_real_attribute(x):
    z = np.tanh(x) + 1j * np.sin(x)
    return np.sum((z * np.conj(z)).real)


# A complex gradient added into a real one that a loop accumulates with `+=`: compile and
# auto raised NumPy's UFuncTypeError ("Cannot cast ufunc 'add' output from complex128 to
# float64"), naming no line, instead of ComplexGradientError. Long run, seed 22.
def complex_gradient_accumulated_in_loop(x):
    total = 0.0
    for i in range(3):
        z = np.tanh(x * (i + 1.0)) + 1j * np.tanh(x)
        total = total + np.sum(np.abs(z) ** 2)
    return total
