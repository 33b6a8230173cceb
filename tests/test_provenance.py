"""Sentence and word attribution across a whole history (revtrack.provenance)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from revtrack.provenance import ChangeKind, SentenceProvenance, Tracker, attribute
from revtrack.sentences import split_sentences
from revtrack.story import Story
from revtrack.testing.harder import generate_hard

T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))


def track(*texts: str) -> Tracker:
    tracker = Tracker()
    for text in texts:
        tracker.add(text)
    return tracker


def by_text(tracker: Tracker, revision: int = -1) -> dict[str, SentenceProvenance]:
    text = tracker.text(revision)
    return {text[s.start : s.end]: s for s in tracker.sentences(revision)}


def words_of(tracker: Tracker, sentence: SentenceProvenance, revision: int = -1) -> list[tuple[str, int]]:
    text = tracker.text(revision)
    return [(text[p.start : p.end], p.revision) for p in sentence.spans]


BASE = (
    "Rocket attack in Iraq kills two. The U.S. said it would respond.\n\n"
    "Officials in Baghdad declined to comment. Follow our live coverage."
)


def test_unchanged_sentence_keeps_origin_when_moved_to_another_paragraph() -> None:
    moved = (
        "Rocket attack in Iraq kills two.\n\n"
        "Officials in Baghdad declined to comment. The U.S. said it would respond. Follow our live coverage."
        "\n\nUPDATE: More."
    )
    t = track(BASE, BASE + "\n\nUPDATE: More.", moved)
    s = by_text(t)["The U.S. said it would respond."]
    assert (s.introduced, s.modified) == (0, ())
    assert [c.kind for c in t.changes(2)] == [ChangeKind.MOVED]


def test_edited_sentence_keeps_origin_and_only_new_words_are_credited() -> None:
    edited = BASE.replace("kills two", "kills two U.S. soldiers")
    t = track(BASE, edited)
    s = by_text(t)["Rocket attack in Iraq kills two U.S. soldiers."]
    assert (s.introduced, s.modified) == (0, (1,))
    assert words_of(t, s) == [("Rocket attack in Iraq kills two", 0), ("U.S. soldiers", 1), (".", 0)]
    assert [c.kind for c in t.changes(1)] == [ChangeKind.EDITED]


def test_deleted_then_restored_sentence_keeps_its_first_origin() -> None:
    deleted = BASE.replace(" The U.S. said it would respond.", "")
    t = track(BASE, deleted, deleted + "\n\nUPDATE: Later.", BASE + "\n\nUPDATE: Later.")
    s = by_text(t)["The U.S. said it would respond."]
    assert (s.introduced, s.modified) == (0, ())
    restored = [c for c in t.changes(3) if c.kind is ChangeKind.RESTORED]
    assert [(c.restored_from) for c in restored] == [0]


def test_restored_and_edited_sentence_keeps_origin() -> None:
    deleted = BASE.replace(" The U.S. said it would respond.", "")
    back = BASE.replace("The U.S. said it would respond.", "The U.S. said it would respond in kind.")
    t = track(BASE, deleted, back)
    s = by_text(t)["The U.S. said it would respond in kind."]
    assert (s.introduced, s.modified) == (0, (2,))
    assert words_of(t, s)[-2:] == [("in kind", 2), (".", 0)]


def test_restored_reworded_deleted_and_back_in_its_first_wording_keeps_its_origin() -> None:
    """The sentence came back from its last wording's grave: the words only its first (restored)
    grave had pointed the search there alone, and it was new (found by a helper's real-data sweep)."""
    a = "The council approved the new budget for road repairs on Monday."
    b = "The council approved the new budget for school repairs."
    t = track(
        f"Intro.\n{a}\nEnd.\n",
        "Intro.\nEnd.\n",
        f"Intro.\n{b}\nEnd.\n",
        "Intro.\nEnd.\n",
        f"Intro.\n{a}\nEnd.\n",
    )
    s = by_text(t)[a]
    assert (s.introduced, s.modified) == (0, (2, 4))
    assert [(c.kind, c.restored_from) for c in t.changes(4)] == [(ChangeKind.RESTORED, 2)]
    # Its words are its first wording's: "road" and "on Monday" first appeared in the lineage in
    # revision 0 (they were credited to 4, the words the restored wording lacked).
    assert words_of(t, s) == [(a, 0)]
    assert {p.revision for p in s.origins} == {0}


def test_revert_to_an_earlier_wording_is_an_edit_with_old_words() -> None:
    edited = BASE.replace("kills two", "kills three")
    t = track(BASE, edited, BASE)
    s = by_text(t)["Rocket attack in Iraq kills two."]
    assert (s.introduced, s.modified) == (0, (1, 2))
    assert {rev for _, rev in words_of(t, s)} == {0}


def test_split_sentence_parts_keep_the_origin_of_most_of_their_words() -> None:
    base = "Officials said the attack came at night and that Iraqi forces later found the launcher nearby."
    split = "Officials said the attack came at night. Iraqi forces later found the launcher nearby."
    t = track(base, split)
    parts = by_text(t)
    first = parts["Officials said the attack came at night."]
    second = parts["Iraqi forces later found the launcher nearby."]
    assert (first.introduced, first.modified) == (0, (1,))
    assert (second.introduced, second.modified) == (0, (1,))
    assert sorted(c.kind.value for c in t.changes(1)) == ["split", "split"]


def test_merged_sentence_keeps_the_origin_of_most_of_its_words() -> None:
    base = "Officials said the attack came at night. Iraqi forces found the launcher."
    grown = base + "\n\nThe Pentagon confirmed that three coalition soldiers died in the strike on Taji."
    merged = (
        "Officials said the attack came at night.\n\n"
        "The Pentagon confirmed that three coalition soldiers died in the strike on Taji, "
        "and Iraqi forces found the launcher."
    )
    t = track(base, grown, merged)
    s = by_text(t)[
        "The Pentagon confirmed that three coalition soldiers died in the strike on Taji, "
        "and Iraqi forces found the launcher."
    ]
    assert s.introduced == 1
    assert s.modified == (2,)
    assert ("Iraqi forces found the launcher", 0) in words_of(t, s)
    assert [c.kind for c in t.changes(2)] == [ChangeKind.MERGED]


def test_duplicates_are_matched_one_to_one_in_order() -> None:
    base = "Follow our live coverage.\n\nA rocket hit the base.\n\nFollow our live coverage."
    more = base + "\n\nFollow our live coverage."
    t = track(base, more)
    sentences = t.sentences()
    assert [s.introduced for s in sentences] == [0, 0, 0, 1]


@pytest.mark.parametrize("break_", ["\r\n", "\r", "\u2028"])
def test_a_line_that_only_changed_its_line_break_keeps_its_sentences_wherever_it_went(break_: str) -> None:
    """Old "Gamma" (the last line: no break) goes first with a break; the first "Alpha" trades its
    break for another: both keep their wording, only Gamma moved, and only the new line is new."""
    old = "Alpha one two.\nBeta three four.\nAlpha one two.\nGamma five six."
    new = "Gamma five six.\nA new line here.\nAlpha one two." + break_ + "Alpha one two.\n"
    t = track(old, new)
    kinds = sorted((c.kind.value, c.text or c.old_texts[0]) for c in t.changes(1))
    assert kinds == [
        ("added", "A new line here."),
        ("deleted", "Beta three four."),
        ("moved", "Gamma five six."),
    ]
    assert [s.introduced for s in t.sentences()] == [0, 1, 0, 0]


def test_of_alike_sentences_the_one_among_the_same_neighbours_keeps_its_history() -> None:
    """A copy pasted above and removed again: the sentence that stayed in place is the old one."""
    base = "There is no consensus on the matter. Others focus on mutual aid from a new perspective."
    pasted = "Many reject capitalism outright today. Others focus on mutual aid from a new perspective."
    t = track(base, pasted + "\n\n" + base, base + " Syndicalists see unions as key.")
    assert [s.introduced for s in t.sentences(1)] == [1, 1, 0, 0]
    assert [s.introduced for s in t.sentences()] == [0, 0, 2]
    assert [(c.kind, c.old) for c in t.changes()] == [
        (ChangeKind.DELETED, (0,)),
        (ChangeKind.DELETED, (1,)),
        (ChangeKind.ADDED, ()),
    ]


def test_of_alike_lines_the_one_among_the_same_neighbours_is_kept() -> None:
    line = "Follow our live coverage."
    old = f"Intro.\n{line}\nA rocket hit.\n{line}\nEnd."
    new = f"New top.\n{line}\nIntro.\n{line}\nA rocket hit.\nEnd."
    t = track(old, new)  # the second copy moved to the top; the first stayed after "Intro."
    assert [(c.kind, c.new, c.old) for c in t.changes()] == [
        (ChangeKind.ADDED, 0, ()),
        (ChangeKind.MOVED, 1, (3,)),
    ]


def test_new_sentence_is_credited_to_its_revision() -> None:
    t = track(BASE, BASE + "\n\nUPDATE: A British soldier also died.")
    s = by_text(t)["UPDATE: A British soldier also died."]
    assert (s.introduced, s.modified) == (1, ())
    assert words_of(t, s) == [("UPDATE: A British soldier also died.", 1)]
    assert s.paragraph == 2


def test_changes_count_deletions() -> None:
    t = track(BASE, BASE.replace(" Follow our live coverage.", ""))
    assert [(c.kind, c.new, c.old) for c in t.changes(1)] == [(ChangeKind.DELETED, None, (3,))]


def test_attribute_story_matches_provenance_format() -> None:
    story = Story.from_texts(
        [BASE, BASE + "\n\nUPDATE: More."], [T0, T0 + timedelta(hours=1)], id="x", authors=["J. T.", None]
    )
    prov = attribute(story)
    data = json.loads(prov.to_json())
    assert list(data) == ["format", "story", "revision", "revisions", "text", "sentences"]
    assert data["format"] == "revtrack/provenance@1"
    assert data["revisions"][1] == {
        "index": 1,
        "label": "Update 1",
        "timestamp": "2020-03-11T17:00:00-05:00",
        "author": None,
    }
    assert data["sentences"][-1] == {
        "start": len(BASE) + 2,
        "end": len(BASE) + 2 + len("UPDATE: More."),
        "paragraph": 2,
        "introduced": 1,
        "modified": [],
        "spans": [{"start": len(BASE) + 2, "end": len(BASE) + 15, "revision": 1}],
    }
    assert attribute(story, 0).revision == 0
    assert attribute(story, "2020-03-11T16:30-05:00").revision == 0


# --- properties ------------------------------------------------------------------

_WORDS = [
    "the",
    "attack",
    "U.S.",
    "troops",
    "said",
    "Iraq",
    "base",
    "rocket",
    "killed",
    "two",
    "on",
    "Mar.",
    "11",
]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)
_text = st.lists(_paragraph, min_size=0, max_size=5).map("\n\n".join)
_history = st.lists(_text, min_size=1, max_size=6)
_any_history = st.lists(st.text(max_size=80), min_size=1, max_size=4)


