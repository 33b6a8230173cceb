"""Provenance commands: ``show`` (the main job) and ``blame``."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import (
    STORY,
    at_option,
    chosen_format,
    color_option,
    emit,
    load,
    origins_option,
    quiet_option,
    show_path,
)
from revtrack.cli._progress import progress
from revtrack.render.provenance import BLAME_FORMATS, SHOW_FORMATS


@click.command()
@click.argument("story_file", type=STORY)
@at_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(SHOW_FORMATS)),
    default=None,
    help="Output format (ansi: colour, unless --color never)  [default: ansi on a terminal, else text]",
)
@color_option()
@quiet_option()
@click.option(
    "--words",
    is_flag=True,
    help="Highlight words newer than their sentence (with --origins first: and older ones).",
)
@click.option(
    "--since",
    metavar="N|TIME",
    default=None,
    help="Mark only what changed after this revision (what is new since you last read).",
)
@origins_option()
def show(
    story_file: Path,
    at: str | None,
    fmt: str | None,
    color: str,
    quiet: bool,
    words: bool,
    since: str | None,
    origins: str,
) -> None:
    """Print a revision with each sentence marked by the revisions that made it.

    A mark [2] says the sentence appeared in revision 2; [0→2,3] says it
    appeared in the base and was reworded in revisions 2 and 3. A legend of
    the revisions (time, label, author) follows the text.

    \b
    Examples:
      revtrack show fixtures/taji.json
      revtrack show fixtures/taji.json --at 1 --words
      revtrack show fixtures/taji.json --since 2 --format markdown
      revtrack show fixtures/taji.json --words --origins first
    """
    from revtrack.provenance import attribute
    from revtrack.render.provenance import ShowOptions, render_show

    if fmt == "json" and since is not None:  # (--words is what JSON's spans always say)
        click.echo("note: --since marks the text for people; JSON gives every sentence whole", err=True)
    with progress(quiet) as shown:
        story = load(story_file, shown)
        prov = attribute(
            story,
            at,
            progress=shown.phase(f"attributing {show_path(story_file)}"),
            origins=origins == "first",
        )
    since_index = story.find(since).index if since is not None else None
    if since_index is not None and since_index > prov.revision:
        raise click.UsageError(
            f"--since {since} is revision {since_index}, after the revision shown ({prov.revision})"
        )
    fmt = chosen_format(fmt, color, "text")
    # click strips escape sequences from output that is not a terminal unless told otherwise.
    out = render_show(prov, fmt, ShowOptions(words=words, since=since_index))
    emit(out, fmt, color=fmt == "ansi")


@click.command()
@click.argument("story_file", type=STORY)
@at_option()
@click.option("--format", "fmt", type=click.Choice(list(BLAME_FORMATS)), default="text", show_default=True)
@quiet_option()
@origins_option()
def blame(story_file: Path, at: str | None, fmt: str, quiet: bool, origins: str) -> None:
    """One line per sentence: the revision that introduced it, its time and label, the
    revisions that modified it, and the sentence. JSON is revtrack/provenance@1
    (@2 with --origins first: the same, and each sentence's origins).

    With --origins first, a column before the sentence lists the revisions in which its
    words first appeared anywhere in the story.

    \b
    Examples:
      revtrack blame fixtures/taji.json
      revtrack blame fixtures/taji.json --at 2 --format json
      revtrack blame fixtures/taji.json --origins first
    """
    from revtrack.provenance import attribute

    with progress(quiet) as shown:
        story = load(story_file, shown)
        prov = attribute(
            story,
            at,
            progress=shown.phase(f"attributing {show_path(story_file)}"),
            origins=origins == "first",
        )
    emit(BLAME_FORMATS[fmt](prov), fmt)
