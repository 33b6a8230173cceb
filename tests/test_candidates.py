"""The overlap index (revtrack.provenance._candidates): exactly the pairs the full comparison keeps."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from revtrack.provenance import _candidates
from revtrack.provenance._candidates import OverlapIndex, _overlaps_py, _postings_py, dice_overlap
from revtrack.provenance._similarity import EDIT_THRESHOLD, dice, shared

_words = st.lists(
    st.sampled_from(["the", "a", "said", "fire", "bridge", "two", "three", "mayor", "x y"]), max_size=12
)
_sets = st.lists(_words.map(Counter), min_size=1, max_size=80)


def _brute(sets: list[Counter[str]], probe: Counter[str], need: int) -> list[tuple[int, int]]:
    return [(k, c) for k, s in enumerate(sets) if (c := shared(probe, s)) >= max(need, 1)]


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter), st.integers(0, 12))
def test_overlaps_are_the_full_comparisons(sets: list[Counter[str]], probe: Counter[str], need: int) -> None:
    assert OverlapIndex(sets).overlaps(probe, need) == _brute(sets, probe, need)


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter), st.integers(0, 12))
def test_the_python_twin_counts_as_the_compiled_one(
    sets: list[Counter[str]], probe: Counter[str], need: int
) -> None:
    postings = _postings_py(sets)
    hits = [(postings[w], n) for w, n in probe.items() if w in postings]
    expected = [(k, c) for k, c in _brute(sets, probe, need)]
    assert _overlaps_py(hits, max(need, 1)) == expected
    if _candidates._compiled is not None:
        assert _candidates._compiled(postings, probe, len(sets), max(need, 1)) == expected


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter))
def test_every_similar_set_is_found(sets: list[Counter[str]], probe: Counter[str]) -> None:
    n = sum(probe.values())
    found = {k for k, _ in OverlapIndex(sets).overlaps(probe, dice_overlap(n, EDIT_THRESHOLD))}
    similar = {k for k, s in enumerate(sets) if dice(probe, s, n, sum(s.values())) >= EDIT_THRESHOLD}
    assert similar <= found


def test_common_words_count_with_rare_ones() -> None:
    sets = [Counter({"the": 1, "said": 1, f"w{k}": 1}) for k in range(100)]
    probe = Counter({"the": 1, "said": 1, "w7": 1, "new": 1})
    assert OverlapIndex(sets).overlaps(probe, 3) == [(7, 3)]
    assert OverlapIndex(sets).overlaps(probe, 2)[:2] == [(0, 2), (1, 2)]


def test_repeats_count_as_often_as_both_hold_them() -> None:
    sets = [Counter({"the": 3, "fire": 1})] * 40 + [Counter({"the": 1})]
    assert OverlapIndex(sets).overlaps(Counter({"the": 2, "fire": 2}), 3)[-1] == (39, 3)


@pytest.mark.skipif(_candidates._compiled is None, reason="the compiled core was not built")
def test_the_compiled_counter_refuses_a_posting_of_no_set() -> None:
    from array import array

    with pytest.raises(ValueError, match="names no indexed set"):
        _candidates._compiled({"a": array("i", [5, 1])}, Counter(["a"]), 3, 1)
    with pytest.raises(ValueError, match=r"int32 \(set, count\) pairs"):
        _candidates._compiled({"a": array("i", [0])}, Counter(["a"]), 3, 1)
    with pytest.raises(TypeError):
        _candidates._compiled([array("i", [0, 1])], Counter(["a"]), 3, 1)  # type: ignore[arg-type]
    assert _candidates._compiled({"b": array("i", [0, 1])}, Counter(["a"]), 3, 1) == []  # not indexed


@settings(max_examples=300, deadline=None)
@given(_sets, _words.map(Counter), st.sampled_from([0.0, 0.25, EDIT_THRESHOLD, 0.6, 1.0]))
def test_similar_sets_are_those_of_the_full_comparison(
    sets: list[Counter[str]], probe: Counter[str], threshold: float
) -> None:
    n = sum(probe.values())
    expected = [
        (k, shared(probe, s))
        for k, s in enumerate(sets)
        if shared(probe, s) >= max(1, dice_overlap(n, threshold))
        and dice(probe, s, n, sum(s.values())) >= threshold
    ]
    index = OverlapIndex(sets)
    assert index.similar(probe, threshold) == expected
    postings = _postings_py(sets)
    hits = [(postings[w], c) for w, c in probe.items() if w in postings]
    need = max(1, dice_overlap(n, threshold))
    if need <= n:
        assert _overlaps_py(hits, need, index.sizes(), n, threshold) == expected
        if _candidates._compiled is not None:
            got = _candidates._compiled(postings, probe, len(sets), need, index.sizes(), n, threshold)
            assert got == expected


@pytest.mark.skipif(_candidates._compiled is None, reason="the compiled core was not built")
def test_the_compiled_counter_refuses_what_it_cannot_count() -> None:
    from array import array

    with pytest.raises(ValueError, match="counts are positive"):
        _candidates._compiled({"a": array("i", [0, 1])}, Counter({"a": 0}), 3, 1)
    with pytest.raises(ValueError, match="one int32 per set"):
        _candidates._compiled({"a": array("i", [0, 1])}, Counter(["a"]), 3, 1, array("i", [1]), 1, 0.5)


@settings(max_examples=200, deadline=None)
@given(_sets)
def test_the_compiled_index_is_the_python_one(sets: list[Counter[str]]) -> None:
    if _candidates._compiled_postings is None:
        pytest.skip("the compiled core was not built")
    twin = _postings_py(sets)
    made = _candidates._compiled_postings(sets)
    assert list(made) == list(twin)
    assert all(bytes(made[w]) == twin[w].tobytes() for w in twin)


@pytest.mark.skipif(_candidates._compiled_postings is None, reason="the compiled core was not built")
def test_the_compiled_index_refuses_what_is_no_count() -> None:
    assert _candidates._compiled_postings is not None
    with pytest.raises(ValueError, match="counts are positive"):
        _candidates._compiled_postings([Counter({"a": 0})])
    with pytest.raises(TypeError, match="dict of counts"):
        _candidates._compiled_postings([["a"]])  # type: ignore[list-item]
