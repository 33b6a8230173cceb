"""``revtrack import``: build stories from where histories live, one subcommand per source."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from revtrack.cli._options import counted, emit, stdin_once

if TYPE_CHECKING:
    from revtrack.importers import ImportFailure, Note, Progress
    from revtrack.story import Story

F = TypeVar("F", bound=Callable[..., Any])


@click.group("import")
def import_() -> None:
    """Build story files from where histories live.

    \b
    Sources: saved pages (versions), JSON Lines (jsonl), MediaWiki exports
    (mediawiki), NewsEdits, diffengine and NewsDiffs databases, git, and
    articles with inline update sections (marked).

    \b
    Example:
      revtrack import marked fixtures/taji-article.txt --date 2020-03-11 --published "4:00pm EST"
    """


# --- shared options and output ---------------------------------------------------------------


def _keep_identical(f: F) -> F:
    return click.option(
        "--keep-identical",
        is_flag=True,
        help="Keep a version identical to the one before it as an update of its own "
        "(by default it is left out, with a note).",
    )(f)


def _tz(f: F) -> F:
    return click.option(
        "--tz",
        metavar="ZONE",
        default=None,
        help="Zone of times stored without a UTC offset: an IANA name (America/New_York) or an offset "
        "(+05:30).  [default: UTC, with a note]",
    )(f)


def _progress(f: F) -> F:
    f = click.option(
        "-q", "--quiet", is_flag=True, help="Do not show how far the import has got (on a terminal)."
    )(f)
    return click.option(
        "--progress",
        is_flag=True,
        help="Show how far the import has got from the start (on a terminal it shows by itself "
        "after two seconds).",
    )(f)


def _out_dir(f: F) -> F:
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder for the story files (made if missing): one file per story, named by story_filename "
        "(its id percent-encoded: 'Pear' is %50ear.json).",
    )(f)


def _out_file(f: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write the story here  [default: standard output]",
    )(f)


def _show(text: str) -> str:
    from revtrack.render.escape import show_line

    return show_line(text)


def _print_note(note: Note) -> None:
    click.echo(_show(f"note: {note}"), err=True)


class _ProgressLine:
    """A line on stderr that updates (stories, versions, MB read, MB/s), at most 5 times a second:
    only on a terminal, as every command's progress (``revtrack.cli._progress``) once the import
    has run two seconds, or from the start with ``--progress``; never with ``--quiet``."""

    def __init__(self, progress: bool, quiet: bool = False) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.start = time.monotonic()
        self.delay = 0.0 if progress else 2.0
        self.shown = 0.0
        self.width = 0

    def __call__(self, progress: Progress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.shown < 0.2 or now - self.start < self.delay:
            return
        self.shown = now
        line = f"{counted(progress.stories, 'story', 'stories')}, {counted(progress.versions, 'version')}"
        if progress.bytes_read:  # sources read as a stream of bytes (not a database, a repository)
            mb = progress.bytes_read / 1e6
            rate = mb / max(now - self.start, 1e-9)
            of = f" of {progress.bytes_total / 1e6:,.1f}" if progress.bytes_total else ""
            line += f", {mb:,.1f}{of} MB read ({rate:,.1f} MB/s)"
        self.width = max(self.width, len(line))
        click.echo("\r" + line.ljust(self.width), nl=False, err=True)

    def done(self) -> None:
        if self.enabled and self.width:
            click.echo("\r" + " " * self.width + "\r", nl=False, err=True)


def _write_stories(items: Iterable[Story | ImportFailure], output: Path, progress: _ProgressLine) -> None:
    """Write each story to *output* as it comes; report each failure; exit 1 with a count."""
    from revtrack.errors import OutputError
    from revtrack.importers import ImportFailure, story_filename
    from revtrack.storyfile import save_story

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(str(output), f"cannot make the folder: {e.strerror or e}") from None
    written: dict[str, str] = {}  # file name (case-folded) -> story id
    stories = failures = versions = 0
    current = "the source"
    try:
        for item in items:
            if isinstance(item, ImportFailure):
                failures += 1
                progress.done()
                click.echo(_show(f"error: {item}"), err=True)
                continue
            name = story_filename(item.id)
            if name.casefold() in written:  # two stories of one id in the source
                failures += 1
                click.echo(
                    _show(
                        f"error: {item.source}: story {item.id!r}: a second story with this id (not written)"
                    ),
                    err=True,
                )
                continue
            if _foreign(output / name):
                failures += 1
                click.echo(
                    _show(
                        f"error: {output / name}: exists and is not a story file ({item.id!r} not written)"
                    ),
                    err=True,
                )
                continue
            current = f"story {item.id!r}"
            save_story(item, output / name)
            written[name.casefold()] = item.id
            stories += 1
            versions += len(item)
    except MemoryError:
        progress.done()
        raise click.ClickException(_show(f"importing after {current}: out of memory")) from None
    finally:
        progress.done()
    noun = "story" if stories == 1 else "stories"
    click.echo(_show(f"{output}: {stories} {noun} written ({counted(versions, 'version')})"), err=True)
    if failures:
        what = "story or record" if failures == 1 else "stories or records"
        raise click.ClickException(f"{failures} {what} could not be imported (see above)")


def _foreign(path: Path) -> bool:
    """Whether *path* is a file that is not a revtrack story (an import must not replace it; a story
    file there is an earlier import of the same story, replaced by this one)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError:
        return False
    except OSError:  # a folder, or unreadable: saving will say what is wrong
        return False
    return b'"revtrack/story@' not in head


