"""Tokens: split text into words, whitespace and punctuation, losing nothing.

Joining the tokens of a text gives the text back, character for character.
Words keep the shapes a reader expects to see whole in a diff: ``U.S.``,
``107mm``, ``Al-Monitor's``, ``7:30``, ``3.14``, ``1,000``. What a reader sees
as one character is never cut: a letter keeps its combining marks (accents,
Indic vowel signs), an emoji its modifiers and zero-width-joined parts, a flag
both its regional indicators or its tags, a keycap its ``U+20E3``. Each CJK or
Thai character is a token of its own (those scripts put no spaces between words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from revtrack._compiled import compiled
from revtrack._marks import MARKS

__all__ = [
    "HAN_KANA",
    "LINE_BREAKS",
    "first_token",
    "is_word",
    "last_token",
    "split_nonspace",
    "split_units",
    "split_words",
    "token_spans",
    "unit_tokens",
]

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""What :meth:`str.splitlines` breaks lines at (the sentence splitter and the tracker agree)."""

# Scripts written without spaces between words: one character (with its marks) is one token.
# Japanese kana, CJK ideographs, Thai, Lao, Myanmar and Khmer.
HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
"""Japanese kana and CJK ideographs, as ranges for a regex character class."""
_CJK = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff" + HAN_KANA
# Combining marks belong to the character before them: accents, Indic vowel signs, variation
# selectors, the keycap of 1️⃣ (every Mn, Mc and Me code point).
_MARKS = MARKS
_W = rf"(?:[^\W{_CJK}]|[{_MARKS}])"
# Characters that may join two runs of letters/digits into one word.
_JOIN = r"['\u2019.:,/@&\-\u2010\u2011]"

_WORD = rf"""
      (?:{_W}\.){{2,}}(?!{_W})           # dotted abbreviations: U.S. a.m. U.K.
    | {_W}+(?:{_JOIN}{_W}+)*             # words: 107mm Al-Monitor's 7:30 3.14
"""
# Emoji modifiers (skin tones) and tag characters (the subdivision flags: 🏴 + tags).
_MODIFIERS = "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_OTHER = (
    r"(?:[\U0001f1e6-\U0001f1ff]{2}"  # a flag: two regional indicators
    rf"|.[{_MODIFIERS}{_MARKS}]*(?:\u200d\S[{_MODIFIERS}{_MARKS}]*)*)"
)
"""A flag, or any other character with its emoji modifiers, tags, marks and zero-width-joined parts."""
# The commonest token, an ASCII word followed by nothing that could extend it, is tried
# first: it is exactly what the rules above give, found four times faster.
_PLAIN = rf"[A-Za-z]++(?![\w{_MARKS}]|{_JOIN})"

# The same rules for ASCII text, where the Unicode classes can never match: they give the same
# tokens, and compile in a tenth of the time (Python's regex compiler walks every code point of a
# class's ranges, some 10 ms for the rules above: as much as diffing a short story).
_W_ASCII = r"\w"
_JOIN_ASCII = r"['.:,/@&\-]"
_WORD_ASCII = rf"(?:{_W_ASCII}\.){{2,}}(?!{_W_ASCII}) | {_W_ASCII}+(?:{_JOIN_ASCII}{_W_ASCII}+)*"
_PLAIN_ASCII = rf"[A-Za-z]++(?!\w|{_JOIN_ASCII})"
_OTHER_ASCII = "."


# Compiled on first use, and only the variant the text needs.
@functools.cache
def _tokens(ascii_only: bool = False) -> re.Pattern[str]:
    if ascii_only:
        return re.compile(rf"{_PLAIN_ASCII} | {_WORD_ASCII} | \s+ | {_OTHER_ASCII}", re.VERBOSE | re.DOTALL)
    return re.compile(rf"{_PLAIN} | {_WORD} | \s+ | {_OTHER}", re.VERBOSE | re.DOTALL)


@functools.cache
def _units(ascii_only: bool = False) -> re.Pattern[str]:
    if ascii_only:
        return re.compile(
            rf"\s*+(?: {_PLAIN_ASCII} | {_WORD_ASCII} | {_OTHER_ASCII} ) | \s+", re.VERBOSE | re.DOTALL
        )
    return re.compile(rf"\s*+(?: {_PLAIN} | {_WORD} | {_OTHER} ) | \s+", re.VERBOSE | re.DOTALL)


