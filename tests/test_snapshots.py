"""Pinned output for every fixture: show in every format, blame JSON, the Taji diffs in every format.

Review snapshot changes like code: ``pytest --snapshot-update`` rewrites them.
"""

from __future__ import annotations

import subprocess
import sys
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


def test_a_snapshot_with_windows_line_ends_passes_after_it_is_written(tmp_path: Path) -> None:
    """syrupy reads a snapshot file back as text ("\\r\\n" becomes "\\n"): a carriage return
    is written visibly, or the snapshot could never match again."""
    (tmp_path / "test_crlf.py").write_text(
        "import revtrack\n\n"
        "def test_crlf(snapshot_revtrack):\n"
        "    old, new = 'One two.\\r\\nThree four.\\r\\n', 'One two.\\r\\nThree five.\\r\\n'\n"
        "    assert snapshot_revtrack == revtrack.diff_texts(old, new)\n"
        "    assert snapshot_revtrack == revtrack.Story.from_texts([old, new], [T0, T0], id='crlf')\n"
        "from datetime import datetime, timezone\n"
        "T0 = datetime(2020, 1, 1, tzinfo=timezone.utc)\n",
        encoding="utf-8",
    )
    pytest_in = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]
    first = subprocess.run([*pytest_in, "--snapshot-update"], capture_output=True, text=True, cwd=tmp_path)
    assert first.returncode == 0, first.stdout
    again = subprocess.run(pytest_in, capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    stored = tmp_path / "__snapshots__" / "test_crlf" / "test_crlf.txt"
    assert stored.read_bytes() == b"One two.\\x0d\nThree [-four-]{+five+}.\\x0d\n"
