"""The HTML page in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from revtrack.provenance import Tracker, track_story
from revtrack.render.report import render_report
from revtrack.story import Story, StoryBuilder, Update, smallest_update
from revtrack.storyfile import load_story

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
EVIL = (
    '<script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=1"> </style>'
    "<script>window.__pwned=1</script> </noscript><script>window.__pwned=1</script>"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(
    browser: Any, tmp_path: Path, story: Story, *, js: bool = True, tracker: Tracker | None = None
) -> tuple[Any, list[str]]:
    path = tmp_path / "page.html"
    path.write_text(render_report(story, tracker), encoding="utf-8")
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    if js:
        page.wait_for_selector("body[data-ready='1']", timeout=60_000)
        wait_shown(page, len(story) - 1)
    assert errors == []
    return page, requests


def wait_shown(page: Any, revision: int) -> None:
    """Wait until *revision*'s text is on the page, all of it."""
    page.wait_for_selector(f"#text[data-revision='{revision}'][data-complete='1']", timeout=60_000)


def show(page: Any, revision: int) -> None:
    page.fill("#rev", str(revision))
    wait_shown(page, revision)


def sentences_shown(page: Any) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#text .s')].map((s) => s.firstChild.data)")  # type: ignore[no-any-return]


def test_select_a_revision_open_a_history_and_toggle_since(browser: Any, tmp_path: Path) -> None:
    story = load_story(ROOT / "fixtures" / "election.json")
    page, requests = open_page(browser, tmp_path, story)
    assert page.locator("#text").get_attribute("data-revision") == "5"
    show(page, 0)
    assert "With 62% of ballots counted" in page.inner_text("#text")
    show(page, 5)
    # The count sentence was reworded in revision 2: its history shows both versions.
    page.locator("#text .s", has_text="of ballots counted").click()
    history = page.inner_text("#history")
    assert "Appeared in 0" in history
    assert "Changed in 2" in history
    assert page.locator("#history del").first.inner_text() == "62"
    assert page.locator("#history ins").first.inner_text() == "81"
    # Since revision 4: only what changed after 4 is marked.
    page.fill("#since", "4")
    page.wait_for_selector("#text.since-on[data-complete='1']")
    new = page.locator("#text .s.new")
    assert new.count() == 1
    assert "Associated Press" in new.first.inner_text()
    assert page.locator("#text .s.old").count() == page.locator("#text .s").count() - 1
    page.fill("#since", "")
    page.wait_for_selector("#text:not(.since-on)[data-complete='1']")
    assert page.locator("#text .s.new").count() == 0
    # A word diff between two revisions.
    page.fill("#from", "0")
    page.fill("#to", "2")
    page.click("#diff-go")
    assert page.locator("#diff-out del").count() >= 3
    assert page.locator("#diff-out ins").count() >= 3
    assert all(url.startswith("file://") for url in requests)
    page.context.close()


def test_the_timeline_chooses_revisions(browser: Any, tmp_path: Path) -> None:
    """The slider (keyboard), the buttons, the list of revisions and the chart all choose the
    revision shown; the text of the first screen is in view beside them."""
    story = load_story(ROOT / "fixtures" / "flood.json")
    page, _ = open_page(browser, tmp_path, story)
    last = len(story) - 1
    # The text starts on the first screen, below the chart and the controls.
    box = page.locator("#text .s").first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < 900
    page.focus("#slider")
    page.keyboard.press("Home")
    wait_shown(page, 0)
    assert page.input_value("#rev") == "0"
    page.keyboard.press("ArrowRight")
    wait_shown(page, 1)
    page.click("#next")
    wait_shown(page, 2)
    page.click("#prev")
    wait_shown(page, 1)
    # "]" and "[" step through revisions from anywhere but a field.
    page.locator("h1").click()
    page.keyboard.press("]")
    wait_shown(page, 2)
    assert page.input_value("#slider") == "2"
    # The list: the row of the revision shown is marked; a click on another shows it.
    assert page.locator("#revlist .row.current").get_attribute("data-r") == "2"
    page.locator("#revlist .row[data-r='4']").click()
    wait_shown(page, 4)
    assert "Update 9:30 a.m." in page.inner_text("#info")
    # The diff fields follow: what the revision shown changed.
    assert (page.input_value("#from"), page.input_value("#to")) == ("3", "4")
    # The chart: a click at its far right shows the last revision.
    chart = page.locator("#chart").bounding_box()
    assert chart is not None
    page.mouse.click(chart["x"] + chart["width"] - 2, chart["y"] + chart["height"] / 2)
    wait_shown(page, last)
    drawn = page.evaluate(
        "(() => { const c = document.getElementById('chart'); const d = c.getContext('2d')"
        ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4)"
        " n += d[i] > 0; return n; })()"
    )
    assert drawn > 500
    # "Show the change" goes to a sentence the shown revision wrote.
    page.click("#goto")
    focused = page.evaluate("document.activeElement.className")
    assert " c" in focused
    page.context.close()


