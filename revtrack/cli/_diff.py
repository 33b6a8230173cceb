"""``revtrack diff``: the word diff between two revisions, or two plain text files."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import (
    chosen_format,
    color_option,
    emit,
    load,
    quiet_option,
    show_path,
    status_flag,
)
from revtrack.cli._progress import progress
from revtrack.files import shown_name
from revtrack.render.diff import DIFF_FORMATS


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@click.option(
    "--from",
    "from_",
    metavar="A",
    default=None,
    help="Old revision: index or time [default: the one before --to]",
)
@click.option("--to", metavar="B", default=None, help="New revision: index or time [default: the last]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_FORMATS)),
    default=None,
    help="Output format (ansi: colour, unless --color never)  [default: ansi on a terminal, else plain]",
)
@color_option()
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Show only changed paragraphs and N paragraphs around them.",
)
@click.option("--stat", is_flag=True, help="Print only the word counts.")
@status_flag("--exit-code", help="Exit with status 1 when the texts differ, as git does (2: an error).")
@quiet_option()
def diff(
    files: tuple[Path, ...],
    from_: str | None,
    to: str | None,
    fmt: str | None,
    color: str,
    context: int | None,
    stat: bool,
    exit_code: bool,
    quiet: bool,
) -> None:
    """Word diff: of two revisions of STORY, or of two plain text files OLD NEW.

    With one argument it is a story file, and --from/--to name the revisions
    (an index, -1 for the last, or a time); by default the last update is
    compared with the revision before it. With two arguments they are plain
    UTF-8 text files.

    \b
    Examples:
      revtrack diff fixtures/taji.json
      revtrack diff fixtures/taji.json --from 0 --to 3 --context 1
      revtrack diff old.txt new.txt --format json
    """
    from revtrack.diff import diff_texts
    from revtrack.render.diff import DiffOptions, render_diff, render_stat

    if stat and fmt == "json":
        raise click.UsageError("--stat prints a summary line for people; --format json prints every op")
    if stat and fmt is not None:
        raise click.UsageError(f"--stat prints a summary line, in no --format ({fmt}: leave out --stat)")
    if len(files) == 1:
        with progress(quiet) as shown:
            story = load(files[0], shown)
        new = story.last if to is None else story.find(to)
        if from_ is None and new.index == 0:
            if to is None:
                raise click.ClickException(
                    f"{show_path(files[0])}: the story has only its base: nothing to compare"
                )
            raise click.UsageError(f"--to {to} is the base (revision 0): give --from to compare it with")
        old = story.find(from_) if from_ is not None else story.revision(new.index - 1)
        old_text, new_text = old.text, new.text
        names: tuple[int | str, int | str] = (old.index, new.index)
    elif len(files) == 2:
        if from_ is not None or to is not None:
            raise click.UsageError("--from and --to name revisions of a story; two files are compared whole")
        from revtrack.files import STDIN, is_story, read_text

        if str(files[0]) == str(files[1]) == STDIN:
            raise click.UsageError("standard input (-) can be only one of the two files")
        old_text, new_text = (read_text(path, kind="text file") for path in files)
        for path, text in zip(files, (old_text, new_text), strict=True):
            if is_story(text):
                name = show_path(path)
                raise click.ClickException(
                    f"{name}: is a story file, not a text file; "
                    f"to compare its revisions: revtrack diff {name} --from A --to B"
                )
        names = (shown_name(files[0]), shown_name(files[1]))
    else:
        raise click.UsageError("give one story file, or two text files")
    result = diff_texts(old_text, new_text)
    options = DiffOptions(context=context, from_name=names[0], to_name=names[1])
    fmt = chosen_format(fmt, color, "plain")
    out = render_stat(result, options) if stat else render_diff(result, fmt, options)
    emit(out, "text" if stat else fmt, color=fmt == "ansi")
    if exit_code and result.changed:
        raise SystemExit(1)
