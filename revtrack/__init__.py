"""revtrack: who changed what, and when, in a story that is updated after publication.

A story is a base text plus timestamped updates (:class:`Story`); every
revision is materialized (:class:`Revision`); any two revisions can be diffed
word by word (:func:`diff_texts`).
"""

from revtrack.diff import Edit, Op, Region, WordDiff, diff_texts
from revtrack.errors import ArticleError, RevisionLookupError, RevtrackError, StoryError
from revtrack.provenance import (
    ChangeKind,
    Provenance,
    SentenceChange,
    SentenceProvenance,
    SentenceVersion,
    Span,
    Tracker,
    attribute,
    track_story,
)
from revtrack.story import Revision, Story, Update
from revtrack.storyfile import (
    dumps_story,
    load_story,
    loads_story,
    save_story,
    story_from_dict,
    story_to_dict,
)

__all__ = [
    "ArticleError",
    "ChangeKind",
    "Edit",
    "Op",
    "Provenance",
    "Region",
    "Revision",
    "RevisionLookupError",
    "RevtrackError",
    "SentenceChange",
    "SentenceProvenance",
    "SentenceVersion",
    "Span",
    "Story",
    "StoryError",
    "Tracker",
    "Update",
    "WordDiff",
    "attribute",
    "diff_texts",
    "dumps_story",
    "load_story",
    "loads_story",
    "save_story",
    "story_from_dict",
    "story_to_dict",
    "track_story",
]
