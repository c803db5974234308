"""The back end: code from the normal form.

The reverse generator (:mod:`.reverse`) and the forward generator (:mod:`.forward`) write
Python text with rule bodies inlined (:mod:`.inline`, :mod:`.simplify`); the optimiser
(:mod:`.optimize` and its passes) shortens it; :mod:`.install` compiles it with its source
registered; :mod:`.standalone` writes the imports that let `.source` run on its own.
"""
