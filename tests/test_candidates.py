"""The candidate filter (revtrack.provenance._candidates): never loses a pair the full comparison keeps."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings, strategies as st

from revtrack.provenance._candidates import OverlapIndex, dice_overlap
from revtrack.provenance._similarity import EDIT_THRESHOLD, dice, shared

_words = st.lists(
    st.sampled_from(["the", "a", "said", "fire", "bridge", "two", "three", "mayor", "x y"]), max_size=12
)
_sets = st.lists(_words.map(Counter), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter), st.integers(1, 12))
def test_every_set_sharing_enough_items_is_a_candidate(
    sets: list[Counter[str]], probe: Counter[str], overlap: int
) -> None:
    found = set(OverlapIndex(sets).candidates(probe, overlap))
    assert {k for k, s in enumerate(sets) if shared(probe, s) >= overlap} <= found


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter))
def test_every_similar_set_is_a_candidate(sets: list[Counter[str]], probe: Counter[str]) -> None:
    n = sum(probe.values())
    found = set(OverlapIndex(sets).candidates(probe, dice_overlap(n, EDIT_THRESHOLD)))
    similar = {k for k, s in enumerate(sets) if dice(probe, s, n, sum(s.values())) >= EDIT_THRESHOLD}
    assert similar <= found


def test_a_few_sets_are_all_candidates() -> None:
    sets = [Counter({"a": 1}), Counter({"b": 1})]
    assert list(OverlapIndex(sets).candidates(Counter({"c": 1}), 1)) == [0, 1]


def test_common_words_alone_point_nowhere() -> None:
    """A sentence's most common items are left out of the search when enough rare ones remain."""
    sets = [Counter({"the": 1, "said": 1, f"w{k}": 1}) for k in range(100)]
    probe = Counter({"the": 1, "said": 1, "w7": 1, "new": 1})
    assert OverlapIndex(sets).candidates(probe, 3) == [7]
