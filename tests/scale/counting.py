"""Count dask computations: every ``compute()`` on the local schedulers starts one graph run."""

from __future__ import annotations

import pytest

dask = pytest.importorskip("dask")
from dask.callbacks import Callback  # noqa: E402


class ComputeCounter(Callback):
    """``with ComputeCounter() as counter: ...`` then ``counter.runs`` graph runs started."""

    def __init__(self):
        super().__init__()
        self.runs = 0

    def _start(self, dsk):
        self.runs += 1
