"""The tokenizer: words, whitespace and punctuation, losing nothing."""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import revtrack.text as text_module
from revtrack.text import (
    first_token,
    is_word,
    last_token,
    split_nonspace,
    split_units,
    split_words,
    token_spans,
    unit_tokens,
)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("U.S.-led coalition", ["U.S.", "-", "led", " ", "coalition"]),
        ("18 107mm rockets", ["18", " ", "107mm", " ", "rockets"]),
        ("Al-Monitor's Jack", ["Al-Monitor's", " ", "Jack"]),
        ("at 7:30 p.m.", ["at", " ", "7:30", " ", "p.m."]),
        ("3.14 and 1,000.", ["3.14", " ", "and", " ", "1,000", "."]),
        ("“Quoted” — yes", ["“", "Quoted", "”", " ", "—", " ", "yes"]),
        ("a\u00a0b", ["a", "\u00a0", "b"]),
        ("東京は晴れ", ["東", "京", "は", "晴", "れ"]),
        ("café cafe\u0301", ["café", " ", "cafe\u0301"]),
        ("👍🏽 👨\u200d👩\u200d👧!", ["👍🏽", " ", "👨\u200d👩\u200d👧", "!"]),
        ("line\n\nnext", ["line", "\n\n", "next"]),
        # What a reader sees as one character stays one: flags, keycaps, tag sequences, vowel signs.
        ("Flag 🇺🇸🇺🇦.", ["Flag", " ", "🇺🇸", "🇺🇦", "."]),
        ("1️⃣ or #️⃣", ["1️⃣", " ", "or", " ", "#️⃣"]),
        (
            "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f!",
            ["🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "!"],
        ),
        ("हिन्दी हिन्दू", ["हिन्दी", " ", "हिन्दू"]),
        ("שָׁלוֹם مَرْحَبًا", ["שָׁלוֹם", " ", "مَرْحَبًا"]),
        # Thai, like CJK, has no spaces between words: a character and its marks per token.
        ("สวัสดี", ["ส", "วั", "ส", "ดี"]),
    ],
)
def test_tokens_readable_in_diffs(text: str, tokens: list[str]) -> None:
    assert split_words(text) == tokens


@given(st.text())
def test_joining_tokens_gives_the_text_back(text: str) -> None:
    tokens = split_words(text)
    assert "".join(tokens) == text
    assert all(tokens)
    assert [text[a:b] for a, b in token_spans(text)] == tokens


_CJK = re.compile(f"[{text_module._CJK}]")


@given(st.text())
def test_a_run_of_letters_and_digits_is_never_split_but_cjk_is_one_a_character(text: str) -> None:
    tokens = split_words(text)
    for left, right in itertools.pairwise(tokens):
        if _CJK.match(left[-1]) or _CJK.match(right[0]):
            continue
        assert not (left[-1].isalnum() and right[0].isalnum())


def test_is_word() -> None:
    assert is_word("U.S.")
    assert is_word("東")
    assert not is_word(" ")
    assert not is_word("—")


# Text that exercises the fast path for plain ASCII words and everything that may end or extend one.
_wordy = st.lists(
    st.sampled_from(
        ["word", "Word", "U", ".", "S", "'", "s", "-", "7", ":", "30", "é", "\u0301", " ", "\n", "東", "_"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500)
@given(st.one_of(st.text(), _wordy))
def test_the_plain_word_fast_path_never_changes_a_token(text: str) -> None:
    # The rules without the fast path are the definition; the fast path only finds their answer sooner.
    rules = re.compile(rf"{text_module._WORD} | \s+ | {text_module._OTHER}", re.VERBOSE | re.DOTALL)
    assert split_words(text) == rules.findall(text)


@settings(max_examples=500)
@given(st.one_of(st.text(), _wordy, st.text(alphabet=" \t\n\u00a0\u2028\u3000\u0301\u200dx.é東")))
def test_nonspace_tokens_are_the_tokens_without_whitespace(text: str) -> None:
    assert split_nonspace(text) == [t for t in split_words(text) if not t.isspace()]


@given(st.one_of(st.text(), _wordy))
def test_units_are_tokens_with_whitespace_joined_to_the_token_after_it(text: str) -> None:
    units: list[str] = []
    for tok in split_words(text):
        if units and units[-1].isspace() and not tok.isspace():
            units[-1] += tok
        else:
            units.append(tok)
    assert split_units(text) == units
    assert unit_tokens(units) == split_words(text)
    assert first_token(text) == (split_words(text) or [""])[0]


_ascii = st.one_of(
    st.text(st.characters(max_codepoint=127)),
    st.lists(
        st.sampled_from(
            ["word", "U", ".", "S", "'", "-", "7", ":", "30", "_", " ", "\n", "\t", "@", "&", "/", ","]
        ),
        max_size=30,
    ).map("".join),
)


@settings(max_examples=500)
@given(_ascii)
def test_ascii_text_gets_the_same_tokens_from_the_ascii_rules(text: str) -> None:
    # The ASCII rules are only a cheaper compile of the same rules for text they can describe.
    assert split_words(text) == text_module._tokens(False).findall(text)
    assert split_units(text) == text_module._units(False).findall(text)


@settings(max_examples=300)
@given(st.one_of(st.text(), _wordy, _ascii), st.integers(0, 3))
def test_first_and_last_token_of_any_text(text: str, repeat: int) -> None:
    # Long runs without (or of) whitespace make the last token's search look further back.
    text = text * (40**repeat // max(1, len(text))) if repeat and text else text
    tokens = split_words(text) or [""]
    assert first_token(text) == tokens[0]
    assert last_token(text) == tokens[-1]
    cut = len(text) // 3
    assert first_token("x" + text[cut:], 1) == (split_words(text[cut:]) or [""])[0]
    assert last_token(text + "x", len(text)) == tokens[-1]
    assert last_token(text, cut) == (split_words(text[:cut]) or [""])[-1]


def test_the_marks_table_is_unicodes() -> None:
    """Every code point in the table is a combining mark, and (on a Python of the table's Unicode
    version) every combining mark is in it."""
    from revtrack._marks import MARKS, UNICODE_VERSION

    table = re.compile(f"[{MARKS}]")
    in_table = {cp for cp in range(0x110000) if table.match(chr(cp))}
    marks = {cp for cp in range(0x110000) if unicodedata.category(chr(cp)).startswith("M")}
    if unicodedata.unidata_version == UNICODE_VERSION:
        assert in_table == marks
    else:  # a newer Unicode adds marks; none of the table's may stop being one
        assert in_table <= marks


def test_the_marks_table_regenerates_itself() -> None:
    from revtrack import _marks

    if unicodedata.unidata_version != _marks.UNICODE_VERSION:
        pytest.skip("the table is of another Unicode version")
    assert _marks._generate() == Path(_marks.__file__).read_text(encoding="utf-8")


def test_a_word_is_a_token_holding_a_letter_or_digit_of_any_script() -> None:
    """is_word's regular expression agrees with str.isalnum on every code point, alone or inside."""
    import sys

    from revtrack.text import is_word

    for c in map(chr, range(sys.maxunicode + 1)):
        assert is_word(c) == c.isalnum() == is_word(f"«{c}»"), hex(ord(c))
    assert not is_word("")
    assert not is_word("_-_")
    assert is_word("_a")
