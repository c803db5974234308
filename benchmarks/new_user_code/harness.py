"""Registry of the new-user cases: reg(fn, make_args) with make_args(rng) -> tuple of args.

The gradient is taken w.r.t. argument 0 (a float or a float array); other args are constants.
"""

CASES = []


def reg(fn, make_args, jvp=True):
    CASES.append((fn, make_args, jvp))
    return fn