def _write_story(story: Story, output: Path | None) -> None:
    from revtrack.storyfile import dumps_story, save_story

    if output is None:
        emit(dumps_story(story))
        return
    save_story(story, output)
    click.echo(
        _show(f"{output}: {counted(len(story), 'revision')} ({counted(len(story.updates), 'update')})"),
        err=True,
    )


# --- one subcommand per source ----------------------------------------------------------------


@import_.command()
@click.argument("dump", type=click.Path(path_type=Path))
@_out_dir
@click.option(
    "--namespace",
    "namespaces",
    multiple=True,
    type=int,
    help="Only pages in this namespace (0: articles, 1: talk pages …); repeat for several.",
)
@click.option("--title", "titles", multiple=True, help="Only the page with this title; repeat for several.")
@_keep_identical
@_progress
def mediawiki(
    dump: Path,
    output: Path,
    namespaces: tuple[int, ...],
    titles: tuple[str, ...],
    keep_identical: bool,
    progress: bool,
    quiet: bool,
) -> None:
    """Import a MediaWiki XML export (full history): one story per page.

    DUMP may be plain XML or compressed (.bz2, .gz, .xz, .lzma), or - for standard
    input; it is read as a stream, so its size does not matter. Label = revision id, author = user name
    or IP address, time = the revision's (UTC). A revision whose text was deleted
    or suppressed is skipped, with a note. Needs: pip install 'revtrack[wiki]'.

    \b
    Example:
      revtrack import mediawiki enwiki-20240101-pages-meta-history1.xml.bz2 --namespace 0 -o wiki/
    """
    from revtrack.importers import read_mediawiki

    line = _ProgressLine(progress, quiet)
    items = read_mediawiki(
        dump,
        namespaces=set(namespaces) or None,
        titles=set(titles) or None,
        keep_identical=keep_identical,
        on_note=_print_note,
        on_progress=line,
    )
    _write_stories(items, output, line)


@import_.command()
@click.argument("versions_file", metavar="VERSIONS.jsonl", type=click.Path(path_type=Path))
@_out_dir
@_tz
@_keep_identical
@_progress
def jsonl(
    versions_file: Path, output: Path, tz: str | None, keep_identical: bool, progress: bool, quiet: bool
) -> None:
    """Import versions from a JSON Lines file (- for standard input): one story file per story id.

    Each line is one version: {"story": ID, "timestamp": ISO 8601, "text": ...,
    "label": ..., "author": ..., "title": ...} (the last three optional); the
    versions of many stories may be interleaved and in any order.

    \b
    Example:
      revtrack import jsonl versions.jsonl -o stories/
    """
    from revtrack.importers import read_jsonl

    line = _ProgressLine(progress, quiet)
    items = read_jsonl(
        versions_file, tz=_zone(tz), keep_identical=keep_identical, on_note=_print_note, on_progress=line
    )
    _write_stories(items, output, line)


def _zone(tz: str | None) -> Any:
    """``--tz`` read, or a usage error naming it."""
    if tz is None:
        return None
    from revtrack.importers._zones import parse_zone

    try:
        return parse_zone(tz)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="'--tz'") from None


@import_.command()
@click.argument("database", type=click.Path(path_type=Path))
@_out_dir
@_tz
@_keep_identical
@_progress
def newsedits(
    database: Path, output: Path, tz: str | None, keep_identical: bool, progress: bool, quiet: bool
) -> None:
    """Import a NewsEdits SQLite database: one story per entry.

    Versions come from the table entryversion (entry_id, version, created, title,
    url, summary); the summary's paragraphs (joined by </p><p>) become paragraphs
    separated by blank lines, their markup text. Times are stored without an
    offset: read as UTC unless --tz says otherwise.

    \b
    Example:
      revtrack import newsedits nyt.db -o nyt/
    """
    from revtrack.importers import read_newsedits

    line = _ProgressLine(progress, quiet)
    items = read_newsedits(
        database, tz=_zone(tz), keep_identical=keep_identical, on_note=_print_note, on_progress=line
    )
    _write_stories(items, output, line)


@import_.command()
@click.argument("database", type=click.Path(path_type=Path))
@_out_dir
@_tz
@_keep_identical
@_progress
def diffengine(
    database: Path, output: Path, tz: str | None, keep_identical: bool, progress: bool, quiet: bool
) -> None:
    """Import a diffengine SQLite database: one story per entry (URL).

    Versions come from entryversion (title, url, summary, created) joined to
    entry; diffengine stores times in UTC without an offset (--tz if yours
    differs).

    \b
    Example:
      revtrack import diffengine diffengine.db -o stories/
    """
    from revtrack.importers import read_diffengine

    line = _ProgressLine(progress, quiet)
    items = read_diffengine(
        database, tz=_zone(tz), keep_identical=keep_identical, on_note=_print_note, on_progress=line
    )
    _write_stories(items, output, line)


