"""The README stays true: its example runs and prints what it says, its commands match CI."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_library_example_runs_and_prints_what_the_readme_says() -> None:
    block = re.search(r"```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    code = block.group(1)
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == expected


def test_setup_commands_use_the_bundled_fixture_and_ci_runs_the_test_command() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.DOTALL)
    main_job, tests = commands[0], commands[1]
    fixture = re.search(r"(fixtures/\S+\.json)", main_job)
    assert fixture is not None
    assert (ROOT / fixture.group(1)).is_file()
    assert tests.startswith("python3 -m venv .venv")
    assert "'.[test]'" in tests
    test_command = tests.rsplit("&& ", 1)[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_commands_shown_print_what_the_readme_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``$ revtrack ...`` example that shows its whole output (no ``...``, writes no file)."""
    import shlex

    monkeypatch.chdir(ROOT)
    from click.testing import CliRunner

    from revtrack.cli import main

    checked = 0
    for block in re.findall(r"```text\n\$ (revtrack [^\n]*)\n(.*?)```", README, re.DOTALL):
        command, shown = block
        if "..." in shown or " -o " in command or not shown:
            continue
        result = CliRunner(env={"NO_COLOR": "1"}).invoke(
            main, shlex.split(command)[1:], catch_exceptions=False
        )
        assert result.stdout + result.stderr == shown, command
        checked += 1
    assert checked >= 2
