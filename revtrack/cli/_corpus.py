"""``revtrack corpus``: provenance and edit statistics of many stories, as Parquet tables."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from revtrack.cli._options import emit, guard_output, show_path
from revtrack.cli._progress import fit
from revtrack.render.corpus import STATS_FORMATS

if TYPE_CHECKING:
    from revtrack.corpus import Progress, RunSummary

_BAR = 24
_TERMINAL_EVERY = 0.2
"""Seconds between redraws of the progress bar."""
_LOG_EVERY = 5.0
"""Seconds between progress lines when standard error is not a terminal."""


@click.group()
def corpus() -> None:
    """Provenance and edit statistics of a whole corpus of stories.

    \b
    Needs the optional extra: pip install 'revtrack[corpus]'
    Example:
      revtrack corpus run stories/ -o out/
      revtrack corpus stats out/ --format html -o stats.html
    """


@corpus.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder of Parquet tables to write (new, empty, or a run to continue).",
)
@click.option("--workers", type=click.IntRange(min=1), help="Local worker processes  [default: one per core]")
@click.option(
    "--scheduler", metavar="ADDRESS", help="Run on this dask.distributed scheduler (tcp://host:8786)."
)
@click.option(
    "--last-only", is_flag=True, help="Keep only each story's last revision in the sentences table."
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    help="Stories per shard: the unit of work, of output files and of resuming  "
    "[default: about 1/64 of a folder's stories, 10 to 500]",
)
@click.option(
    "--story-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="A story that takes longer becomes a row of errors (rows then depend on the machine's speed).",
)
@click.option(
    "--pattern", default="*.json", show_default=True, help="Which files of a folder are story files."
)
@click.option("--restart", is_flag=True, help="Remove the output folder's earlier run and start over.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")
def run(
    sources: tuple[str, ...],
    output: Path,
    workers: int | None,
    scheduler: str | None,
    last_only: bool,
    shard_size: int | None,
    story_timeout: float | None,
    pattern: str,
    restart: bool,
    quiet: bool,
) -> None:
    """Attribute and audit every story of SOURCE... into Parquet tables in a folder.

    A SOURCE is a folder of story files (read recursively), a story file, or KIND:PATH,
    read through an importer a story at a time: jsonl, mediawiki, newsedits, diffengine
    or newsdiffs (a .jsonl file or a .xml[.bz2|.gz|.xz] dump needs no KIND).
    The tables (stories, revisions, sentences, findings, errors) are revtrack/corpus@2;
    a stopped run continues when started again with the same arguments. Exits 1 when a
    story failed (each is a row of the errors table).

    \b
    Example:
      revtrack corpus run stories/ -o out/ --workers 2
      duckdb -c "select kind, count(*) from 'out/findings/*.parquet' group by kind"
    """
    from revtrack.corpus import RunOptions, require, run_corpus
    from revtrack.corpus._run import scheduler_problem

    if workers is not None and scheduler is not None:
        raise click.UsageError("--workers is for a local run; a --scheduler's cluster has its own workers")
    require("pyarrow", *(("dask", "distributed") if scheduler else ()))
    if scheduler is not None and (problem := scheduler_problem(scheduler)):
        raise click.BadParameter(problem, param_hint="'--scheduler'")
    options = RunOptions(
        last_only=last_only,
        shard_size=shard_size,
        story_timeout=story_timeout,
        pattern=pattern,
        workers=workers,
        scheduler=scheduler,
        restart=restart,
    )
    given = [Path(spec) for spec in sources]  # (a KIND:PATH is neither: its file is read, not written)
    guard_output(output, files=[p for p in given if p.is_file()], folders=[p for p in given if p.is_dir()])
    show = None if quiet else _Shower(sys.stderr)
    try:
        summary = run_corpus(list(sources), output, options, progress=show)
    except KeyboardInterrupt:
        if show is not None:
            show.end()
        click.echo(
            show_path(output)
            + ": interrupted; the shards written are kept: run the same command again to continue",
            err=True,
        )
        sys.exit(130)
    from revtrack.render.escape import show_line

    if show is not None:
        show.end()
        click.echo(show_line(_summary(summary)), err=True)
    for story, count in summary.duplicates[:_SHOWN] if not quiet else ():  # (--quiet: errors only)
        click.echo(
            show_line(f"note: {count} stories have the id {story!r} (the tables tell them apart by `story`)"),
            err=True,
        )
    if len(summary.duplicates) > _SHOWN and not quiet:
        click.echo(f"note: {len(summary.duplicates) - _SHOWN:,} more story ids are shared", err=True)
    if summary.errors:
        s = "y" if summary.stories == 1 else "ies"
        raise click.ClickException(
            f"{summary.errors:,} of {summary.stories:,} stor{s} failed: see {output / 'errors'}"
        )


_SHOWN = 5
"""Shared story ids named one by one (the rest counted)."""


def _summary(s: RunSummary) -> str:
    rate = f"{s.versions / s.seconds:,.0f} versions/s, " if s.seconds > 0 and not s.resumed else ""
    resumed = f"; {s.resumed:,} of {s.shards:,} shards from an earlier run" if s.resumed else ""
    errors = f"{s.errors:,} error{'s' if s.errors != 1 else ''}"
    return (
        f"{s.out}: {s.stories:,} stor{'y' if s.stories == 1 else 'ies'}, {s.versions:,} "
        f"version{'s' if s.versions != 1 else ''}, {errors} in {s.seconds:.1f} s "
        f"({rate}{s.engine}){resumed}"
    )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class _Shower:
    """Progress on standard error: a bar redrawn in place on a terminal, else a line every few seconds."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.last = 0.0
        self.drawn = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        if now - self.last < (_TERMINAL_EVERY if self.terminal else _LOG_EVERY):
            return
        if not self.terminal and self.last == 0.0:  # the first line after a few seconds, not at once
            self.last = now
            return
        self.last = now
        done = f"{p.stories:,}/{p.total:,}" if p.total is not None else f"{p.stories:,}"
        parts = [f"{done} stories", f"{p.rate:,.0f} versions/s"]
        if p.remaining is not None:
            parts.append(f"{_clock(p.remaining)} left")
        if p.errors:
            parts.append(f"{p.errors:,} error{'s' if p.errors != 1 else ''}")
        if self.terminal:
            line = "  ".join(parts)
            if p.total:  # a source that cannot say how many stories it holds has no bar to fill
                share = p.stories / p.total
                filled = int(share * _BAR)
                line = "█" * filled + "░" * (_BAR - filled) + f" {share:4.0%}  " + line
            self.stream.write(f"\r\x1b[K{fit(line)}")
            self.drawn = True
        else:
            self.stream.write("corpus: " + ", ".join(parts) + "\n")
        self.stream.flush()

    def end(self) -> None:
        """Clear the bar, so that what follows starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


@corpus.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(STATS_FORMATS)),
    default="text",
    show_default=True,
    help="A summary to read, revtrack/corpus-stats@1 JSON, or a self-contained page with charts.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--top", type=click.IntRange(min=0), default=10, show_default=True, help="Most reworded sentences listed."
)
def stats(folder: Path, fmt: str, output: Path | None, top: int) -> None:
    """The corpus in FOLDER at a glance: updates per story, silent changes by kind,
    time to each update and to the first silent change, where edits land, and the
    most reworded sentences.

    \b
    Example:
      revtrack corpus stats out/
      revtrack corpus stats out/ --format html -o stats.html
    """
    from revtrack.corpus import corpus_stats, require
    from revtrack.render.escape import show_line

    require("pyarrow", *(("matplotlib",) if fmt == "html" else ()))
    # The run's own files (its manifest, and its tables' folders) are what this reads.
    tables = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    guard_output(output, files=[folder / "manifest.json"], folders=tables)
    text = STATS_FORMATS[fmt](corpus_stats(folder, top=top))
    if output is None:
        emit(text, fmt)
    else:
        from revtrack.files import write_text

        write_text(output, text)
        click.echo(show_line(f"{output}: the statistics of {folder}, as {fmt}"), err=True)
