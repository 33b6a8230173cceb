"""Commands about the story itself: ``validate``, ``log``, ``text``."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import STORY, at_option, load, pick


@click.command()
@click.argument("stories", nargs=-1, required=True, type=STORY)
def validate(stories: tuple[Path, ...]) -> None:
    """Check story files; one line each, exit status 1 if any is bad.

    \b
    Example:
      revtrack validate fixtures/*.json
    """
    from revtrack.errors import RevtrackError
    from revtrack.storyfile import load_story

    bad = 0
    for path in stories:
        try:
            story = load_story(path)
        except RevtrackError as e:
            bad += 1
            click.echo(f"Error: {e}", err=True)
            continue
        kinds = [u.kind for u in story.updates]
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("append", "text", "patch") if k in kinds)
        detail = f" ({counts})" if counts else ""
        click.echo(f"{path}: ok: {len(story)} revisions, {len(story.updates)} updates{detail}")
    if bad:
        raise SystemExit(1)


@click.command()
@click.argument("story_file", type=STORY)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def log(story_file: Path, fmt: str) -> None:
    """One line per revision: index, time, words added and removed, sentences
    added, edited (reworded, split or merged), moved, deleted and restored,
    then the label and author. JSON is revtrack/log@1.

    \b
    Example:
      revtrack log fixtures/taji.json
    """
    from revtrack.history import render_log, render_log_json

    story = load(story_file)
    click.echo(render_log_json(story) if fmt == "json" else render_log(story), nl=False)


@click.command()
@click.argument("story_file", type=STORY)
@at_option()
def text(story_file: Path, at: str | None) -> None:
    """Print the text of one revision (the last by default), exactly as stored.

    \b
    Examples:
      revtrack text fixtures/taji.json --at 0
      revtrack text fixtures/taji.json --at 2020-03-11T19:00-05:00
    """
    story = load(story_file)
    click.echo(pick(story, at).text, nl=False)
