"""Sentence matching on the cases of issue 15: formulaic sentences are matched on what is particular to
them; words that left one sentence and came back in another keep where they were first written (origins)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from revtrack.cli import main
from revtrack.provenance import Tracker
from revtrack.provenance._matcher import nonspace_tokens
from revtrack.provenance._similarity import other_quote, quoted_words
from revtrack.testing.harder import generate_hard


def _track(*texts: str) -> Tracker:
    tracker = Tracker()
    for text in texts:
        tracker.add(text)
    return tracker


BASE = "Crews fought the fire all night. "


def test_a_new_quote_from_the_same_speaker_is_a_new_sentence() -> None:
    t = _track(
        BASE + '"We are still gathering information," the company said in a statement.',
        BASE + '"Our thoughts are with the families," the company said in a statement.',
    )
    quote = t.sentences(1)[1]
    assert (quote.introduced, quote.modified) == (1, ())
    assert {s.revision for s in quote.spans} == {1}


def test_an_edited_quote_is_still_an_edit() -> None:
    t = _track(
        BASE + '"We are still gathering information about the fire," the company said.',
        BASE + '"We are still gathering information about the blaze," the company said.',
    )
    quote = t.sentences(1)[1]
    assert (quote.introduced, quote.modified) == (0, (1,))


def test_a_deleted_quote_does_not_lend_its_origin_to_a_new_one() -> None:
    t = _track(
        BASE + '"No comment," said Karen Liu, chief strategist at Harbor Point Capital.',
        BASE,
        BASE + '"Too early to tell," said Karen Liu, chief strategist at Harbor Point Capital.',
    )
    assert t.sentences(2)[1].introduced == 2


def test_the_same_quote_restored_keeps_its_origin() -> None:
    t = _track(
        BASE + '"Nobody expected this at all," officials said.',
        BASE,
        BASE + '"Nobody expected this at all," police said.',
    )
    assert t.sentences(2)[1].introduced == 0


def test_a_clause_split_off_as_its_sentence_goes_back_to_an_earlier_wording_is_a_split() -> None:
    """A clause added to a sentence, then split off with new words while the sentence reads as it
    did before: the sentence is reverted and the clause keeps where it was written."""
    before = (
        "Residents within a mile of the warehouse were told to stay indoors and keep their windows closed."
    )
    t = _track(
        BASE + before,
        BASE + before[:-1] + " after crews laid booms across the ditch.",
        BASE + before + " Officials also laid booms across the ditch.",
    )
    reverted, clause = t.sentences(2)[1:]
    assert (reverted.introduced, reverted.modified) == (0, (1, 2))
    assert (clause.introduced, clause.modified) == (1, (2,))
    text = t.text(2)
    assert [(text[s.start : s.end], s.revision) for s in clause.spans][:2] == [
        ("Officials also", 2),
        ("laid booms across the ditch", 1),
    ]


def test_a_clause_split_off_and_edited_is_found_by_the_words_its_sentence_lost() -> None:
    """The count in the clause changed as it was split off, so the two share few word pairs; the
    clause is still mostly the words the first part lost."""
    t = _track(
        BASE + "The Red Cross opened a shelter at the high school, where about 80 people spent the night.",
        BASE
        + "The Red Cross opened a shelter at the high school. Officials said about 120 people spent the night.",
    )
    clause = t.sentences(1)[2]
    assert (clause.introduced, clause.modified) == (0, (1,))
    text = t.text(1)
    assert [(text[s.start : s.end], s.revision) for s in clause.spans][:4] == [
        ("Officials said", 1),
        ("about", 0),
        ("120", 1),
        ("people spent the night.", 0),
    ]


def test_the_words_a_split_lost_make_one_sentence_not_every_sentence_that_shares_them() -> None:
    """A remainder is used up: once a part took its words, a second sentence made of the same
    words is new (a long legal sentence's remainder had been the source of 14 new sentences)."""
    t = _track(
        "The council approved the new budget after a long debate on Tuesday while protesters gathered"
        " outside city hall demanding more funding for schools.",
        "The council approved the new budget after a long debate on Tuesday. Protesters outside city hall"
        " were demanding more school funding. Outside city hall, funding for schools was what protesters"
        " kept demanding.",
    )
    assert [(c.kind.value, c.new) for c in t.changes(1)] == [("split", 0), ("split", 1), ("added", 2)]


def test_a_new_sentence_with_a_few_words_an_edited_one_lost_is_new() -> None:
    t = _track(
        BASE + "Crews fought the fire all night, and residents waited in the cold.",
        BASE
        + "Crews fought the fire all night. Officials said the cold would last until Friday and schools would close.",
    )
    assert t.sentences(1)[2].introduced == 1


def test_a_word_the_first_part_of_a_split_kept_is_new_in_the_second() -> None:
    t = _track(
        BASE + "The storm knocked out power to the coast, and crews cleared roads.",
        BASE + "The storm knocked out power to the coast. The crews later cleared roads.",
    )
    head, tail = t.sentences(1)[1:]
    text = t.text(1)
    assert [(text[s.start : s.end], s.revision) for s in head.spans] == [(text[head.start : head.end], 0)]
    assert [(text[s.start : s.end], s.revision) for s in tail.spans][:3] == [
        ("The", 1),
        ("crews", 0),
        ("later", 1),
    ]


def test_quoted_words() -> None:
    assert quoted_words(nonspace_tokens('"We are here," he said.')) == {"we": 1, "are": 1, "here": 1}
    assert quoted_words(nonspace_tokens("He said it's «fine» now.")) == {"fine": 1}
    assert quoted_words(nonspace_tokens("He said so.")) is None
    # An unquoted sentence is never "another quote": the rule needs two quotes.
    assert not other_quote(nonspace_tokens("Officials said so."), nonspace_tokens('"No," officials said.'))


_words = st.lists(
    st.sampled_from(["fire", "crews", "said", "we", "the", '"', "“", "”", ",", "."]), max_size=12
)


@given(_words, _words)
def test_other_quote_is_symmetric_and_never_true_of_one_sentence(a: list[str], b: list[str]) -> None:
    assert other_quote(a, b) == other_quote(b, a)
    assert not other_quote(a, a)


def test_a_new_sentence_around_a_phrase_of_a_deleted_one_is_new() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains.",
        BASE,
        BASE + "Inspectors had warned that paint thinners for hardware chains were kept beside the exits.",
    )
    s = t.sentences(2)[1]
    assert (s.introduced, s.modified) == (2, ())