def test_a_time_chooses_the_revision_published_then(browser: Any, tmp_path: Path) -> None:
    story = load_story(ROOT / "fixtures" / "election.json")  # revision 3 at 02:00, 4 at 06:00 (UTC-8)
    page, _ = open_page(browser, tmp_path, story)
    page.fill("#rev", "2024-11-06 05:59")
    page.press("#rev", "Enter")
    wait_shown(page, 3)
    assert page.input_value("#rev") == "3"
    page.fill("#rev", "2024-11-06T14:00Z")  # 06:00 in UTC-8
    page.press("#rev", "Enter")
    wait_shown(page, 4)
    page.fill("#rev", "1999-01-01")  # before the story: the field goes back to what is shown
    page.press("#rev", "Enter")
    assert page.input_value("#rev") == "4"
    page.fill("#since", "2024-11-06 01:00")
    page.press("#since", "Enter")
    assert page.input_value("#since") == "2"
    page.wait_for_selector("#text.since-on[data-complete='1']")
    # As --at reads them (Story.find), whatever revision is shown: a date alone is midnight, a time
    # without an offset is in the base's, -1 is the last.
    for shown, spec in [
        (0, "2024-11-06"),
        (4, "2024-11-06 01:30"),
        (0, "-1"),
        (4, "-2"),
        (0, "2024-11-05 23:00"),
    ]:
        page.fill("#rev", str(shown))
        page.press("#rev", "Enter")
        wait_shown(page, shown)
        page.fill("#rev", spec)
        page.press("#rev", "Enter")
        expected = story.find(spec).index
        wait_shown(page, expected)
        assert page.input_value("#rev") == str(expected), spec
    page.context.close()


def test_keyboard_opens_a_sentence_history(browser: Any, tmp_path: Path) -> None:
    page, _ = open_page(browser, tmp_path, load_story(ROOT / "fixtures" / "taji.json"))
    # The text is one Tab stop; arrow keys go from sentence to sentence.
    page.locator("#text .s").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert "Appeared in 0" in page.inner_text("#history")
    second = page.locator("#text .s").nth(1).inner_text()
    assert page.evaluate("document.activeElement.textContent") == second
    assert page.locator("#text .s[tabindex='0']").count() == 1
    page.context.close()


def test_script_from_the_story_never_runs(browser: Any, tmp_path: Path) -> None:
    texts = [f"Calm text. {EVIL}", f"Calm text. {EVIL}\n\nUPDATE: {EVIL}"]
    story = Story.from_texts(
        texts, [T0, T0 + timedelta(hours=1)], id="evil", title=EVIL, labels=[EVIL, EVIL], authors=[EVIL, None]
    )
    for js in (True, False):
        page, requests = open_page(browser, tmp_path, story, js=js)
        if js:
            show(page, 0)
            page.locator("#text .s").last.click()
            page.fill("#from", "0")
            page.click("#diff-go")
            page.locator("#revlist .row").first.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert "<script>window.__pwned=1</script>" in page.inner_text("h1")
        assert "</noscript><script>" in page.inner_text("#text" if js else "#static-text")
        assert all(url.startswith("file://") for url in requests)
        page.context.close()


