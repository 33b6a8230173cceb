"""Exact patches: diff-match-patch's format, applied exactly or not at all."""

from __future__ import annotations

import diff_match_patch
import pytest
from hypothesis import given, settings, strategies as st

from revtrack.diff import diff_texts
from revtrack.errors import RevtrackError
from revtrack.patch import PatchError, apply_patch, make_patch

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
_astral = st.text(
    st.one_of(
        st.sampled_from(["a", " ", "\n", "é", "😀", "🚀", "𝔘", "𠀀", "\U0010fffd", "%", "+", "-", "@"]),
        st.characters(min_codepoint=0x10000, exclude_categories=("Cs",)),
    ),
    max_size=60,
)
_repetitive = st.lists(st.sampled_from(["the ", "cat ", "sat ", "on ", "mat ", ". ", "\n"]), max_size=60).map(
    "".join
)
_any_text = st.one_of(_text, _astral, _repetitive)


def _dmp() -> diff_match_patch.diff_match_patch:
    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


@settings(max_examples=300, deadline=None)
@given(_any_text, _any_text)
def test_patches_rebuild_the_new_text(a: str, b: str) -> None:
    """Applying make_patch(a, b) to a gives b exactly, for any Unicode text."""
    assert apply_patch(a, make_patch(a, b)) == b


@settings(max_examples=200, deadline=None)
@given(_repetitive, _repetitive)
def test_patches_of_repeated_words_rebuild_the_new_text(a: str, b: str) -> None:
    """Texts of a few repeated words give hunks whose contexts overlap; they still apply exactly."""
    assert apply_patch(a, make_patch(a, b)) == b


@settings(max_examples=200, deadline=None)
@given(_any_text, _any_text)
def test_patches_from_diff_match_patch_itself_apply_exactly(a: str, b: str) -> None:
    """A patch written by diff-match-patch's own patch_make (no timeout) applies exactly too."""
    dmp = _dmp()
    patch = dmp.patch_toText(dmp.patch_make(a, b))
    assert apply_patch(a, patch) == b


def _word_diffs(a: str, b: str) -> list[tuple[int, str]]:
    return [(e.op.value, e.text) for e in diff_texts(a, b).ops]


_with_nul = st.lists(st.sampled_from(["a", " ", "\0", "%", "%00", "\n", "é", "😀"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_any_text, _with_nul), st.one_of(_any_text, _with_nul))
def test_patches_are_diff_match_patchs_own_with_the_shortest_context(a: str, b: str) -> None:
    """make_patch writes, byte for byte, what diff-match-patch's patch_make writes for the same word
    diff when it does not widen contexts (Match_MaxBits = 8); by default it writes the same hunks
    with contexts as long or longer. Its own fuzzy patch_apply applies ours exactly."""
    diffs = _word_diffs(a, b)
    ours = make_patch(a, b)
    shortest = _dmp()
    shortest.Match_MaxBits = 8
    assert ours == shortest.patch_toText(shortest.patch_make(a, diffs))
    dmp = _dmp()
    theirs = dmp.patch_make(a, diffs)
    assert len(ours) <= len(dmp.patch_toText(theirs))
    mine = dmp.patch_fromText(ours)
    assert len(mine) == len(theirs)
    for m, t in zip(mine, theirs, strict=True):
        assert [d for d in m.diffs if d[0]] == [d for d in t.diffs if d[0]]  # the same changes
    result, applied = dmp.patch_apply(mine, a)
    assert (result, all(applied)) == (b, True)
    assert apply_patch(a, ours) == b


def test_hunks_whose_contexts_overlap() -> None:
    """The second hunk's context begins inside the first hunk's result (as diff-match-patch writes
    it, widening the context until it is unique); revtrack's own patch keeps 4 characters."""
    dmp = _dmp()
    diffs = [(e.op.value, e.text) for e in diff_texts("mat mat sat ", "mat sat on ").ops]
    theirs = dmp.patch_toText(dmp.patch_make("mat mat sat ", diffs))
    assert theirs == "@@ -1,12 +1,8 @@\n-mat \n mat sat \n@@ -1,8 +1,11 @@\n mat sat \n+on \n"
    assert apply_patch("mat mat sat ", theirs) == "mat sat on "
    ours = make_patch("mat mat sat ", "mat sat on ")
    assert ours == "@@ -1,12 +1,8 @@\n-mat \n mat sat \n@@ -5,4 +5,7 @@\n sat \n+on \n"
    assert apply_patch("mat mat sat ", ours) == "mat sat on "


def test_astral_characters() -> None:
    a, b = "rocket 🚀 attack 𝔘 in Iraq", "rocket 🚀🚀 attacks 𝔘 in Iraq"
    assert apply_patch(a, make_patch(a, b)) == b


def test_the_empty_patch_changes_nothing() -> None:
    assert make_patch("same", "same") == ""
    assert apply_patch("same", "") == "same"


def test_a_shifted_text_fails_where_fuzzy_apply_would_guess() -> None:
    """diff-match-patch's patch_apply finds the hunk nearby and succeeds; apply_patch never guesses."""
    patch = make_patch("the cat sat", "the cat sat still")
    assert patch == "@@ -8,4 +8,10 @@\n  sat\n+ still\n"
    for shifted in ("oh, the cat sat", "the  cat sat", "a cat sat"):
        dmp = _dmp()
        fuzzy, ok = dmp.patch_apply(dmp.patch_fromText(patch), shifted)
        assert all(ok), shifted  # the fuzzy apply reports success ...
        assert fuzzy != shifted  # ... and changes the text
        with pytest.raises(
            PatchError, match=r"^hunk 1 \(@@ -8,4 \+8,10 @@\) does not apply exactly: expected"
        ):
            apply_patch(shifted, patch)
    # The hunk's text stands exactly at its place here: a context patch applies, as it should.
    assert apply_patch("the cat sat down", patch) == "the cat sat still down"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "oh, the cat sat on the mat",
            "hunk 1 (@@ -5,11 +5,11 @@) does not apply exactly: expected 'cat sat on ' at offset 4, found 'the cat sat'",
        ),
        (
            "the cat sat down",
            "hunk 1 (@@ -5,11 +5,11 @@) does not apply exactly: expected 'cat sat on ' at offset 4, found 'cat sat dow'",
        ),
        (
            "the cat",
            "hunk 1 (@@ -5,11 +5,11 @@) does not apply exactly: expected 'cat sat on ' at offset 4, found 'cat'",
        ),
    ],
    ids=["shifted", "changed", "too-short"],
)
def test_a_context_that_does_not_match_is_an_error(text: str, message: str) -> None:
    patch = make_patch("the cat sat on the mat", "the cat lay on the mat")
    dmp = _dmp()
    _, ok = dmp.patch_apply(dmp.patch_fromText(patch), "oh, the cat sat on the mat")
    assert all(ok)  # fuzzy: the first case "applies"
    with pytest.raises(PatchError) as info:
        apply_patch(text, patch)
    assert str(info.value) == message
    assert isinstance(info.value, RevtrackError)
    assert isinstance(info.value, ValueError)


