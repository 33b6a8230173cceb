"""The ``revtrack`` command: a thin click skin over the library.

Each command parses its arguments, calls the library and prints. Library
modules are imported inside the commands, so that starting the program costs
only what the command run needs. Every :class:`~revtrack.errors.RevtrackError`
becomes one ``Error: ...`` line on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

__all__ = ["main"]


class _Group(click.Group):
    """Maps the library's errors to ``Error: <one line>`` and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (``revtrack show ... | head``): not an error.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as e:
            # Imported only here: a command that succeeds never loads the error classes (or attrs).
            from revtrack.errors import RevtrackError

            if isinstance(e, RevtrackError):
                raise click.ClickException(str(e)) from None
            raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="revtrack")
def main() -> None:
    """Who changed what, and when: revisions, word diffs and provenance of updated stories.

    \b
    Example:
      revtrack show fixtures/taji.json
    """


# Commands register themselves on ``main`` when their module is imported.
from revtrack.cli import (
    _audit,
    _diff,
    _import,
    _provenance,
    _report,
    _story,
)
