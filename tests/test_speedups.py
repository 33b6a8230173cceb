"""The compiled diff core gives exactly the pure-Python core's answers (revtrack._speedups).

One algorithm, one answer: a machine where the extension could not be built
runs the Python core, and must print the same diffs as one where it was.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import revtrack.diff._core as core_module
import revtrack.diff._lines as lines_module
import revtrack.patch as patch_module
from revtrack import Edit, diff_texts
from revtrack.diff import Op
from revtrack.storyfile import load_story
from revtrack.testing.synthetic import generate_history
from revtrack.text import split_units

speedups = (
    pytest.importorskip("revtrack._speedups") if not os.environ.get("REVTRACK_REQUIRE_COMPILED") else None
)
if speedups is None:  # CI builds it: a silent fallback there would leave the compiled core untested
    import revtrack._speedups as speedups

FIXTURES = Path(__file__).parents[1] / "fixtures"
OPS = (Op.DELETE, Op.EQUAL, Op.INSERT)


def compiled(ua: list[str], ub: list[str], semantic: bool, strip: bool = False) -> object:
    return speedups.core(ua, ub, semantic, core_module._limits(), OPS, strip)


def limits(capacity: int) -> tuple[int, ...]:
    """The core's constants with another capacity (distinct units)."""
    return core_module._limits()._replace(capacity=capacity)


def python(ua: list[str], ub: list[str], semantic: bool, strip: bool = False) -> object:
    return core_module._core_py(ua, ub, semantic=semantic, strip=strip)


