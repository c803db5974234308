"""Analyses of the normal form: which values need an adjoint (:mod:`.activity`), which
writes another name sees (:mod:`.aliasing`, :mod:`.containers`), and which values are
single numbers (:mod:`.shapes`).
"""