def _check_revision(tracker: Tracker, r: int) -> None:
    text = tracker.text(r)
    sentences = tracker.sentences(r)
    assert [(s.start, s.end, s.paragraph) for s in sentences] == [
        (s.start, s.end, s.paragraph) for s in split_sentences(text)
    ]
    assert tracker.bounds(r) == [(s.start, s.end) for s in sentences]
    assert [p for p, _ in tracker.wordings(r)] == [s.paragraph for s in sentences]
    for s in sentences:
        assert 0 <= s.introduced <= r
        assert list(s.modified) == sorted(set(s.modified))
        assert all(s.introduced < m <= r for m in s.modified)
        covered = [i for p in s.spans for i in range(p.start, p.end)]
        assert covered == sorted(set(covered))
        assert all(s.start <= p.start < p.end <= s.end for p in s.spans)
        nonspace = [i for i in range(s.start, s.end) if not text[i].isspace()]
        assert set(nonspace) <= set(covered)
        assert all(not text[p.start].isspace() and not text[p.end - 1].isspace() for p in s.spans)
        assert all(0 <= p.revision <= r for p in s.spans)


@settings(max_examples=150, deadline=None)
@given(_history)
def test_spans_cover_every_word_and_revisions_are_consistent(texts: list[str]) -> None:
    tracker = track(*texts)
    for r in range(len(texts)):
        _check_revision(tracker, r)