def _edited(rng: random.Random, units: list[str], alphabet: int) -> list[str]:
    """*units* with a few insertions, removals, replacements and moved stretches."""
    out = list(units)
    for _ in range(rng.randrange(len(out) // 3 + 4)):
        kind = rng.randrange(4)
        at = rng.randrange(len(out) + 1)
        if kind == 0:
            out.insert(at, str(rng.randrange(alphabet * 2)))
        elif kind == 1 and out:
            del out[min(at, len(out) - 1)]
        elif kind == 2 and out:
            out[min(at, len(out) - 1)] = str(rng.randrange(alphabet * 2))
        elif kind == 3 and len(out) > 4:
            i = rng.randrange(len(out) - 3)
            j = rng.randrange(i + 1, len(out))
            moved = out[i:j]
            del out[i:j]
            k = rng.randrange(len(out) + 1)
            out[k:k] = moved
    return out


@settings(max_examples=1500, deadline=None)
@given(
    st.integers(min_value=1, max_value=300),
    st.integers(min_value=0, max_value=400),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_the_same_runs_as_the_python_core(
    alphabet: int, length: int, rng: random.Random, semantic: bool
) -> None:
    # Small alphabets make repeats (no unique anchors: the rarest-token and anchorless paths),
    # large ones make unique anchors; edits and moves exercise every cleanup step.
    ua = [str(rng.randrange(alphabet)) for _ in range(length)]
    ub = (
        _edited(rng, ua, alphabet)
        if rng.random() < 0.9
        else [str(rng.randrange(alphabet)) for _ in range(length)]
    )
    assert compiled(ua, ub, semantic) == python(ua, ub, semantic)


_limits = st.builds(
    core_module._Limits,
    capacity=st.just(core_module._CAPACITY),
    small=st.integers(0, 80),
    huge=st.integers(0, 5_000),
    rarest=st.integers(0, 6),
    work=st.integers(0, 20),
    work_floor=st.integers(0, 200),
    shared=st.integers(0, 6),
    part=st.integers(0, 4),
)


@settings(max_examples=600, deadline=None)
@given(
    _limits,
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=300),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_the_same_runs_whatever_the_limits(
    limits: core_module._Limits, alphabet: int, length: int, rng: random.Random, semantic: bool
) -> None:
    """The constants are the caller's (Python's), not copies in C: with other values both cores
    take other paths (the work budget spent, stretches replaced whole) and still agree."""
    ua = [str(rng.randrange(alphabet)) for _ in range(length)]
    ub = _edited(rng, ua, alphabet)
    with pytest.MonkeyPatch.context() as mp:
        for name, value in zip(
            ("_SMALL", "_HUGE", "_RAREST", "_WORK", "_WORK_FLOOR", "_SHARED", "_PART"),
            limits[1:],
            strict=True,
        ):
            mp.setattr(core_module, f"{name}", value)
        assert core_module._limits() == limits
        assert speedups.core(ua, ub, semantic, limits, OPS) == python(ua, ub, semantic)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from("abcde"), max_size=80), st.lists(st.sampled_from("abcdef"), max_size=80))
def test_the_same_runs_on_any_two_sequences(ua: list[str], ub: list[str]) -> None:
    for semantic in (True, False):
        assert compiled(ua, ub, semantic) == python(ua, ub, semantic)


# Whitespace of every storage width (ASCII, Latin-1, BMP) before tokens of every width, so that
# equal tokens are stored in different widths once their whitespace is cut.
_spaces = st.sampled_from(["", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "\u2028"])
_tokens = st.sampled_from(["a", "b", "é", "ü", "東", "😀", ".", "U.S.", "\u0301", ""])
_units = st.lists(st.tuples(_spaces, _tokens).map("".join), max_size=60)


@settings(max_examples=1000, deadline=None)
@given(_units, _units, st.booleans())
def test_units_matched_without_their_whitespace_alike(ua: list[str], ub: list[str], semantic: bool) -> None:
    assert compiled(ua, ub, semantic, True) == python(ua, ub, semantic, True)
    assert compiled(ua, ub, semantic, False) == python(ua, ub, semantic, False)


def test_too_many_distinct_units_is_none_on_both() -> None:
    ua, ub = ["a", "b", "c"], ["c", "d", "a"]
    assert speedups.core(ua, ub, True, limits(3), OPS) is None
    assert speedups.core(ua, ub, True, limits(4), OPS) == python(ua, ub, True)


def test_every_unit_kind_the_python_core_takes() -> None:
    # Units are compared as Python objects (hash and ==), as the Python core does with dict keys.
    ua, ub = [("x", 1), ("y", 2), ("x", 1)], [("x", 1), ("z", 3), ("x", 1)]
    assert speedups.core(ua, ub, False, limits(10), OPS) == core_module._core_py(ua, ub, semantic=False)


def test_an_empty_side_needs_no_unit_hashed() -> None:
    assert speedups.core([], [[1], [2]], True, limits(10), OPS) == python([], [[1], [2]], True)


def test_bad_arguments_raise_not_crash() -> None:
    with pytest.raises(TypeError):
        speedups.core(1, ["a"], True, limits(10), OPS)
    with pytest.raises(TypeError):
        speedups.core([["unhashable"]], ["a"], True, limits(10), OPS)
    with pytest.raises(TypeError):
        speedups.core(["a"], ["b"], True, limits(10), OPS[:2])
    with pytest.raises(TypeError):
        speedups.core(["a"], ["b"], True, (10, 60), OPS)
    with pytest.raises(ValueError, match="negative"):
        speedups.core(["a"], ["b"], True, core_module._limits()._replace(small=-1), OPS)


def _naive_prefix(a: str, b: str, limit: int) -> int:
    n = 0
    while n < min(limit, len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# Characters of every storage width, so that two texts compared are often stored in different ones.
_chars = st.sampled_from(["a", "b", " ", "\n", "é", "ÿ", "東", "\u2028", "😀", "\U0010fffd"])
_affix_texts = st.lists(_chars, max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(
    _affix_texts,
    _affix_texts,
    _affix_texts,
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=5000),
)
def test_prefix_and_suffix_are_the_python_bisection(
    head: str, a_tail: str, b_tail: str, repeat: int, limit: int
) -> None:
    # Long common parts (past the compiled version's memcmp blocks), of one width or two.
    shared = (head * (repeat // max(1, len(head)) + 1))[:repeat]
    a, b = shared + a_tail, shared + b_tail
    for x, y in ((a, b), (b, a), (a_tail + shared, b_tail + shared), (a, a)):
        want = _naive_prefix(x, y, limit)
        assert speedups.prefix(x, y, limit) == core_module._prefix_length_py(x, y, limit) == want
        want = _naive_prefix(x[::-1], y[::-1], limit)
        assert speedups.suffix(x, y, limit) == core_module._suffix_length_py(x, y, limit) == want


def test_prefix_and_suffix_bad_arguments_raise() -> None:
    with pytest.raises(TypeError):
        speedups.prefix("a", b"a", 1)
    with pytest.raises(TypeError):
        speedups.suffix(["a"], "a", 1)
    with pytest.raises(ValueError, match="negative"):
        speedups.prefix("a", "a", -1)
    assert speedups.prefix("abc", "abd", 10**18) == 2
    assert speedups.suffix("", "abc", 5) == 0


def words(ua: list[str], ub: list[str], lim: tuple[int, ...] | None = None) -> tuple[bool, list[object]]:
    """``speedups.words``: whether it diffed the units, and the edits it wrote."""
    edits: list[object] = []
    found = speedups.words(ua, ub, core_module._limits() if lim is None else lim, OPS, edits)
    return found, edits


def words_py(ua: list[str], ub: list[str]) -> tuple[bool, list[object]]:
    edits: list[object] = []
    return lines_module._word_pieces_py(ua, ub, edits), edits


# Texts of words, whitespace of every kind (line breaks, CRLF, spacing changes) and every storage width.
_pieces = st.sampled_from(
    [
        "the",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "cat",
        "sat",
        ".",
        ", ",
        "U.S.",
        "é",
        "東京",
        "😀",
        "\u3000",
        "a",
    ]
)
_word_texts = st.lists(_pieces, max_size=50).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_word_texts, st.text(max_size=40)), st.one_of(_word_texts, st.text(max_size=40)))
def test_words_are_the_python_writing(old: str, new: str) -> None:
    ua, ub = split_units(old), split_units(new)
    assert words(ua, ub) == words_py(ua, ub)


@settings(max_examples=1000, deadline=None)
@given(_units, _units)
def test_words_on_any_units_are_the_python_writing(ua: list[str], ub: list[str]) -> None:
    # Units that split_units never makes (empty, whitespace alone in the middle, marks alone).
    assert words(ua, ub) == words_py(ua, ub)


def test_words_of_long_generated_texts_are_the_python_writing() -> None:
    texts = generate_history(seed=3, revisions=12, words=600).texts
    for a, b in itertools.pairwise(texts):
        ua, ub = split_units(a), split_units(b)
        assert words(ua, ub) == words_py(ua, ub)


def test_words_past_the_capacity_write_nothing() -> None:
    ua, ub = split_units("a b c"), split_units("c d a")
    assert words(ua, ub, limits(3)) == (False, [])
    assert words(ua, ub, limits(4))[0]


def test_words_bad_arguments_raise_not_crash() -> None:
    with pytest.raises(TypeError, match="str"):
        speedups.words([1], ["a"], core_module._limits(), OPS, [])
    with pytest.raises(TypeError):
        speedups.words(["a"], ["b"], core_module._limits(), OPS, ())
    with pytest.raises(ValueError, match="negative"):
        speedups.words(["a"], ["b"], core_module._limits()._replace(part=-1), OPS, [])


_tokens = st.lists(
    st.one_of(st.sampled_from(["a", "b", "c", ".", ",", "The", "x"]), st.text(min_size=0, max_size=3)),
    max_size=30,
)


def token_runs(a: list[str], b: list[str], semantic: bool, lim: object = None) -> object:
    return speedups.token_runs(a, b, semantic, lim or core_module._limits(), OPS)


@settings(max_examples=2000, deadline=None)
@given(_tokens, _tokens, st.booleans())
def test_token_runs_are_the_python_runs(a: list[str], b: list[str], semantic: bool) -> None:
    got = token_runs(a, b, semantic)
    if any(t.isspace() for t in a + b) and a and b:
        assert got is None  # whitespace groups with the token after it: the Python path answers
    else:
        assert got == lines_module._diff_runs_py(a, b, semantic=semantic)


def test_token_runs_of_generated_sentences_are_the_python_runs() -> None:
    rng = random.Random(7)
    for _ in range(300):
        a = [str(rng.randrange(12)) for _ in range(rng.randrange(40))]
        b = _edited(rng, a, 12)
        for semantic in (False, True):
            assert token_runs(a, b, semantic) == lines_module._diff_runs_py(a, b, semantic=semantic)


def test_token_runs_past_the_capacity_are_left_to_python() -> None:
    assert token_runs(["a", "b", "c"], ["c", "d", "a"], False, limits(3)) is None
    assert token_runs(["a", "b", "c"], ["c", "d", "a"], False, limits(4)) is not None
    assert token_runs(["a", 1], ["a"], False) is None  # not str: the Python path says what is wrong


def test_token_runs_bad_arguments_raise_not_crash() -> None:
    with pytest.raises(TypeError):
        speedups.token_runs(["a"], ["b"], False, core_module._limits(), OPS[:2])
    with pytest.raises(ValueError, match="negative"):
        speedups.token_runs(["a"], ["b"], False, core_module._limits()._replace(part=-1), OPS)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.one_of(_tokens.map("".join), st.sampled_from(["Straße", "İ", "ǅ", "Σ", "x_", "٣", "ⅷ"])),
        max_size=20,
    )
)
def test_words_of_are_the_python_words(tokens: list[str]) -> None:
    from collections import Counter

    from revtrack.provenance._model import _words_of_py

    got = speedups.words_of(tokens, Counter)
    assert type(got) is Counter
    assert list(got.items()) == list(_words_of_py(tokens).items())  # the same items, in the same order


