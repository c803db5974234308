"""MkDocs hook: fill ``<!-- generated: MODULE.FRAGMENT -->`` markers by running code.

``MODULE`` is a generator next to this file (``how_it_works``, ``numpy_coverage``,
``what_compiles``) and ``FRAGMENT`` a key of its ``FRAGMENTS`` table; the marker is
replaced by the Markdown the function returns when the site is built. A marker that names
no fragment fails the build.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.append(path)

import how_it_works  # noqa: E402
import numpy_coverage  # noqa: E402
import what_compiles  # noqa: E402

GENERATORS = {
    "how_it_works": how_it_works,
    "numpy_coverage": numpy_coverage,
    "what_compiles": what_compiles,
}
MARKER = re.compile(r"^<!-- generated: (\w+)\.(\w+) -->$", re.M)


def render(markdown: str) -> str:
    """``markdown`` with every marker replaced by its generated fragment."""

    def fill(match):
        return GENERATORS[match.group(1)].FRAGMENTS[match.group(2)]().rstrip("\n")

    return MARKER.sub(fill, markdown)


def on_page_markdown(markdown, page, config, files):
    return render(markdown)
