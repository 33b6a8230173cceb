"""Exact patches: diff-match-patch's format, applied exactly or not at all."""

from __future__ import annotations

import diff_match_patch
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtrack.patch import PatchError, apply_patch, make_patch

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
_repetitive = st.lists(st.sampled_from(["the ", "cat ", "sat ", "on ", "mat ", ". ", "\n"]), max_size=60).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, _repetitive), st.one_of(_text, _repetitive))
def test_patches_rebuild_the_new_text(a: str, b: str) -> None:
    assert apply_patch(a, make_patch(a, b)) == b


@settings(max_examples=200, deadline=None)
@given(_repetitive, _repetitive)
def test_patches_from_diff_match_patch_itself_apply_exactly(a: str, b: str) -> None:
    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    patch = dmp.patch_toText(dmp.patch_make(a, b))
    assert apply_patch(a, patch) == b


def test_a_patch_that_does_not_stand_where_it_says_fails_where_fuzzy_apply_would_guess() -> None:
    patch = make_patch("the cat sat on the mat", "the cat lay on the mat")
    shifted = "oh, the cat sat on the mat"
    dmp = diff_match_patch.diff_match_patch()
    fuzzy, ok = dmp.patch_apply(dmp.patch_fromText(patch), shifted)
    assert all(ok)
    assert fuzzy == "oh, the cat lay on the mat"  # what a fuzzy apply guesses
    with pytest.raises(PatchError, match="does not apply exactly"):
        apply_patch(shifted, patch)


def test_malformed_patch() -> None:
    with pytest.raises(PatchError, match="not a diff-match-patch patch"):
        apply_patch("x", "this is not a patch")


def test_astral_characters() -> None:
    a, b = "rocket 🚀 attack 𝔘 in Iraq", "rocket 🚀🚀 attacks 𝔘 in Iraq"
    assert apply_patch(a, make_patch(a, b)) == b