def test_words_of_bad_arguments_raise_not_crash() -> None:
    from collections import Counter

    with pytest.raises(TypeError, match="str"):
        speedups.words_of(["a", 1], Counter)
    with pytest.raises(TypeError, match="dict"):
        speedups.words_of(["a"], list)


_ascii_texts = st.one_of(
    st.text(st.characters(max_codepoint=127), max_size=40),
    st.lists(
        st.sampled_from(
            [
                "U.S.",
                "a.m.",
                "1.2.3",
                "end.Next",
                "Al-Monitor's",
                "7:30",
                "x_y",
                "__",
                "..",
                " ",
                "\t\x1c",
                "a",
                "Z",
                "'",
                "-",
            ]
        ),
        max_size=20,
    ).map("".join),
)


@settings(max_examples=3000, deadline=None)
@given(_ascii_texts)
def test_ascii_tokens_are_the_regex_tokens(text: str) -> None:
    import revtrack.text as text_module

    assert speedups.ascii_tokens(text, False) == text_module._nonspace(True).findall(text)
    assert speedups.ascii_tokens(text, True) == text_module._units(True).findall(text)


def test_ascii_tokens_leave_other_text_to_the_regex() -> None:
    assert speedups.ascii_tokens("café", False) is None
    with pytest.raises(TypeError):
        speedups.ascii_tokens(b"abc", False)


