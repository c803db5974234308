"""Normal form, writes in place: NumPy calls that change an argument become item writes.

``np.copyto(b, x)`` changes ``b``; the normal form has one statement that changes an
array, the item write ``b[...] = x``, whose gradient and aliasing checks already exist.
So each supported in-place call is rewritten into the write it performs:

=============================  ==============================================
``np.copyto(b, x)``            ``b[...] = x``
``np.copyto(b, x, where=m)``   ``b[...] = np.where(m, x, b)``
``np.put(a, ind, v)``          ``a[<coordinates of flat ind>] = v``
``np.put_along_axis(...)``     ``a[<open grid, indices along axis>] = v``
``a.put(ind, v)``              the same
``np.putmask(a, m, v)``        ``a[...] = np.where(m, v, a)`` (``v`` a number or shaped like ``a``)
``np.place(a, m, v)``          ``a[<coordinates of m's true entries>] = v`` (one ``v`` per entry)
``np.fill_diagonal(a, v)``     ``a[<coordinates of the diagonal>] = v``
``a.fill(v)``                  ``a[...] = v``
``np.add.at(a, i, v)``         ``a[...] = a + scatter_add(v, i, a.shape)`` (repeats add up)
``np.subtract.at(a, i, v)``    ``a[...] = a - scatter_add(v, i, a.shape)``
``f(..., out=c)``              ``c[...] = f(...)``; the call's value is ``c``
=============================  ==============================================

Any other call whose value is not used (``np.random.shuffle``, a C
function) may change its arguments too; the compiler refuses it where an argument carries
a gradient (see ``stages._check_lost_gradients``).
"""

from __future__ import annotations

import inspect

import gast
import numpy as np

from ...rules import lookup, scatter_add
from ..ir import Assign, Copy, ExprStmt, Plain

__all__ = ["lower_call", "lower_method", "lower_out"]


def lower_out(splitter, node):
    """``f(..., out=c)``: compute ``f(...)``, write it into ``c``; the value is ``c``."""
    out = next(k.value for k in node.keywords if k.arg == "out")
    if not isinstance(out, gast.Name):
        raise splitter.source.error(
            node, "out= must name an array of the function's (out=(c,) cannot be transformed)"
        )
    call = gast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "out"])
    gast.copy_location(call, node)
    value = splitter.atom(call, out.id)
    _write(splitter, out.id, _ALL, value, node)
    return Copy(splitter.name(out))


def lower_call(splitter, node, target):
    """The rewrite of a call of an in-place NumPy function, or None if it is not one."""
    try:
        lower = _FUNCTIONS.get(target)
    except TypeError:  # an unhashable callable is none of them
        return None
    if lower is not None:
        lower(splitter, node, **_arguments(splitter, node, target))
        return Plain("None", [])
    return None


def lower_ufunc_at(splitter, node, ufunc):
    """``np.add.at(a, index, values)`` and ``np.subtract.at``; other ufuncs are refused."""
    if ufunc not in (np.add, np.subtract) or len(node.args) != 3 or node.keywords:
        raise splitter.source.error(
            node,
            f"np.{ufunc.__name__}.at changes its first argument in place and cannot be "
            "transformed (np.add.at(a, index, values) and np.subtract.at can); write "
            'the result into a new array instead, or use mode="auto"',
        )
    array = _target(splitter, node.args[0], node)
    index = splitter.atom(node.args[1], "index")
    values = splitter.atom(node.args[2], "values")
    shape = _plain(splitter, "shape", f"{_internal(splitter, np.shape)}({array})", [array])
    added = _prim(splitter, scatter_add, node, values, index, shape)
    combined = _prim(splitter, ufunc, node, array, added)
    _write(splitter, array, _ALL, combined, node)
    return Plain("None", [])


def lower_method(splitter, node, name, method):
    """``a.fill(v)``, ``a.put(ind, v)`` and an array method given ``out=`` (``a.clip(0, 1,
    out=a)``, a write into ``out``); True if the method was one of them."""
    if any(k.arg == "out" for k in node.keywords):
        splitter.atom(node, "value")  # lower_out writes the method's value into out
        return True
    if method == "fill" and len(node.args) == 1 and not node.keywords:
        _write(splitter, name, _ALL, splitter.atom(node.args[0], "value"), node)
        return True
    if method == "put" and len(node.args) == 2 and not node.keywords:
        _put(splitter, node, node.func.value, node.args[0], node.args[1])
        return True
    return False


# ---- the functions ----------------------------------------------------------------------
def _copyto(splitter, node, dst, src, casting=None, where=None):
    target = _target(splitter, dst, node)
    value = splitter.atom(src, "value")
    if where is not None:
        value = _prim(splitter, np.where, node, splitter.atom(where, "where"), value, target)
    _write(splitter, target, _ALL, value, node)