def test_a_deleted_sentence_restored_with_an_edit_keeps_its_origin() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains across the region.",
        BASE,
        BASE + "The warehouse stored paint thinners for hardware stores across the region.",
    )
    s = t.sentences(2)[1]
    assert (s.introduced, s.modified) == (0, (2,))


# --- word origins: where words first appeared anywhere in the story ----------------------------


def _words(t: Tracker, spans: str = "spans", revision: int = -1, index: int = -1) -> list[tuple[str, int]]:
    text = t.text(revision)
    s = t.sentences(revision)[index]
    return [(text[p.start : p.end], p.revision) for p in getattr(s, spans)]


def test_a_clause_moved_into_another_sentence_keeps_where_it_was_written() -> None:
    lede = "The bridge, which opened in 1931 and carries 40,000 cars a day, was closed on Tuesday"
    t = _track(
        f"{lede} after inspectors found cracks in two of its piers. Traffic was sent through the tunnel.",
        f"{lede}. Traffic was sent through the tunnel after inspectors found cracks in two of its piers.",
    )
    assert _words(t) == [
        ("Traffic was sent through the tunnel", 0),
        ("after inspectors found cracks in two of its piers", 1),
        (".", 0),
    ]
    assert _words(t, "origins") == [
        ("Traffic was sent through the tunnel after inspectors found cracks in two of its piers.", 0)
    ]


def test_a_phrase_of_a_deleted_sentence_brought_back_keeps_its_origin() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains.",
        BASE + "The warehouse was empty.",
        BASE,
        BASE + "Inspectors had warned that paint thinners for hardware chains were kept beside the exits.",
    )
    assert _words(t) == [
        ("Inspectors had warned that paint thinners for hardware chains were kept beside the exits.", 3)
    ]
    assert _words(t, "origins") == [
        ("Inspectors had warned that", 3),
        ("paint thinners for hardware chains", 0),
        ("were kept beside the exits.", 3),
    ]


def test_a_copy_of_text_still_present_elsewhere_is_new() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains.",
        BASE
        + "The warehouse stored paint thinners for hardware chains. "
        + "Inspectors said paint thinners for hardware chains were kept beside the exits.",
    )
    assert (
        _words(t, "origins")
        == _words(t)
        == [("Inspectors said paint thinners for hardware chains were kept beside the exits.", 1)]
    )


def test_text_brought_back_by_a_restoration_is_not_found_again() -> None:
    sentence = "The warehouse stored paint thinners for hardware chains."
    t = _track(
        BASE + sentence,
        BASE,
        BASE + sentence,  # restored: back in the story
        BASE + sentence + " Inspectors said paint thinners for hardware chains were kept there.",
    )
    assert t.sentences(2)[1].introduced == 0
    assert _words(t, "origins") == [
        ("Inspectors said paint thinners for hardware chains were kept there.", 3)
    ]