@settings(max_examples=2000, deadline=None)
@given(_ascii_texts, st.lists(st.integers(0, 3), max_size=30))
def test_ascii_runs_are_the_python_runs(text: str, revs: list[int]) -> None:
    from revtrack.provenance._model import _runs_py

    got = speedups.ascii_runs(text, revs)
    try:
        expected = _runs_py(text, revs)
    except IndexError:  # more tokens than revisions: left to Python, which says so
        assert got is None
    else:
        assert got == expected


def test_ascii_runs_leave_other_text_to_python() -> None:
    assert speedups.ascii_runs("café au lait", [1, 2, 3]) is None
    assert speedups.ascii_runs("a b", (1, 1)) == ((0, 3, 1),)
    with pytest.raises(TypeError):
        speedups.ascii_runs("a b", 3)


@settings(max_examples=2000, deadline=None)
@given(_tokens, _tokens, st.data())
def test_align_one_is_the_python_alignment(a: list[str], b: list[str], data: st.DataObject) -> None:
    from revtrack.provenance._matcher import _align_one_py
    from revtrack.provenance._model import Wording

    revs = tuple(data.draw(st.lists(st.integers(0, 4), min_size=len(a), max_size=len(a))))
    origins = tuple(data.draw(st.lists(st.integers(0, 4), min_size=len(a), max_size=len(a))))
    old = Wording(0, 0, (), tuple(a), revs, " ".join(a), 0, (), origins if origins != revs else None)
    got = speedups.align_one(tuple(a), revs, origins, tuple(b), 5, core_module._limits())
    if got is None:
        assert any(t.isspace() for t in a + b)
        return
    python = _align_one_py(old, tuple(b), 5)
    assert got == (python.revs, python.origins, python.kept[0], python.carried)