def test_a_story_of_one_revision(browser: Any, tmp_path: Path) -> None:
    story = Story.from_texts(["One sentence only."], [T0], id="one")
    page, _ = open_page(browser, tmp_path, story)
    assert sentences_shown(page) == ["One sentence only."]
    page.click("#next")
    page.click("#prev")
    assert page.input_value("#rev") == "0"
    page.locator("#text .s").click()
    assert "Appeared in 0" in page.inner_text("#history")
    page.context.close()


def test_readable_without_scripting(browser: Any, tmp_path: Path) -> None:
    page, _ = open_page(browser, tmp_path, load_story(ROOT / "fixtures" / "flood.json"), js=False)
    text = page.inner_text("#static-text")
    assert "Millbrook began counting the damage" in text
    assert "[1→6]" in text
    assert page.locator("#revtable tbody tr").count() == 7
    # The text (last in the page) shows under the revision's heading, before the table.
    heading, body, table = (page.locator(x).bounding_box() for x in ("#showing", "#static-text", "#revtable"))
    assert heading is not None
    assert body is not None
    assert table is not None
    assert heading["y"] < body["y"] < table["y"]
    assert body["y"] < 900
    assert not page.locator("#timeline").is_visible()
    assert not page.locator("#bar").is_visible()
    page.context.close()


def long_history(updates: int, seed: int = 3) -> Story:
    """A live blog: mostly a paragraph appended, now and then the lead's count changed or an
    earlier paragraph corrected or taken down."""
    rnd = random.Random(seed)
    words = [
        *("river", "storm", "city", "council", "bridge", "mayor", "police"),
        *("water", "homes", "power", "crews", "said", "night"),
    ]

    def sentence() -> str:
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(4, 8))).capitalize() + "."

    count = 3
    paragraphs = [f"At least {count} people died.", sentence()]
    text = "\n\n".join(paragraphs)
    builder = StoryBuilder(Update(T0, "Original", "Desk", text=text), source="<test>")
    for k in range(1, updates + 1):
        when = T0 + timedelta(minutes=k)
        op = rnd.random()
        if op < 0.8:
            paragraphs.append(" ".join(sentence() for _ in range(rnd.randint(1, 2))))
        elif op < 0.9:
            count += 1
            paragraphs[0] = f"At least {count} people died."
        elif op < 0.97:
            j = rnd.randrange(1, len(paragraphs))
            paragraphs[j] = paragraphs[j].replace(".", " overnight.", 1)
        else:
            del paragraphs[rnd.randrange(1, len(paragraphs))]
        new = "\n\n".join(paragraphs)
        if new.startswith(text + "\n\n"):
            builder.add(Update(when, f"Update {k}", "Desk", append=new[len(text) + 2 :]))
        else:
            builder.add(smallest_update(text, new, when, f"Update {k}", "Desk"))
        text = new
    return builder.build("long", "A long live blog")


def test_a_long_history_opens_and_any_revision_shows_its_text(browser: Any, tmp_path: Path) -> None:
    """2,000 revisions: the page opens, a far revision shows exactly its sentences, and so does
    one far back again (rebuilt from the checkpoints the page keeps)."""
    story = long_history(2000)
    tracker = track_story(story)
    page, _ = open_page(browser, tmp_path, story, tracker=tracker)
    assert sentences_shown(page) == [w.text for _, w in tracker.wordings(-1)]
    for r in (1234, 17, 1999, 1000):
        show(page, r)
        assert sentences_shown(page) == [w.text for _, w in tracker.wordings(r)], r
        assert " ".join(sentences_shown(page)) == " ".join(story.revision(r).text.split())
    # A sentence's history: the lead, with its every count.
    page.locator("#text .s").first.click()
    versions = page.locator("#history .version")
    chain = tracker.history(1000, 0)
    assert len(chain) > 40
    # A long history shows its first and latest versions, the rest when asked for.
    assert versions.count() == 40
    assert versions.first.locator(".who").inner_text().startswith("Appeared in 0 ")
    assert versions.last.locator(".who").inner_text().startswith(f"Changed in {chain[-1].revision} ")
    page.click("#history button.more")
    assert versions.count() == len(chain)
    assert [int(w.split()[2]) for w in versions.locator(".who").all_inner_texts()] == [
        v.revision for v in chain
    ]
    page.context.close()
