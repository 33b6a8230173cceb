"""The word diff: exact, readable, deterministic (revtrack.diff)."""

from __future__ import annotations

import importlib.metadata
import itertools

import pytest
from hypothesis import given, settings, strategies as st

import revtrack.diff._core as core_module
import revtrack.diff._dmp as vendored
import revtrack.diff._lines as lines_module
from revtrack.diff import Op, Region, diff_texts, diff_tokens
from revtrack.text import token_spans

_news = st.lists(
    st.sampled_from(
        ["the ", "attack ", "U.S. ", "killed ", "\n\n", "base. ", "é ", "😀 ", "7:30 ", "Taji, ", "\n"]
    ),
    max_size=40,
).map("".join)
_texts = st.one_of(st.text(), _news)


def check_ops(old: str, new: str) -> None:
    d = diff_texts(old, new)
    assert "".join(e.text for e in d.ops if e.op is not Op.INSERT) == old
    assert "".join(e.text for e in d.ops if e.op is not Op.DELETE) == new
    assert all(e.text for e in d.ops)
    assert all(x.op is not y.op for x, y in zip(d.ops, d.ops[1:], strict=False))
    # Every op begins and ends on a token boundary of its text: no word is split.
    for text, skip in ((old, Op.INSERT), (new, Op.DELETE)):
        bounds = {0, len(text)} | {end for _, end in token_spans(text)}
        pos = 0
        for e in d.ops:
            if e.op is not skip:
                # A run of whitespace may be cut (at a line break); nothing else may.
                inside_space = 0 < pos < len(text) and text[pos - 1].isspace() and text[pos].isspace()
                assert pos in bounds or inside_space, (text, e)
                pos += len(e.text)


@settings(max_examples=400, deadline=None)
@given(_texts, _texts)
def test_ops_rebuild_both_texts(old: str, new: str) -> None:
    check_ops(old, new)