def test_align_one_bad_arguments_raise_not_crash() -> None:
    with pytest.raises(ValueError, match="every old token"):
        speedups.align_one(("a", "b"), (1,), (1, 1), ("a",), 2, core_module._limits())
    with pytest.raises(TypeError):
        speedups.align_one(("a",), 1, (1,), ("a",), 2, core_module._limits())


_lines_of = st.lists(st.one_of(_word_texts, _affix_texts), max_size=4)


@settings(max_examples=1500, deadline=None)
@given(_lines_of, _lines_of)
def test_in_place_is_the_python_pairing(gone: list[str], came: list[str]) -> None:
    came = (came + gone)[: len(gone)]  # as many lines on each side, often alike
    assert speedups.in_place(gone, came) == lines_module._in_place_py(gone, came)
    for a, b in zip(gone, came, strict=True):  # each pair alone, alike or not
        assert speedups.in_place([a], [b]) == lines_module._in_place_py([a], [b])


def test_in_place_of_long_generated_lines_is_the_python_pairing() -> None:
    texts = generate_history(seed=4, revisions=12, words=600).texts
    for a, b in itertools.pairwise(texts):
        gone, came = a.split("\n"), b.split("\n")
        n = min(len(gone), len(came))
        for k in range(n):
            assert speedups.in_place(gone[k : k + 1], came[k : k + 1]) == lines_module._in_place_py(
                gone[k : k + 1], came[k : k + 1]
            )
        assert speedups.in_place(gone[:n], came[:n]) == lines_module._in_place_py(gone[:n], came[:n])


def changed_in_place(gone: list[str], came: list[str]) -> tuple[bool, list[object], bool, list[object]]:
    """``speedups.changed_in_place`` and its Python twin: whether each wrote, and what."""
    fast: list[object] = []
    slow: list[object] = []
    done = speedups.changed_in_place(
        gone, came, split_units, lines_module._diff_words, core_module._limits(), OPS, fast
    )
    return done, fast, lines_module._changed_in_place_py(gone, came, slow), slow


@settings(max_examples=1000, deadline=None)
@given(_lines_of, _lines_of, st.sampled_from([core_module._CAPACITY, 3]))
def test_changed_in_place_is_the_python_writing(gone: list[str], came: list[str], capacity: int) -> None:
    # A small capacity sends some pairs to the fallback (whole lines instead of words), in both.
    came = (came + gone)[: len(gone)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(core_module, "_CAPACITY", capacity)
        done, fast, done_py, slow = changed_in_place(gone, came)
    assert (done, fast) == (done_py, slow)


def test_changed_in_place_of_generated_lines_is_the_python_writing() -> None:
    texts = generate_history(seed=6, revisions=12, words=600).texts
    for a, b in itertools.pairwise(texts):
        gone, came = a.split("\n"), b.split("\n")
        n = min(len(gone), len(came))
        for k in range(n - 1):
            done, fast, done_py, slow = changed_in_place(gone[k : k + 2], came[k : k + 2])
            assert (done, fast) == (done_py, slow)


def test_changed_in_place_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="as many"):
        speedups.changed_in_place(
            ["a"], [], split_units, lines_module._diff_words, core_module._limits(), OPS, []
        )
    with pytest.raises(TypeError, match="not iterable"):
        speedups.changed_in_place(
            ["a b c d e f"], ["a b c x e f"], len, lines_module._diff_words, core_module._limits(), OPS, []
        )


def test_in_place_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="as many"):
        speedups.in_place(["a"], [])
    with pytest.raises(TypeError, match="str"):
        speedups.in_place(["a"], [1])
    with pytest.raises(TypeError):
        speedups.in_place(("a",), ["a"])


