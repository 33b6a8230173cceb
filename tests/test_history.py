"""Revision counts (revtrack.history): the same numbers whether the caller feeds the tracker or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from revtrack.history import revision_stats
from revtrack.provenance import track_story
from revtrack.storyfile import load_story
from revtrack.testing.synthetic import generate_history

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_stats_are_the_same_with_a_tracker_fed_apart(path: Path) -> None:
    story = load_story(path)
    calls: list[tuple[int, int]] = []
    alone = revision_stats(story, progress=lambda done, total: calls.append((done, total)))
    assert alone == revision_stats(story, track_story(story))
    assert [s.revision for s in alone] == list(range(len(story)))
    assert calls == [(k, len(story)) for k in range(1, len(story) + 1)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stats_of_generated_histories(seed: int) -> None:
    story = generate_history(seed, revisions=15).story()
    stats = revision_stats(story)
    assert stats == revision_stats(story, track_story(story))
    assert stats[0].words_removed == 0
    assert stats[0].sentences_added > 0
    assert any(s.sentences_edited for s in stats)
    assert any(s.words_removed for s in stats)