@settings(max_examples=100, deadline=None)
@given(_any_history)
def test_any_unicode_history_is_attributed_consistently(texts: list[str]) -> None:
    tracker = track(*texts)
    for r in range(len(texts)):
        _check_revision(tracker, r)


@settings(max_examples=100, deadline=None)
@given(_history, st.integers(min_value=0, max_value=5))
def test_saved_and_loaded_tracker_continues_exactly_like_recomputing(texts: list[str], cut: int) -> None:
    cut = min(cut, len(texts))
    whole = track(*texts)
    partial = track(*texts[:cut])
    resumed = Tracker.loads(partial.dumps())
    for text in texts[cut:]:
        resumed.add(text)
    for r in range(len(texts)):
        assert resumed.text(r) == whole.text(r) == texts[r]
        assert resumed.sentences(r) == whole.sentences(r)
        assert resumed.changes(r) == whole.changes(r)
    assert resumed.dumps() == whole.dumps()


def _expanded(states: list[list[int]]) -> list[list[int]]:
    """tracker@2's and @3's revisions (runs of the one before, ``-1 - start, count``, and rows) as
    tracker@1's (every line's row)."""
    out: list[list[int]] = []
    before: list[int] = []
    for encoded in states:
        rows: list[int] = []
        k = 0
        while k < len(encoded):
            if encoded[k] < 0:
                start = -1 - encoded[k]
                rows += before[start : start + encoded[k + 1]]
                k += 2
            else:
                rows.append(encoded[k])
                k += 1
        out.append(rows)
        before = rows
    return out