def test_text_that_came_back_once_is_not_found_twice() -> None:
    t = _track(
        BASE + "The warehouse stored paint thinners for hardware chains.",
        BASE,
        BASE + "Inspectors found paint thinners for hardware chains.",
        BASE
        + "Inspectors found paint thinners for hardware chains. Police found paint thinners for hardware chains.",
    )
    assert _words(t, "origins", index=1) == [
        ("Inspectors found", 2),
        ("paint thinners for hardware chains.", 0),
    ]
    assert _words(t, "origins") == [("Police found paint thinners for hardware chains.", 3)]


def test_marks_and_a_short_word_are_no_evidence_and_a_url_is() -> None:
    url = "https://example.org/reports/2024/bridge-inspection.html"
    t = _track(
        BASE + f"Shelters opened at [[a]] school, {url} says.",
        BASE,
        BASE + f"Parents waited at [[a]] gym; see {url} for more.",
    )
    assert _words(t, "origins") == [
        ("Parents waited at [[a]] gym; see", 2),  # "at [[a]]": one word of one letter
        (url, 0),
        ("for more.", 2),
    ]


def test_the_origin_of_a_word_is_never_later_than_its_lineage_and_covers_the_same_text() -> None:
    history = generate_hard(7, 60, words=800)
    t = _track(*history.texts)
    differ = 0
    for r in range(len(history.texts)):
        for s in t.sentences(r):
            assert s.spans[0].start == s.origins[0].start
            assert s.spans[-1].end == s.origins[-1].end
            for p in s.origins:
                lineage = [q.revision for q in s.spans if q.start < p.end and p.start < q.end]
                assert all(p.revision <= q for q in lineage)
            differ += s.origins != s.spans
    assert differ  # the history has words that came back


def test_a_history_with_no_text_leaving_has_origins_equal_to_spans() -> None:
    texts = [BASE]
    for k in range(6):
        texts.append(texts[-1] + f"\n\nUpdate {k}: crews worked through the night on the second pier {k}.")
    t = _track(*texts)
    assert all(s.origins is s.spans for r in range(len(texts)) for s in t.sentences(r))


def test_a_saved_tracker_continues_with_the_same_origins() -> None:
    history = generate_hard(8, 60, words=800)
    whole = _track(*history.texts)
    for cut in (10, 35):
        resumed = Tracker.loads(_track(*history.texts[:cut]).dumps())
        for text in history.texts[cut:]:
            resumed.add(text)
        assert resumed.dumps() == whole.dumps()
        assert [resumed.sentences(r) for r in range(60)] == [whole.sentences(r) for r in range(60)]


# --- on the command line ---------------------------------------------------------------------------

_STORY = {
    "format": "revtrack/story@1",
    "id": "bridge",
    "base": {
        "timestamp": "2024-03-11T06:00:00-05:00",
        "text": "The bridge was closed on Tuesday after inspectors found cracks in two of its piers. "
        "Traffic was sent through the tunnel.",
    },
    "updates": [
        {
            "timestamp": "2024-03-11T07:00:00-05:00",
            "text": "The bridge was closed on Tuesday. Traffic was sent through the tunnel.",
        },
        {
            "timestamp": "2024-03-11T08:00:00-05:00",
            "text": "The bridge was closed on Tuesday. Traffic was sent through the tunnel, which "
            "engineers checked after inspectors found cracks in two of its piers.",
        },
    ],
}


def _cli(tmp_path: Path, *args: str) -> str:
    path = tmp_path / "bridge.json"
    path.write_text(json.dumps(_STORY), encoding="utf-8")
    result = CliRunner().invoke(main, [args[0], str(path), *args[1:]])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_blame_and_show_answer_with_either_origin(tmp_path: Path) -> None:
    assert _cli(tmp_path, "blame") == _cli(tmp_path, "blame", "--origins", "lineage")
    assert _cli(tmp_path, "blame", "--origins", "first").splitlines() == [
        "0  2024-03-11T06:00:00-05:00  Original  1  0    The bridge was closed on Tuesday.",
        "0  2024-03-11T06:00:00-05:00  Original  2  0,2  Traffic was sent through the tunnel, which engineers "
        "checked after inspectors found cracks in two of its piers.",
    ]
    lineage = _cli(tmp_path, "show", "--words", "--format", "text")
    first = _cli(tmp_path, "show", "--words", "--format", "text", "--origins", "first")
    assert (
        "tunnel{, which engineers checked after inspectors found cracks in two of its piers}[2]." in lineage
    )
    assert "tunnel{, which engineers checked}[2] after inspectors found" in first