# Whitespace that is and is not a line break, and lines of words.
_line_texts = st.lists(
    st.sampled_from(
        ["a", "b c", " ", "\t", "\n", "\n\n", "\r", "\r\n", "\x0b", "\x1c", "\x85", "\u2028", "\u3000", "東"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_line_texts, st.text()), st.integers(-3, 50), st.integers(-3, 50))
def test_lines_are_the_python_pattern(text: str, start: int, end: int) -> None:
    assert speedups.lines(text, 0, len(text)) == lines_module._LINE.findall(text)
    assert speedups.lines(text, start, end) == lines_module._LINE.findall(text, start, end)
    # Within the text, the bounds read as a slice (what diff_texts relies on).
    start, end = max(start, 0), max(end, 0)
    assert lines_module._LINE.findall(text, start, end) == lines_module._LINE.findall(text[start:end])


def test_lines_bad_arguments_raise() -> None:
    with pytest.raises(TypeError, match="str"):
        speedups.lines(b"a\n", 0, 2)


_text_pieces = st.lists(
    st.tuples(st.sampled_from(OPS), st.one_of(_word_texts, st.text(max_size=6))), max_size=14
)


@settings(max_examples=1500, deadline=None)
@given(_text_pieces)
def test_merge_is_the_python_merge(pieces: list[tuple[Op, str]]) -> None:
    merged = speedups.merge(pieces, OPS, Edit, lines_module._flush)
    assert merged == lines_module._merge_py(pieces)
    assert all(type(e) is Edit for e in merged)


def test_merge_of_long_generated_diffs_is_the_python_merge() -> None:
    texts = generate_history(seed=5, revisions=12, words=600).texts
    for a, b in itertools.pairwise(texts):
        pieces: list[tuple[Op, str]] = []
        lines_module._diff_words(a, b, pieces)
        assert speedups.merge(pieces, OPS, Edit, lines_module._flush) == lines_module._merge_py(pieces)


def test_merge_bad_arguments_raise_not_crash() -> None:
    with pytest.raises(TypeError, match="pairs"):
        speedups.merge([(Op.EQUAL, 1)], OPS, Edit, lines_module._flush)
    with pytest.raises(TypeError, match="tuple subclass"):
        speedups.merge([], OPS, list, lines_module._flush)
    with pytest.raises(TypeError, match="list of str"):
        speedups.merge([(Op.DELETE, "ab"), (Op.INSERT, "ac")], OPS, Edit, lambda out, gone, came: None)
    with pytest.raises(TypeError, match="pairs"):
        speedups.merge(
            [(Op.DELETE, "ab"), (Op.INSERT, "ac")], OPS, Edit, lambda out, gone, came: out.append(1) or []
        )


def patch_lines_py(old: str, diffs: list[tuple[int, str]]) -> str:
    return patch_module._patch_lines_py(old, diffs, patch_module._same)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_word_texts, st.text()), st.one_of(_word_texts, st.text()))
def test_patch_lines_are_the_python_lines(old: str, new: str) -> None:
    edits = diff_texts(old, new).ops
    diffs = [(e.op.value, e.text) for e in edits]
    expected = patch_lines_py(old, diffs)
    assert speedups.patch_lines(old, diffs, (-1, 0, 1), patch_module._MARGIN) == expected
    assert speedups.patch_lines(old, edits, OPS, patch_module._MARGIN) == expected


_ops_and_texts = st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.text(max_size=12)), max_size=12)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=30), _ops_and_texts, st.integers(0, 6))
def test_patch_lines_of_any_diffs_are_the_python_lines(
    old: str, diffs: list[tuple[int, str]], margin: int
) -> None:
    # Diffs that do not fit *old* (hunks past its end), and other margins: the places are clipped alike.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(patch_module, "_MARGIN", margin)
        expected = patch_lines_py(old, diffs)
    assert speedups.patch_lines(old, diffs, (-1, 0, 1), margin) == expected


def test_patch_lines_of_an_unknown_op_are_none() -> None:
    assert speedups.patch_lines("ab", [(0, "a"), (2, "b")], (-1, 0, 1), 4) is None
    assert patch_module.patch_from_diffs("ab", [(0, "a"), (2, "b")]) == patch_module._quote(
        patch_lines_py("ab", [(0, "a"), (2, "b")]), lines=True
    )