def _before_origins(data: dict[str, Any]) -> dict[str, Any]:
    """A tracker@3 state as tracker@2 wrote it: no word origins, no text that left."""
    old = {k: v for k, v in data.items() if k != "left"}
    old["versions"] = [row[:8] for row in data["versions"]]
    old["format"] = "revtrack/tracker@2"
    return old


def test_a_tracker_saved_in_the_first_formats_still_loads() -> None:
    history = generate_hard(3, 40, words=600)
    tracker = track(*history.texts)
    data = json.loads(tracker.dumps())
    assert data["format"] == "revtrack/tracker@3"
    assert any(len(row) == 9 for row in data["versions"]), "the history has words that came back"
    second = _before_origins(data)
    rows = _expanded(data["states"])
    assert ["".join(data["lines"][i][0] for i in state) for state in rows] == list(history.texts)
    first = json.dumps({**second, "format": "revtrack/tracker@1", "states": rows})
    for old in (json.dumps(second), first):
        loaded = Tracker.loads(old)
        assert [loaded.text(r) for r in range(len(loaded))] == list(history.texts)
        for r in range(len(loaded)):
            # The lineage's answers as they were saved; origins: the lineage's (none were saved).
            assert [attrs.evolve(s, origins=s.spans) for s in tracker.sentences(r)] == list(
                loaded.sentences(r)
            )
        resaved = json.loads(loaded.dumps())
        assert resaved["left"] == []
        assert _before_origins(resaved) == second


def test_a_tracker_loaded_from_the_format_before_origins_finds_text_that_leaves_after() -> None:
    t = track(BASE)
    old = Tracker.loads(json.dumps(_before_origins(json.loads(t.dumps()))))
    for tracker in (t, old):
        tracker.add("Officials in Baghdad declined to comment.")
        tracker.add("Officials in Baghdad declined to comment on the rocket attack in Iraq.")
        text = tracker.text()
        s = tracker.sentences()[0]
        assert [(text[p.start : p.end], p.revision) for p in s.spans] == [
            ("Officials in Baghdad declined to comment", 0),
            ("on the rocket attack in Iraq", 2),
            (".", 0),
        ]
        # "attack in Iraq" left with the first sentence in revision 1 and came back.
        assert [(text[p.start : p.end], p.revision) for p in s.origins] == [
            ("Officials in Baghdad declined to comment", 0),
            ("on the rocket", 2),
            ("attack in Iraq.", 0),
        ]


def test_a_tracker_without_origins_answers_the_same_with_origins_as_spans() -> None:
    """Tracker(origins=False) skips the whole-history lookup and nothing else: every other answer, the
    changes and the texts are those of a tracker with it; it saves and loads as one without."""
    history = generate_hard(3, 40, words=600)
    full, lean = Tracker(), Tracker(origins=False)
    for text in history.texts:
        full.add(text)
        lean.add(text)
    assert full.tracks_origins
    assert not lean.tracks_origins
    differ = 0
    for r in range(len(history.texts)):
        mine = full.sentences(r)
        differ += sum(s.origins != s.spans for s in mine)
        assert [attrs.evolve(s, origins=s.spans) for s in mine] == list(lean.sentences(r))
        assert full.changes(r) == lean.changes(r)
    assert differ, "the history has words that came back: with origins, some answers differ"
    saved = json.loads(lean.dumps())
    assert saved["left"] is None
    loaded = Tracker.loads(lean.dumps())
    assert not loaded.tracks_origins
    loaded.add(history.texts[0])
    lean.add(history.texts[0])
    assert loaded.sentences() == lean.sentences()
    assert loaded.dumps() == lean.dumps()


@settings(max_examples=50, deadline=None)
@given(_history)
def test_attribution_is_deterministic(texts: list[str]) -> None:
    assert track(*texts).dumps() == track(*texts).dumps()