_SPACE = re.compile(r"\s+")
_CHUNK = re.compile(r"\S+")
_LAST_SPACE = re.compile(r"(?<!\s)\s++\Z")
_LAST_CHUNK = re.compile(r"(?<!\S)\S++\Z")


def split_words(text: str) -> list[str]:
    """Split *text* into tokens; ``"".join(split_words(t)) == t`` always."""
    return _tokens(text.isascii()).findall(text)


@functools.cache
def _nonspace(ascii_only: bool = False) -> re.Pattern[str]:
    if ascii_only:
        return re.compile(rf"\s*+( {_PLAIN_ASCII} | {_WORD_ASCII} | {_OTHER_ASCII} )", re.VERBOSE | re.DOTALL)
    return re.compile(rf"\s*+( {_PLAIN} | {_WORD} | {_OTHER} )", re.VERBOSE | re.DOTALL)


def split_nonspace(text: str) -> list[str]:
    """The tokens of *text* that are not whitespace: :func:`split_words` without the whitespace,
    found in one pass (what attribution compares)."""
    if _compiled_ascii is not None and text.isascii():
        return _compiled_ascii(text, False)
    return _nonspace(text.isascii()).findall(text)


def split_units(text: str) -> list[str]:
    """The tokens of *text* with each run of whitespace joined to the token after it.

    What the word diff compares: half as many items as tokens, and none of them
    the ubiquitous single space. Trailing whitespace is a unit of its own.
    """
    if _compiled_ascii is not None and text.isascii():
        return _compiled_ascii(text, True)
    return _units(text.isascii()).findall(text)


_compiled_ascii: Callable[[str, bool], list[str]] | None = compiled("ascii_tokens")
"""``revtrack._speedups.ascii_tokens``: the ASCII rules above compiled, for :func:`split_nonspace`
and :func:`split_units` of ASCII text (most news text is; the rest goes to the regex)."""


def first_token(text: str, start: int = 0) -> str:
    """The first token of ``text[start:]`` ("" if that is empty), in time that does not grow with the text."""
    if start >= len(text):
        return ""
    # Tokens never hold whitespace, so the first one lies whole in the first run with or without it.
    space = text[start].isspace()
    run = (_SPACE if space else _CHUNK).match(text, start)
    assert run is not None  # the first character is in it
    if space:
        return run.group()
    chunk = run.group()
    found = _units(chunk.isascii()).match(chunk)
    assert found is not None  # every non-empty text begins with a token
    return found.group()


def last_token(text: str, end: int | None = None) -> str:
    """The last token of ``text[:end]`` ("" if that is empty), looking only as far back as it must."""
    end = len(text) if end is None else min(end, len(text))
    if end <= 0:
        return ""
    space = text[end - 1].isspace()
    run = _LAST_SPACE if space else _LAST_CHUNK
    reach = 64
    while True:
        start = max(0, end - reach)
        window = text[start:end]
        found = run.search(window)
        assert found is not None  # the last character is in the run
        if found.start() > 0 or start == 0:
            break
        reach *= 8  # the run may go on before the window
    if space:
        return found.group()
    return split_units(found.group())[-1]


def unit_tokens(units: Iterable[str]) -> list[str]:
    """The tokens of a run of units: each split into its whitespace and the token after it."""
    out: list[str] = []
    for unit in units:
        body = unit.lstrip()
        if body and len(body) < len(unit):
            out += (unit[: len(unit) - len(body)], body)
        else:
            out.append(unit)
    return out


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token of *text*, in order, covering it exactly."""
    return [m.span() for m in _tokens(text.isascii()).finditer(text)]


_ALNUM = re.compile(r"[^\W_]")
"""A letter or digit: a character for which ``str.isalnum`` holds (``\\w`` is those and ``_``)."""


def is_word(token: str) -> bool:
    """True for a token that counts as a word (it holds a letter or digit)."""
    return token.isalnum() or _ALNUM.search(token) is not None
