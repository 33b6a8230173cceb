"""The README's import examples run and print what they show, on the sources they name."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_importers_git import Repo, newsdiffs_version
from test_importers_sqlite import DIFFENGINE_SCHEMA, NEWSEDITS_SCHEMA

from revtrack.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### Importing histories") :]
SECTION = SECTION[: SECTION.index("\n### ", 1)]


def sources(where: Path) -> None:
    """The files the examples name that the repository does not ship: built as each tool writes them."""
    (where / "fixtures").symlink_to(ROOT / "fixtures")
    db = sqlite3.connect(where / "ap.db")
    db.executescript(NEWSEDITS_SCHEMA)
    for row in [
        (0, 0, "Storm nears coast", "2020-08-26 14:00:00", 7, "The storm strengthened overnight."),
        (
            1,
            1,
            "Storm nears coast",
            "2020-08-26 18:00:00",
            7,
            "The storm strengthened overnight.</p><p>Winds reached 150 mph.",
        ),
        (2, 0, "Vote count", "2020-11-04 02:00:00", 9, "Counting went on."),
    ]:
        db.execute("INSERT INTO entryversion VALUES (?, ?, ?, ?, 'u', 'ap', ?, NULL, 2, ?)", row)
    db.commit()
    db.close()
    db = sqlite3.connect(where / "diffengine.db")
    db.executescript(DIFFENGINE_SCHEMA)
    db.execute(
        "INSERT INTO entry VALUES (1, 'https://example.com/a', '2019-05-01 14:00:00', '2019-05-01 18:00:00', '')"
    )
    for vid, summary, created in [
        (1, "<p>Two dead.</p>", "2019-05-01 14:03:22"),
        (2, "<p>Three dead.</p>", "2019-05-01 16:10:00"),
    ]:
        db.execute(
            "INSERT INTO entryversion VALUES (?, 'Flood', 'https://example.com/a', ?, ?, NULL, 1, '')",
            (vid, summary, created),
        )
    db.commit()
    db.close()
    articles = Repo(where / "articles")
    name = "www.example.com/2020/03/11/taji.html"
    articles.commit(
        {name: newsdiffs_version("Rocket attack", "Two killed.")}, "Adding file", "2020-03-11T16:00:00-05:00"
    )
    articles.commit(
        {name: newsdiffs_version("Rocket attack", "Three killed.")}, "Change", "2020-03-11T18:20:00-05:00"
    )
    newsroom = Repo(where / "newsroom")
    newsroom.commit({"story.txt": "Rocket attack in Iraq."}, "Publish", "2020-03-11T16:00:00-05:00")
    newsroom.commit(
        {"story.txt": "Rocket attack in Iraq kills two."}, "UPDATE 6:20pm EST", "2020-03-11T18:20:00-05:00"
    )
    (where / "update.txt").write_text(
        "Rocket attack in Iraq kills two.\n\nThe base was hit by 18 rockets.", encoding="utf-8"
    )


def test_import_examples_print_what_the_readme_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources(tmp_path)
    monkeypatch.chdir(tmp_path)
    ran = 0
    for block in re.findall(r"```text\n(.*?)```", SECTION, re.DOTALL):
        for command, shown in re.findall(
            r"^\$ (revtrack [^\n]*)\n((?:(?!\$ )[^\n]*\n)*)", block, re.MULTILINE
        ):
            result = CliRunner(env={"NO_COLOR": "1"}).invoke(
                main, shlex.split(command)[1:], catch_exceptions=False
            )
            assert result.stdout + result.stderr == shown, command
            assert result.exit_code == 0, command
            ran += 1
    assert ran == 8
    assert sorted(p.name for p in (tmp_path / "stories").iterdir()) == [
        "council-vote.json",
        "millbrook-flood.json",
    ]


def test_library_example_prints_what_the_readme_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (code,) = re.findall(r"```python\n(.*?)```", SECTION, re.DOTALL)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == [line[2:] for line in code.splitlines() if line.startswith("# ")]
