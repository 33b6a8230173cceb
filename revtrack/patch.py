"""Patches: diff-match-patch's ``patch_toText`` format, applied exactly or not at all.

diff-match-patch's own ``patch_apply`` is fuzzy: it finds the closest match
and reports success per hunk. A story's history must be exact, so each hunk
is applied only where its text stands, byte for byte.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Sequence
from typing import NamedTuple

from revtrack._compiled import compiled
from revtrack.errors import RevtrackError

__all__ = ["PatchError", "apply_patch", "make_patch", "patch_from_diffs"]


class PatchError(RevtrackError, ValueError):
    """A patch is malformed or does not apply exactly (the story layer names the update)."""


_HEADER = re.compile(r"@@ -(\d+),?(\d*) \+(\d+),?(\d*) @@")
"""A hunk header, exactly as diff-match-patch's ``patch_fromText`` reads it (``\\d`` included:
it takes any decimal digit, as ``int()`` does)."""


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
"""A '%' not starting a %-escape: ``patch_toText`` writes '%' itself as ``%25``."""


class _Hunk(NamedTuple):
    """One hunk of a patch, as diff-match-patch's ``patch_fromText`` reads it (a named tuple:
    a patch of a long text has tens of thousands)."""

    start1: int
    length1: int
    start2: int
    length2: int
    before: str
    """The text the hunk takes: its context and what it deletes."""
    after: str
    """The text it gives: its context and what it inserts."""

    @property
    def header(self) -> str:
        """The hunk's ``@@ -a,b +c,d @@`` line, as ``patch_toText`` writes it."""
        return f"@@ -{_coords(self.start1, self.length1)} +{_coords(self.start2, self.length2)} @@"


def _read_patch(patch_text: str) -> list[_Hunk]:
    """The hunks of a ``patch_toText`` text, read as diff-match-patch's ``patch_fromText`` reads
    them, in one pass; what it would misread or report on several lines is a :class:`PatchError`.

    diff-match-patch puts U+FFFD in place of %-escapes that are not UTF-8
    (``urllib.parse.unquote``); here that is an error, not a guess.
    """
    hunks: list[_Hunk] = []
    if not patch_text:
        return hunks
    fast = _read_whole_hunks(patch_text)
    if fast is not None:
        return fast
    read: list[tuple[tuple[int, int, int, int], list[tuple[int, str]]]] = []
    lines = patch_text.split("\n")
    decoded = _decode_lines(patch_text) if "%" in patch_text else lines
    for number, line in enumerate(lines, 1):
        if not line and number > 1:
            continue  # diff-match-patch skips blank lines
        header = _HEADER.fullmatch(line) if line[:1] == "@" else None
        if header is not None:
            try:
                numbers = _numbers(header)
            except ValueError:  # a number longer than int() reads
                raise PatchError(f"line {number}: a number too long in {_show(line)}") from None
            read.append((numbers, []))
            continue
        if number == 1:
            raise PatchError(f"line 1: expected a hunk header such as '@@ -1,4 +1,5 @@', found {_show(line)}")
        op = _OPS.get(line[0])
        if op is None:
            raise PatchError(
                f"line {number}: expected a hunk header or a line starting with ' ', '-' or '+', "
                f"found {_show(line)}"
            )
        text = _decode_line(line, number) if decoded is None else decoded[number - 1][1:]
        read[-1][1].append((op, text))
    return [
        _Hunk(
            *numbers,
            "".join([t for op, t in diffs if op <= 0]),
            "".join([t for op, t in diffs if op >= 0]),
        )
        for numbers, diffs in read
    ]


_HUNK = re.compile(r"@@ -(\d+),?(\d*) \+(\d+),?(\d*) @@\n((?:[-+ ][^\n]*\n)*)")
"""A hunk as ``patch_toText`` writes it: its header, then its lines, each ended by a newline."""


