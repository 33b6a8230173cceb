"""``revtrack report``: the self-contained HTML history page."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import (
    OUTPUT,
    STORY,
    at_option,
    counted,
    guard_output,
    load,
    quiet_option,
    show_path,
)
from revtrack.cli._progress import progress


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
@quiet_option()
def report(story_file: Path, output: Path, at: str | None, quiet: bool) -> None:
    """Write one self-contained HTML page to explore the story's history: a
    timeline (a chart of every revision's changes, a slider and a list), the
    text tinted by revision, each sentence's history with word diffs, a
    "changed since" view and a diff of any two revisions. It opens from disk
    and makes no network request; long histories (thousands of revisions)
    make a page a browser opens at once.

    \b
    Example:
      revtrack report fixtures/taji.json -o taji.html
    """
    from revtrack.files import write_text
    from revtrack.provenance import track_story
    from revtrack.render.escape import show_line
    from revtrack.render.report import render_report

    guard_output(output, files=[story_file])
    with progress(quiet) as shown:
        story = load(story_file, shown)
        index = story.find(at).index if at is not None else None
        name = show_path(story_file)
        tracker = track_story(story, progress=shown.phase(f"attributing {name}"))
        page = render_report(story, tracker, index, progress=shown.phase(f"building the page for {name}"))
    write_text(output, page)
    click.echo(show_line(f"{output}: {counted(len(story), 'revision')}"), err=True)
