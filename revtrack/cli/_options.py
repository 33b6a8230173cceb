"""Options and helpers shared by several commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from revtrack.cli._progress import Progress
    from revtrack.story import Revision, Story

F = TypeVar("F", bound=Callable[..., Any])

STORY = click.Path(readable=False, path_type=Path)
"""A story file argument (``-``: standard input). Whether it exists and can be read is checked by
the library, so the message is one line, and the same, everywhere."""
OUTPUT = click.Path(readable=False, path_type=Path)
"""A file to write (``-``: standard output); the library says, in one line, when it cannot."""


FILE_FORMATS = frozenset({"json", "html", "markdown"})
"""Formats written as UTF-8 whatever the terminal's encoding: the JSON formats say so, and a page
or document goes to a file, where an escape for the terminal would be wrong."""


def emit(text: str, fmt: str = "json", *, color: bool = False) -> None:
    """Write *text*, the output of format *fmt*, to standard output: a format of
    :data:`FILE_FORMATS` as UTF-8 (:func:`revtrack.files.utf8_stdout`), the others in the
    terminal's encoding."""
    if fmt in FILE_FORMATS:
        from revtrack.files import utf8_stdout

        utf8_stdout()
    click.echo(text, nl=False, color=color)


def at_option(
    help_text: str = "Revision: an index (0 is the base, -1 the last) or a time (as of).",
) -> Callable[[F], F]:
    """``--at N|TIME``."""
    return click.option("--at", "at", metavar="N|TIME", default=None, help=help_text)


def load(path: Path, shown: Progress | None = None) -> Story:
    """Load a story file (``-``: standard input), showing progress on *shown* (errors become
    ``Error:`` lines through the group)."""
    from revtrack.storyfile import load_story

    if shown is None:
        return load_story(path)
    return load_story(path, progress=shown.phase(f"reading {show_path(path)}", unit="byte"))


def show_path(path: Path) -> str:
    """*path* for a message: on one line, controls escaped, ``-`` as ``<stdin>``."""
    from revtrack.files import source_name
    from revtrack.render.escape import show_line

    return show_line(source_name(path))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 revision``, ``2 revisions``, ``1,200 stories``: a count and its noun, in the number it takes."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {plural or noun + 's'}"


def guard_output(output: Path | None, files: Iterable[Path] = (), folders: Iterable[Path] = ()) -> None:
    """Refuse an ``-o`` that is one of the command's input *files* (the same file by any name) or lies
    inside one of its input *folders*: writing it would destroy, or add to, what the command reads."""
    if output is None or str(output) == "-":
        return
    from revtrack.errors import OutputError

    for source in files:
        if str(source) == "-":
            continue
        try:
            same = os.path.samefile(output, source)
        except OSError:  # either one missing or unreadable: not the same file
            continue
        if same:
            raise OutputError(
                show_path(output), f"is the input {show_path(source)}: writing would destroy it"
            )
    target = Path(os.path.realpath(output))
    for folder in folders:
        if str(folder) == "-" or not os.path.isdir(folder):
            continue
        if target.is_relative_to(os.path.realpath(folder)):
            raise OutputError(
                show_path(output), f"is inside the input folder {show_path(folder)}: give a path outside it"
            )


def stdin_once(ctx: click.Context, param: click.Parameter, paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """A callback for a list of files: standard input (``-``) given twice is a usage error (the
    second read finds it empty, which read as a broken file)."""
    if sum(str(p) == "-" for p in paths) > 1:
        raise click.BadParameter("standard input ('-') can be read only once", ctx=ctx, param=param)
    return paths


TROUBLE = "revtrack.trouble"
"""``ctx.meta`` key: the exit status of an error, when a flag made the status an answer."""


def status_flag(*names: str, help: str) -> Callable[[F], F]:  # noqa: A002 - click's own name
    """A flag that makes the exit status an answer (1: found): an error then exits 2, as with
    diff(1) and cmp(1), so that a script can tell "found" from "could not look"."""

    def answer(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.meta[TROUBLE] = 2
        return value

    return click.option(*names, is_flag=True, callback=answer, help=help)


def quiet_option() -> Callable[[F], F]:
    """``--quiet``: no progress line (it shows only on a terminal, for long histories, anyway)."""
    return click.option("-q", "--quiet", is_flag=True, help="Do not show progress on a terminal.")


def pick(story: Story, at: str | None) -> Revision:
    """The revision named by ``--at``, or the last one."""
    return story.last if at is None else story.find(at)


def chosen_format(fmt: str | None, color: str, plain: str) -> str:
    """The format to write: without ``--format``, colour (``ansi``) where ``--color`` allows it,
    else *plain*; ``--format ansi`` given is colour, as asked, unless ``--color never`` (a flag
    on the command line outranks NO_COLOR, as https://no-color.org says)."""
    from revtrack.render.terminal import use_color

    if fmt is None:
        return "ansi" if use_color(color, sys.stdout) else plain  # type: ignore[arg-type]
    if fmt == "ansi" and color == "never":
        return plain
    return fmt


def color_option() -> Callable[[F], F]:
    """``--color auto|always|never`` (auto: colour on a terminal unless NO_COLOR is set)."""
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour output; auto colours a terminal unless NO_COLOR is set.",
    )


def origins_option() -> Callable[[F], F]:
    """``--origins lineage|first``: where a word is said to come from."""
    return click.option(
        "--origins",
        type=click.Choice(["lineage", "first"]),
        default="lineage",
        show_default=True,
        help="Words come from the revision where they first appeared in their sentence's lineage, "
        "or where they first appeared anywhere in the story (a phrase moved or brought back keeps "
        "its first revision; a copy of text still present elsewhere is new). "
        "JSON: first adds each sentence's origins.",
    )
