"""Tokens: split text into words, whitespace and punctuation, losing nothing.

Joining the tokens of a text gives the text back, character for character.
Words keep the shapes a reader expects to see whole in a diff: ``U.S.``,
``107mm``, ``Al-Monitor's``, ``7:30``, ``3.14``, ``1,000``. Each CJK character
is a token of its own (those scripts put no spaces between words), and an
emoji keeps its modifiers and zero-width-joined parts.
"""

from __future__ import annotations

import re

__all__ = ["is_word", "split_units", "split_words", "token_spans"]

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
_TOKEN = re.compile(rf"{_PLAIN} | {_WORD} | \s+ | {_OTHER}", re.VERBOSE | re.DOTALL)
_UNIT = re.compile(rf"\s*+(?: {_PLAIN} | {_WORD} | {_OTHER} ) | \s+", re.VERBOSE | re.DOTALL)


def split_words(text: str) -> list[str]:
    """Split *text* into tokens; ``"".join(split_words(t)) == t`` always."""
    return _TOKEN.findall(text)


def split_units(text: str) -> list[str]:
    """The tokens of *text* with each run of whitespace joined to the token after it.

    What the word diff compares: half as many items as tokens, and none of them
    the ubiquitous single space. Trailing whitespace is a unit of its own.
    """
    return _UNIT.findall(text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every token of *text*, in order, covering it exactly."""
    return [m.span() for m in _TOKEN.finditer(text)]


def is_word(token: str) -> bool:
    """True for a token that counts as a word (it holds a letter or digit)."""
    return any(c.isalnum() for c in token)
