"""Commands about the story itself: ``validate``, ``log``, ``text``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from revtrack.cli._options import (
    STORY,
    at_option,
    counted,
    emit,
    load,
    pick,
    quiet_option,
    show_path,
    stdin_once,
)
from revtrack.cli._progress import progress
from revtrack.render.log import LOG_FORMATS, render_log


@click.command()
@click.argument("stories", nargs=-1, required=True, type=STORY, callback=stdin_once)
@quiet_option()
def validate(stories: tuple[Path, ...], quiet: bool) -> None:
    """Check story files; one line each, exit status 1 if any is bad.

    \b
    Example:
      revtrack validate fixtures/*.json
    """
    from revtrack.errors import RevtrackError
    from revtrack.render.escape import show_line

    bad = 0
    for path in stories:
        try:
            with progress(quiet) as shown:
                story = load(path, shown)
        except RevtrackError as e:
            bad += 1
            click.echo(f"Error: {show_line(str(e))}", err=True)
            continue
        kinds = [r.kind for r in story.revisions[1:]]  # what each update is, building no text
        counts = ", ".join(f"{kinds.count(k)} {k}" for k in ("append", "text", "patch") if k in kinds)
        detail = f" ({counts})" if counts else ""
        click.echo(
            f"{show_path(path)}: ok: {counted(len(story), 'revision')}, "
            f"{counted(len(story.updates), 'update')}{detail}"
        )
    if bad:
        raise SystemExit(1)


@click.command()
@click.argument("story_file", type=STORY)
@click.option("--format", "fmt", type=click.Choice(list(LOG_FORMATS)), default="text", show_default=True)
@quiet_option()
def log(story_file: Path, fmt: str, quiet: bool) -> None:
    """One line per revision: index, time, words added and removed, sentences
    added, edited (reworded, split or merged), moved, deleted and restored,
    then the label and author. JSON is revtrack/log@1.

    \b
    Example:
      revtrack log fixtures/taji.json
    """
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story

    with progress(quiet) as shown:
        story = load(story_file, shown)
        name = show_path(story_file)
        tracker = track_story(story, progress=shown.phase(f"attributing {name}"))
        stats = revision_stats(story, tracker, progress=shown.phase(f"counting words in {name}"))
    emit(render_log(story, stats, fmt), fmt)


@click.command()
@click.argument("story_file", type=STORY)
@at_option()
@quiet_option()
def text(story_file: Path, at: str | None, quiet: bool) -> None:
    """Print the text of one revision (the last by default), exactly as stored.

    Piped or redirected, the text is written byte for byte; to a terminal, control
    characters and escape sequences in it are shown as escapes (``\\x1b``), never run.

    \b
    Examples:
      revtrack text fixtures/taji.json --at 0
      revtrack text fixtures/taji.json --at 2020-03-11T19:00-05:00
    """
    from revtrack.render.escape import show_controls

    with progress(quiet) as shown:
        body = pick(load(story_file, shown), at).text
    out = sys.stdout
    # Not click.echo: it strips escape sequences from what is not a terminal, and this is the exact text.
    out.write(show_controls(body) if out.isatty() else body)
    out.flush()
