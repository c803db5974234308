"""Pointing an exception raised inside generated code back at the user's function and line.

Generated code is registered with ``linecache``, so a traceback already shows the generated
lines. :func:`add_user_location` adds a note naming the user's function, file and line that
the failing generated line came from (each generated block starts with a
``# line N: ...`` comment naming its user line).
"""

from __future__ import annotations

import os
import re

from ...result_checks import complex_from_cast
from ...rules import UnsupportedDerivative

__all__ = ["register", "add_user_location", "user_line_of"]

_PREFIX = "srcgrad: raised in the generated gradient of"
_COMMENT = re.compile(r"^\s*# line (\d+): (.*)$")

# srcgrad's own files: NumPy definitions (``np.cov``) are compiled like user code.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) + os.sep
# generated filename -> (user function, user filename, [(user line, its text)] per generated line)
_generated: dict[str, tuple[str, str, list[tuple[int, str]]]] = {}


def register(generated_filename, source_text, function_name, user_filename, first_line):
    """Remember where each line of one generated function came from."""
    origins, current = [], (first_line, f"def {function_name}(...)")
    for line in source_text.splitlines():
        match = _COMMENT.match(line)
        if match:
            current = (int(match.group(1)), match.group(2))
        origins.append(current)
    _generated[generated_filename] = (function_name, user_filename, origins)


def user_line_of(generated_filename, lineno):
    """``(user file, user line, its text)`` for a line of generated code, or None."""
    entry = _generated.get(generated_filename)
    if entry is None:
        return None
    _, filename, origins = entry
    user_line, text = origins[min(max(lineno, 1), len(origins)) - 1]
    return filename, user_line, text


def add_user_location(err: BaseException) -> BaseException:
    """Add a note naming the user's line for the innermost generated frame in ``err``
    (NumPy refusing to add a complex gradient into a real one becomes the
    ComplexGradientError it stands for)."""
    err = complex_from_cast(err) or err
    frame_info = None
    tb = err.__traceback__
    while tb is not None:
        entry = _generated.get(tb.tb_frame.f_code.co_filename)
        # The user's own code, not a NumPy definition of srcgrad's that it called.
        if entry is not None and (frame_info is None or not entry[1].startswith(_PACKAGE)):
            frame_info = (entry, tb.tb_lineno)
        tb = tb.tb_next
    notes = getattr(err, "__notes__", ())
    if frame_info is None or any(note.startswith(_PREFIX) for note in notes):
        return err
    (name, filename, origins), lineno = frame_info
    user_line, text = origins[min(max(lineno, 1), len(origins)) - 1]
    if isinstance(err, UnsupportedDerivative) and len(err.args) == 1:
        # A rule's own refusal: its message names the line, as the compiler's errors do.
        where = f"{filename}:{user_line}"
        err.args = (f"{err.args[0]} (in the gradient of {name}, at {where}: {text})",)
        return err
    err.add_note(f"{_PREFIX} {name}, from {filename}:{user_line}: {text}")
    return err
