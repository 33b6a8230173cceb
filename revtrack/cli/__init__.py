"""The ``revtrack`` command: a thin click skin over the library.

Each command parses its arguments, calls the library and prints. A command's
module is imported only when that command runs (click's lazy-loading pattern),
and library modules only inside the command, so that starting the program costs
only what the command run needs. Every :class:`~revtrack.errors.RevtrackError`
becomes one ``Error: ...`` line on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, TextIO, cast

import click

__all__ = ["main"]

COMMANDS = {
    "audit": "revtrack.cli._audit:audit",
    "add": "revtrack.cli._add:add",
    "blame": "revtrack.cli._provenance:blame",
    "corpus": "revtrack.cli._corpus:corpus",
    "diff": "revtrack.cli._diff:diff",
    "import": "revtrack.cli._import:import_",
    "log": "revtrack.cli._story:log",
    "report": "revtrack.cli._report:report",
    "show": "revtrack.cli._provenance:show",
    "text": "revtrack.cli._story:text",
    "validate": "revtrack.cli._story:validate",
}
"""Every command: its name and where it is defined (``module:attribute``)."""


class _Group(click.Group):
    """Loads commands on demand, and maps the library's errors to ``Error: <one line>`` and exit status 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return super().get_command(ctx, cmd_name)
        module, name = where.split(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        _tolerant_output()
        real = sys.stdout
        sys.stdout = cast("TextIO", _Stdout(real))
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, where a failure is one line, not at exit
            return result
        except KeyboardInterrupt:
            # Ctrl-C: every file is written whole or not at all, so nothing half-written is left.
            # The shell's status for a program stopped by SIGINT, not 1 (which some commands use
            # for "differences found").
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (``revtrack show ... | head``): not an error.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as e:
            # Imported only here: a command that succeeds never loads the error classes (or attrs).
            from revtrack.errors import RevtrackError

            if isinstance(e, RevtrackError):
                from revtrack.render.escape import show_line

                # One line, and nothing from a file name or story run by the terminal.
                raise _failure(ctx, show_line(str(e))) from None
            if isinstance(e, MemoryError):  # outside a step that names itself (cli._progress)
                raise _failure(ctx, "out of memory") from None
            raise
        finally:
            sys.stdout = real


def _failure(ctx: click.Context, message: str) -> click.ClickException:
    """The one-line error, with exit status 1, or 2 where a flag made 1 an answer
    (``diff --exit-code``: see :func:`revtrack.cli._options.status_flag`)."""
    return _Trouble(message) if ctx.meta.get("revtrack.trouble") == 2 else click.ClickException(message)


class _Trouble(click.ClickException):
    """An error where exit status 1 is an answer (differences found)."""

    exit_code = 2


class _Stdout:
    """Standard output, whose failures to write (a full disk, a closed descriptor) are one
    :class:`~revtrack.errors.OutputError` naming it, not a traceback; a reader that went away
    stays a :class:`BrokenPipeError` (not an error: ``revtrack show ... | head``)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return cast("int", self._call("write", text))

    def flush(self) -> None:
        if self._stream is not None:  # closed: any write has said so already
            self._call("flush")

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def _call(self, name: str, *args: Any) -> Any:
        # The error class is imported only on failure: writing loads nothing (nor attrs).
        if self._stream is None:  # started with standard output closed (``>&-``)
            from revtrack.errors import OutputError

            raise OutputError("<stdout>", "cannot write: standard output is closed")
        try:
            return getattr(self._stream, name)(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            from revtrack.errors import OutputError, RevtrackError

            if isinstance(e, RevtrackError):
                raise
            raise OutputError("<stdout>", f"cannot write: {e.strerror or e}") from None

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def _print_version(ctx: click.Context) -> None:
    from importlib.metadata import version

    from revtrack.diff import COMPILED

    if COMPILED:
        core = "compiled"
    elif os.environ.get("REVTRACK_PURE_PYTHON"):
        core = "pure Python (REVTRACK_PURE_PYTHON is set)"
    else:
        core = "pure Python (the compiled core was not built)"
    click.echo(f"revtrack {version('revtrack')}, diff core: {core}")
    ctx.exit()


def _tolerant_output() -> None:
    """A character the terminal's encoding lacks ("→" on Latin-1) is written as an escape (``\\u2192``)
    instead of ending the program with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="backslashreplace")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _, value: _print_version(ctx) if value else None,
    help="Show the version, and whether the diff runs on its compiled core, and exit.",
)
def main() -> None:
    """Who changed what, and when: revisions, word diffs and provenance of updated stories.

    \b
    Example:
      revtrack show fixtures/taji.json
    """
