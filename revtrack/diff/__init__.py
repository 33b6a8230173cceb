"""Word diff: the one wrapper of diff-match-patch's diff, at word level.

API:
    diff_texts(old, new) -> WordDiff      two plain texts
    diff_tokens(old, new) -> list[tuple[Op, int]]   two token sequences
    Op, Edit, Region, WordDiff
    COMPILED                              whether the compiled core runs

Each distinct token (with the whitespace before it: a unit) is encoded as one
private-use character (as diff-match-patch's line mode does with lines), the
encoded strings are split on their rarest shared units and the stretches between
diffed with no time limit (a deadline would make the answer depend on machine
load), cleaned up semantically so that a changed phrase reads as one removal and
one insertion, then the characters are mapped back to tokens. A change the cleanup
made by merging changes across kept words gives those words back when they are
long enough to read (runs of two units or more, making up half the change). Units
are matched by their token, so a change of spacing is only a change of whitespace.
A change the cleanup stretched across line breaks both texts keep is diffed again
line by line, and one that holds lines both texts keep (rows inserted between rows
of a table) keeps those lines.

The package, as the data flows:

- ``_types``: the public types;
- ``_lines``: texts and token sequences around the core: long texts line by line
  first, changed lines paired, units back to tokens, edits placed at word and
  sentence boundaries;
- ``_core``: the token core (:func:`revtrack.diff._core._core_py`), which also
  exists compiled, in ``revtrack/_speedups.c``: the same steps on integer codes,
  10-35 times faster, giving the same runs for every input
  (``tests/test_speedups.py``), as are the per-line steps of ``_lines`` (lines
  cut, paired, diffed word by word and joined into edits). They are used when
  they were built (:data:`COMPILED`); where they could not be, the answers are
  the same, only slower.
"""

from revtrack.diff._core import COMPILED, longest_increasing
from revtrack.diff._lines import diff_texts, diff_tokens, kept_stretches
from revtrack.diff._types import Edit, Op, Region, WordDiff

__all__ = [
    "COMPILED",
    "Edit",
    "Op",
    "Region",
    "WordDiff",
    "diff_texts",
    "diff_tokens",
    "kept_stretches",
    "longest_increasing",
]