_spaceless = st.lists(
    st.sampled_from(
        ["東", "京", "都", "府", "年", "2020", "2021", "ส", "ว", "ั", "ด", "ี", "ab", " ", "。", "\n", "é"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_texts, _spaceless), st.one_of(_texts, _spaceless))
def test_json_ops_never_split_a_run_of_letters_and_digits(old: str, new: str) -> None:
    """FORMATS.md: revtrack/diff@1 ops begin and end on token boundaries, a run of letters and
    digits never split between ops — in scripts written without spaces too, which the diff
    compares a character at a time."""
    import json
    import unicodedata

    from revtrack.render.diff import render_json

    ops = json.loads(render_json(diff_texts(old, new)))["ops"]
    assert "".join(t for op, t in ops if op != "+") == old
    assert "".join(t for op, t in ops if op != "-") == new
    assert all(t for _, t in ops)
    assert all(x[0] != y[0] for x, y in itertools.pairwise(ops))

    def in_run(c: str) -> bool:
        return c.isalnum() or unicodedata.category(c)[0] == "M"

    for text, skip in ((old, "+"), (new, "-")):
        pos = 0
        for op, t in ops:
            if op == skip:
                continue
            if 0 < pos < len(text):
                assert not (in_run(text[pos - 1]) and in_run(text[pos])), (text, pos, ops)
            pos += len(t)


def test_json_ops_of_text_with_spaces_are_the_diff_s_own() -> None:
    from revtrack.render.diff import whole_runs

    d = diff_texts("The cat sat on the mat.\n\nIt was 7:30 a.m.", "The dog sat on a mat.\n\nIt was 8:30 p.m.")
    assert whole_runs(d.ops) == [(e.op.symbol, e.text) for e in d.ops]
    cjk = diff_texts("東京都に住む。", "京都府に住む。")
    assert whole_runs(cjk.ops) == [("-", "東京都に住む"), ("+", "京都府に住む"), ("=", "。")]


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_a_text_against_itself_is_one_equal_op(text: str) -> None:
    ops = diff_texts(text, text).ops
    assert [(e.op, e.text) for e in ops] == ([(Op.EQUAL, text)] if text else [])


@settings(max_examples=100, deadline=None)
@given(_texts, _texts)
def test_the_same_answer_every_time(old: str, new: str) -> None:
    assert diff_texts(old, new).ops == diff_texts(old, new).ops


def test_a_changed_word_reads_as_one_removal_and_one_insertion() -> None:
    d = diff_texts("Rocket attack in Iraq kills two.", "Rocket attacks in Iraq kill three.")
    assert [(e.op.symbol, e.text) for e in d.ops] == [
        ("=", "Rocket "),
        ("-", "attack"),
        ("+", "attacks"),
        ("=", " in Iraq "),
        ("-", "kills two"),
        ("+", "kill three"),
        ("=", "."),
    ]
    assert (d.words_added, d.words_removed, d.words_kept) == (3, 3, 3)


def test_an_added_sentence_sits_at_sentence_boundaries() -> None:
    old = "It rained. The Red Cross opened a shelter."
    new = "It rained. The bridge closed. The Red Cross opened a shelter."
    d = diff_texts(old, new)
    assert [(e.op.symbol, e.text) for e in d.ops] == [
        ("=", "It rained."),
        ("+", " The bridge closed."),
        ("=", " The Red Cross opened a shelter."),
    ]


def test_rewrites_of_two_paragraphs_keep_the_break_between_them() -> None:
    old = 'Officials said 12 people were hurt. The mayor called it "a tragedy".\n\nThe inquiry continues.'
    new = (
        'Officials said 15 people were hurt. Mayor Smith called the attack "a tragedy for our city".'
        "\n\nPolice say the inquiry continues and asked witnesses to come forward."
    )
    d = diff_texts(old, new)
    check_ops(old, new)
    # The semantic cleanup alone swallowed the equal ".\n\n" into one change spanning both.
    assert any(e.op is Op.EQUAL and "\n\n" in e.text for e in d.ops)
    assert not any(e.op is not Op.EQUAL and "\n\n" in e.text for e in d.ops)


_paragraph = st.lists(
    st.sampled_from(["the", "attack", "on", "Taji", "killed", "two.", "U.S.", "base"]), min_size=1
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_paragraph, min_size=2, max_size=5), st.data())
def test_no_change_straddles_line_breaks_both_sides_keep(
    old_ps: list[list[str]], data: st.DataObject
) -> None:
    """No removal-and-insertion holds as many line breaks on both sides: such a change
    straddles breaks both texts keep, and is shown line by line instead."""
    new_ps = data.draw(st.lists(_paragraph, min_size=len(old_ps), max_size=len(old_ps)))
    sep = data.draw(st.sampled_from(["\n", "\n\n"]))  # one paragraph a line, or blank lines between
    old = sep.join(map(" ".join, old_ps))
    new = sep.join(map(" ".join, new_ps))
    check_ops(old, new)
    ops = diff_texts(old, new).ops
    for x, y in itertools.pairwise(ops):
        if x.op is Op.DELETE and y.op is Op.INSERT:
            assert not 0 < x.text.count("\n") == y.text.count("\n"), ops


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab \t\n\r\x0b\x0c\x1c\x85\u2028\u2029.")))
def test_lines_and_breaks_cut_at_every_line_break(text: str) -> None:
    pieces = lines_module._lines_and_breaks(text)
    assert "".join(pieces) == text
    # Runs of whitespace holding a line break, between pieces holding none (str.splitlines's breaks).
    assert all(p.isspace() and p.splitlines(keepends=True) != p.splitlines() for p in pieces[1::2])
    assert all(p.splitlines(keepends=True) == p.splitlines() for p in pieces[::2])
    assert all(p and not p[0].isspace() and not p[-1].isspace() for p in pieces[2:-1:2])


def test_regions_have_offsets_in_both_texts() -> None:
    d = diff_texts("a b c d", "a x c d e")
    assert d.regions == (Region(2, 3, 2, 3), Region(7, 7, 7, 9))
    old, new = "a b c d", "a x c d e"
    assert [old[r.old_start : r.old_end] for r in d.regions] == ["b", ""]
    assert [new[r.new_start : r.new_end] for r in d.regions] == ["x", " e"]
    assert d.changed
    assert not diff_texts("same", "same").changed


