"""Tokens: split text into words, whitespace and punctuation, losing nothing.

Joining the tokens of a text gives the text back, character for character.
Words keep the shapes a reader expects to see whole in a diff: ``U.S.``,
``107mm``, ``Al-Monitor's``, ``7:30``, ``3.14``, ``1,000``. Each CJK character
is a token of its own (those scripts put no spaces between words), and an
emoji keeps its modifiers and zero-width-joined parts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = ["first_token", "is_word", "split_units", "split_words", "token_spans", "unit_tokens"]

# Scripts written without spaces: one character is one token.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Combining marks belong to the letter before them (decomposed accents).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_W = rf"(?:[^\W{_CJK}]|[{_MARKS}])"
# Characters that may join two runs of letters/digits into one word.
_JOIN = r"['\u2019.:,/@&\-\u2010\u2011]"

_WORD = rf"""
      (?:{_W}\.){{2,}}(?!{_W})           # dotted abbreviations: U.S. a.m. U.K.
    | {_W}+(?:{_JOIN}{_W}+)*             # words: 107mm Al-Monitor's 7:30 3.14
"""
_OTHER = r".[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff" + _MARKS + r"]*(?:\u200d\S[\ufe0f\U0001f3fb-\U0001f3ff]*)*"
"""Any other character, with its emoji modifiers, combining marks and zero-width-joined parts."""
# The commonest token, an ASCII word followed by nothing that could extend it, is tried
# first: it is exactly what the rules above give, found four times faster.
_PLAIN = rf"[A-Za-z]++(?![\w{_MARKS}]|{_JOIN})"


# Compiled on first use: each pattern costs milliseconds to compile (its Unicode classes),
# and a command that only diffs never needs the token pattern.
@functools.cache
def _tokens() -> re.Pattern[str]:
    return re.compile(rf"{_PLAIN} | {_WORD} | \s+ | {_OTHER}", re.VERBOSE | re.DOTALL)


@functools.cache
def _units() -> re.Pattern[str]:
    return re.compile(rf"\s*+(?: {_PLAIN} | {_WORD} | {_OTHER} ) | \s+", re.VERBOSE | re.DOTALL)


def split_words(text: str) -> list[str]:
    """Split *text* into tokens; ``"".join(split_words(t)) == t`` always."""
    return _tokens().findall(text)


def split_units(text: str) -> list[str]:
    """The tokens of *text* with each run of whitespace joined to the token after it.

    What the word diff compares: half as many items as tokens, and none of them
    the ubiquitous single space. Trailing whitespace is a unit of its own.
    """
    return _units().findall(text)


def first_token(text: str) -> str:
    """The first token of *text* ("" for "")."""
    if text[:1].isspace():
        return text[: len(text) - len(text.lstrip())]
    found = _units().match(text)  # no whitespace before it: the first unit is the first token
    return found.group() if found else ""


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
    return [m.span() for m in _tokens().finditer(text)]


def is_word(token: str) -> bool:
    """True for a token that counts as a word (it holds a letter or digit)."""
    return any(c.isalnum() for c in token)
