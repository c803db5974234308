"""SciPy's rules, registered on demand: ``registry.lookup`` imports this module the first
time it misses a primitive after the program has imported SciPy, so srcgrad itself never
imports SciPy (it is an optional extra: ``pip install srcgrad[scipy]``)."""

from . import (  # noqa: F401  (each module registers its rules)
    scipy_linalg,
    scipy_special,
    scipy_stats,
    scipy_stats_joint,
    scipy_stats_shapes,
)
