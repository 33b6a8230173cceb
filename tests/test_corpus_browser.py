"""The corpus stats page in a real browser: Playwright driving Debian's Chromium, no network."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_helpers import make_corpus
from test_corpus_stats import EVIL, evil_story

from revtrack.cli import main

pytestmark = pytest.mark.browser
pytest.importorskip("pyarrow", reason="the corpus extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from revtrack.storyfile import save_story

    where = tmp_path_factory.mktemp("stats")
    folder = make_corpus(where / "stories", 6)
    save_story(evil_story(), folder / "evil.json")  # type: ignore[arg-type]
    runner = CliRunner()
    assert runner.invoke(main, ["corpus", "run", str(folder), "-o", str(where / "out"), "-q"]).exit_code == 1
    page = where / "stats.html"
    result = runner.invoke(main, ["corpus", "stats", str(where / "out"), "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_the_page_shows_its_charts_loads_nothing_and_runs_nothing(browser: Any, page_file: Path) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert requests == [page_file.as_uri()]
    assert console == []  # no Content-Security-Policy violation, no error
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    for chart in ("updates", "silent", "time", "where"):
        box = page.locator(f"#{chart} svg").bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 100
    # The charts' words are text: bars are labelled in the browser, not as pictures of letters.
    assert "reworded" in page.locator("#silent").inner_text()
    # The story's markup is shown as text in the table, never made into elements.
    first = page.locator("#reworded tbody tr").first
    assert EVIL in first.inner_text()
    assert first.locator("td").first.inner_text() == "3"
    assert page.locator("#reworded script").count() == 0
    context.close()
