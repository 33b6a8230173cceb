"""Snapshot testing for revtrack output, with syrupy: one readable text file per snapshot.

A provenance snapshot holds one sentence a line, each with its revision marks,
and a blank line between paragraphs, so that a changed attribution shows up in
review as a one-line diff::

    # taji-rocket-attack: revision 3 (UPDATE: 8:15pm EST)
    [0] Details are still coming in, but at least two American military personnel...
    [0→2] The attackers fired approximately {18}[2] unguided rockets...

A word diff snapshot is the wdiff rendering (``[-removed-]{+added+}``).

Use it through the ``snapshot_revtrack`` fixture, which this module registers
as a pytest plugin when revtrack is installed (syrupy must be installed too:
``pip install syrupy``)::

    def test_story_attribution(snapshot_revtrack):
        story = revtrack.load_story("fixtures/flood.json")
        assert snapshot_revtrack == story             # the last revision's provenance
        assert snapshot_revtrack == story.diff(0, -1)  # a word diff

Update snapshots with ``pytest --snapshot-update`` and review their diffs like code.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pytest

from revtrack.diff import WordDiff
from revtrack.provenance import Provenance, attribute
from revtrack.render.escape import show_controls
from revtrack.render.provenance import mark
from revtrack.story import Story

if TYPE_CHECKING:
    from syrupy.assertion import SnapshotAssertion

__all__ = ["provenance_snapshot", "revtrack_extension", "snapshot_revtrack", "to_snapshot"]


def provenance_snapshot(prov: Provenance) -> str:
    """One sentence a line with its marks; words newer than their sentence as ``{words}[r]``."""
    rev = prov.revisions[prov.revision]
    lines = [f"# {show_controls(prov.story)}: revision {rev.index} ({show_controls(rev.label)})"]
    paragraph = None
    for s in prov.sentences:
        if paragraph is not None and s.paragraph != paragraph:
            lines.append("")
        paragraph = s.paragraph
        parts: list[str] = []
        pos = s.start
        for span in s.spans:
            parts.append(prov.text[pos : span.start])
            chunk = prov.text[span.start : span.end]
            parts.append(f"{{{chunk}}}[{span.revision}]" if span.revision > s.introduced else chunk)
            pos = span.end
        parts.append(prov.text[pos : s.end])
        lines.append(f"{mark(s)} {show_controls(''.join(parts))}")
    return "\n".join(lines) + "\n"


def to_snapshot(data: object) -> str:
    """The snapshot text of a Story (its last revision), a Provenance, a WordDiff, or a str.

    A carriage return is written ``\\x0d``: the snapshot file is read back as text, where
    ``\\r\\n`` becomes ``\\n``, and a snapshot holding one could never match again.
    """
    from revtrack.render.diff import render_plain

    if isinstance(data, Story):
        text = provenance_snapshot(attribute(data))
    elif isinstance(data, Provenance):
        text = provenance_snapshot(data)
    elif isinstance(data, WordDiff):
        text = render_plain(data)
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(
            f"revtrack snapshots take a Story, Provenance, WordDiff or str, not {type(data).__name__}"
        )
    return text.replace("\r", "\\x0d")


@functools.cache
def revtrack_extension() -> type:
    """The syrupy extension class (built on first use, so importing this module needs no syrupy)."""
    try:
        from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("revtrack's snapshot fixture needs syrupy: pip install syrupy") from None

    class RevtrackSnapshotExtension(SingleFileSnapshotExtension):
        """Stores revtrack output as a readable ``.txt`` file per snapshot."""

        _write_mode = WriteMode.TEXT
        file_extension = "txt"

        def serialize(self, data: Any, **kwargs: Any) -> str:
            return to_snapshot(data)

    return RevtrackSnapshotExtension


@pytest.fixture
def snapshot_revtrack(request: pytest.FixtureRequest) -> SnapshotAssertion:
    """syrupy's ``snapshot``, storing revtrack stories, provenance and diffs as readable text."""
    extension = revtrack_extension()  # without syrupy: an error that says to install it
    snapshot: SnapshotAssertion = request.getfixturevalue("snapshot")
    return snapshot.use_extension(extension)
