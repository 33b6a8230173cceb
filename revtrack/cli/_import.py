"""``revtrack import``: build a story from material a newsroom already has."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click


@click.group("import")
def import_() -> None:
    """Build a story file from material a newsroom already has.

    \b
    Example:
      revtrack import marked fixtures/taji-article.txt --date 2020-03-11 --published "4:00pm EST"
    """


@import_.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--date",
    "day",
    required=True,
    metavar="YYYY-MM-DD",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the first update marker.",
)
@click.option(
    "--tz",
    metavar="ZONE",
    default=None,
    help="IANA time zone for times written without one, e.g. America/New_York. "
    "A zone in the marker (EST, ET, GMT …) wins.",
)
@click.option(
    "--published",
    metavar="TIME",
    default=None,
    help="When the original went out: a time on --date (16:00, 4pm, '4:00 p.m. EST') "
    "or an ISO 8601 timestamp. Default: the first update's time (the latest it can be), with a note.",
)
@click.option(
    "--id", "story_id", default=None, help="Story id  [default: the article's file name, slugified]"
)
@click.option("--title", default=None, help="Title  [default: the article's first line]")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the story here  [default: standard output]",
)
def marked(
    article: Path,
    day: datetime,
    tz: str | None,
    published: str | None,
    story_id: str | None,
    title: str | None,
    output: Path | None,
) -> None:
    """Turn an article with inline update sections ("UPDATE: 6:20pm EST:") into a story.

    The base is the article without its update sections; each marker becomes an
    update at its time, and the last revision is the article byte for byte.
    Markers: "UPDATE: 6:20pm EST:", "Update, 7:15 p.m. ET —", "UPDATED 20:15 GMT",
    "[Update 11:05 a.m.]", "Updated at 9:40 p.m. PT:", "Updated March 12 at 9 a.m.".
    An evening time, then a morning one, crosses midnight. A footer after the
    last update ("Contact the author:", "Reporting by …") belongs to every
    revision. Notes (a zone out of season, a guessed time) go to stderr.

    \b
    Example:
      revtrack import marked article.txt --date 2020-03-11 --tz America/New_York \\
          --published 16:00 -o story.json
    """
    from revtrack.errors import ArticleError
    from revtrack.files import read_text
    from revtrack.marked import import_marked
    from revtrack.render.escape import show_line
    from revtrack.storyfile import dumps_story, save_story

    source = str(article)
    text = read_text(article, kind="text file", error=ArticleError)
    if output is not None and output.resolve() == article.resolve():
        raise click.UsageError("--output would overwrite the article")
    result = import_marked(
        text, date=day.date(), tz=tz, published=published, source=source, id=story_id, title=title
    )
    for note in result.notes:
        click.echo(show_line(f"note: {source}: {note}"), err=True)
    if output is None:
        click.echo(dumps_story(result.story), nl=False)
    else:
        save_story(result.story, output)
        click.echo(
            show_line(f"{output}: {len(result.story)} revisions ({len(result.markers)} updates)"), err=True
        )