def test_long_texts_are_shortened_in_the_message() -> None:
    with pytest.raises(PatchError) as info:
        apply_patch("x" * 200, "@@ -1,60 +1 @@\n-" + "y" * 60 + "\n+z\n")
    assert str(info.value) == (
        "hunk 1 (@@ -1,60 +1 @@) does not apply exactly: expected "
        f"{'y' * 20!r}…{'y' * 20!r} at offset 0, found {'x' * 20!r}…{'x' * 20!r}"
    )


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            "this is not a patch",
            "line 1: expected a hunk header such as '@@ -1,4 +1,5 @@', found 'this is not a patch'",
        ),
        ("\n", "line 1: expected a hunk header such as '@@ -1,4 +1,5 @@', found ''"),
        (
            "@@ -1 +1 @@\r\n-x\n+y\n",
            "line 1: expected a hunk header such as '@@ -1,4 +1,5 @@', found '@@ -1 +1 @@\\r'",
        ),
        (
            "@@ -1 +1 @@\n-x\n*y\n",
            "line 3: expected a hunk header or a line starting with ' ', '-' or '+', found '*y'",
        ),
        (
            "@@ -1 +1 @@\n-x\n@@ nonsense\n",
            "line 3: expected a hunk header or a line starting with ' ', '-' or '+', found '@@ nonsense'",
        ),
        ("@@ -1 +1,2 @@\n x\n+%FF\n", "line 3: %-escapes that are not UTF-8 text in '+%FF'"),
        (
            "@@ -0,0 +0 @@\n+x\n",
            "hunk 1 (@@ -0,0 +0 @@) does not apply exactly: its place is before the start of the text",
        ),
        ("@@ -1 +1,2 @@\n x\n+%zz\n", "line 3: a '%' that is not a %-escape (%25 is '%') in '+%zz'"),
        (
            "@@ -1,3 +1,3 @@\n",
            "hunk 1 (@@ -1,3 +1,3 @@) says 3 characters become 3, but its lines take 0 and give 0",
        ),
        (
            "@@ -1,2 +1,2 @@\n a\n-b\n+B\n c\n",
            "hunk 1 (@@ -1,2 +1,2 @@) says 2 characters become 2, but its lines take 3 and give 3",
        ),
        (
            "@@ -3 +3 @@\n-c\n+C\n@@ -1 +1 @@\n-a\n+A\n",
            "hunk 2 (@@ -1 +1 @@) does not apply exactly: its place is before the end of hunk 1",
        ),
    ],
    ids=[
        "prose",
        "blank",
        "crlf",
        "bad-sign",
        "bad-header",
        "bad-escape",
        "before-start",
        "not-an-escape",
        "header-only",
        "wrong-lengths",
        "out-of-order",
    ],
)
def test_malformed_patch(patch: str, message: str) -> None:
    """A patch that cannot be read is one single-line error, never a guess (U+FFFD for a bad escape)."""
    with pytest.raises(PatchError) as info:
        apply_patch("abc", patch)
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_escapes_are_decoded_as_utf8() -> None:
    assert apply_patch("x", "@@ -1 +1,3 @@\n x\n+%E2%80%9C%25\n") == "x“%"


def test_hunk_lengths_may_count_utf16_units_as_javascript_and_java_write_them() -> None:
    emoji = "ab%F0%9F%98%80cd"
    assert apply_patch("abcd", f"@@ -1,4 +1,6 @@\n-abcd\n+{emoji}\n") == "ab😀cd"  # UTF-16: 6
    assert apply_patch("abcd", f"@@ -1,4 +1,5 @@\n-abcd\n+{emoji}\n") == "ab😀cd"  # code points: 5
    with pytest.raises(PatchError, match="says 4 characters become 7"):
        apply_patch("abcd", f"@@ -1,4 +1,7 @@\n-abcd\n+{emoji}\n")
