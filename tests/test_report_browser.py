"""The HTML page in a real browser: Playwright driving Debian's Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from revtrack.render.report import render_report
from revtrack.story import Story
from revtrack.storyfile import load_story

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
EVIL = '<script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=1"> </style><script>window.__pwned=1</script>'
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


def open_page(browser: Any, tmp_path: Path, story: Story, *, js: bool = True) -> tuple[Any, list[str]]:
    path = tmp_path / "page.html"
    path.write_text(render_report(story), encoding="utf-8")
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    if js:
        page.wait_for_selector("body[data-ready='1']", timeout=10_000)
    return page, requests


def test_select_a_revision_open_a_history_and_toggle_since(browser: Any, tmp_path: Path) -> None:
    story = load_story(ROOT / "fixtures" / "election.json")
    page, requests = open_page(browser, tmp_path, story)
    assert page.locator("#text").get_attribute("data-revision") == "5"
    page.select_option("#rev", "0")
    assert page.locator("#text").get_attribute("data-revision") == "0"
    assert "With 62% of ballots counted" in page.inner_text("#text")
    page.select_option("#rev", "5")
    # The count sentence was reworded in revision 2: its history shows both versions.
    page.locator("#text .s", has_text="of ballots counted").click()
    history = page.inner_text("#history")
    assert "Appeared in 0" in history
    assert "Changed in 2" in history
    assert page.locator("#history del").first.inner_text() == "62"
    assert page.locator("#history ins").first.inner_text() == "81"
    # Since revision 4: only what changed after 4 is marked.
    page.select_option("#since", "4")
    new = page.locator("#text .s.new")
    assert new.count() == 1
    assert "Associated Press" in new.first.inner_text()
    assert page.locator("#text .s.old").count() == page.locator("#text .s").count() - 1
    # A word diff between two revisions.
    page.select_option("#from", "0")
    page.select_option("#to", "2")
    page.click("#diff-go")
    assert page.locator("#diff-out del").count() >= 3
    assert page.locator("#diff-out ins").count() >= 3
    assert all(url.startswith("file://") for url in requests)
    page.context.close()


def test_keyboard_opens_a_sentence_history(browser: Any, tmp_path: Path) -> None:
    page, _ = open_page(browser, tmp_path, load_story(ROOT / "fixtures" / "taji.json"))
    page.locator("#text .s").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert "Appeared in 0" in page.inner_text("#history")
    page.context.close()


def test_script_from_the_story_never_runs(browser: Any, tmp_path: Path) -> None:
    texts = [f"Calm text. {EVIL}", f"Calm text. {EVIL}\n\nUPDATE: {EVIL}"]
    story = Story.from_texts(
        texts, [T0, T0 + timedelta(hours=1)], id="evil", title=EVIL, labels=[EVIL, EVIL], authors=[EVIL, None]
    )
    page, requests = open_page(browser, tmp_path, story)
    page.select_option("#rev", "0")
    page.locator("#text .s").last.click()
    page.select_option("#from", "0")
    page.click("#diff-go")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert "<script>window.__pwned=1</script>" in page.inner_text("h1")
    assert all(url.startswith("file://") for url in requests)
    page.context.close()


def test_readable_without_scripting(browser: Any, tmp_path: Path) -> None:
    page, _ = open_page(browser, tmp_path, load_story(ROOT / "fixtures" / "flood.json"), js=False)
    text = page.inner_text("#text")
    assert "Millbrook began counting the damage" in text
    assert "[1→6]" in text
    assert page.locator("#timeline tbody tr").count() == 7
    page.context.close()
