"""The silent-edit audit: what each update changed in text that was already published.

An update that appends a paragraph announces itself; one that also rewords a
sentence further up, deletes one, brings back one deleted earlier, or merges
two, changes what readers already read. A standards desk wants those listed,
with word diffs. :func:`audit_story` lists them per update, from the
sentence-level changes of the provenance tracker.

Finding kinds: ``reworded``, ``deleted``, ``restored``, ``split``, ``merged``
(each a *silent change*), and ``moved`` (unchanged wording in another place: a
*note*, which counts as silent only when asked). A sentence restored in other words than
it had when last seen is a ``restored`` finding with that wording as its old text and a
word diff, so a correction made while bringing it back shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from revtrack._jsontext import json_line
from revtrack.provenance import ChangeKind, Tracker, track_story
from revtrack.provenance._stories import check_tracker
from revtrack.text import is_word, split_words

if TYPE_CHECKING:
    from revtrack._progress import Progress
    from revtrack.diff import WordDiff
    from revtrack.story import Story

__all__ = ["AUDIT_FORMAT", "Audit", "Finding", "UpdateAudit", "audit_story"]

AUDIT_FORMAT = "revtrack/audit@1"

_KIND_NAMES = {
    ChangeKind.EDITED: "reworded",
    ChangeKind.DELETED: "deleted",
    ChangeKind.RESTORED: "restored",
    ChangeKind.SPLIT: "split",
    ChangeKind.MERGED: "merged",
    ChangeKind.MOVED: "moved",
}
NOTE_KINDS = frozenset({"moved"})
"""Findings that are notes, not changes of wording: silent only with ``include_moves``."""


@attrs.frozen
class Finding:
    """One change an update made to text that existed before it."""

    kind: str
    old_index: int | None
    """The sentence's index in the previous revision (the first, for a merge)."""
    old_text: str | None
    """The sentence as it was; for a restoration, its wording when last seen (before it was
    deleted) if it came back in other words, else None. Its index is then None: it is not in
    the previous revision."""
    new_index: int | None
    """The sentence's index in this revision."""
    new_text: str | None
    restored_from: int | None = None
    """For a restoration: the last revision that had the sentence."""

    @property
    def diff(self) -> WordDiff | None:
        """The word diff of the old and new sentence, when both exist and differ."""
        from revtrack.diff import diff_texts

        if self.old_text is None or self.new_text is None or self.old_text == self.new_text:
            return None
        return diff_texts(self.old_text, self.new_text)


@attrs.frozen
class UpdateAudit:
    """What one update added, and what it changed in earlier text."""

    revision: int
    label: str
    timestamp: str
    author: str | None
    kind: str
    """How the update is stored: text, append or patch."""
    sentences_added: int
    words_added: int
    findings: tuple[Finding, ...]

    def silent(self, *, include_moves: bool = False) -> tuple[Finding, ...]:
        """The findings that change earlier text (moves only if *include_moves*)."""
        return tuple(f for f in self.findings if include_moves or f.kind not in NOTE_KINDS)


@attrs.frozen
class Audit:
    """The audit of every update of a story."""

    story: str
    updates: tuple[UpdateAudit, ...]

    def silent_updates(self, *, include_moves: bool = False) -> tuple[int, ...]:
        """The revisions of updates that changed earlier text."""
        return tuple(u.revision for u in self.updates if u.silent(include_moves=include_moves))

    def to_dict(self, *, include_moves: bool = False) -> dict[str, Any]:
        """The ``revtrack/audit@1`` JSON object."""
        return {
            "format": AUDIT_FORMAT,
            "story": self.story,
            "updates": [
                {
                    "revision": u.revision,
                    "label": u.label,
                    "timestamp": u.timestamp,
                    "author": u.author,
                    "kind": u.kind,
                    "added": {"sentences": u.sentences_added, "words": u.words_added},
                    "findings": [_finding_dict(f) for f in u.findings],
                }
                for u in self.updates
            ],
            "silent_updates": list(self.silent_updates(include_moves=include_moves)),
        }

    def to_json(self, *, include_moves: bool = False) -> str:
        """``revtrack/audit@1``: deterministic UTF-8 JSON on one line, then a newline."""
        return json_line(self.to_dict(include_moves=include_moves))


def _finding_dict(f: Finding) -> dict[str, Any]:
    d = f.diff
    return {
        "kind": f.kind,
        "old": None if f.old_text is None else {"index": f.old_index, "text": f.old_text},
        "new": None if f.new_text is None else {"index": f.new_index, "text": f.new_text},
        "diff": None if d is None else [[e.op.symbol, e.text] for e in d.ops],
        "restored_from": f.restored_from,
    }


def _reworded_since_last_seen(tracker: Tracker, revision: int, index: int | None) -> list[str]:
    """For a sentence *revision* restored: ``[wording when last seen]`` if it came back in
    other words, else ``[]`` (restored as it was)."""
    if index is None:
        return []
    chain = tracker.history(revision, index)
    # Restored as it was: the wording last seen, from an earlier revision. Reworded: a new
    # wording made in *revision*, whose parent is the one last seen.
    if len(chain) < 2 or chain[-1].revision != revision:
        return []
    return [chain[-2].text]


def audit_story(story: Story, tracker: Tracker | None = None, *, progress: Progress | None = None) -> Audit:
    """Audit every update of *story* (a tracker already fed with it saves the work).

    Walks the history once; each update costs what it changed. *progress* is told
    ``(revisions done, revisions in all)``, as the tracker is fed, then as the updates are read.

    Raises:
        StateError: *tracker* was fed another history than the story's.
    """
    if tracker is None:
        tracker = track_story(story, progress=progress)
    else:
        check_tracker(story, tracker)
    updates = []
    total = len(story)
    for rev in story.revisions[1:]:
        if progress is not None:
            progress(rev.index + 1, total)
        r = rev.index
        findings = []
        added = words = 0
        for c in tracker.changes(r):
            if c.kind is ChangeKind.ADDED:
                added += 1
                words += sum(1 for t in split_words(c.text or "") if is_word(t))
                continue
            kind = _KIND_NAMES[c.kind]
            if c.kind is ChangeKind.EDITED and not c.old:
                continue
            old_texts = list(c.old_texts)
            if c.kind is ChangeKind.RESTORED:
                old_texts = _reworded_since_last_seen(tracker, r, c.new)
            findings.append(
                Finding(
                    kind=kind,
                    old_index=c.old[0] if c.old else None,
                    old_text=" ".join(old_texts) if old_texts else None,
                    new_index=c.new,
                    new_text=c.text,
                    restored_from=c.restored_from,
                )
            )
            if c.moved and c.kind is not ChangeKind.MOVED:  # also moved: the old sentence as it stood
                old_text = c.old_texts[0] if c.old_texts else None
                findings.append(Finding("moved", c.old[0] if c.old else None, old_text, c.new, c.text))
        updates.append(
            UpdateAudit(
                revision=r,
                label=rev.label,
                timestamp=rev.timestamp_text,
                author=rev.author,
                kind=rev.kind,
                sentences_added=added,
                words_added=words,
                findings=tuple(findings),
            )
        )
    return Audit(story.id, tuple(updates))
