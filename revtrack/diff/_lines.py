"""The word diff of texts and token sequences around the token core: long texts line by line
first, units (whitespace and a token) back to tokens, and every edit placed at word or sentence
boundaries."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from revtrack._compiled import compiled
from revtrack._gc import paused
from revtrack.diff import _core as core_module
from revtrack.diff._core import (
    _OPS,
    _core,
    _grouped,
    _limits,
    _normalize,
    _prefix_length,
    _suffix_length,
    longest_increasing,
)
from revtrack.diff._types import _DELETE, _EQUAL, _INSERT, Edit, Op, WordDiff
from revtrack.text import LINE_BREAKS, first_token, last_token, split_units, unit_tokens

__all__ = ["diff_texts", "diff_tokens"]


_Piece = tuple[Op, str]
_make_edit = functools.partial(tuple.__new__, Edit)
"""An :class:`Edit` from an ``(op, text)`` pair, made in C (``Edit._make`` is a Python call)."""


@paused
def diff_texts(old: str, new: str) -> WordDiff:
    """Diff two texts word by word; deterministic, exact, no time limit."""
    same = _prefix_length(old, new, len(old))  # the texts are read once, in place
    if same == len(old) == len(new):
        return WordDiff(old, new, (Edit(_EQUAL, old),) if old else ())
    prefix, suffix = _common_affixes(old, new, same)
    end, new_end = len(old) - suffix, len(new) - suffix  # the middles: old[prefix:end], new[prefix:new_end]
    # Of the equal ends, only what lies near the change takes part in placing the edits: the rest
    # (all but a few kilobytes of a long text changed in one place) is joined back at the end, as
    # one slice of *old*, so the cost follows the change and not the text.
    changed = end + new_end - 2 * prefix
    near = changed + _NEAR
    head = _boundary_before(old, prefix - near) if prefix else 0
    tail = _boundary_after(old, end + near) if suffix else len(old)
    pieces: list[_Piece] = []  # (op, text): made into Edit objects as they are joined (_merge)
    if prefix:
        pieces.append((_EQUAL, old[head:prefix]))
    if changed > _LINES_FIRST:  # the middles' lines read in place: a long text is not copied
        _diff_by_lines(_lines(old, prefix, end), _lines(new, prefix, new_end), pieces)
    else:
        _diff_words(old[prefix:end], new[prefix:new_end], pieces)
    if suffix:
        pieces.append((_EQUAL, old[end:tail]))
    placed = _shift_edits(_by_line(_merge(pieces)))
    # Placing reads and moves the near ends only from the change outwards, never as far as their
    # first run: they are still where they began, and the text left out goes back in front.
    if head:  # one slice of *old*, which is *old* itself when the edit is an addition at its end
        assert placed[0][0] is _EQUAL
        placed[0] = Edit(_EQUAL, old[: head + len(placed[0][1])])
    if tail < len(old):
        assert placed[-1][0] is _EQUAL
        placed[-1] = Edit(_EQUAL, old[tail - len(placed[-1][1]) :])
    return WordDiff(old, new, tuple(placed))


_NEAR = 2 * 2_000 + 64
"""How much of the equal ends, past the length of the changed middle, edit placement may read:
a change is widened to whole lines by at most :data:`_REACH` characters on each side, and an
edit is moved by at most its length and 16 characters, then to the end of the token there
(:func:`_placed`)."""


def _boundary_before(text: str, pos: int) -> int:
    """Where the run of whitespace or of non-whitespace before the one at *pos* begins: a token
    boundary whatever the tokenizer makes of the text around it, with a whole run between it and
    *pos*; 0 when that is not near."""
    stop = max(0, pos - _SEEK)
    for _ in range(2):
        while pos > stop and text[pos - 1].isspace() == text[pos].isspace():
            pos -= 1
        if pos <= stop:
            return 0
        pos -= 1
    return pos + 1


def _boundary_after(text: str, pos: int) -> int:
    """Where the run after the one at *pos* ends (as :func:`_boundary_before`, forwards); the
    text's length when that is not near."""
    stop = min(len(text), pos + _SEEK)
    for _ in range(2):
        while pos < stop and text[pos - 1].isspace() == text[pos].isspace():
            pos += 1
        if pos >= stop:
            return len(text)
        pos += 1
    return pos - 1


_SEEK = 512
"""How far :func:`_boundary_before` and :func:`_boundary_after` look (past longer runs of one
kind, the end is taken whole)."""


def _shift_edits(edits: list[Edit]) -> list[Edit]:
    """Move each lone insertion or removal to the best word or sentence boundary.

    The common prefix and suffix are cut by characters, which places an edit
    wherever the texts first differ (``It rained. The [+bridge closed. The +]Red``);
    sliding it token by token puts it where a reader expects it.
    """
    out = list(edits)
    for k in range(1, len(out) - 1):
        left, edit, right = out[k - 1], out[k], out[k + 1]
        if edit[0] is _EQUAL or left[0] is not _EQUAL or right[0] is not _EQUAL:
            continue
        if edit[1][:1] != right[1][:1] and edit[1][-1:] != left[1][-1:]:
            continue  # it cannot slide: no token of its own is on either side of it
        turn = _turn(left[1], edit[1], right[1])  # the usual case, decided without tokenizing
        if turn is None:
            placed = _placed(left[1], edit[1], right[1], edit[0])
        else:
            placed = _turned(left[1], edit[1], right[1], turn)
        out[k - 1] = _make_edit((_EQUAL, placed[0]))
        out[k] = _make_edit((edit[0], placed[1]))
        out[k + 1] = _make_edit((_EQUAL, placed[2]))
    kept = [e for e in out if e[1]]
    # An equal stretch a move emptied leaves two changes side by side: join them.
    return kept if len(kept) == len(out) else _merge(kept)


