"""``revtrack report``: the self-contained HTML history page."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import OUTPUT, STORY, at_option, load


@click.command()
@click.argument("story_file", type=STORY)
@click.option(
    "-o",
    "--output",
    type=OUTPUT,
    required=True,
    help="The HTML file to write.",
)
@at_option("Revision the page opens at (index or time)  [default: the last]")
def report(story_file: Path, output: Path, at: str | None) -> None:
    """Write one self-contained HTML page to explore the story's history: a
    timeline, the text tinted by revision, each sentence's history with word
    diffs, an "as of" selector, a "changed since" view and a diff of any two
    revisions. It opens from disk and makes no network request.

    \b
    Example:
      revtrack report fixtures/taji.json -o taji.html
    """
    from revtrack.files import write_text
    from revtrack.render.escape import show_line
    from revtrack.render.report import render_report

    story = load(story_file)
    index = story.find(at).index if at is not None else None
    write_text(output, render_report(story, at=index))
    click.echo(show_line(f"{output}: {len(story)} revisions"), err=True)