def test_more_distinct_tokens_than_codes_still_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core_module, "_CAPACITY", 8)
    old = "one two three\nfour five six\nseven eight nine\n"
    new = "ONE two three\nfour five six\nseven eight NINE\n"
    check_ops(old, new)
    d = diff_texts(old, new)
    # Lines instead of words, but exact, and the unchanged line stays unchanged.
    assert any(e.op is Op.EQUAL and "\nfour five six\n" in e.text for e in d.ops)
    monkeypatch.setattr(core_module, "_CAPACITY", 2)  # not even lines: each text replaced whole,
    check_ops(old, new)
    one_line = ("one two three four", "ONE two three FOUR")
    check_ops(*one_line)
    assert [e.op for e in diff_texts(*one_line).ops] == [Op.DELETE, Op.INSERT]
    # and then, having as many lines, diffed again line by line.
    assert [e.op.symbol + e.text for e in diff_texts(old, new).ops] == [
        "-one",
        "+ONE",
        "= two three\nfour five six\nseven eight ",
        "-nine",
        "+NINE",
        "=\n",
    ]


def test_long_texts_take_the_line_path_and_stay_exact() -> None:
    paragraphs = [f"Paragraph {k} says the attack on base {k} killed {k % 7} people." for k in range(600)]
    old = "\n\n".join(paragraphs)
    edited = list(paragraphs)
    edited[100] = edited[100].replace("attack", "strike")
    edited.insert(300, "A new paragraph.")
    del edited[500]
    new = "\n\n".join(edited)
    check_ops(old, new)
    d = diff_texts(old, new)
    assert next(e.text for e in d.ops if e.op is Op.DELETE) == "attack"


def test_diff_tokens_contract() -> None:
    assert diff_tokens([], []) == []
    assert diff_tokens(["a"], []) == [(Op.DELETE, 1)]
    assert diff_tokens([], ["a"]) == [(Op.INSERT, 1)]
    assert diff_tokens(["a", "b", "c"], ["a", "x", "c"]) == [
        (Op.EQUAL, 1),
        (Op.DELETE, 1),
        (Op.INSERT, 1),
        (Op.EQUAL, 1),
    ]


@settings(max_examples=300, deadline=None)
@given(_texts, _texts)
def test_the_line_path_rebuilds_both_texts_too(old: str, new: str) -> None:
    """Long texts are diffed lines first (paired lines trimmed separately): same guarantees."""
    saved = lines_module._LINES_FIRST
    lines_module._LINES_FIRST = 0
    try:
        check_ops(old, new)
        check_ops(old + "\n" + new, new + "\nx\n" + old)
    finally:
        lines_module._LINES_FIRST = saved


def test_moved_and_corrected_paragraphs_in_a_long_text() -> None:
    paragraphs = [
        f"Paragraph {k} says the attack on base {k} killed {k % 7} people in the night." for k in range(400)
    ]
    edited = [p.replace("night", "evening") if k % 2 else p for k, p in enumerate(paragraphs)]
    edited.insert(5, edited.pop(300))  # a paragraph moved up, and corrected
    old, new = "\n".join(paragraphs), "\n".join(edited)
    check_ops(old, new)
    d = diff_texts(old, new)
    removed = [e.text for e in d.ops if e.op is Op.DELETE]
    assert removed.count("night") >= 150  # corrected paragraphs are diffed word by word, not replaced whole


_pieces = st.lists(
    st.sampled_from(["ba", "be", "ba.", " ", "  ", "\n", "\n\n", ",", "U.S.", "é", "7:30", "—", "x"]),
    max_size=8,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_pieces, st.sampled_from(["ba", "ba ", " ba", " ba.", "ba\n", "\nba", " be ba", "ba be "]), _pieces)
def test_the_quick_placement_of_an_edit_is_the_full_searchs(left: str, edit: str, right: str) -> None:
    """Most lone edits are placed by a shortcut (one whitespace step at most); it must give
    exactly what the token-by-token search gives."""
    turn = lines_module._turn(left, edit, right)
    if turn is None:
        return
    for op in (Op.INSERT, Op.DELETE):
        assert lines_module._turned(left, edit, right, turn) == lines_module._placed(left, edit, right, op)