def _turned(left: str, edit: str, right: str, turn: int) -> tuple[str, str, str]:
    """The texts around and of an edit after :func:`_turn`'s move of *turn* characters."""
    if turn > 0:  # the edit's leading whitespace goes to its end
        return left + right[:turn], edit[turn:] + right[:turn], right[turn:]
    if turn < 0:  # its trailing whitespace goes to its start
        ws = edit[turn:]
        return left[:turn], ws + edit[:turn], ws + right
    return left, edit, right


def _placed(left: str, edit: str, right: str, op: Op) -> tuple[str, str, str]:
    """The full search: *edit* (an insertion or removal between *left* and *right*) moved token
    by token to the best place it can take; the texts around and of it afterwards."""
    # Only the ends of the equal stretches matter; cut them where a token surely starts or ends.
    reach = len(edit) + 16
    lt = _tail_tokens(left, reach)
    rt = _head_tokens(right, reach)
    et = unit_tokens(split_units(edit))
    seq = [*lt, *et, *rt]
    other = [*lt, *rt]
    a, b = (other, seq) if op is _INSERT else (seq, other)
    runs = _shift_to_boundaries([(_EQUAL, len(lt)), (op, len(et)), (_EQUAL, len(rt))], a, b)
    shift = runs[0][1] - len(lt)
    if not shift:
        return left, edit, right
    cut = len(lt) + shift
    moved = "".join(seq[cut : cut + len(et)])
    if shift < 0:
        taken = "".join(lt[shift:])
        return left[: len(left) - len(taken)], moved, taken + right
    given = "".join(rt[:shift])
    return left + given, moved, right[len(given) :]


def _turn(left: str, edit: str, right: str) -> int | None:
    """Where the lone edit in ``left[edit]right`` reads best when it can move by one whitespace
    token at most: whitespace then words, *right* beginning with that whitespace (returns 0 to
    stay or the whitespace's length to move it right: `` [+big +]cat`` rather than
    ``[+ big+] cat``); or words then whitespace, *left* ending with it (0, or minus its length to
    move left). Ties go right, as in :func:`_shift_to_boundaries`. None for every other shape,
    and when the edit could move further: those take the full search."""
    if edit[0].isspace() and not edit[-1].isspace() and not left[-1:].isspace():
        return _turn_right(left, edit, right)
    if edit[-1].isspace() and not edit[0].isspace() and left[-1:].isspace():
        return _turn_left(left, edit, right)
    return None


def _turn_right(left: str, edit: str, right: str) -> int | None:
    if edit[-1:] == left[-1:] and last_token(edit) == last_token(left):
        return None  # it might move left
    words = edit.lstrip()
    k = len(edit) - len(words)
    ws = edit[:k]
    # Only the ends of *left* and *right* are read (they may be long): never copied whole.
    if not right.startswith(ws) or (k < len(right) and right[k].isspace()):
        return 0  # the whitespace differs: the edit cannot move
    if k < len(right) and right[k] == words[0] and first_token(right, k) == first_token(words):
        return None  # it might move further
    stay = _boundary_score(left[-4:], edit[:4]) + _boundary_score(edit[-4:], right[:4])
    turn = _boundary_score((left[-4:] + ws)[-4:], words[:4]) + _boundary_score(
        (edit + ws)[-4:], right[k : k + 4]
    )
    return k if turn >= stay else 0


def _turn_left(left: str, edit: str, right: str) -> int | None:
    if right[:1] == edit[:1] and first_token(right) == first_token(edit):
        return None  # it might move right
    words = edit.rstrip()
    k = len(edit) - len(words)
    ws = edit[len(words) :]
    rest = len(left) - k  # where *left* ends once the whitespace has moved
    if not left.endswith(ws) or (rest > 0 and left[rest - 1].isspace()):
        return 0  # the whitespace differs: the edit cannot move
    if rest > 0 and left[rest - 1] == words[-1] and last_token(left, rest) == last_token(words):
        return None  # it might move further
    stay = _boundary_score(left[-4:], edit[:4]) + _boundary_score(edit[-4:], right[:4])
    turned = ws + words
    turn = _boundary_score(left[max(0, rest - 4) : rest], turned[:4]) + _boundary_score(
        turned[-4:], (ws + right[:4])[:4]
    )
    return -k if turn > stay else 0


def _tail_tokens(text: str, reach: int) -> list[str]:
    start = max(0, len(text) - reach)
    while 0 < start < len(text) and text[start - 1].isspace() == text[start].isspace():
        start -= 1
    return unit_tokens(split_units(text[start:]))


def _head_tokens(text: str, reach: int) -> list[str]:
    end = min(len(text), reach)
    while 0 < end < len(text) and text[end - 1].isspace() == text[end].isspace():
        end += 1
    return unit_tokens(split_units(text[:end]))


_LINES_FIRST = 20_000
"""Longer stretches are diffed line by line first, and word by word only where lines changed
(as git's word diff does): unchanged paragraphs are never tokenized."""
_LINE = re.compile(r"(?:[^\S\n]*\n)?[^\S\n]*\S[^\n]*\n?|[^\S\n]*\n|[^\S\n]+")
"""A line, with the blank line before it when there is one (a line of whitespace alone)."""


