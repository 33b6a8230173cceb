"""Reading the user's files: UTF-8 text, and one clear error for every way that fails.

Kept apart from the story format so that diffing two plain files loads nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revtrack.errors import RevtrackError

__all__ = ["is_story", "read_text", "write_text"]


def read_text(path: str | Path, *, kind: str, error: type[RevtrackError] | None = None) -> str:
    """The UTF-8 text of a file; every way to fail is one *error* (a
    :class:`~revtrack.errors.StoryError` unless told) naming the file.

    Args:
        kind: what the file should be, for the message ("story file", "text file").
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise _error(error, path, "no such file") from None
    except IsADirectoryError:
        raise _error(error, path, f"is a directory, not a {kind}") from None
    except OSError as e:
        raise _error(error, path, f"cannot read: {e.strerror or e}") from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise _error(error, path, f"a binary file (NUL byte at offset {nul}), not a {kind}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _error(
            error, path, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def write_text(path: str | Path, text: str) -> None:
    """Write *text* to *path* as UTF-8 with ``\\n`` line ends; every way to fail is one
    :class:`~revtrack.errors.OutputError` naming the file."""
    from revtrack.errors import OutputError

    target = Path(path)
    try:
        target.write_text(text, encoding="utf-8", newline="\n")
    except FileNotFoundError:
        raise OutputError(str(path), f"no such directory: {target.parent}") from None
    except IsADirectoryError:
        raise OutputError(str(path), "is a directory") from None
    except OSError as e:
        raise OutputError(str(path), f"cannot write: {e.strerror or e}") from None


def _error(error: type[RevtrackError] | None, path: str | Path, problem: str) -> RevtrackError:
    # The error classes are loaded only when a read fails (they need attrs; reading does not).
    if error is None:
        from revtrack.errors import StoryError

        error = StoryError
    return error(str(path), problem)


def is_story(text: str) -> bool:
    """Whether *text* is a revtrack story file (a JSON object of format ``revtrack/story@…``)."""
    if not text.lstrip().startswith("{") or '"revtrack/story@' not in text:
        return False
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith("revtrack/story@")