def _read_whole_hunks(patch_text: str) -> list[_Hunk] | None:
    """The hunks of a patch written as ``patch_toText`` writes it, hunk by hunk rather than line by
    line; None for anything else (blank lines, a fault, NUL, ``%00``), which :func:`_read_patch`
    then reads line by line, naming the line at fault."""
    if "%" in patch_text and ("\0" in patch_text or "%00" in patch_text or _BAD_ESCAPE.search(patch_text)):
        return None
    hunks: list[_Hunk] = []
    end = 0
    for match in _HUNK.finditer(patch_text):
        if match.start() != end:
            return None
        end = match.end()
        body = match[5]
        if "%" in body:  # decoded whole, its line ends NUL meanwhile (a %00 was ruled out above)
            try:
                lines = urllib.parse.unquote_to_bytes(body.replace("\n", "\0")).decode("utf-8").split("\0")
            except UnicodeDecodeError:
                return None
        else:
            lines = body.split("\n")
        try:
            numbers = _numbers(match)
        except ValueError:
            return None
        lines.pop()  # after the last line end
        before = "".join([line[1:] for line in lines if line[0] != "+"])
        after = "".join([line[1:] for line in lines if line[0] != "-"])
        hunks.append(_Hunk(*numbers, before, after))
    return hunks if end == len(patch_text) else None


