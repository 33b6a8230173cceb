"""Attribution on real histories nobody here wrote (``fixtures/importers/real``, sources in its README)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from revtrack.provenance import ChangeKind, track_story
from revtrack.sentences import sentence_spans
from revtrack.storyfile import load_story

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "real"


def test_legal_text_headings_are_one_sentence_and_a_split_has_few_parts() -> None:
    """GitHub's Corporate Terms, reworded by a pull request: every Markdown heading is one sentence
    ("### I. Additional Terms for GitHub Pages" was cut after "I."), and the words one long
    sentence lost make few new sentences (its remainder had been the source of 14, headings and
    unrelated clauses among them)."""
    story = load_story(REAL / "github-corporate-terms.json")
    for revision in story.revisions:
        headings = [line for line in revision.text.splitlines() if line.startswith("#")]
        assert len(headings) > 70
        assert all(sentence_spans(line) == [(0, len(line.rstrip()))] for line in headings)
    tracker = track_story(story)
    changes = tracker.changes(1)
    kinds = Counter(c.kind for c in changes)
    assert kinds[ChangeKind.EDITED] > 20
    parts = Counter(c.old[0] for c in changes if c.kind is ChangeKind.SPLIT)
    assert max(parts.values()) <= 4
    assert sum(parts.values()) <= 8  # 16 before a remainder was used up, 14 of one sentence
    # Every word of every sentence is attributed, in order, within its sentence.
    text = tracker.text(1)
    for s in tracker.sentences(1):
        assert s.spans[0].start == s.start
        assert s.spans[-1].end == s.end
        assert all(a.end <= b.start for a, b in zip(s.spans, s.spans[1:], strict=False))
        assert not text[s.start : s.end].isspace()
