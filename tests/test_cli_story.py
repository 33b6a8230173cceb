"""The story commands through the command line: validate, log, text; help; entry points."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack.cli import main

ROOT = Path(__file__).resolve().parents[1]
TAJI = ROOT / "fixtures" / "taji.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_one_line_per_story_and_status() -> None:
    bad = ROOT / "fixtures" / "broken" / "backwards.json"
    code, out, err = run("validate", str(TAJI), str(bad))
    assert code == 1
    assert out == f"{TAJI}: ok: 4 revisions, 3 updates (3 patch)\n"
    assert err.count("\n") == 1
    assert err.startswith(f"Error: {bad}: update 2")
    assert run("validate", str(TAJI))[0] == 0


def test_log_lists_every_revision() -> None:
    code, out, _ = run("log", str(TAJI))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "rev",
        "timestamp",
        "+words",
        "-words",
        "added",
        "edited",
        "moved",
        "deleted",
        "restored",
        "label",
    ]
    assert len(lines) == 5
    assert lines[2].split()[:2] == ["1", "2020-03-11T18:20:00-05:00"]
    assert lines[2].endswith("UPDATE: 6:20pm EST")


def test_text_prints_exactly_one_revision() -> None:
    article = (ROOT / "fixtures" / "taji-article.txt").read_text(encoding="utf-8")
    assert run("text", str(TAJI))[1] == article
    assert run("text", str(TAJI), "--at", "2020-03-11T18:30-05:00")[1].count("UPDATE:") == 1
    code, _, err = run("text", str(TAJI), "--at", "9")
    assert (code, err) == (1, f"Error: {TAJI}: no revision 9: the story has revisions 0 to 3\n")
    code, _, err = run("text", str(TAJI), "--at", "2020-03-11T15:00-05:00")
    assert code == 1
    assert "no revision as of 2020-03-11T15:00:00-05:00" in err


@pytest.mark.parametrize(
    "args",
    [["log"], ["text", str(TAJI), "--bogus"], ["show", str(TAJI), "--format", "pdf"], ["nonsense"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert "Usage:" in err


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example" in out or "Commands:" in out


def test_python_m_and_checkout_shim() -> None:
    for argv in ([sys.executable, "-m", "revtrack", "--help"], [sys.executable, "cli.py", "--help"]):
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "show" in done.stdout
