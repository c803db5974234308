"""Lowering ``return``, ``break`` and ``continue`` to structured control flow.

After this pass a function has exactly one ``return`` (its last statement), and the only
``break`` left in a loop is an ``if <flag>: break`` at the very end of its body. Everything
a jump would skip is guarded by a flag test instead. The reverse sweep then sees every
loop iteration run to the end of its body, so it can replay each one exactly.

Where a branch always ends in a jump, the statements after it move into the other branch
instead of being guarded, which keeps the common early-return code readable::

    if x < 0:                       if x < 0:
        return -x          ->           result = -x
    return x                        else:
                                        result = x
                                    return result
"""

from __future__ import annotations

import gast

__all__ = ["lower_jumps"]


def lower_jumps(fn: gast.FunctionDef, fresh, error) -> gast.FunctionDef:
    """Rewrite ``fn.body`` in place to a single exit.

    ``fresh(hint)`` makes a new variable name; ``error(node, message)`` makes the exception
    raised for a construct this pass cannot lower.
    """
    lowering = _Lowering(fresh, error)
    body = lowering.block(fn.body, loop=None)
    if lowering.returned_flag is not None:
        body.insert(0, _assign(lowering.returned_flag, gast.Constant(False, None)))
    if lowering.result is not None:
        body.insert(0, _assign(lowering.result, gast.Constant(None, None)))
        body.append(gast.Return(_name(lowering.result)))
    elif not body or not isinstance(body[-1], gast.Return):
        body.append(gast.Return(gast.Constant(None, None)))
    fn.body = body
    if lowering.returned_flag is not None and not _is_read(fn, lowering.returned_flag):
        _drop_assignments(fn, lowering.returned_flag)
    return fn


def _is_read(tree, name) -> bool:
    return any(
        isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)
        for n in gast.walk(tree)
    )


def _drop_assignments(tree, name) -> None:
    def assigns(stmt):
        return (
            isinstance(stmt, gast.Assign)
            and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id == name
        )

    for node in gast.walk(tree):
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list):
                kept = [s for s in stmts if not assigns(s)]
                if len(kept) != len(stmts):
                    setattr(node, field, kept or [gast.Pass()])


class _Loop:
    def __init__(self):
        self.break_flag = None
        self.continue_flag = None


class _Lowering:
    def __init__(self, fresh, error):
        self.fresh = fresh
        self.error = error
        self.result = None  # the variable holding the return value, when one is needed
        self.returned_flag = None  # set when a return happens inside a loop

    # A block is lowered to (statements, exits) where exits says whether the block
    # always jumps ("always"), may jump ("maybe"), or never jumps (None).
    def block(self, stmts, loop):
        out, _ = self._block(stmts, loop, top=True)
        return out

    def _block(self, stmts, loop, top=False):
        out = []
        for index, stmt in enumerate(stmts):
            rest = stmts[index + 1 :]
            if isinstance(stmt, gast.Return):
                if top and loop is None and not rest and self.result is None:
                    out.append(stmt)
                    return out, None
                lowered = self._return(stmt)
                if loop is not None:  # leave the loop too
                    loop.break_flag = loop.break_flag or self.fresh("broke")
                    lowered.append(_assign(loop.break_flag, gast.Constant(True, None)))
                out.extend(_at(stmt, lowered))
                return out, "always"
            if isinstance(stmt, gast.Break):
                loop.break_flag = loop.break_flag or self.fresh("broke")
                out.extend(_at(stmt, [_assign(loop.break_flag, gast.Constant(True, None))]))
                return out, "always"
            if isinstance(stmt, gast.Continue):
                loop.continue_flag = loop.continue_flag or self.fresh("skip_rest")
                flag = _assign(loop.continue_flag, gast.Constant(True, None))
                out.extend(_at(stmt, [flag]))
                return out, "always"
            if isinstance(stmt, gast.If):
                body, body_exit = self._block(stmt.body, loop)
                orelse, else_exit = self._block(stmt.orelse, loop)
                stmt.body, stmt.orelse = body or [gast.Pass()], orelse
                if body_exit is None and else_exit is None:
                    out.append(stmt)
                    continue
                tail, tail_exit = self._block(rest, loop, top=top)
                if body_exit == "always" and else_exit == "always":
                    out.append(stmt)
                    return out, "always"
                combined = "always" if tail_exit == "always" else "maybe"
                if body_exit == "always" and else_exit is None:
                    stmt.orelse = orelse + tail
                    out.append(stmt)
                    return out, combined
                if else_exit == "always" and body_exit is None:
                    stmt.body = body + tail
                    out.append(stmt)
                    return out, combined
                out.append(stmt)
                if tail:
                    out.append(gast.If(self._still_running(loop), tail, []))
                return out, "maybe"
            if isinstance(stmt, (gast.For, gast.While)):
                returns_inside = _contains_return(stmt)
                out.extend(self._loop(stmt))
                if returns_inside:
                    tail, _ = self._block(rest, loop, top=top)
                    if tail:
                        out.append(gast.If(_not(_name(self.returned_flag)), tail, []))
                    if loop is not None:
                        loop.break_flag = loop.break_flag or self.fresh("broke")
                        out.append(
                            gast.If(
                                _name(self.returned_flag),
                                [_assign(loop.break_flag, gast.Constant(True, None))],
                                [],
                            )
                        )
                    return out, "maybe"
                continue
            out.append(stmt)
        return out, None

    def _return(self, stmt):
        self.result = self.result or self.fresh("result")
        value = stmt.value if stmt.value is not None else gast.Constant(None, None)
        self.returned_flag = self.returned_flag or self.fresh("returned")
        return [
            _assign(self.result, value),
            _assign(self.returned_flag, gast.Constant(True, None)),
        ]

    def _still_running(self, loop):
        flags = []
        if loop is not None:
            flags += [f for f in (loop.break_flag, loop.continue_flag) if f]
        if self.returned_flag:
            flags.append(self.returned_flag)
        test = (
            _name(flags[0]) if len(flags) == 1 else gast.BoolOp(gast.Or(), list(map(_name, flags)))
        )
        return _not(test)

    def _loop(self, stmt):
        if stmt.orelse:
            raise self.error(stmt, "a loop with an else clause is not supported")
        loop = _Loop()
        body, _ = self._block(stmt.body, loop)
        before = []
        if loop.continue_flag:
            body.insert(0, _assign(loop.continue_flag, gast.Constant(False, None)))
        if loop.break_flag:
            before.append(_assign(loop.break_flag, gast.Constant(False, None)))
            body.append(gast.If(_name(loop.break_flag), [gast.Break()], []))
        stmt.body = body
        return before + [stmt]


def _contains_return(node) -> bool:
    """A ``return`` of this function in ``node`` (not one of a function defined inside)."""
    if isinstance(node, gast.Return):
        return True
    if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda)):
        return False
    return any(_contains_return(child) for child in gast.iter_child_nodes(node))


def _name(id_):
    return gast.Name(id_, gast.Load(), None, None)


def _not(expr):
    return gast.UnaryOp(gast.Not(), expr)


def _at(origin, stmts):
    """``stmts``, each placed on the user's line of ``origin`` (for comments and errors)."""
    for stmt in stmts:
        gast.copy_location(stmt, origin)
    return list(stmts)


def _assign(name, value):
    return gast.Assign([gast.Name(name, gast.Store(), None, None)], value, None)
