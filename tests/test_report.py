"""The HTML history page: structure, escaping, determinism, and the page's data read back
(the browser tests click through it)."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from revtrack.cli import main
from revtrack.provenance import Tracker, track_story
from revtrack.render.escape import show_controls
from revtrack.render.report import STATIC_ROWS, render_report
from revtrack.story import Story
from revtrack.storyfile import load_story
from revtrack.testing.synthetic import generate_history

ROOT = Path(__file__).resolve().parents[1]
STORIES = sorted((ROOT / "fixtures").glob("*.json"))
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
EVIL = (
    '<script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=1"> </style>'
    "<script>window.__pwned=1</script> </noscript><script>window.__pwned=1</script>"
)


def evil_story() -> Story:
    texts = [f"Calm text. {EVIL}", f"Calm text. {EVIL}\n\nUPDATE: {EVIL}"]
    return Story.from_texts(
        texts, [T0, T0 + timedelta(hours=1)], id="evil", title=EVIL, labels=[EVIL, EVIL], authors=[EVIL, None]
    )


def embedded_data(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.DOTALL)
    assert m is not None
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def decoded(data: dict[str, Any]) -> list[list[list[tuple[str, int, list[int], int]]]]:
    """Every revision as the page's script reads it: paragraphs of (text, introduced, modified,
    revision) — the deltas applied one after another, the compact wordings expanded."""
    wordings = data["wordings"]

    def marks(v: int) -> tuple[int, list[int]]:
        _, revision, parent, *given = wordings[v]
        if given:
            return given[0], list(given[1])
        if parent < 0:
            return revision, []
        introduced, modified = marks(parent)
        return introduced, [*modified, revision]

    out = []
    lines: list[int] = []
    for delta in data["deltas"]:
        new: list[int] = []
        k = 0
        while k < len(delta):
            if delta[k] < 0:
                start = -1 - delta[k]
                new += lines[start : start + delta[k + 1]]
                k += 2
            else:
                new.append(delta[k])
                k += 1
        lines = new
        paragraphs: list[list[tuple[str, int, list[int], int]]] = []
        blank = True
        for line in lines:
            if line == 0:
                blank = True
                continue
            for v in data["lines"][line]:
                if blank:
                    paragraphs.append([])
                    blank = False
                paragraphs[-1].append((wordings[v][0], *marks(v), wordings[v][1]))
        out.append(paragraphs)
    return out


def expected(tracker: Tracker, revision: int) -> list[list[tuple[str, int, list[int], int]]]:
    paragraphs: list[list[tuple[str, int, list[int], int]]] = []
    last = -1
    for paragraph, w in tracker.wordings(revision):
        if paragraph != last:
            paragraphs.append([])
            last = paragraph
        paragraphs[-1].append((show_controls(w.text), w.introduced, list(w.modified), w.revision))
    return paragraphs


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_every_fixture_gives_a_complete_page(path: Path) -> None:
    story = load_story(path)
    tracker = track_story(story)
    page = render_report(story, tracker)
    assert page.startswith("<!DOCTYPE html>")
    data = embedded_data(page)
    assert len(data["revisions"]) == len(data["deltas"]) == len(story)
    # Every revision read back from the page's data is the tracker's answer.
    assert decoded(data) == [expected(tracker, r) for r in range(len(story))]
    # The revision the page opens at needs no rebuilding.
    opened = [[data["wordings"][v][0] for v in p] for p in data["open"]]
    assert opened == [[s[0] for s in p] for p in decoded(data)[-1]]
    # The static text (readable without scripting) holds every sentence of the last revision.
    noscript = page[page.index('<noscript><div id="static-text">') : page.index("</noscript>\n</body>")]
    assert noscript.count('<span class="s t') == len(tracker.wordings(-1))
    assert render_report(story) == page  # deterministic


@pytest.mark.parametrize("seed", [1, 2])
def test_the_data_reads_back_as_every_revision(seed: int) -> None:
    """Moves, splits, merges, deletions and restorations: every revision read back from the deltas
    and the compact wordings is what the tracker says, sentence by sentence and mark by mark."""
    story = generate_history(seed, 60, words=600).story()
    tracker = track_story(story)
    data = embedded_data(render_report(story, tracker))
    assert decoded(data) == [expected(tracker, r) for r in range(len(story))]
    # A sentence's history is its chain of parents, every wording listed before its children.
    assert all(parent < v for v, (_, _, parent, *_) in enumerate(data["wordings"]))


_WORDS = [
    "Rain",
    "fell",
    "the",
    "river",
    "rose",
    "U.S.",
    "officials",
    "said",
    "\u00e9t\u00e9",
    "12",
    "\u201cno\u201d",
]
_sentence = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(lambda ws: " ".join(ws) + ".")
_paragraph = st.lists(_sentence, min_size=1, max_size=3).map(" ".join)
_text = st.one_of(
    st.lists(_paragraph, min_size=0, max_size=5).map("\n\n".join),
    st.lists(_paragraph, min_size=0, max_size=4).map("\n".join),  # lines that are not paragraphs
    st.text(max_size=60),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_text, min_size=1, max_size=7))
def test_any_history_reads_back_from_the_page(texts: list[str]) -> None:
    """Whatever the revisions (moves, restorations, repeated sentences, blank and odd lines, any
    characters), the page's data read back is what the tracker says of every revision."""
    texts = [t for k, t in enumerate(texts) if k == 0 or t != texts[k - 1]]
    story = Story.from_texts(texts, (T0 + timedelta(minutes=k) for k in range(len(texts))), id="any")
    tracker = track_story(story)
    data = embedded_data(render_report(story, tracker, at=len(texts) // 2))
    assert decoded(data) == [expected(tracker, r) for r in range(len(story))]
    opened = [[data["wordings"][v][0] for v in p] for p in data["open"]]
    assert opened == [[s[0] for s in p] for p in expected(tracker, len(texts) // 2)]


def wiki_like(revisions: int, seed: int = 7) -> Story:
    """A page that keeps its size: each revision adds, edits, deletes or moves a paragraph."""
    rnd = random.Random(seed)
    vocabulary = [
        *("river", "storm", "city", "council", "bridge", "mayor", "police"),
        *("water", "homes", "power", "crews", "said", "night"),
    ]

    def sentence() -> str:
        return " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(4, 9))).capitalize() + "."

    paragraphs = [" ".join(sentence() for _ in range(3)) for _ in range(40)]
    texts = ["\n\n".join(paragraphs)]
    for _ in range(revisions - 1):
        op = rnd.random()
        k = rnd.randrange(len(paragraphs))
        if op < 0.4 or len(paragraphs) < 20:
            paragraphs.insert(k, " ".join(sentence() for _ in range(rnd.randint(1, 4))))
        elif op < 0.7:
            words = paragraphs[k].split(" ")
            words[rnd.randrange(len(words))] = rnd.choice(vocabulary)
            paragraphs[k] = " ".join(words)
        elif op < 0.9:
            del paragraphs[k]
        else:
            paragraphs.insert(rnd.randrange(len(paragraphs)), paragraphs.pop(k))
        texts.append("\n\n".join(paragraphs))
    return Story.from_texts(texts, (T0 + timedelta(minutes=k) for k in range(revisions)), id="wiki-like")


def test_the_page_data_grows_with_what_changed() -> None:
    """Twice the history, twice the data (not four times, as a list of every revision's
    sentences would be on a text that keeps its size)."""
    sizes = []
    for n in (150, 300):
        data = embedded_data(render_report(wiki_like(n)))
        sizes.append(len(json.dumps(data["deltas"])) + len(json.dumps(data["lines"])))
        sentences = sum(len(p) for p in decoded(data)[-1])
        # A revision costs what it changed: a handful of numbers, not one per sentence.
        assert len(json.dumps(data["deltas"])) < n * 40 < n * sentences
    assert sizes[1] < 2.3 * sizes[0]


def test_a_long_history_has_no_static_table() -> None:
    page = render_report(wiki_like(STATIC_ROWS + 1))
    assert '<table id="revtable">' not in page
    assert f"{STATIC_ROWS + 1:,} revisions: the timeline" in page
    short = render_report(wiki_like(STATIC_ROWS))
    assert short.count('<tr data-r="') == STATIC_ROWS


def test_progress_is_told_each_revision() -> None:
    story = load_story(ROOT / "fixtures" / "flood.json")
    told: list[tuple[int, int]] = []
    render_report(story, track_story(story), progress=lambda done, total: told.append((done, total)))
    n = len(story)
    # The counts walk, then the page walk, which says every revision in order.
    assert {total for _, total in told} == {n}
    assert told[-n:] == [(k, n) for k in range(1, n + 1)]
    assert len(told) > n


def test_a_long_list_of_rewordings_is_shortened_in_the_mark() -> None:
    texts = [f"At least {k} people were killed. Rain fell." for k in range(2, 9)]
    story = Story.from_texts(texts, (T0 + timedelta(hours=k) for k in range(7)), id="count")
    page = render_report(story)
    assert "<sup>[0→1,2,…,5,6]</sup>" in page
    assert "<sup>[0]</sup>" in page


def test_nothing_from_the_story_becomes_markup() -> None:
    page = render_report(evil_story())
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script type="application/json" id="data">', "<script>"]
    assert "<img" not in page
    assert page.count("</style>") == 1
    assert page.count("</noscript>") == 1  # the text's, last
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert embedded_data(page)["title"] == EVIL


def test_the_page_data_shows_controls_and_bidi_overrides_as_the_static_text_does() -> None:
    """The script puts text into the page as it is: a raw U+202E in a sentence or a label would
    turn the text after it around; an ESC would be one to a terminal that prints the page."""
    evil = "The end!\u202e reversed \x1b[31m red\u2066."
    story = Story.from_texts(
        ["Calm text.", f"Calm text. {evil}"],
        [T0, T0 + timedelta(hours=1)],
        id="bidi\u202e",
        labels=["Original", f"UPDATE {evil}"],
        authors=[None, f"Ed {evil}"],
    )
    page = render_report(story)
    data = embedded_data(page)
    assert not re.search("[\x1b\u202e\u2066]", json.dumps(data, ensure_ascii=False))
    assert data["wordings"][-1][0] == "The end!\\u202e reversed \\x1b[31m red\\u2066."
    assert data["revisions"][1][1:3] == [f"UPDATE {show_controls(evil)}", f"Ed {show_controls(evil)}"]
    assert not re.search("[\x1b\u202e\u2066]", page)


def test_no_network_and_a_strict_content_security_policy() -> None:
    page = render_report(evil_story())
    assert re.search(r"https?://", page.replace("https://no-color.org", "")) is None
    assert "script-src 'sha256-" in page
    assert "default-src 'none'" in page


def test_report_command(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = CliRunner().invoke(
        main, ["report", str(ROOT / "fixtures" / "taji.json"), "-o", str(out), "--at", "1"]
    )
    assert result.exit_code == 0, result.output
    assert 'data-revision="1"' in out.read_text(encoding="utf-8")


def test_report_into_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "no" / "page.html"
    result = CliRunner().invoke(main, ["report", str(ROOT / "fixtures" / "taji.json"), "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {out}: no such directory: {out.parent}\n"


def test_report_says_what_it_was_doing_when_memory_runs_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revtrack.render import report

    def exhausted(self: object, delta: object) -> None:
        raise MemoryError

    monkeypatch.setattr(report._PageData, "step", exhausted)
    taji = ROOT / "fixtures" / "taji.json"
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["report", str(taji), "-o", str(out), "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: building the page for {taji}: ")
    assert result.stderr.endswith(": out of memory\n")
    assert result.stderr.count("\n") == 1
    assert not out.exists()
