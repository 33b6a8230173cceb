"""Pinned output for every fixture: show in every format, blame JSON, the Taji diffs in every format.

Review snapshot changes like code: ``pytest --snapshot-update`` rewrites them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from syrupy.assertion import SnapshotAssertion

from revtrack.cli import main
from revtrack.storyfile import load_story

ROOT = Path(__file__).resolve().parents[1]
STORIES = sorted((ROOT / "fixtures").glob("*.json"))


def run(*args: str) -> str:
    result = CliRunner(env={"NO_COLOR": None}).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_provenance(path: Path, snapshot_revtrack: SnapshotAssertion) -> None:
    """The extension's own snapshot: one sentence a line with its marks."""
    assert snapshot_revtrack == load_story(path)


@pytest.mark.parametrize("fmt", ["text", "ansi", "markdown", "json"])
@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_show(path: Path, fmt: str, snapshot_revtrack: SnapshotAssertion) -> None:
    args = ["show", str(path), "--format", fmt, "--words"]
    if fmt == "ansi":
        args += ["--color", "always"]
    assert snapshot_revtrack == run(*args)


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_blame_json(path: Path, snapshot_revtrack: SnapshotAssertion) -> None:
    assert snapshot_revtrack == run("blame", str(path), "--format", "json")


@pytest.mark.parametrize("fmt", ["plain", "ansi", "markdown", "html", "json"])
@pytest.mark.parametrize("update", [1, 2, 3])
def test_taji_diffs(update: int, fmt: str, snapshot_revtrack: SnapshotAssertion) -> None:
    args = ["diff", str(ROOT / "fixtures" / "taji.json"), "--from", str(update - 1), "--to", str(update)]
    args += ["--format", fmt, "--color", "always"]
    assert snapshot_revtrack == run(*args)