def test_a_change_of_spacing_is_not_a_change_of_words() -> None:
    # A file saved with Windows line ends, or text re-wrapped, keeps every word.
    d = diff_texts("Rockets hit\r\nthe base\r\nat night.", "Rockets hit\nthe base\nat night.")
    assert [(e.op.symbol, e.text) for e in d.ops] == [
        ("=", "Rockets hit"),
        ("-", "\r"),
        ("=", "\nthe base"),
        ("-", "\r"),
        ("=", "\nat night."),
    ]
    assert (d.words_added, d.words_removed, d.words_kept) == (0, 0, 6)
    d = diff_texts("two U.S. soldiers died", "two\tU.S.\tsoldiers\tdied")
    assert [e.text for e in d.ops if e.op is not Op.EQUAL] == [" ", "\t"] * 3
    # A paragraph split is a change of whitespace only.
    d = diff_texts("It rained. The bridge closed.", "It rained.\n\nThe bridge closed.")
    assert [(e.op.symbol, e.text) for e in d.ops] == [
        ("=", "It rained."),
        ("-", " "),
        ("+", "\n\n"),
        ("=", "The bridge closed."),
    ]


_spacing = st.lists(
    st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\n\n", "\u00a0"]), min_size=1, max_size=30
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "attack", "U.S.", "Taji,", "7:30", "é", "—", "😀", "base."]), max_size=30
    ),
    _spacing,
    _spacing,
)
def test_respacing_a_text_changes_no_word(words: list[str], spaces_a: list[str], spaces_b: list[str]) -> None:
    old = "".join(w + spaces_a[k % len(spaces_a)] for k, w in enumerate(words))
    new = "".join(w + spaces_b[k % len(spaces_b)] for k, w in enumerate(words))
    d = diff_texts(old, new)
    assert (d.words_added, d.words_removed) == (0, 0)
    check_ops(old, new)


def test_a_removed_word_before_a_change_of_spacing_is_just_the_word() -> None:
    d = diff_texts("end.\n\nBabiko ike bonene.", "end.\n\nike bonene.")
    assert [(e.op.symbol, e.text) for e in d.ops] == [
        ("=", "end.\n\n"),
        ("-", "Babiko "),
        ("=", "ike bonene."),
    ]


_UPSTREAM_SAME = {"20230430", "20241021"}  # releases whose diff routines are the ones vendored
_codes = st.text(st.sampled_from("\ue000\ue001\ue002\ue003\ue004ab \n."), max_size=60)


@settings(max_examples=500, deadline=None)
@given(_codes, _codes)
def test_the_vendored_routines_answer_as_upstream_did(a: str, b: str) -> None:
    """``revtrack.diff._dmp`` is diff-match-patch's diff, cleanupMerge and cleanupSemantic as
    released in 20241021 (unchanged since 20230430): against those releases, the same answers."""
    diff_match_patch = pytest.importorskip("diff_match_patch")
    version = importlib.metadata.version("diff-match-patch")
    if version not in _UPSTREAM_SAME:
        pytest.skip(f"diff-match-patch {version} is not a release the vendored routines were taken from")
    upstream = diff_match_patch.diff_match_patch()
    upstream.Diff_Timeout = 0
    theirs = upstream.diff_main(a, b, False)
    ours = vendored.diff_main(a, b)
    assert ours == theirs
    upstream.diff_cleanupSemantic(theirs)
    vendored.diff_cleanupSemantic(ours)
    assert ours == theirs


def test_links_added_around_kept_words_keep_the_words() -> None:
    # Issue 15 item 5, from a real Wikipedia edit (American goldfinch): two links added; the words
    # between them stayed, and are shown kept, not removed and added again.
    old = "It breeds in the United States north of the Gulf coast."
    new = "It breeds in the [[United States]] north of the [[Gulf of Mexico|Gulf]] coast."
    d = diff_texts(old, new)
    check_ops(old, new)
    assert (Op.EQUAL, " north of the ") in [(e.op, e.text) for e in d.ops]
    assert d.words_removed <= 3  # "United States" and "Gulf" at most, as git's word diff shows them