def test_the_json_adds_origins_only_when_asked(tmp_path: Path) -> None:
    plain = json.loads(_cli(tmp_path, "blame", "--format", "json"))
    first = json.loads(_cli(tmp_path, "blame", "--format", "json", "--origins", "first"))
    assert all("origins" not in s for s in plain["sentences"])
    # FORMATS.md: a change is a new format version, so the sentences with origins are @2.
    assert (plain["format"], first["format"]) == ("revtrack/provenance@1", "revtrack/provenance@2")
    assert [{k: v for k, v in s.items() if k != "origins"} for s in first["sentences"]] == plain["sentences"]
    text = first["text"]
    assert [(text[p["start"] : p["end"]], p["revision"]) for p in first["sentences"][1]["origins"]] == [
        ("Traffic was sent through the tunnel", 0),
        (", which engineers checked", 2),
        ("after inspectors found cracks in two of its piers.", 0),
    ]
    assert json.loads(_cli(tmp_path, "show", "--format", "json", "--origins", "first")) == first


_tokens = st.lists(st.sampled_from(["a", "b", "c", "the", ".", ","]), max_size=12).map(tuple)


@given(_tokens, _tokens, st.lists(st.integers(0, 3), min_size=12, max_size=12))
def test_aligning_with_one_source_is_the_general_alignment(
    old: tuple[str, ...], new: tuple[str, ...], revs: list[int]
) -> None:
    from revtrack.provenance._matcher import _align_many, _align_one
    from revtrack.provenance._model import Wording

    source = Wording(
        0, 0, (), old, tuple(revs[: len(old)]), " ".join(old), 0, (), tuple(r + 1 for r in revs[: len(old)])
    )
    nothing = Wording(1, 0, (), (), (), "", 0)
    one = _align_one(source, new, 4)
    general = _align_many([source, nothing], new, 4)  # two sources: the general path
    assert (one.revs, one.origins, one.kept[0], one.carried) == (
        general.revs,
        general.origins,
        general.kept[0],
        general.carried,
    )


@pytest.mark.parametrize(
    ("texts", "sentence"),
    [
        # An edit: the heading's words, lowercased, are in the list item; none as written.
        (
            [
                "## Your Buddy\n\nEveryone gets a buddy.\n",
                "Everyone gets a buddy.\n\n* your 37signals buddy.\n",
            ],
            1,
        ),
        # A merge: a short heading's two words, lowercased, anywhere in a long table row.
        (
            [
                "## Senior Programmer\n\nSenior programmers lead projects.\n",
                "Senior programmers lead projects.\n\n| Ownership | Joins the programmer on-call rotation "
                "under guidance from more senior staff, delivering simple fixes end to end. |\n",
            ],
            1,
        ),
        # A restoration: a wrapped line's "This" and a deleted "this project." (contributor_covenant).
        (
            [
                "We pledge to respect everyone.\nThis applies within\nthis project.\n",
                "We pledge to respect everyone.\n",
                "We pledge to respect everyone.\nBans mean no\ninteraction for a while.\nThis\nincludes media.\n",
            ],
            3,
        ),
    ],
    ids=["edit", "merge", "restore"],
)
def test_a_match_on_lowercased_words_alone_is_no_match(texts: list[str], sentence: int) -> None:
    """Similarity compares lowercased words; a sentence that shares no word as written with its
    supposed source kept none of it, and is new (real Markdown histories, a helper's sweep)."""
    from revtrack.provenance import ChangeKind

    tracker = Tracker()
    for text in texts:
        tracker.add(text)
    s = tracker.sentences()[sentence]
    assert (s.introduced, s.modified) == (len(texts) - 1, ())
    assert all(c.kind in (ChangeKind.ADDED, ChangeKind.DELETED, ChangeKind.MOVED) for c in tracker.changes())


def test_a_heading_that_changes_level_is_still_an_edit() -> None:
    tracker = Tracker()
    for text in ("### Background\n\nIt rained.\n", "## Background\n\nIt rained.\n"):
        tracker.add(text)
    s = tracker.sentences()[0]
    assert (s.introduced, s.modified) == (0, (1,))


def test_a_copy_of_some_words_of_a_sentence_an_edit_continues_is_no_split() -> None:
    """The lead kept its words in its edited wording: a new list item made of some of them is new,
    not a part split off it (a helper's real-data sweep; the audit called both "split")."""
    from revtrack.provenance import ChangeKind

    lead = "The history of science is a field of history that studies how physics and chemistry developed"
    tracker = _track(lead + ".\n", lead + " over time.\n\nSee also:\n\n- history of physics\n")
    assert [c.kind for c in tracker.changes()] == [ChangeKind.EDITED, ChangeKind.ADDED, ChangeKind.ADDED]
    # A true split still is one: the part's words left the sentence it came from.
    split = _track(
        "The council approved the budget on Monday, and the mayor signed it into law on Tuesday.\n",
        "The council approved the budget on Monday. The mayor signed it into law on Tuesday.\n",
    )
    assert [c.kind for c in split.changes()] == [ChangeKind.SPLIT, ChangeKind.SPLIT]