@import_.command()
@click.argument("repos", nargs=-1, required=True, type=click.Path(path_type=Path))
@_out_dir
@_keep_identical
@_progress
def newsdiffs(
    repos: tuple[Path, ...], output: Path, keep_identical: bool, progress: bool, quiet: bool
) -> None:
    """Import NewsDiffs git repositories: one story per article file.

    Each commit of an article's file is a version ("date\\ntitle\\nbyline\\n\\nbody");
    its time is the commit's. Story id = the file's path (the article's URL).

    \b
    Example:
      revtrack import newsdiffs articles/ -o stories/
    """
    from revtrack.importers import read_newsdiffs

    line = _ProgressLine(progress, quiet)
    items = _chain(
        read_newsdiffs(repo, keep_identical=keep_identical, on_note=_print_note, on_progress=line)
        for repo in repos
    )
    _write_stories(items, output, line)


def _chain(iterators: Iterable[Iterator[Story | ImportFailure]]) -> Iterator[Story | ImportFailure]:
    for iterator in iterators:
        yield from iterator


@import_.command()
@click.argument("repo", type=click.Path(path_type=Path))
@click.argument("path")
@_out_file
@click.option("--id", "story_id", default=None, help="Story id  [default: the file's name, slugified]")
@click.option("--title", default=None, help="Title  [default: none]")
@_keep_identical
def git(
    repo: Path,
    path: str,
    output: Path | None,
    story_id: str | None,
    title: str | None,
    keep_identical: bool,
) -> None:
    """Import one file's history in a git repository, following renames.

    Each commit that changed PATH on the main line (a merged branch is one
    version, at its merge) is a version: label = the commit's subject, author =
    its author, time = its commit time. History order is kept: a
    commit dated before the one before it (a rebase, a wrong clock) is given
    that earlier commit's time, with a note.

    \b
    Example:
      revtrack import git . fixtures/taji-article.txt -o taji-history.json
    """
    from revtrack.cli._options import guard_output
    from revtrack.importers import read_git

    guard_output(output, files=[repo / path], folders=[repo / ".git"])
    story = read_git(repo, path, id=story_id, title=title, keep_identical=keep_identical, on_note=_print_note)
    _write_story(story, output)


@import_.command()
@click.argument(
    "inputs",
    metavar="FILE…|DIR",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    callback=stdin_once,
)
@_out_file
@click.option(
    "--times",
    metavar="T1,T2,…",
    default=None,
    help="One time per file, comma-separated, in the order given (ISO 8601). "
    "[default: from the file names: ISO 8601, or a web archive's 14 digits (20200311201500)]",
)
@click.option("--id", "story_id", default=None, help="Story id  [default: the folder's or first file's name]")
@click.option("--title", default=None, help="Title  [default: the last HTML version's title, if any]")
@_tz
@_keep_identical
def versions(
    inputs: tuple[Path, ...],
    output: Path | None,
    times: str | None,
    story_id: str | None,
    title: str | None,
    tz: str | None,
    keep_identical: bool,
) -> None:
    """Import saved versions of one story: one version per file.

    Give the files, or a folder of them (read recursively; waybackpack's layout
    DIR/<14-digit time>/<host>/<path> is read as it is). HTML versions (.html,
    .htm, or text that starts like HTML) are reduced to the article's text, title
    then paragraphs (needs: pip install 'revtrack[html]'); other files are taken
    as they are (UTF-8). Label = the file's name.

    \b
    Example:
      revtrack import versions snapshots/ -o story.json
    """
    from revtrack.cli._options import guard_output
    from revtrack.importers import read_versions

    guard_output(
        output, files=[p for p in inputs if not p.is_dir()], folders=[p for p in inputs if p.is_dir()]
    )
    story = read_versions(
        list(inputs),
        times=[t.strip() for t in times.split(",")] if times is not None else None,
        id=story_id,
        title=title,
        tz=_zone(tz),
        keep_identical=keep_identical,
        on_note=_print_note,
    )
    _write_story(story, output)


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
@_out_file
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
    from revtrack.cli._options import guard_output
    from revtrack.errors import ArticleError
    from revtrack.files import read_text
    from revtrack.importers.marked import import_marked
    from revtrack.storyfile import dumps_story, save_story

    source = str(article)
    _zone(tz)  # a zone that does not exist is a usage error, as for the other importers
    guard_output(output, files=[article])
    text = read_text(article, kind="text file", error=ArticleError)
    result = import_marked(
        text, date=day.date(), tz=tz, published=published, source=source, id=story_id, title=title
    )
    for note in result.notes:
        click.echo(_show(f"note: {source}: {note}"), err=True)
    if output is None:
        emit(dumps_story(result.story))
    else:
        save_story(result.story, output)
        click.echo(
            _show(
                f"{output}: {counted(len(result.story), 'revision')} "
                f"({counted(len(result.markers), 'update')})"
            ),
            err=True,
        )