def _decode_lines(patch_text: str) -> list[str] | None:
    """Every line of *patch_text* with its %-escapes decoded, in one pass over the whole text; None
    when that cannot be told apart from line by line (a NUL, ``%00``) or a line is at fault (then
    :func:`_decode_line` names it)."""
    if "\0" in patch_text or "%00" in patch_text or _BAD_ESCAPE.search(patch_text):
        return None
    try:
        text = urllib.parse.unquote_to_bytes(patch_text.replace("\n", "\0")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.split("\0")


def _decode_line(line: str, number: int) -> str:
    """The text of a patch line (after its sign), its %-escapes decoded as UTF-8."""
    text = line[1:]
    if "%" not in text:
        return text
    if _BAD_ESCAPE.search(text):
        raise PatchError(f"line {number}: a '%' that is not a %-escape (%25 is '%') in {_show(line)}")
    try:
        return urllib.parse.unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise PatchError(f"line {number}: %-escapes that are not UTF-8 text in {_show(line)}") from None


_OPS = {"-": -1, " ": 0, "+": 1}


def _numbers(header: re.Match[str]) -> tuple[int, int, int, int]:
    """A hunk's start1, length1, start2, length2 from its header, as diff-match-patch reads
    ``start,length``: a missing length is 1, and a start with length 0 is not 1-based."""
    return (*_start_length(header[1], header[2]), *_start_length(header[3], header[4]))


def _start_length(start: str, length: str) -> tuple[int, int]:
    if length == "":
        return int(start) - 1, 1
    if length == "0":
        return int(start), 0
    return int(start) - 1, int(length)


def apply_patch(text: str, patch_text: str) -> str:
    """Apply a ``patch_toText`` patch to *text* exactly.

    Raises:
        PatchError: the patch cannot be parsed, or a hunk's text does not
            stand exactly at the place the hunk names.
    """
    out: list[str] = []  # the result so far: text[:pos] with the hunks applied
    size = 0  # len("".join(out))
    pos = 0
    for number, hunk in enumerate(_read_patch(patch_text), 1):
        before, after = hunk.before, hunk.after
        # Code points (Python's diff-match-patch), or UTF-16 units (its JavaScript and Java versions).
        if (hunk.length1, hunk.length2) != (len(before), len(after)) and (hunk.length1, hunk.length2) != (
            _utf16(before),
            _utf16(after),
        ):
            raise PatchError(
                f"hunk {number} ({hunk.header}) says {hunk.length1} characters become {hunk.length2}, "
                f"but its lines take {len(before)} and give {len(after)}"
            )
        # start2 is the hunk's place in the text with the earlier hunks applied;
        # its leading context may overlap the previous hunk's trailing context.
        start = hunk.start2
        overlap = min(max(0, size - start), len(before))
        if start < 0 or size - start > len(before):
            raise PatchError(
                f"hunk {number} ({hunk.header}) does not apply exactly: its place is "
                + ("before the start of the text" if start < 0 else f"before the end of hunk {number - 1}")
            )
        if overlap:
            tail = _drop_tail(out, overlap)
            if tail != before[:overlap]:
                raise PatchError(
                    f"hunk {number} ({hunk.header}) does not apply exactly: it overlaps hunk {number - 1}, "
                    f"which left {_show(tail)} where this hunk expects {_show(before[:overlap])}"
                )
            size -= overlap
        src = pos + (start - size if overlap == 0 else 0)  # skip unchanged text up to the hunk
        found = text[src : src + len(before) - overlap]
        if found != before[overlap:]:
            raise PatchError(
                f"hunk {number} ({hunk.header}) does not apply exactly: "
                f"expected {_show(before[overlap:])} at offset {src}, found {_show(found)}"
            )
        out.append(text[pos:src])
        out.append(after)
        size += (src - pos) + len(after)
        pos = src + len(before) - overlap
    out.append(text[pos:])
    return "".join(out)


def _utf16(text: str) -> int:
    """The length of *text* in UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _show(text: str, limit: int = 40) -> str:
    """*text* quoted for a one-line message, shortened in the middle when long."""
    if len(text) > limit:
        return repr(text[: limit // 2]) + "…" + repr(text[-limit // 2 :])
    return repr(text)


def _drop_tail(out: list[str], n: int) -> str:
    """Remove the last *n* characters from the pieces in *out* and return them."""
    taken: list[str] = []
    while n > 0:
        piece = out.pop()
        if len(piece) > n:
            out.append(piece[: len(piece) - n])
            piece = piece[len(piece) - n :]
        taken.append(piece)
        n -= len(piece)
    return "".join(reversed(taken))


def make_patch(old: str, new: str) -> str:
    """The ``patch_toText`` patch turning *old* into *new*, built on the word diff.

    Linear in the texts' length (diff-match-patch's ``patch_make`` is quadratic on long
    texts: it rebuilds the text after every change and searches all of it for each hunk).
    """
    from revtrack.diff import Op, diff_texts

    edits = diff_texts(old, new).ops
    if _compiled_patch_lines is not None and "\0" not in old and "\0" not in new:
        # The edits as they are (no (int, str) copy); no NUL in them, so the whole is escaped at once.
        return _quote(
            _compiled_patch_lines(old, edits, (Op.DELETE, Op.EQUAL, Op.INSERT), _MARGIN), lines=True
        )
    return patch_from_diffs(old, [(e.op.value, e.text) for e in edits])


def patch_from_diffs(old: str, diffs: Sequence[tuple[int, str]]) -> str:
    """The ``patch_toText`` text of *diffs* (``(op, text)`` pairs, op -1/0/1, as diff-match-patch
    writes them) applied to *old*.

    The hunks are diff-match-patch's own: an unchanged stretch of at most 8 characters
    (``2 * Patch_Margin``) stays inside a hunk, a longer one ends it, and each hunk's place is
    counted in the text with the hunks before it applied (its "rolling context"). The context is
    ``Patch_Margin`` (4) characters on each side. That is where diff-match-patch starts: it then
    widens the context until it occurs once in the whole text, for its fuzzy ``patch_apply``,
    at the cost of a search of the whole text per hunk. revtrack applies a hunk at its exact place
    and never needs that; diff-match-patch's ``patch_apply`` still applies these patches exactly,
    because each hunk stands exactly where its header says. The text is byte for byte what
    diff-match-patch writes with ``Match_MaxBits = 8`` (which stops that widening), and never
    longer than what it writes by default.
    """
    # Lines end with NUL while the patch is built, and the whole text is escaped at once (NUL
    # becoming the line end), unless the texts hold a NUL: then each piece is escaped alone.
    whole = "\0" not in old and not any("\0" in t for op, t in diffs if op == 1)
    if whole:
        lines = (
            None if _compiled_patch_lines is None else _compiled_patch_lines(old, diffs, (-1, 0, 1), _MARGIN)
        )
        return _quote(_patch_lines_py(old, diffs, _same) if lines is None else lines, lines=True)
    return _patch_lines_py(old, diffs, _quote).replace("\0", "\n")


def _patch_lines_py(old: str, diffs: Sequence[tuple[int, str]], escape: Callable[[str], str]) -> str:
    """The lines of the patch of *diffs* applied to *old* (:func:`patch_from_diffs`), each ended by
    NUL, each piece of text escaped by *escape*. ``revtrack._speedups.patch_lines`` is its twin
    (with *escape* leaving the text as it is)."""
    out: list[str] = []
    last = len(diffs) - 1
    header = -1  # where the open hunk's header goes in *out*, or -1: no hunk open
    start = 0  # where the open hunk starts, in the text with the hunks before it applied
    old_start = 0  # the same place in *old*
    prefix = 0  # the length of its leading context
    length1 = length2 = 0  # the lengths of the text it takes and gives, without context
    pos_old = pos_new = 0

    def close() -> None:
        """Write the open hunk's header and trailing context: after it, the old text as it was."""
        end = old_start + length1
        suffix = old[end : end + _MARGIN]
        context = prefix + len(suffix)
        if suffix:
            out.append(f" {escape(suffix)}\0")
        first = start - prefix
        out[header] = f"@@ -{_coords(first, length1 + context)} +{_coords(first, length2 + context)} @@\0"

    for x, (op, text) in enumerate(diffs):
        if header < 0 and op:
            # A hunk opens. Its leading context is the end of the unchanged stretch before it,
            # which is at least 8 characters after a hunk: never text that hunk changed.
            start, old_start = pos_new, pos_old
            header = len(out)
            out.append("")
            before = old[max(0, old_start - _MARGIN) : old_start]
            prefix = len(before)
            if before:
                out.append(f" {escape(before)}\0")
        size = len(text)
        if op == 1:
            out.append(f"+{escape(text)}\0")
            length2 += size
            pos_new += size
            continue
        if op == -1:
            out.append(f"-{escape(text)}\0")
            length1 += size
            pos_old += size
            continue
        if header >= 0:
            if size <= 2 * _MARGIN and x != last:
                out.append(f" {escape(text)}\0")  # a short unchanged stretch inside the hunk
                length1 += size
                length2 += size
            if size >= 2 * _MARGIN:
                close()
                header, length1, length2 = -1, 0, 0
        pos_old += size
        pos_new += size
    if header >= 0:
        close()
    return "".join(out)


