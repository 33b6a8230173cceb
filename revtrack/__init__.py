"""revtrack: who changed what, and when, in a story that is updated after publication.

A story is a base text plus timestamped updates (:class:`Story`); every
revision is materialized (:class:`Revision`); any two revisions can be diffed
word by word (:func:`diff_texts`).

The names below are loaded on first use (PEP 562), so ``import revtrack`` and
the command line cost only the modules a caller actually touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from revtrack.diff import (
        Edit as Edit,
        Op as Op,
        Region as Region,
        WordDiff as WordDiff,
        diff_texts as diff_texts,
    )
    from revtrack.errors import (
        ArticleError as ArticleError,
        OutputError as OutputError,
        RevisionLookupError as RevisionLookupError,
        RevtrackError as RevtrackError,
        StateError as StateError,
        StoryError as StoryError,
    )
    from revtrack.provenance import (
        ChangeKind as ChangeKind,
        Provenance as Provenance,
        SentenceChange as SentenceChange,
        SentenceProvenance as SentenceProvenance,
        SentenceVersion as SentenceVersion,
        Span as Span,
        Tracker as Tracker,
        Wording as Wording,
        attribute as attribute,
        track_story as track_story,
    )
    from revtrack.story import (
        Revision as Revision,
        Revisions as Revisions,
        Story as Story,
        StoryBuilder as StoryBuilder,
        Update as Update,
    )
    from revtrack.storyfile import (
        dumps_story as dumps_story,
        load_story as load_story,
        loads_story as loads_story,
        save_story as save_story,
        story_from_dict as story_from_dict,
        story_to_dict as story_to_dict,
    )

_WHERE = {
    "revtrack.diff": ("Edit", "Op", "Region", "WordDiff", "diff_texts"),
    "revtrack.errors": (
        "ArticleError",
        "OutputError",
        "RevisionLookupError",
        "RevtrackError",
        "StateError",
        "StoryError",
    ),
    "revtrack.provenance": (
        "ChangeKind",
        "Provenance",
        "SentenceChange",
        "SentenceProvenance",
        "SentenceVersion",
        "Span",
        "Tracker",
        "Wording",
        "attribute",
        "track_story",
    ),
    "revtrack.story": ("Revision", "Revisions", "Story", "StoryBuilder", "Update"),
    "revtrack.storyfile": (
        "dumps_story",
        "load_story",
        "loads_story",
        "save_story",
        "story_from_dict",
        "story_to_dict",
    ),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE_OF)  # every name in _WHERE, once


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'revtrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
