"""What generated code calls at run time, as ``runtime.<name>``.

- :mod:`.containers`: gradients of lists, tuples and dicts, saved values, undo and redo;
- :mod:`.checks`: the checks that raise :class:`Refused` where a compiled gradient could
  be wrong (the call then runs on the tape in ``mode="auto"``);
- :mod:`.positions`: where ``np.put``, ``np.put_along_axis``, ``np.place`` and
  ``np.fill_diagonal`` write;
- :mod:`.islands`: calls that run on the tape engine inside compiled code;
- :mod:`.tangents`: the same for forward-mode code; :mod:`.tracebacks`: errors raised
  in generated code name the user's line.
"""

from ...rules import unbroadcast
from .checks import (
    Refused,
    check_putmask,
    refuse_complex,
    refuse_complex_call,
    refuse_list_extend,
    refuse_shared,
    refuse_truncation,
    require_array,
    require_arrays,
    require_list,
)
from .containers import (
    add_grads,
    as_indexable,
    grad_item,
    index_grad,
    pop_grad,
    region,
    replay,
    restore,
    setitem_cleared_grad,
    setitem_value_grad,
    shape_of,
    unappend,
    zeros_like,
)
from .islands import on_tape
from .positions import along_axis_positions, diagonal_positions, flat_positions, place_positions

__all__ = [
    "Refused",
    "add_grads",
    "along_axis_positions",
    "as_indexable",
    "check_putmask",
    "diagonal_positions",
    "flat_positions",
    "grad_item",
    "index_grad",
    "on_tape",
    "place_positions",
    "pop_grad",
    "refuse_complex",
    "refuse_complex_call",
    "refuse_list_extend",
    "refuse_shared",
    "refuse_truncation",
    "region",
    "replay",
    "require_array",
    "require_arrays",
    "require_list",
    "restore",
    "setitem_cleared_grad",
    "setitem_value_grad",
    "shape_of",
    "unappend",
    "unbroadcast",
    "zeros_like",
]
