"""``revtrack add``: a new version of a story, appended in its smallest form."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from revtrack.cli._options import STORY


@click.command()
@click.argument("story_file", metavar="STORY", type=STORY)
@click.argument("version", metavar="VERSION.txt|-", type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--time",
    "when",
    required=True,
    metavar="TIME",
    help="When the version was published: ISO 8601 with a UTC offset (2020-03-11T20:15-05:00).",
)
@click.option("--label", default=None, help="The update's label  [default: 'Update k']")
@click.option("--author", default=None, help="The update's author.")
def add(story_file: Path, version: Path, when: str, label: str | None, author: str | None) -> None:
    """Add VERSION (a UTF-8 text file, or - for standard input) to STORY as its newest version.

    The update is stored in its smallest exact form (an append, a patch or the
    whole text) and the story file is replaced safely. A version identical to the
    last revision changes nothing (a note says so); a time before the last
    revision's is an error naming both.

    \b
    Example:
      revtrack add story.json update.txt --time 2020-03-11T20:15-05:00 --label "UPDATE 8:15pm"
    """
    from revtrack.errors import SourceError
    from revtrack.files import is_story, read_text, source_name
    from revtrack.importers.add import add_version
    from revtrack.render.escape import show_line
    from revtrack.story import parse_timestamp
    from revtrack.storyfile import load_story, save_story

    try:
        stamp = parse_timestamp(when.strip())
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="'--time'") from None
    if str(story_file) == "-":
        raise click.UsageError("STORY must be a file: add writes the grown story back to it")
    story = load_story(story_file)
    if str(version) == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SourceError(
                "<stdin>", f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
            ) from None
    else:
        text = read_text(version, kind="text file", error=SourceError)
    if is_story(text):  # a story file named by mistake: its JSON would become the story's text
        raise SourceError(source_name(version), "is a story file, not a version's text")
    if not text and story.last.text:
        click.echo(
            show_line(
                f"note: {source_name(version)}: empty: the new revision has no text (all of it deleted)"
            ),
            err=True,
        )
    grown = add_version(story, text, stamp, label=label, author=author, source=str(story_file))
    if grown is None:
        click.echo(
            show_line(f"note: {version}: the same text as revision {story.last.index}: nothing added"),
            err=True,
        )
        return
    save_story(grown, story_file)
    update = grown.updates[-1]
    click.echo(show_line(f"{story_file}: revision {len(grown) - 1} added ({update.kind})"), err=True)