def test_patch_lines_bad_arguments_raise() -> None:
    with pytest.raises(TypeError, match="pairs"):
        speedups.patch_lines("ab", [(0, 1)], (-1, 0, 1), 4)
    with pytest.raises(TypeError, match="pairs"):
        speedups.patch_lines("ab", [[0, "a"]], (-1, 0, 1), 4)
    with pytest.raises(ValueError, match="negative"):
        speedups.patch_lines("ab", [], (-1, 0, 1), -1)
    with pytest.raises(TypeError):
        speedups.patch_lines(b"ab", [], (-1, 0, 1), 4)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_diffs_are_the_same_without_the_compiled_core(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(path)
    texts = [r.text for r in story.revisions]
    pairs = [(a, b) for a in texts for b in texts]
    fast = [diff_texts(a, b).ops for a, b in pairs]
    monkeypatch.setattr(core_module, "_compiled", None)
    assert [diff_texts(a, b).ops for a, b in pairs] == fast


@pytest.mark.parametrize("seed", [1, 2])
def test_long_generated_histories_are_the_same_without_the_compiled_core(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long texts take the line-first path, and moved paragraphs the anchored split.
    texts = generate_history(seed=seed, revisions=40).texts
    pairs = [*zip(texts, texts[5:], strict=False), (texts[0], texts[-1])]
    units = [(split_units(a), split_units(b)) for a, b in pairs]
    fast = [diff_texts(a, b).ops for a, b in pairs]
    for ua, ub in units:
        for semantic in (True, False):
            assert compiled(ua, ub, semantic) == python(ua, ub, semantic)
    monkeypatch.setattr(core_module, "_compiled", None)
    assert [diff_texts(a, b).ops for a, b in pairs] == fast


def test_pure_python_can_be_forced_by_environment() -> None:
    code = "import revtrack.diff as d; print(d.COMPILED)"
    env = {**os.environ, "REVTRACK_PURE_PYTHON": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"
    env.pop("REVTRACK_PURE_PYTHON")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "True"


def test_version_says_which_core_runs() -> None:
    env = {k: v for k, v in os.environ.items() if k != "REVTRACK_PURE_PYTHON"}
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "--version"], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.endswith(", diff core: compiled\n")
    env = {**os.environ, "REVTRACK_PURE_PYTHON": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "--version"], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.endswith(", diff core: pure Python (REVTRACK_PURE_PYTHON is set)\n")


_words = st.lists(
    st.sampled_from(
        ["the ", "attack ", "U.S. ", "killed ", "\n\n", "base. ", "é ", "😀 ", "7:30 ", "Taji, ", "\n", "  "]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), _words), st.one_of(st.text(), _words))
def test_diff_texts_is_the_same_on_either_core(old: str, new: str) -> None:
    assert _on_python_core(old, new) == diff_texts(old, new).ops


def _on_python_core(old: str, new: str) -> tuple[Edit, ...]:
    """``diff_texts(old, new).ops`` with the compiled core switched off."""
    saved = core_module._compiled
    core_module._compiled = None
    try:
        return diff_texts(old, new).ops
    finally:
        core_module._compiled = saved


def _peeling(n: int) -> tuple[list[str], list[str]]:
    """Units built so that every level of the anchored split finds one anchor, at the front:
    a = c1 c2 … cn z, b = c2 c1 c3 c2 … c(n+1) cn y."""
    a = [f"c{k}" for k in range(1, n + 1)] + ["z"]
    b = [w for k in range(1, n + 1) for w in (f"c{k + 1}", f"c{k}")] + ["y"]
    return a, b


def test_input_that_would_nest_the_split_deeply_is_diffed_alike() -> None:
    # Recursion once overflowed the C stack here (and hit Python's recursion limit), and the
    # work grew with the square of the input; now an explicit stack and a work budget.
    a, b = _peeling(20_000)
    for semantic in (True, False):
        assert compiled(a, b, semantic) == python(a, b, semantic)
    old, new = " ".join(a), " ".join(b)
    assert _on_python_core(old, new) == diff_texts(old, new).ops


def test_units_whose_comparison_changes_the_lists_do_not_crash() -> None:
    class Meddler:
        """Its hash and == empty the list that holds it (the only owner of its units)."""

        def __init__(self, owner: list[object]) -> None:
            self.owner = owner

        def __hash__(self) -> int:
            self.owner.clear()
            return 1

        def __eq__(self, other: object) -> bool:
            self.owner.clear()
            return False

    ua: list[object] = []
    ua.extend(Meddler(ua) for _ in range(4))
    assert speedups.core(ua, ["x"], True, limits(100), OPS) == [(OPS[0], 4), (OPS[2], 1)]
    ub: list[object] = []
    ub.append(Meddler(ub))
    assert speedups.core(["x"], ub, False, limits(100), OPS) == [(OPS[0], 1), (OPS[2], 1)]
