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


def test_a_sentence_reworded_and_moved_is_moved_from_its_old_wording() -> None:
    moved = (
        "Officials declined to comment. The base hosts coalition troops. Rocket attack in Iraq kills three."
    )
    findings = audit_story(story(BASE, moved)).updates[0].findings
    assert [(f.kind, f.old_text, f.new_text) for f in findings] == [
        ("reworded", "Rocket attack in Iraq kills two.", "Rocket attack in Iraq kills three."),
        ("moved", "Rocket attack in Iraq kills two.", "Rocket attack in Iraq kills three."),
    ]


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
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    failed = runner.invoke(main, ["audit", str(broken), "--fail-on-silent"])  # not "silent changes found"
    assert (failed.exit_code, failed.stderr.count("\n")) == (2, 1)
    assert runner.invoke(main, ["audit", str(broken)]).exit_code == 1
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


MAYOR = "The mayor said the bridge would reopen Friday."
CREWS = "Crews worked overnight."
TRAFFIC = "Traffic was diverted to Route 9."


def restored_story(restored: str) -> Story:
    """*MAYOR* published, deleted in 1, brought back as *restored* in 3."""
    return story(f"{MAYOR} {CREWS}", CREWS, f"{CREWS} {TRAFFIC}", f"{CREWS} {TRAFFIC} {restored}")


def test_restored_in_other_words_shows_the_word_diff_against_the_wording_last_seen() -> None:
    s = restored_story("The mayor said the bridge would reopen on Saturday.")
    assert kinds(s) == [["deleted"], [], ["restored"]]
    (f,) = audit_story(s).updates[2].findings
    assert (f.kind, f.restored_from, f.old_index, f.new_index) == ("restored", 0, None, 2)
    assert f.old_text == MAYOR
    assert f.new_text == "The mayor said the bridge would reopen on Saturday."
    assert f.diff is not None
    assert [(e.op.symbol, e.text) for e in f.diff.ops] == [
        ("=", "The mayor said the bridge would reopen "),
        ("-", "Friday"),
        ("+", "on Saturday"),
        ("=", "."),
    ]


def test_restored_in_other_words_json() -> None:
    s = restored_story("The mayor said the bridge would reopen on Saturday.")
    data = json.loads(audit_story(s).to_json())
    assert data["silent_updates"] == [1, 3]
    assert data["updates"][2]["findings"] == [
        {
            "kind": "restored",
            "old": {"index": None, "text": MAYOR},
            "new": {"index": 2, "text": "The mayor said the bridge would reopen on Saturday."},
            "diff": [
                ["=", "The mayor said the bridge would reopen "],
                ["-", "Friday"],
                ["+", "on Saturday"],
                ["=", "."],
            ],
            "restored_from": 0,
        }
    ]


def test_restored_in_other_words_is_compared_with_the_last_wording_not_the_first() -> None:
    # Reworded in 1, deleted in 2, back in 3 in its first words: a change from what readers last saw.
    first = "The mayor said the bridge would reopen Friday after repairs."
    later = "The mayor said the bridge would reopen Sunday after repairs."
    s = story(f"{first} {CREWS}", f"{later} {CREWS}", CREWS, f"{CREWS} {first}")
    assert kinds(s) == [["reworded"], ["deleted"], ["restored"]]
    (f,) = audit_story(s).updates[2].findings
    assert (f.old_text, f.new_text, f.restored_from) == (later, first, 1)
    assert f.diff is not None
    assert [(e.op.symbol, e.text) for e in f.diff.ops][1:3] == [("-", "Sunday"), ("+", "Friday")]


def test_restored_as_it_was_has_no_old_text_or_diff(tmp_path: Path) -> None:
    s = restored_story(MAYOR)
    (f,) = audit_story(s).updates[2].findings
    assert (f.kind, f.old_index, f.old_text, f.new_text, f.restored_from) == (
        "restored",
        None,
        None,
        MAYOR,
        0,
    )
    assert f.diff is None
    assert json.loads(audit_story(s).to_json())["updates"][2]["findings"] == [
        {
            "kind": "restored",
            "old": None,
            "new": {"index": 2, "text": MAYOR},
            "diff": None,
            "restored_from": 0,
        }
    ]
    path = tmp_path / "restored.json"
    save_story(s, path)
    out = CliRunner().invoke(main, ["audit", str(path)]).stdout
    assert f"  restored sentence 2 (last seen in revision 0): {{+{MAYOR}+}}\n" in out


def test_restored_in_other_words_text_shows_the_word_diff(tmp_path: Path) -> None:
    path = tmp_path / "restored.json"
    save_story(restored_story("The mayor said the bridge would reopen on Saturday."), path)
    out = CliRunner().invoke(main, ["audit", str(path)]).stdout
    assert (
        "  restored and reworded sentence 2 (last seen in revision 0): "
        "The mayor said the bridge would reopen [-Friday-]{+on Saturday+}.\n"
    ) in out
    assert "{+The mayor said" not in out


def test_the_summary_counts_in_the_number_it_takes() -> None:
    from revtrack.render.audit import render_audit

    one = Story.from_texts(["Rockets hit.", "Rockets hit the base."], [T0, T0], id="one")
    assert render_audit(audit_story(one), "text").splitlines()[0] == (
        "one: 1 update, 1 changed text published before it"
    )
    two = Story.from_texts(["Rockets hit.", "Rockets hit the base.", "Rockets hit it."], [T0] * 3, id="two")
    assert render_audit(audit_story(two), "text").splitlines()[0] == (
        "two: 2 updates, 2 changed text published before them"
    )
