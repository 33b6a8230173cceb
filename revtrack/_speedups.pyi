"""Types of the compiled diff core (``revtrack/_speedups.c``)."""

from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

_Op = TypeVar("_Op")
_Edit = TypeVar("_Edit", bound=tuple[object, str])

def core(
    ua: Sequence[Hashable],
    ub: Sequence[Hashable],
    semantic: bool,
    limits: tuple[int, int, int, int, int, int, int, int],
    ops: tuple[_Op, _Op, _Op],
    strip: bool = False,
    /,
) -> list[tuple[_Op, int]] | None:
    """``revtrack.diff._core._core_py`` compiled: ``(op, unit count)`` runs, or None past
    ``limits[0]`` distinct units. *limits* is ``revtrack.diff._core._Limits``: capacity, small,
    huge, rarest, work, work floor, shared, part."""

def words(
    ua: Sequence[str],
    ub: Sequence[str],
    limits: tuple[int, int, int, int, int, int, int, int],
    ops: tuple[_Op, _Op, _Op],
    edits: list[tuple[_Op, str]],
    /,
) -> bool:
    """``revtrack.diff._lines._word_pieces_py`` compiled: units *ua* replaced by *ub* (str), diffed by
    :func:`core` with *strip*, each edit moved to its best boundary, written to *edits* as
    ``(op, text)``; False, with nothing written, past ``limits[0]`` distinct units."""

def token_runs(
    a: Sequence[str],
    b: Sequence[str],
    semantic: bool,
    limits: tuple[int, int, int, int, int, int, int, int],
    ops: tuple[_Op, _Op, _Op],
    /,
) -> list[tuple[_Op, int]] | None:
    """``revtrack.diff._lines._diff_runs_py`` compiled for tokens none of which is whitespace:
    ``(op, token count)`` runs; None where the Python path must answer (a whitespace or non-str
    token, or past ``limits[0]`` distinct tokens)."""

def align_one(
    old_tokens: Sequence[str],
    old_revs: Sequence[int],
    old_origins: Sequence[int],
    tokens: Sequence[str],
    r: int,
    limits: tuple[int, int, int, int, int, int, int, int],
    /,
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[bool, ...]] | None:
    """``revtrack.provenance._matcher._align_one_py`` compiled: ``(revs, origins, kept, carried)`` of
    *tokens* aligned with one old wording's (every common token kept, as :func:`token_runs` without
    semantic cleanup finds them); None where :func:`token_runs` is None."""

def in_place(gone: list[str], came: list[str], /) -> list[tuple[int, int, int, int]] | None:
    """``revtrack.diff._lines._in_place_py`` compiled: ``(k, k, prefix, suffix)`` for each line
    ``gone[k]`` and ``came[k]`` with their common ends, when every pair is alike; else None."""

def changed_in_place(
    gone: list[str],
    came: list[str],
    split: Callable[[str], list[str]],
    fallback: Callable[[str, str, list[tuple[_Op, str]]], None],
    limits: tuple[int, int, int, int, int, int, int, int],
    ops: tuple[_Op, _Op, _Op],
    edits: list[tuple[_Op, str]],
    /,
) -> bool:
    """``revtrack.diff._lines._changed_in_place_py`` compiled: when :func:`in_place` pairs every line,
    each pair written to *edits* (common start, the words of the middles: tokens by *split*, diffed
    as :func:`words` does or by *fallback* past ``limits[0]`` distinct units; common end); True.
    False, with nothing written, when some pair is not alike."""

def lines(text: str, start: int, end: int, /) -> list[str]:
    """``revtrack.diff._lines._LINE.findall(text, start, end)`` compiled: the lines of
    ``text[start:end]``, a blank line with the line after it."""

def patch_lines(
    old: str, diffs: Sequence[tuple[_Op, str]], ops: tuple[_Op, _Op, _Op], margin: int, /
) -> str | None:
    """``revtrack.patch._patch_lines_py`` compiled: the lines of the patch of *diffs* (op one of *ops*:
    delete, equal, insert) applied to *old*, each ended by NUL, not escaped, with *margin*
    characters of context; None for an op that is none of the three."""

def merge(
    pieces: Sequence[tuple[_Op, str]],
    ops: tuple[_Op, _Op, _Op],
    edit: type[_Edit],
    write: Callable[[list[_Edit], str, str], list[str]],
    /,
) -> list[_Edit]:
    """``revtrack.diff._lines._merge`` compiled: *pieces* with empty ones dropped, neighbours of one kind
    joined, between two equal stretches one removal then one insertion, as *edit* objects; a change
    whose sides begin or end alike is written by *write*."""

def prefix(a: str, b: str, limit: int, /) -> int:
    """How many characters *a* and *b* begin with alike, at most *limit*: compared in place
    (``revtrack.diff._core._prefix_length`` slices and bisects)."""

def suffix(a: str, b: str, limit: int, /) -> int:
    """How many characters *a* and *b* end with alike, at most *limit*: compared in place."""

def ascii_tokens(text: str, units: bool, /) -> list[str] | None:
    """``revtrack.text.split_nonspace`` (or, with *units*, ``split_units``) compiled for ASCII
    *text*; None for text that is not ASCII."""

def ascii_runs(text: str, revs: Sequence[int], /) -> tuple[tuple[int, int, int], ...] | None:
    """``revtrack.provenance._model._runs_py`` compiled for ASCII *text*: ``(start, end, revision)``
    of each run of its non-space tokens of one revision; None for text that is not ASCII or has
    more tokens than *revs*."""

def ascii_sentences(
    line: str,
    classes: tuple[str, str, str, str, str],
    words: tuple[frozenset[str], ...],
    /,
) -> list[int] | None:
    """``revtrack.sentences._ascii_bounds`` compiled: start, end, start, end... of the sentences of
    one ASCII line; None for a line that is not ASCII or begins with a list marker (Python splits
    those). *classes*: the ASCII members of the strict closers, closers, openers, terminators and
    sentence-ending characters; *words*: the rules' word sets, in ``sentences._WORD_SETS`` order."""

def words_of(tokens: Sequence[str], counter: type[Counter[str]], /) -> Counter[str]:
    """``revtrack.provenance._model._words_of_py`` compiled: a new *counter* of the lowercased words
    of *tokens* (those holding a letter or digit), then of the pairs of neighbouring words."""

def postings(sets: list[Counter[str]], /) -> dict[str, bytearray]:
    """``revtrack.provenance._candidates._postings_py`` compiled: for each item of the counted word
    *sets*, its int32 ``(set, count)`` pairs, in a bytearray."""

def probe(
    index: Mapping[str, array[int] | bytearray],
    probe: Mapping[str, int],
    sets: int,
    need: int,
    sizes: array[int] | None = None,
    size: int = 0,
    threshold: float = 0.0,
    /,
) -> list[tuple[int, int]]:
    """``revtrack.provenance._candidates._overlaps_py`` compiled, looking the postings up itself:
    ``(set, shared)`` for every indexed set sharing at least *need* items with the counted word set
    *probe*, whose items' postings (int32 ``(set, count)`` pairs) are in *index*, ascending by set;
    with *sizes* (one int32 per set), only the sets whose Dice coefficient with a probe of *size*
    items is at least *threshold* (``OverlapIndex.similar``)."""
