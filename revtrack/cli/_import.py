"""``revtrack import``: build a story from material a newsroom already has."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import click

from revtrack.cli import main


@main.group("import")
def import_() -> None:
    """Build a story file from other material (see `revtrack import marked --help`)."""


@import_.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--date",
    "day",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the first update marker (YYYY-MM-DD).",
)
@click.option(
    "--tz", default=None, help="IANA time zone for marker times without a zone, e.g. America/New_York."
)
@click.option(
    "--published",
    metavar="TIME",
    default=None,
    help="When the original went out: a time on --date (16:00, 4pm, '4:00 p.m. EST') "
    "or an ISO 8601 timestamp. Default: the first update's time.",
)
@click.option("--id", "story_id", default=None, help="Story id  [default: the article's file name]")
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
    day: date,
    tz: str | None,
    published: str | None,
    story_id: str | None,
    title: str | None,
    output: Path | None,
) -> None:
    """Turn an article with inline update sections ("UPDATE: 6:20pm EST:") into a story.

    The base is the article without its update sections; each marker becomes an
    update at its time, and the last revision is the article byte for byte. A
    footer after the last update ("Contact the author:") belongs to every revision.

    \b
    Example:
      revtrack import marked article.txt --date 2020-03-11 --tz America/New_York \\
          --published 16:00 -o story.json
    """
    from revtrack.errors import ArticleError
    from revtrack.marked import import_marked
    from revtrack.storyfile import dumps_story, read_text, save_story

    source = str(article)
    text = read_text(article, kind="text file", error=ArticleError)
    if output is not None and output.resolve() == article.resolve():
        raise click.UsageError("--output would overwrite the article")
    slug = re.sub(r"[^a-z0-9]+", "-", article.stem.lower()).strip("-") or "story"
    result = import_marked(
        text,
        date=day.date() if hasattr(day, "date") else day,
        tz=tz,
        published=published,
        source=source,
        id=story_id or slug,
        title=title,
    )
    for note in result.notes:
        click.echo(f"note: {source}: {note}", err=True)
    if output is None:
        click.echo(dumps_story(result.story), nl=False)
    else:
        save_story(result.story, output)
        click.echo(f"{output}: {len(result.story)} revisions ({len(result.markers)} updates)", err=True)