def _put(splitter, node, a, ind, v, mode=None):
    if mode is not None and not (isinstance(mode, gast.Constant) and mode.value == "raise"):
        raise splitter.source.error(node, "np.put with mode= other than 'raise' is not supported")
    target = _target(splitter, a, node)
    indices = splitter.atom(ind, "indices")
    text = f"runtime.flat_positions({indices}, {target})"
    positions = _plain(splitter, "positions", text, [indices, target])
    _write(splitter, target, positions, splitter.atom(v, "values"), node)


def _putmask(splitter, node, a, mask, values):
    target = _target(splitter, a, node)
    mask_atom = splitter.atom(mask, "mask")
    value = splitter.atom(values, "values")
    where = f"{splitter.source.filename}:{splitter.source.file_line(node)}"
    check = f"runtime.check_putmask({target}, {value}, {where!r})"
    splitter.emit(ExprStmt(check, [n for n in (target, value) if n.isidentifier()], splitter.line))
    chosen = _prim(splitter, np.where, node, mask_atom, value, target)
    _write(splitter, target, _ALL, chosen, node)


def _place(splitter, node, arr, mask, vals):
    target = _target(splitter, arr, node)
    mask_atom, value = splitter.atom(mask, "mask"), splitter.atom(vals, "values")
    where = f"{splitter.source.filename}:{splitter.source.file_line(node)}"
    text = f"runtime.place_positions({mask_atom}, {target}, {value}, {where!r})"
    positions = _plain(splitter, "positions", text, [mask_atom, target, value])
    _write(splitter, target, positions, value, node)


def _fill_diagonal(splitter, node, a, val, wrap=None):
    target = _target(splitter, a, node)
    wrap_atom = splitter.atom(wrap, "wrap") if wrap is not None else "False"
    text = f"runtime.diagonal_positions({target}, {wrap_atom})"
    positions = _plain(splitter, "diagonal", text, [target, wrap_atom])
    _write(splitter, target, positions, splitter.atom(val, "value"), node)


def _put_along_axis(splitter, node, arr, indices, values, axis):
    target = _target(splitter, arr, node)
    index_atom, axis_atom = splitter.atom(indices, "indices"), splitter.atom(axis, "axis")
    text = f"runtime.along_axis_positions({index_atom}, {target}, {axis_atom})"
    positions = _plain(splitter, "positions", text, [index_atom, target, axis_atom])
    _write(splitter, target, positions, splitter.atom(values, "values"), node)


_FUNCTIONS = {
    np.copyto: _copyto,
    np.put: _put,
    np.put_along_axis: _put_along_axis,
    np.putmask: _putmask,
    np.place: _place,
    np.fill_diagonal: _fill_diagonal,
}


# ---- pieces -----------------------------------------------------------------------------
_ALL = "..."


def _arguments(splitter, node, target) -> dict:
    """Parameter name -> argument node, as NumPy's signature binds the call."""
    keywords = {k.arg: k.value for k in node.keywords}
    try:
        bound = inspect.signature(target).bind(*node.args, **keywords)
    except TypeError as err:
        raise splitter.source.error(node, f"call of {target.__name__}: {err}") from None
    return dict(bound.arguments)


def _target(splitter, node, call):
    if not isinstance(node, gast.Name):
        raise splitter.source.error(
            call, f"{gast.dump(node)[:40]} is written in place; name the array being written"
        )
    return node.id


def _write(splitter, name, index, value, node):
    """``name[index] = value`` through the normal form's one kind of write."""
    subscript = gast.Subscript(
        gast.Name(name, gast.Load(), None, None),
        gast.Constant(Ellipsis, None)
        if index == _ALL
        else gast.Name(index, gast.Load(), None, None),
        gast.Store(),
    )
    gast.copy_location(subscript, node)
    splitter.set_item(subscript, value)


def _plain(splitter, hint, text, reads):
    name = splitter.local(splitter.names.fresh(hint))
    splitter.emit(Assign(name, Plain(text, [r for r in reads if r.isidentifier()]), splitter.line))
    return name


def _prim(splitter, primitive, node, *args):
    callee = _internal(splitter, primitive)
    value = splitter.prim(lookup(primitive), f"{callee}({', '.join(args)})", list(args), {}, node)
    name = splitter.local(splitter.names.fresh(getattr(primitive, "__name__", "value")))
    splitter.emit(Assign(name, value, splitter.line))
    return name


def _internal(splitter, value):
    """A name for ``value`` in the generated code's namespace."""
    return splitter.constant(value, getattr(value, "__name__", "function"))