def test_loads_rejects_other_json() -> None:
    with pytest.raises(ValueError, match="tracker@3"):
        Tracker.loads('{"format": "x"}')


def test_history_lists_every_wording_of_a_sentence() -> None:
    v1 = BASE
    v2 = BASE.replace("kills two", "kills two soldiers")
    v3 = v2.replace("two soldiers", "three soldiers") + "\n\nUPDATE: More."
    t = track(v1, v2, v3)
    index = next(i for i, s in enumerate(t.sentences()) if s.start == 0)
    assert [(h.revision, h.text) for h in t.history(2, index)] == [
        (0, "Rocket attack in Iraq kills two."),
        (1, "Rocket attack in Iraq kills two soldiers."),
        (2, "Rocket attack in Iraq kills three soldiers."),
    ]
    loaded = Tracker.loads(t.dumps())
    assert loaded.history(2, index) == t.history(2, index)
    with pytest.raises(IndexError):
        t.history(2, 99)


def test_long_edit_chains_save_without_recursion() -> None:
    texts = [
        " ".join(["Rocket attack in Iraq kills"] + [f"w{i}" for i in range(k)]) + "." for k in range(1, 1100)
    ]
    t = track(*texts)
    assert Tracker.loads(t.dumps()).sentences() == t.sentences()


def test_back_in_an_earlier_wording_after_a_deletion_is_an_edit_of_the_wording_last_seen() -> None:
    friday = "The bridge will reopen Friday after repairs."
    sunday = "The bridge will reopen Sunday after repairs."
    crews = "Crews worked overnight."
    t = track(f"{friday} {crews}", f"{sunday} {crews}", crews, f"{crews} {friday}")
    back = t.sentences(3)[1]
    assert (back.introduced, back.modified) == (0, (1, 3))  # what readers saw changed in 1, then in 3
    (change,) = [c for c in t.changes(3) if c.kind is ChangeKind.RESTORED]
    assert change.restored_from == 1  # the last revision that had it (as "Sunday")
    assert [v.text for v in t.history(3, 1)] == [friday, sunday, friday]
    # Every word, "Friday" too, is the one written in the base: a restoration keeps its origin.
    assert [s.revision for s in back.spans] == [0]


def test_a_revision_the_tracker_has_not_seen_is_an_index_error_saying_what_it_has() -> None:
    with pytest.raises(IndexError, match="no revision -1: the tracker has no revisions yet"):
        Tracker().sentences()
    t = track(BASE, BASE + "\n\nMore.")
    for ask in (t.sentences, t.text, t.changes, t.bounds):
        with pytest.raises(IndexError, match="no revision 2: the tracker has revisions 0 to 1"):
            ask(2)
    with pytest.raises(IndexError, match="no revision -3"):
        t.history(-3, 0)
    assert t.changes(-1) == t.changes(1)


def test_the_parts_of_a_split_are_restored_each_from_its_own_wording() -> None:
    # Both parts of a split keep the lineage of the sentence they came from; they are not each
    # other's wordings.
    t = track(
        "Alpha beta gamma delta, epsilon zeta eta theta.",
        "Alpha beta gamma delta. Epsilon zeta eta theta.",  # split
        "Alpha beta gamma delta.",  # the second part deleted
        "Unrelated words here now.",  # the first part deleted
        "Unrelated words here now. Epsilon zeta eta theta.",  # the second back, as it was
        "Unrelated words here now. Epsilon zeta eta theta. Alpha beta gamma delta.",  # the first too
    )
    assert [(c.kind, c.restored_from) for c in t.changes(4)] == [(ChangeKind.RESTORED, 1)]
    assert t.sentences(4)[1].modified == (1,)
    assert [(c.kind, c.restored_from) for c in t.changes(5)] == [(ChangeKind.RESTORED, 2)]
    assert t.sentences(5)[2].modified == (1,)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["cut", "drop", "retype"]))
def test_a_damaged_saved_state_is_one_state_error(where: int, how: str) -> None:
    from revtrack.errors import StateError

    state = track(BASE, BASE + "\n\nMore.", "Other text.").dumps()
    if how == "cut":  # a truncated file
        damaged = state[: where % len(state)]
    else:
        data = json.loads(state)
        key = sorted(data)[where % len(data)]
        if key == "format":
            return
        if how == "drop":
            del data[key]
        else:
            data[key] = "x" if not isinstance(data[key], str) else 1
        damaged = json.dumps(data)
    with pytest.raises(StateError):
        Tracker.loads(damaged)