def _same(text: str) -> str:
    return text


def _coords(start: int, length: int) -> str:
    """A hunk header's ``start,length``, as diff-match-patch writes it (1-based; 0-based when empty)."""
    if length == 0:
        return f"{start},0"
    if length == 1:
        return str(start + 1)
    return f"{start + 1},{length}"


_MARGIN = 4
"""diff-match-patch's ``Patch_Margin``."""

_compiled_patch_lines = compiled("patch_lines")
"""``revtrack._speedups.patch_lines``: :func:`_patch_lines_py` compiled, for texts with no NUL."""

# What ``patch_toText`` leaves as it is: urllib.parse.quote's always-safe characters and the
# ones diff-match-patch adds ("!~*'();/?:@&=+$,# "); everything else is %XX of its UTF-8 bytes.
_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~!*'();/?:@&=+$,# ")
_ESCAPES = [(chr(c), f"%{c:02X}") for c in range(128) if chr(c) not in _SAFE and chr(c) != "%"]
"""Every other ASCII character and its escape ('%' itself is escaped first, apart)."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _quote(text: str, *, lines: bool = False) -> str:
    """*text* %-escaped as ``patch_toText`` writes it (``urllib.parse.quote`` of its UTF-8); with
    *lines*, a whole patch whose lines end with NUL, NUL becoming the line end.

    A replacement per character that occurs (each a fast scan), not ``str.translate``, which
    looks every character up in a table: a patch is mostly characters left as they are.
    """
    if "%" in text:
        text = text.replace("%", "%25")
    for char, escape in _ESCAPES:
        if char in text and not (lines and char == "\0"):
            text = text.replace(char, escape)
    if lines:
        text = text.replace("\0", "\n")
    if text.isascii():
        return text
    return _NON_ASCII.sub(_quote_utf8, text)


def _quote_utf8(match: re.Match[str]) -> str:
    return "".join([f"%{b:02X}" for b in match.group().encode("utf-8")])
