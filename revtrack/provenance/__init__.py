"""Provenance: attribute every sentence and word of every revision to the revision that introduced it.

API:
    Tracker                 takes one revision text at a time; provenance of any revision
    track_story(story)      a Tracker fed with every revision of a story
    attribute(story, at)    the Provenance of one revision of a story
    Provenance, SentenceProvenance, Span, SentenceChange, ChangeKind, SentenceVersion, Wording,
    Line, Run (a revision's lines, as Tracker.steps gives them)

The package, as the data flows: ``_model`` (what attribution answers with),
``_similarity`` (how alike two sentences are), ``_graves`` (the store of deleted
sentences), ``_matcher`` (one revision's changed sentences matched to what came
before), ``_lines`` (every revision's lines as what changed), ``_tracker`` (the
tracker), ``_codec`` (its saved state), ``_stories`` (stories in, provenance out).

How sentences are matched, revision by revision (each step sees only what the
steps before it left unmatched, and every match is one-to-one):

1. Lines that did not change keep their sentences as they were; only the
   changed lines are split again (every line break ends a sentence), so the
   cost of a revision grows with its change, not with the story.
2. Exact match, whitespace aside, against the sentences that left the
   previous revision: unchanged sentences that moved keep their history.
   Identical sentences (boilerplate) pair up in text order.
3. Exact match against everything the story ever contained and no longer
   does: a sentence deleted earlier and restored keeps its first origin.
4. Similarity against the sentences that left the previous revision: the Dice
   coefficient of the two multisets of (lowercased) words and of pairs of
   neighbouring words, ``2·|A∩B| / (|A|+|B|)``, at least ``EDIT_THRESHOLD``;
   best pairs first. Words make a reordered clause still the same sentence;
   pairs keep two sentences that only share common words apart. Two
   sentences that both quote someone and quote different words (Dice of the
   quoted words below ``QUOTE_THRESHOLD``) are never the same sentence: they
   share only a formula (``"…," officials said.``). The word diff then
   credits only the new words.
5. Containment, for splits and merges: a new sentence whose words lie mostly
   (``CONTAIN_THRESHOLD``) inside one old sentence came out of it (a split;
   of an old sentence an edit continues, only of the words it lost);
   an old sentence whose words lie mostly inside one new sentence went into
   it (a merge).
6. Similarity against everything deleted earlier (a restored sentence that was
   also edited), at the same threshold and with the same rule for quotes, when
   most of the new sentence (``RESTORED_SHARE`` of its words and word pairs) is
   in the deleted one; else the sentence is new (a new sentence built around a
   phrase of a deleted one is new).

Steps 4–6 match lowercased words, but never two sentences without a word in
common as written (``share_a_word``): such a match kept no word of the old one.

The threshold was chosen by measurement on generated histories with known
truth (``benchmarks/sweep_threshold.py``, 3 histories of 500 revisions; see
``benchmarks/RESULTS.md``): sentence accuracy is flat at 99.4–99.5% for Dice
0.35–0.45 and falls outside it (93.9% at 0.2, where unrelated sentences pair
up; 98.6% at 0.6, where heavily edited ones are taken for new), so 0.4.
The quote rule was measured on the tuning sets of ``benchmarks/bench_accuracy.py``
(issue 15): formulaic sentences 92.5% → 97.9% right on long histories, 93.9% →
98.6% on breaking news, nothing worse elsewhere; ``QUOTE_THRESHOLD`` is flat from
0.4 to 0.6 (``sweep_threshold.py --hard --name QUOTE_THRESHOLD``), so 0.5, and
``RESTORED_SHARE`` from 0.5 to 0.7 (sentences 99.58% → 99.84%), so 0.6.

Word origins: besides the revision in which each word first appeared in its
sentence's lineage (``spans``), the tracker answers where it first appeared
anywhere in the story (``origins``): the text that left the story is kept in an
index of runs of tokens (:mod:`revtrack.provenance._origins`), and each run of
words new to a lineage is looked up there; a stretch found keeps its origins and
is taken out, and text brought back by a restoration is taken out too, so a copy
of text still present elsewhere is new.

Attribution rules (``revtrack/provenance@1``): an unchanged or moved sentence
keeps ``introduced``, ``modified`` and its word revisions; an edited one keeps
``introduced``, gains the revision in ``modified``, and only its new words get
the new revision (word diff against the sentence it came from); a restored one
keeps what it had when it was deleted; the results of a split or a merge take
the revision most of their words have (ties go to the earlier one).
"""

from __future__ import annotations

from revtrack.provenance._model import (
    FORMAT,
    ChangeKind,
    Line,
    Provenance,
    Run,
    SentenceChange,
    SentenceProvenance,
    SentenceVersion,
    Span,
    Wording,
)
from revtrack.provenance._similarity import CONTAIN_THRESHOLD, EDIT_THRESHOLD
from revtrack.provenance._stories import attribute, track_story
from revtrack.provenance._tracker import Tracker

__all__ = [
    "CONTAIN_THRESHOLD",
    "EDIT_THRESHOLD",
    "FORMAT",
    "ChangeKind",
    "Line",
    "Provenance",
    "Run",
    "SentenceChange",
    "SentenceProvenance",
    "SentenceVersion",
    "Span",
    "Tracker",
    "Wording",
    "attribute",
    "track_story",
]
