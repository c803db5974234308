"""The front end: a user function to the normal form (:mod:`srcgrad.compiler.ir`).

In order (:mod:`.stages`): read the source and resolve its names (:mod:`.source`), lower
`return`/`break`/`continue` (:mod:`.jumps`), split expressions into one operation per
statement (:mod:`.normalize`, :mod:`.expressions`, :mod:`.calls`, :mod:`.inplace`,
:mod:`.comprehensions`, :mod:`.lifting`), and give re-assigned values fresh names
(:mod:`.ssa`).
"""