_compiled_lines = compiled("lines")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The lines of ``text[start:end]``; a blank line rides with the line after it, as whitespace does
    with words (:data:`_LINE`, found in C when the core is compiled: ``revtrack._speedups.lines``)."""
    end = len(text) if end is None else end
    if _compiled_lines is not None and core_module._compiled is not None:
        return _compiled_lines(text, start, end)  # type: ignore[no-any-return]
    return _LINE.findall(text, start, end)  # the pattern looks neither behind nor at the ends: as a slice


def _diff_words(a_text: str, b_text: str, edits: list[_Piece]) -> None:
    if not a_text or not b_text:  # a pure insertion or removal (the commonest correction): nothing to split
        if a_text or b_text:
            edits.append((_DELETE, a_text) if a_text else (_INSERT, b_text))
        return
    # Units are matched by their token alone: a word whose spacing changed (a re-wrapped line,
    # CRLF for LF) is kept, and only its whitespace reads as changed.
    if not _word_pieces(split_units(a_text), split_units(b_text), edits):
        # More distinct units than codes: whole lines instead.
        ua, ub = _lines(a_text), _lines(b_text)
        runs = _core(ua, ub, semantic=False) or [(_DELETE, len(ua)), (_INSERT, len(ub))]
        _write_runs(_shift_to_boundaries(runs, ua, ub), ua, ub, edits, lines=True)


_compiled_words = compiled("words")


def _word_pieces(ua: list[str], ub: list[str], edits: list[_Piece]) -> bool:
    """:func:`_word_pieces_py`, compiled when the core is (``revtrack._speedups.words``)."""
    if _compiled_words is not None and core_module._compiled is not None:
        return bool(_compiled_words(ua, ub, _limits(), _OPS, edits))
    return _word_pieces_py(ua, ub, edits)


def _word_pieces_py(ua: list[str], ub: list[str], edits: list[_Piece]) -> bool:
    """Units *ua* replaced by units *ub*, diffed by the core (units matched by their token), each
    edit placed at its best boundary, written to *edits*; False, and nothing written, when they
    hold more distinct units than the core has codes."""
    runs = _core(ua, ub, semantic=True, strip=True)
    if runs is None:
        return False
    _write_runs(_shift_to_boundaries(runs, ua, ub), ua, ub, edits, lines=False)
    return True


def _write_runs(
    runs: list[tuple[Op, int]], ua: list[str], ub: list[str], edits: list[_Piece], *, lines: bool
) -> None:
    """Runs of units (or, with *lines*, of whole lines) as ``(op, text)`` edits: a replacement
    keeps the tokens both sides begin and end with, and equal units spaced differently show only
    their whitespace as changed."""
    ia = ib = 0
    same: list[str] = []  # equal text not yet written: joined once, before the next change
    gone: list[str] | None = None  # the units of a removal waiting for the insertion after it
    for op, n in runs:
        if op is _EQUAL:
            if gone is not None:
                if same:
                    edits.append((_EQUAL, "".join(same)))
                    same = []
                edits.append((_DELETE, "".join(gone)))
                gone = None
            kept = "".join(ua[ia : ia + n])
            if lines or kept == "".join(ub[ib : ib + n]):
                same.append(kept)
            else:  # the same tokens, spaced differently
                same = _respaced(ua[ia : ia + n], ub[ib : ib + n], same, edits)
            ia += n
            ib += n
        elif op is _DELETE:
            gone = ua[ia : ia + n]
            ia += n
        else:
            came = ub[ib : ib + n]
            ib += n
            if gone is None:
                if same:
                    edits.append((_EQUAL, "".join(same)))
                    same = []
                edits.append((_INSERT, "".join(came)))
                continue
            if lines:
                head, removed, added, tail = _replace(split_units("".join(gone)), split_units("".join(came)))
            else:
                head, removed, added, tail = _replace(gone, came)
            gone = None
            if head:
                same.append(head)
            if same:
                edits.append((_EQUAL, "".join(same)))
            edits.append((_DELETE, removed))
            edits.append((_INSERT, added))
            same = [tail] if tail else []
    if same:
        edits.append((_EQUAL, "".join(same)))
    if gone is not None:
        edits.append((_DELETE, "".join(gone)))


def _by_line(pieces: list[Edit]) -> list[Edit]:
    """Each removal-and-insertion that straddles a line break diffed again line by line, so that
    no change straddles a line both texts keep: when both hold as many line breaks, line by line
    in order (:func:`_line_pairs`); else around the lines they share (:func:`_kept_lines`).

    The semantic cleanup merges a change in one paragraph with a change in the next across
    the short equal text between them, and both paragraphs then read as one rewritten block;
    or rows inserted between rows of a table with the rows between them.
    """
    out: list[_Piece] = []
    work: list[_Piece] = list(pieces)  # _kept_lines may take the start of an equal piece
    k = 0
    split = False
    while k < len(work):
        op, text = work[k]
        if (
            op is _DELETE
            and k + 1 < len(work)
            and work[k + 1][0] is _INSERT
            and (_BREAK.search(text) or _BREAK.search(work[k + 1][1]))  # else neither applies (most changes)
        ):
            parts = _line_pairs(text, work[k + 1][1])
            if parts is not None:
                for x, y in parts:
                    _diff_words(x, y, out)
                split = True
                k += 2
                continue
            if _kept_lines(out, work, k):
                split = True
                k += 2
                continue
        out.append(work[k])
        k += 1
    return _merge(out) if split else pieces  # nothing split: nothing changed


_BREAK = re.compile(f"[{LINE_BREAKS}]")


def _kept_lines(out: list[_Piece], pieces: list[_Piece], k: int) -> bool:
    """The removal ``pieces[k]`` and the insertion after it, when they hold the same lines (rows
    of a table between which new rows came): those lines kept, what lies between them diffed
    word by word, written to *out*. False, and nothing changed, when they share no line that
    holds more than whitespace.

    The change is first widened to whole lines, with the text of the line it begins in (the
    end of ``out``) and of the line it ends in (the start of ``pieces[k + 2]``), so that lines
    are compared whole. The semantic cleanup sees only how long the kept stretches are; between
    inserted lines they can be shorter than the insertions, and are then shown as removed and
    added again.
    """
    gone, came = pieces[k][1], pieces[k + 1][1]
    if not (_BREAK.search(gone) or _BREAK.search(came)):
        return False
    before = out[-1][1] if out and out[-1][0] is _EQUAL else ""
    after = pieces[k + 2][1] if k + 2 < len(pieces) and pieces[k + 2][0] is _EQUAL else ""
    head = before[_line_start(before) :]
    tail = after[: _line_end(after)]
    ua, ub = _line_units(head + gone + tail), _line_units(head + came + tail)
    # Lines are matched by what they hold, without the line break before them.
    runs = _core(ua, ub, semantic=False, strip=True)
    if runs is None or not _holds_kept_words(runs, ua):
        return False
    if head:
        out[-1] = (_EQUAL, before[: len(before) - len(head)])
    if tail:
        pieces[k + 2] = (_EQUAL, after[len(tail) :])
    ia = ib = 0  # where runs[k] starts
    a0 = b0 = 0  # where the stretch not yet written starts
    for op, n in runs:
        if op is _EQUAL:
            _diff_words("".join(ua[a0:ia]), "".join(ub[b0:ib]), out)
            kept_a, kept_b = "".join(ua[ia : ia + n]), "".join(ub[ib : ib + n])
            if kept_a == kept_b:
                out.append((_EQUAL, kept_a))
            else:  # the same lines after other whitespace
                _diff_words(kept_a, kept_b, out)
            ia += n
            ib += n
            a0, b0 = ia, ib
        elif op is _DELETE:
            ia += n
        else:
            ib += n
    _diff_words("".join(ua[a0:]), "".join(ub[b0:]), out)
    return True


def _line_start(text: str) -> int:
    """Where the last line of *text* begins: after its last line break; 0 when it has none, or
    its length when that line is longer than :data:`_REACH` (the change is then not widened)."""
    last = None
    for found in _BREAK.finditer(text, max(0, len(text) - _REACH)):
        last = found
    if last is None:
        return 0 if len(text) <= _REACH else len(text)
    return last.end()


def _line_end(text: str) -> int:
    """Where the first line of *text* ends: at its first line break; its length when it has none,
    or 0 when that line is longer than :data:`_REACH`."""
    found = _BREAK.search(text, 0, _REACH)
    if found is None:
        return len(text) if len(text) <= _REACH else 0
    return found.start()


_REACH = 2_000
"""How far a change is widened to whole lines at most (a longer partial line is left out)."""


def _line_units(text: str) -> list[str]:
    """*text* as lines, each with the whitespace (holding a line break) before it."""
    pieces = _lines_and_breaks(text)
    units = [pieces[k - 1] + pieces[k] for k in range(2, len(pieces), 2)]
    if pieces[0]:
        units.insert(0, pieces[0])
    elif units:
        units[0] = pieces[0] + units[0]
    return units


def _holds_kept_words(runs: list[tuple[Op, int]], units: list[str]) -> bool:
    """Whether the equal runs of a line diff keep a line that is more than whitespace (blank
    lines alone are no reason to cut a change)."""
    i = 0
    for op, n in runs:
        if op is _EQUAL and any(not unit.isspace() for unit in units[i : i + n]):
            return True
        if op is not _INSERT:
            i += n
    return False


def _line_pairs(gone: str, came: str) -> list[tuple[str, str]] | None:
    """A removal and the insertion that replaces it cut at their line breaks, piece by piece
    (line, whitespace with line breaks, line, …), when both hold as many such runs; else None."""
    if not (_BREAK.search(gone) and _BREAK.search(came)):
        return None
    a, b = _lines_and_breaks(gone), _lines_and_breaks(came)
    if len(a) != len(b):
        return None
    return list(zip(a, b, strict=True))


def _lines_and_breaks(text: str) -> list[str]:
    """*text* cut around each run of whitespace that holds a line break: ``[line, run, …, line]``."""
    out: list[str] = []
    start = end = 0
    for m in _BREAK.finditer(text):  # a regex finds the few line breaks fastest
        if m.start() < end:
            continue  # in the run just cut
        begin, end = m.start(), m.end()
        while begin > start and text[begin - 1].isspace():
            begin -= 1
        while end < len(text) and text[end].isspace():
            end += 1
        out.append(text[start:begin])
        out.append(text[begin:end])
        start = end
    out.append(text[start:])
    return out


def _respaced(old: list[str], new: list[str], same: list[str], edits: list[_Piece]) -> list[str]:
    """Units that hold the same tokens after different whitespace: each whitespace change a
    removal and an insertion of its own, the tokens kept. Returns the equal text not yet written."""
    for x, y in zip(old, new, strict=True):
        if x == y:
            same.append(x)
            continue
        token = x.lstrip()
        space_x, space_y = x[: len(x) - len(token)], y[: len(y) - len(token)]
        # What both spacings begin and end with stays: "\r\n" for "\n" is one "\r" removed.
        head, tail = _shared_ends(space_x, space_y)
        same.append(space_x[:head])
        edits.append((_EQUAL, "".join(same)))
        edits.append((_DELETE, space_x[head : len(space_x) - tail]))
        edits.append((_INSERT, space_y[head : len(space_y) - tail]))
        same = [space_x[len(space_x) - tail :], token]
    return same


def _replace(gone: list[str], came: list[str]) -> tuple[str, str, str, str]:
    """Units *gone* replaced by units *came*: the tokens both begin with, what was removed and
    added between, and the tokens both end with (`` [-attack-]{+attacks+}``, not
    ``[- attack-]{+ attacks+}``)."""
    if len(gone) == 1 == len(came):  # one word for another, the usual case
        x, y = gone[0], came[0]
        bx, by = x.lstrip(), y.lstrip()
        space = x[: len(x) - len(bx)]
        if bx and by and space and space == y[: len(y) - len(by)]:
            return space, bx, by, ""
    a, b = unit_tokens(gone), unit_tokens(came)
    head, tail = _shared_ends(a, b)
    return (
        "".join(a[:head]),
        "".join(a[head : len(a) - tail]),
        "".join(b[head : len(b) - tail]),
        "".join(a[len(a) - tail :]),
    )


def _shared_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """How many tokens *a* and *b* share at their start, and then at their end."""
    most = min(len(a), len(b))
    head = 0
    while head < most and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < most - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _diff_changed_lines(gone: list[str], came: list[str], edits: list[_Piece]) -> None:
    """Words inside a stretch of changed lines.

    Lines that share at least half their words (a corrected paragraph) are
    paired, in order, and each pair is trimmed of what it shares before its
    middle is tokenized, so most words are never tokenized; what pairs with
    nothing (new, deleted or moved paragraphs) is diffed as one stretch.
    First every line is tried against the one in its place (paragraphs corrected
    in place, the common case: :func:`_changed_in_place`), then the full search
    (:func:`_paired_lines`).
    """
    if len(gone) == len(came) and _changed_in_place(gone, came, edits):
        return
    pairs = _paired_lines(gone, came)
    i0 = j0 = 0
    for i, j, prefix, suffix in pairs:
        if i > i0 or j > j0:
            _diff_words("".join(gone[i0:i]), "".join(came[j0:j]), edits)
        _pair_words(gone[i], came[j], prefix, suffix, edits)
        i0, j0 = i + 1, j + 1
    if i0 < len(gone) or j0 < len(came):
        _diff_words("".join(gone[i0:]), "".join(came[j0:]), edits)


def _pair_words(old: str, new: str, prefix: int, suffix: int, edits: list[_Piece]) -> None:
    """Paired lines *old* and *new* written: their common start, the words of their middles, their
    common end."""
    if prefix:
        edits.append((_EQUAL, old[:prefix]))
    _diff_words(old[prefix : len(old) - suffix], new[prefix : len(new) - suffix], edits)
    if suffix:
        edits.append((_EQUAL, old[len(old) - suffix :]))


_compiled_changed_in_place = compiled("changed_in_place")


def _changed_in_place(gone: list[str], came: list[str], edits: list[_Piece]) -> bool:
    """:func:`_changed_in_place_py`, compiled when the core is (``revtrack._speedups.changed_in_place``:
    one call for the stretch, not a few per line)."""
    if _compiled_changed_in_place is not None and core_module._compiled is not None:
        return bool(_compiled_changed_in_place(gone, came, split_units, _diff_words, _limits(), _OPS, edits))
    return _changed_in_place_py(gone, came, edits)


def _changed_in_place_py(gone: list[str], came: list[str], edits: list[_Piece]) -> bool:
    """Each old line and the new one in its place written as a pair (:func:`_pair_words`), when every
    such pair is alike (:func:`_in_place`); else False, and nothing written."""
    pairs = _in_place(gone, came)
    if pairs is None:
        return False
    for i, j, prefix, suffix in pairs:
        _pair_words(gone[i], came[j], prefix, suffix, edits)
    return True


def _paired_lines(gone: list[str], came: list[str]) -> list[tuple[int, int, int, int]]:
    """``(i, j, prefix, suffix)`` for old and new lines ``gone[i]``, ``came[j]`` that share at
    least half their words, one-to-one and in order, with their common prefix and suffix.

    Candidates are lines that begin or end with the same few words (a corrected paragraph nearly
    always keeps its opening or its close); lines left without a partner are looked up again by
    their longest words (names and places, mostly: rare, and kept through most rewordings).
    Each lookup is a dictionary probe, where comparing every line with every line would
    cost their product.
    """
    sets_a = [set(line.split()) for line in gone]
    sets_b = [set(line.split()) for line in came]
    candidates = _candidates(gone, came, sets_a, sets_b, range(len(gone)), range(len(came)), _ends)
    chosen = _best_pairs(candidates)
    paired_a = {i for i, _ in chosen}
    paired_b = {j for _, j in chosen}
    rest_a = [i for i in range(len(gone)) if i not in paired_a]
    rest_b = [j for j in range(len(came)) if j not in paired_b]
    if rest_a and rest_b:
        candidates += _candidates(gone, came, sets_a, sets_b, rest_a, rest_b, _longest_words)
        chosen = _best_pairs(candidates)
    return [
        (i, j, *_common_affixes(gone[i], came[j]))
        for i, j in (chosen[k] for k in longest_increasing([j for _, j in chosen]))
    ]


_compiled_in_place = compiled("in_place")


def _in_place(gone: list[str], came: list[str]) -> list[tuple[int, int, int, int]] | None:
    """:func:`_in_place_py`, compiled when the core is (``revtrack._speedups.in_place``)."""
    if _compiled_in_place is not None and core_module._compiled is not None:
        return _compiled_in_place(gone, came)  # type: ignore[no-any-return]
    return _in_place_py(gone, came)


def _in_place_py(gone: list[str], came: list[str]) -> list[tuple[int, int, int, int]] | None:
    """``(k, k, prefix, suffix)`` for each old and new line in the same place, with their common
    ends (:func:`_common_affixes`), when every pair is alike (:func:`_alike_py`); else None.

    Each pair's words are counted from its common ends and the parts between: both cuts of
    :func:`_common_affixes` fall between words, so the words of the ends are common to both
    lines without comparing them."""
    out = []
    for k, (a, b) in enumerate(zip(gone, came, strict=True)):
        p, s = _common_affixes(a, b)
        if not _alike_py(a, b, p, s):
            return None
        out.append((k, k, p, s))
    return out


def _alike_py(a: str, b: str, p: int, s: int) -> bool:
    """Whether lines *a* and *b*, which begin with *p* and end with *s* characters alike (cut
    between words, :func:`_common_affixes`), share at least half their words (as sets).

    The words of the common ends are common to both; with ``x`` and ``y`` the words of the
    middles, and ``c`` those of the ends, that is ``2 |(x & y) - c| + |c| >= |(x | y) - c|``.
    It holds at once when the ends have at least as many distinct words as the middles, which
    the first few words of an end usually show: most of a corrected paragraph is kept, and the
    ends are not split whole.
    """
    x = set(a[p : len(a) - s].split())
    y = set(b[p : len(b) - s].split())
    changed = len(x | y)
    if p:
        first = 2 * changed + 2
        if len(set(a[:p].split(None, first)[:first])) >= changed:  # (split leaves the rest as one item)
            return True
    common = set(a[:p].split())
    common.update(a[len(a) - s :].split())
    return 2 * len((x & y) - common) + len(common) >= len((x | y) - common)


def _candidates(
    gone: list[str],
    came: list[str],
    words_a: list[set[str]],
    words_b: list[set[str]],
    rows: Iterable[int],
    columns: Iterable[int],
    keys: Callable[[str], list[str]],
) -> list[tuple[float, int, int]]:
    """``(-similarity, i, j)`` for lines ``gone[i]``, ``came[j]`` that share a key and half their
    words (*words_a*, *words_b*: each line's set of words)."""
    index: dict[str, list[int]] = {}
    for j in columns:
        for key in keys(came[j]):
            index.setdefault(key, []).append(j)
    out = []
    for i in rows:
        # A key many lines share says nothing about which of them pair.
        found = {j for key in keys(gone[i]) if len(js := index.get(key, ())) <= _COMMON for j in js}
        if not found:
            continue
        wa = words_a[i]
        for j in sorted(found):
            wb = words_b[j]
            n = len(wa & wb)
            union = len(wa) + len(wb) - n
            if n and 2 * n >= union:
                out.append((-n / union, i, j))
    return out


def _best_pairs(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """Most similar first, each line used once; in order of the old lines."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for _, i, j in sorted(set(candidates)):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            chosen.append((i, j))
    chosen.sort()
    return chosen


def _ends(line: str) -> list[str]:
    """A line's first and last few words."""
    head = line.split(maxsplit=_ENDS)[:_ENDS]
    tail = line.rsplit(maxsplit=_ENDS)[-_ENDS:]
    return ["^ " + " ".join(head), " ".join(tail) + " $"]


def _longest_words(line: str) -> list[str]:
    """A line's longest words; equally long ones in order of appearance (a stable sort)."""
    return sorted(dict.fromkeys(line.split()), key=len, reverse=True)[:_LONGEST]


_ENDS = 3
"""How many words at each end of a line make one key."""
_LONGEST = 4
"""How many of a line's longest words are keys."""
_COMMON = 4
"""Keys more lines than this share are not looked up."""


def _diff_by_lines(la: list[str], lb: list[str], edits: list[_Piece]) -> None:
    """The lines *la* replaced by *lb*: lines diffed first, words only inside changed lines.

    A line break is whitespace: cutting at line ends never splits a word (only, at worst, a run of
    spaces)."""
    runs = _core(la, lb, semantic=False) or [(_DELETE, len(la)), (_INSERT, len(lb))]
    ia = ib = 0
    gone: list[str] = []
    came: list[str] = []
    for op, count in runs:
        if op is _EQUAL:
            if gone or came:
                _diff_changed_lines(gone, came, edits)
                gone, came = [], []
            edits.append((_EQUAL, "".join(la[ia : ia + count])))
            ia += count
            ib += count
        elif op is _DELETE:
            gone.extend(la[ia : ia + count])
            ia += count
        else:
            came.extend(lb[ib : ib + count])
            ib += count
    if gone or came:
        _diff_changed_lines(gone, came, edits)


def _common_affixes(old: str, new: str, same: int | None = None) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, cut where a token boundary is sure (*same*: the
    common prefix's length, when the caller has it).

    A change from space to non-space (or back) is a token boundary whatever
    surrounds it, so both cuts are moved back to such a place inside the
    common part; tokenizing the middle then gives the same tokens as
    tokenizing the whole texts.
    """
    n = min(len(old), len(new))
    p = _prefix_length(old, new, n) if same is None else same
    p -= 1
    while p > 0 and old[p - 1].isspace() == old[p].isspace():
        p -= 1
    p = max(p, 0)
    s = _suffix_length(old, new, n - p)
    s -= 1
    while s > 0 and old[-s - 1].isspace() == old[-s].isspace():
        s -= 1
    return p, max(s, 0)


def _merge(pieces: Sequence[_Piece]) -> list[Edit]:
    """Drop empty pieces; between two equal stretches, one removal then one insertion, which give
    the tokens they both begin or end with to the equal text around them; as :class:`Edit` objects.

    Pieces made apart can share such tokens: a word removed just before a change of spacing
    (``[-\\nBabiko -]{+\\n+}`` is ``\\n[-Babiko -]``).
    """
    if _compiled_merge is not None and core_module._compiled is not None:
        return _compiled_merge(pieces, _OPS, Edit, _flush)  # type: ignore[no-any-return]
    return _merge_py(pieces)


def _merge_py(pieces: Sequence[_Piece]) -> list[Edit]:
    """:func:`_merge` in Python (``revtrack._speedups.merge`` is its twin)."""
    return list(map(_make_edit, _grouped(pieces, _DELETE, _EQUAL, _INSERT, write=_flush)))


_compiled_merge = compiled("merge")


def _flush(out: list[_Piece], gone: str, came: str) -> list[str]:
    """Write a removal and an insertion (either may be empty) after the equal text in *out*;
    returns the start of the equal text after them (what both end with)."""
    if gone and came and (gone[0] == came[0] or gone[-1] == came[-1]):
        a, b = unit_tokens(split_units(gone)), unit_tokens(split_units(came))
        head, tail = _shared_ends(a, b)
        if head or tail:
            h = sum(map(len, a[:head]))
            t = len(gone) - sum(map(len, a[len(a) - tail :]))
            if h:
                if out and out[-1][0] is _EQUAL:
                    out[-1] = (_EQUAL, out[-1][1] + gone[:h])
                else:
                    out.append((_EQUAL, gone[:h]))
            if h < t:
                out.append((_DELETE, gone[h:t]))
            if h < len(came) - (len(gone) - t):
                out.append((_INSERT, came[h : len(came) - (len(gone) - t)]))
            return [gone[t:]] if t < len(gone) else []
    if gone:
        out.append((_DELETE, gone))
    if came:
        out.append((_INSERT, came))
    return []


def diff_tokens(a: Sequence[str], b: Sequence[str], *, semantic: bool = True) -> list[tuple[Op, int]]:
    """Diff two token sequences; returns ``(op, token count)`` runs in order.

    Runs are never empty, never two of one kind in a row, and a removal comes
    before the insertion that replaces it. *semantic* merges small equalities
    into the changes around them, which reads better; without it every common
    token is kept, which is what word attribution wants.
    """
    if _compiled_token_runs is not None:
        runs = _compiled_token_runs(a, b, semantic, _limits(), _OPS)
        if runs is not None:
            return runs
    return _diff_runs_py(a, b, semantic=semantic)


def kept_stretches(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[int, int, int]]:
    """``(i, j, count)``: ``old[i : i + count]`` kept as ``new[j : j + count]``, every common token
    kept (:func:`diff_tokens` without semantic cleanup), in order."""
    i = j = 0
    for op, count in diff_tokens(old, new, semantic=False):
        if op is Op.EQUAL:
            yield i, j, count
            i += count
            j += count
        elif op is Op.DELETE:
            i += count
        else:
            j += count


_compiled_token_runs: (
    Callable[
        [Sequence[str], Sequence[str], bool, tuple[int, ...], tuple[Op, Op, Op]], list[tuple[Op, int]] | None
    ]
    | None
) = compiled("token_runs")
"""``revtrack._speedups.token_runs``: :func:`_diff_runs_py` compiled for tokens none of which is
whitespace (a sentence's words, as attribution aligns them); None sends the rest to Python."""


def _diff_runs_py(a: Sequence[str], b: Sequence[str], *, semantic: bool) -> list[tuple[Op, int]]:
    if not a and not b:
        return []
    if not a:
        return [(_INSERT, len(b))]
    if not b:
        return [(_DELETE, len(a))]
    ua, sa = _units(a)
    ub, sb = _units(b)
    runs = _core(ua, ub, semantic=semantic)
    if runs is None:
        return _coarse(a, b)
    return _normalize(_shift_to_boundaries(_normalize(_unfold(runs, sa, sb, a, b)), a, b))


def _units(tokens: Sequence[str]) -> tuple[list[str], list[int]]:
    """Tokens grouped as whitespace with the word (or mark) after it; and each group's size."""
    if not any(map(str.isspace, tokens)):  # no whitespace (a sentence's words, as attribution aligns them)
        return list(tokens), [1] * len(tokens)
    units: list[str] = []
    sizes: list[int] = []
    for tok in tokens:
        if units and not tok.isspace() and units[-1].isspace():
            units[-1] += tok
            sizes[-1] += 1
        else:
            units.append(tok)
            sizes.append(1)
    return units, sizes


def _unfold(
    runs: list[tuple[Op, int]], sa: list[int], sb: list[int], a: Sequence[str], b: Sequence[str]
) -> list[tuple[Op, int]]:
    """Unit runs back to token runs. Tokens a change begins or ends with on both sides go to the
    equal stretches around it: `` [-attack-]{+attacks+}``, not ``[- attack-]{+ attacks+}``."""
    out: list[tuple[Op, int]] = []
    ia = ib = 0  # unit positions
    ta = tb = 0  # token positions
    k = 0
    while k < len(runs):
        op, n = runs[k]
        if op is _EQUAL:
            size = sum(sa[ia : ia + n])
            out.append((_EQUAL, size))
            ia += n
            ib += n
            ta += size
            tb += size
            k += 1
            continue
        dels = ins = 0
        while k < len(runs) and runs[k][0] is not _EQUAL:
            op, n = runs[k]
            if op is _DELETE:
                dels += sum(sa[ia : ia + n])
                ia += n
            else:
                ins += sum(sb[ib : ib + n])
                ib += n
            k += 1
        # Tokens both sides of the change begin or end with are not part of it.
        head, tail = _shared_ends(a[ta : ta + dels], b[tb : tb + ins])
        out.append((_EQUAL, head))
        out.append((_DELETE, dels - head - tail))
        out.append((_INSERT, ins - head - tail))
        out.append((_EQUAL, tail))
        ta += dels
        tb += ins
    return out


def _coarse(a: Sequence[str], b: Sequence[str]) -> list[tuple[Op, int]]:
    """More distinct tokens than codes: whole lines (and if even those are too many, everything) changed."""
    lines_a, lines_b = _token_lines(a), _token_lines(b)
    runs: list[tuple[Op, int]] = []
    ia = ib = 0
    whole = [(_DELETE, len(lines_a)), (_INSERT, len(lines_b))]
    for op, count in (
        _core(["".join(x) for x in lines_a], ["".join(x) for x in lines_b], semantic=False) or whole
    ):
        n_a = sum(len(x) for x in lines_a[ia : ia + count]) if op is not _INSERT else 0
        n_b = sum(len(x) for x in lines_b[ib : ib + count]) if op is not _DELETE else 0
        if op is _EQUAL:
            runs.append((_EQUAL, n_a))
        elif op is _DELETE:
            runs.append((_DELETE, n_a))
        else:
            runs.append((_INSERT, n_b))
        ia += count if op is not _INSERT else 0
        ib += count if op is not _DELETE else 0
    return _normalize(runs)


def _token_lines(tokens: Sequence[str]) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    for tok in tokens:
        lines[-1].append(tok)
        if "\n" in tok:
            lines.append([])
    return [line for line in lines if line]


def _boundary_score(before: str, after: str) -> int:
    """How good a place the point between *before* and *after* is for an edit to begin or end.

    diff-match-patch's semantic score, read on the real text: 6 at an end of
    the text, 5 at a blank line, 4 at a line break, 3 at the end of a sentence,
    2 at whitespace, 1 at other punctuation, 0 inside a word.
    """
    if not before or not after:
        return 6
    c1, c2 = before[-1], after[0]
    if c1 in "\r\n" or c2 in "\r\n":
        return 5 if before.endswith(("\n\n", "\n\r\n")) or after.startswith(("\n\n", "\r\n\r\n")) else 4
    if c2.isspace():
        return 2 if c1.isspace() or c1.isalnum() else 3
    if c1.isspace():
        return 2
    return 0 if c1.isalnum() and c2.isalnum() else 1


def _shift_to_boundaries(
    runs: list[tuple[Op, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[Op, int]]:
    """Slide each lone insertion or removal between two equal stretches to the best boundary.

    ``the cat [+sat. The cat+] sat`` and ``the cat sat[+. The cat sat+]`` are the
    same edit; the one that begins and ends at sentence or word boundaries reads
    best. Shifts go token by token, so no token is ever cut.
    """
    runs = list(runs)
    pa = pb = 0  # where runs[k] starts in a and in b
    for k in range(len(runs)):
        op, n = runs[k]
        lone = 0 < k < len(runs) - 1 and runs[k - 1][0] is _EQUAL and runs[k + 1][0] is _EQUAL
        if op is not _EQUAL and lone:
            seq, start = (b, pb) if op is _INSERT else (a, pa)
            left, right = runs[k - 1][1], runs[k + 1][1]
            # The edit is seq[start:start+n] between equal stretches of *left* and *right*
            # tokens. Slide it left as far as it goes, then try every place to the right.
            pos = start
            while pos > start - left and seq[pos - 1] == seq[pos - 1 + n]:
                pos -= 1
            if pos == start and (right == 0 or seq[pos] != seq[pos + n]):
                pass  # it cannot move: nothing to score (the usual case)
            else:
                shift = _best_place(seq, pos, start, n, right) - start
                if shift:
                    runs[k - 1] = (_EQUAL, left + shift)
                    runs[k + 1] = (_EQUAL, right - shift)
                    pa += shift
                    pb += shift
        if op is not _INSERT:
            pa += n
        if op is not _DELETE:
            pb += n
    return runs


def _best_place(seq: Sequence[str], pos: int, start: int, n: int, right: int) -> int:
    """Where the edit ``seq[start:start + n]``, slid left as far as *pos*, reads best, trying
    every place up to *right* tokens to the right of where it is."""
    best, best_score = start, -1
    while True:
        score = _boundary_score("".join(seq[max(0, pos - 2) : pos]), "".join(seq[pos : pos + 2]))
        score += _boundary_score(
            "".join(seq[max(0, pos + n - 2) : pos + n]), "".join(seq[pos + n : pos + n + 2])
        )
        if score >= best_score:  # ties go right: trailing rather than leading spaces
            best, best_score = pos, score
        if pos + n >= start + n + right or seq[pos] != seq[pos + n]:
            break
        pos += 1
    return best