def _table(rows: list[tuple[int, str, str]], flags: dict[int, str]) -> str:
    lines = ['{| class="wikitable"', "! Year !! Winner !! Jockey"]
    for year, winner, jockey in rows:
        lines += ["|-", f"| {year}", f"| [[{winner}]]"]
        if year in flags:
            lines += [f"|align=center|{{{{Flag icon|{flags[year]}}}}}"] * 3
        lines.append(f"| [[{jockey}]]")
    return "\n".join([*lines, "|}"])


_row = st.tuples(
    st.sampled_from(["Mairzy Doates", "Half Iced", "Stanerra", "Katsuragi Ace", "Symboli Rudolf"]),
    st.sampled_from(["Cash Asmussen", "Don MacBeth", "Brian Rouse", "Yukio Okabe"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_row, min_size=1, max_size=30), st.data())
def test_lines_inserted_between_kept_lines_keep_the_lines(
    rows: list[tuple[str, str]], data: st.DataObject
) -> None:
    """Issue 15 item 5, the shape of a real Wikipedia edit (Japan Cup): three lines inserted into
    rows of a wikitext table. Only the new lines are marked; no kept row is removed and added again."""
    table = [(1981 + k, winner, jockey) for k, (winner, jockey) in enumerate(rows)]
    years = data.draw(st.sets(st.sampled_from([year for year, _, _ in table]), min_size=1))
    flags = {year: data.draw(st.sampled_from(["USA", "JPN", "IRE", "GER"])) for year in years}
    old, new = _table(table, {}), _table(table, flags)
    check_ops(old, new)
    d = diff_texts(old, new)
    assert d.words_removed == 0
    added = "".join(e.text for e in d.ops if e.op is Op.INSERT)
    inserted = " ".join(f"|align=center|{{{{Flag icon|{flags[y]}}}}}" for y in years for _ in range(3))
    assert sorted(added.split()) == sorted(inserted.split())


def test_a_rewrite_keeps_no_chance_pair_of_common_words() -> None:
    """Words a rewritten sentence happens to share with the old one (``of the``) are too small a
    part of the change to be shown kept: it still reads as one replacement."""
    old = "A storm hit the coast of the island overnight, cutting power to thousands."
    new = "Officials said most of the damage was minor and power is back."
    assert [e.op for e in diff_texts(old, new).ops] == [Op.DELETE, Op.INSERT, Op.EQUAL]


def test_long_equal_ends_are_not_copied() -> None:
    # A long text changed in one place: the cost follows the change. An addition at the end keeps
    # the old text itself as the equal op; an edit near the start slices the rest once.
    old = "\n\n".join(f"Paragraph {k} says what happened at {k} o'clock." for k in range(20_000))
    added = old + "\n\nA new paragraph."
    d = diff_texts(old, added)
    assert [e.op for e in d.ops] == [Op.EQUAL, Op.INSERT]
    assert d.ops[0].text is old
    edited = old.replace("Paragraph 3 says", "Paragraph 3 said", 1)
    d = diff_texts(old, edited)
    assert [(e.op, e.text) for e in d.ops[1:3]] == [(Op.DELETE, "says"), (Op.INSERT, "said")]
    assert "".join(e.text for e in d.ops if e.op is not Op.INSERT) == old


@pytest.mark.parametrize("pure", [False, True])
def test_a_long_line_of_common_words_is_diffed_not_replaced(
    pure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No word is rare in a long line drawn from a small vocabulary, so no word anchors the split;
    runs of words that occur once on each side do, instead of the line being replaced whole."""
    import random

    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(300)]
    words = [rng.choice(vocabulary) for _ in range(30_000)]
    edited = list(words)
    for k in range(500, len(edited), 1000):
        edited[k] = "changed"
    if pure:
        monkeypatch.setattr(core_module, "_compiled", None)
    result = diff_texts(" ".join(words), " ".join(edited))
    assert result.words_added == result.words_removed == 30
    assert result.old == " ".join(words)
    assert result.new == " ".join(edited)
