"""The HTML history page: structure, escaping, determinism (the browser tests click through it)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import main
from revtrack.render.report import render_report
from revtrack.story import Story
from revtrack.storyfile import load_story

ROOT = Path(__file__).resolve().parents[1]
STORIES = sorted((ROOT / "fixtures").glob("*.json"))
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
EVIL = '<script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=1"> </style><script>window.__pwned=1</script>'


def evil_story() -> Story:
    texts = [f"Calm text. {EVIL}", f"Calm text. {EVIL}\n\nUPDATE: {EVIL}"]
    return Story.from_texts(
        texts, [T0, T0 + timedelta(hours=1)], id="evil", title=EVIL, labels=[EVIL, EVIL], authors=[EVIL, None]
    )


def embedded_data(page: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.DOTALL)
    assert m is not None
    data: dict[str, object] = json.loads(m.group(1))
    return data


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_every_fixture_gives_a_complete_page(path: Path) -> None:
    story = load_story(path)
    page = render_report(story)
    assert page.startswith("<!DOCTYPE html>")
    data = embedded_data(page)
    assert len(data["states"]) == len(story)  # type: ignore[arg-type]
    # The static text (readable without scripting) holds every sentence of the last revision.
    assert page.count('class="s r') >= sum(len(p) for p in data["states"][-1])  # type: ignore[index]
    assert render_report(story) == page  # deterministic


def test_nothing_from_the_story_becomes_markup() -> None:
    page = render_report(evil_story())
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script type="application/json" id="data">', "<script>"]
    assert "<img" not in page
    assert page.count("</style>") == 1
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert embedded_data(page)["title"] == EVIL


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