def test_a_tracker_fed_another_story_is_refused() -> None:
    from revtrack.errors import StateError

    story = Story.from_texts([BASE, BASE + "\n\nMore."], [T0, T0], id="s")
    other = track("Something else entirely.", "Something else again.")
    with pytest.raises(StateError, match="the tracker's revision 0 is not this story's"):
        attribute(story, tracker=other)
    assert attribute(story, tracker=track(BASE, BASE + "\n\nMore.")) == attribute(story)
    # One fed fewer revisions than asked for is of no use, but another story's is still refused.
    with pytest.raises(StateError, match="the tracker's revision 0 is not this story's"):
        attribute(story, tracker=track("Something else entirely."))
    assert attribute(story, tracker=track(BASE)) == attribute(story)


def test_a_tracker_is_checked_by_every_function_that_takes_one() -> None:
    """Same last text, another history: a saved state kept beside a story that was rewritten gave
    wrong provenance and audits without a word (only the revision asked for was compared)."""
    from revtrack.audit import audit_story
    from revtrack.errors import StateError
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story
    from revtrack.render.report import render_report

    texts = [BASE, BASE + "\n\nMore.", BASE.replace("Rocket", "Deadly rocket") + "\n\nMore."]
    story = Story.from_texts(texts, [T0, T0, T0], id="s")
    other = track("A.", "B.", texts[2])
    short = track(*texts[:2])
    with pytest.raises(StateError, match="revision 0 is not this story's"):
        attribute(story, tracker=other)
    for check in (audit_story, revision_stats, render_report):
        for wrong in (other, short, track(*texts, texts[2] + " Later.")):
            with pytest.raises(StateError):
                check(story, wrong)  # type: ignore[operator]
    assert audit_story(story, track(*texts)) == audit_story(story)
    with pytest.raises(
        TypeError, match=r"expected a Tracker, found str \(Tracker.loads reads a saved state\)"
    ):
        attribute(story, tracker=track(*texts).dumps())  # type: ignore[arg-type]
    # A tracker that cannot say where words first appeared is no use for origins: fed again.
    plain = Tracker(origins=False)
    for text in texts:
        plain.add(text)
    assert attribute(story, tracker=plain, origins=True) == attribute(story, origins=True)
    # -1 is the last revision, as everywhere.
    assert track_story(story, -1).dumps() == track_story(story).dumps()


@settings(max_examples=60, deadline=None)
@given(_history)
def test_steps_rebuild_every_revision(texts: list[str]) -> None:
    """Tracker.steps: each revision's lines from the one before's give back its text and wordings."""
    from revtrack.provenance import Run

    tracker = track(*texts)
    lines: list = []
    for r, step in enumerate(tracker.steps()):
        lines = [
            line
            for item in step
            for line in (lines[item.start : item.start + item.length] if isinstance(item, Run) else [item])
        ]
        assert "".join(line.text for line in lines) == texts[r]
        assert [w for line in lines for _, _, w in line.sentences] == [w for _, w in tracker.wordings(r)]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([*"ab .,\t\n\u00a0\u0301\u200d", "é", "U.S.", "👍🏽", "中文"]), max_size=30).map(
        "".join
    )
)
def test_runs_of_one_revision_are_the_token_by_token_runs(text: str) -> None:
    from revtrack.provenance._model import _runs_of
    from revtrack.text import token_spans

    spans = [(a, b) for a, b in token_spans(text) if not text[a:b].isspace()]
    expected = ((spans[0][0], spans[-1][1], 4),) if spans else ()
    assert _runs_of(text, (4,) * len(spans)) == expected
    if len(spans) > 1:  # two revisions: the runs are cut where the revision changes
        revs = (1,) + (2,) * (len(spans) - 1)
        assert _runs_of(text, revs) == ((spans[0][0], spans[0][1], 1), (spans[1][0], spans[-1][1], 2))


def test_a_lone_surrogate_is_refused_and_the_tracker_left_as_it_was() -> None:
    """Else dumps() gives a state no file can hold (a publisher saving the story first, then the
    state, would have the two out of step)."""
    t = track("Hello. World.")
    saved = t.dumps()
    with pytest.raises(ValueError, match=r"lone surrogate U\+D83D at offset 10"):
        t.add("Hello. Caf\ud83d. Open.")
    assert t.dumps() == saved
    t.add("Hello. World. More.")
    assert len(t) == 2
    with pytest.raises(TypeError, match="expected a string, found bytes"):
        t.add(b"Hello.")  # type: ignore[arg-type]
