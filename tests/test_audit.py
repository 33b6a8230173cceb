"""The silent-edit audit (revtrack.audit, `revtrack audit`)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.audit import audit_story
from revtrack.cli import main
from revtrack.story import Story
from revtrack.storyfile import load_story, save_story

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2020, 3, 11, 16, tzinfo=timezone(timedelta(hours=-5)))
BASE = "Rocket attack in Iraq kills two. Officials declined to comment. The base hosts coalition troops."


def story(*texts: str) -> Story:
    return Story.from_texts(texts, [T0 + timedelta(hours=k) for k in range(len(texts))], id="s")


def kinds(s: Story, include_moves: bool = False) -> list[list[str]]:
    return [[f.kind for f in u.silent(include_moves=include_moves)] for u in audit_story(s).updates]


def test_append_only_story_has_no_silent_changes() -> None:
    s = story(BASE, BASE + "\n\nUPDATE: More.", BASE + "\n\nUPDATE: More.\n\nUPDATE: Even more.")
    audit = audit_story(s)
    assert audit.silent_updates() == ()
    assert [(u.sentences_added, u.words_added) for u in audit.updates] == [(1, 2), (1, 3)]


def test_reworded_deleted_restored_and_moved() -> None:
    reworded = BASE.replace("kills two", "kills three")
    deleted = reworded.replace(" Officials declined to comment.", "")
    restored = reworded
    moved = (
        "The base hosts coalition troops. Rocket attack in Iraq kills three. Officials declined to comment."
    )
    s = story(BASE, reworded, deleted, restored, moved)
    assert kinds(s) == [["reworded"], ["deleted"], ["restored"], []]
    assert kinds(s, include_moves=True)[3] == ["moved"]
    first = audit_story(s).updates[0].findings[0]
    assert first.old_text == "Rocket attack in Iraq kills two."
    assert first.new_text == "Rocket attack in Iraq kills three."
    assert first.diff is not None
    assert [(e.op.symbol, e.text) for e in first.diff.ops][1:3] == [("-", "two"), ("+", "three")]
    assert audit_story(s).updates[2].findings[0].restored_from == 1


def test_split_and_merge_are_findings() -> None:
    long = "Officials said the attack came at night and that Iraqi forces later found the launcher nearby."
    split = "Officials said the attack came at night. Iraqi forces later found the launcher nearby."
    assert kinds(story(long, split)) == [["split", "split"]]
    assert kinds(story(split, long)) == [["merged"]]


def test_json_is_audit_format() -> None:
    s = story(BASE, BASE.replace("kills two", "kills three"))
    data = json.loads(audit_story(s).to_json())
    assert list(data) == ["format", "story", "updates", "silent_updates"]
    assert data["format"] == "revtrack/audit@1"
    assert data["silent_updates"] == [1]
    (update,) = data["updates"]
    assert update["kind"] == "patch"
    assert update["findings"] == [
        {
            "kind": "reworded",
            "old": {"index": 0, "text": "Rocket attack in Iraq kills two."},
            "new": {"index": 0, "text": "Rocket attack in Iraq kills three."},
            "diff": [["=", "Rocket attack in Iraq kills "], ["-", "two"], ["+", "three"], ["=", "."]],
            "restored_from": None,
        }
    ]


def test_cli_fail_on_silent(tmp_path: Path) -> None:
    quiet = tmp_path / "quiet.json"
    loud = tmp_path / "loud.json"
    save_story(story(BASE, BASE + "\n\nUPDATE: More."), quiet)
    save_story(story(BASE, BASE.replace("two", "three")), loud)
    runner = CliRunner()
    assert runner.invoke(main, ["audit", str(quiet), "--fail-on-silent"]).exit_code == 0
    result = runner.invoke(main, ["audit", str(loud), "--fail-on-silent"])
    assert result.exit_code == 1
    assert "reworded sentence 0: Rocket attack in Iraq kills [-two-]{+three+}." in result.stdout
    assert json.loads(runner.invoke(main, ["audit", str(loud), "--format", "json"]).stdout)[
        "silent_updates"
    ] == [1]


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures").glob("*.json")), ids=lambda p: p.stem)
def test_every_fixture_audits(path: Path) -> None:
    s = load_story(path)
    audit = audit_story(s)
    assert len(audit.updates) == len(s.updates)
    json.loads(audit.to_json())
