"""Reading the user's files and writing revtrack's own: one clear error for every way that fails.

Every file revtrack writes goes through :func:`atomic_writer`: the text goes to a
temporary file beside the target, is flushed and synced to disk, and only then
renamed over the target, so a crash or a kill at any moment leaves either the
old file or the whole new one, never a part. ``-`` names standard input (or
output) wherever a file is read (or written).

Kept apart from the story format so that diffing two plain files loads nothing else.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, TextIO, cast

if TYPE_CHECKING:
    from revtrack.errors import RevtrackError

__all__ = [
    "STDIN",
    "atomic_writer",
    "decode_text",
    "is_story",
    "open_binary",
    "read_text",
    "shown_name",
    "source_name",
    "utf8_stdout",
    "write_bytes",
    "write_text",
]

STDIN = "-"
"""The file name that means standard input."""


def source_name(path: str | Path) -> str:
    """How errors name *path*: ``<stdin>`` for ``-``, else the path as given."""
    return "<stdin>" if str(path) == STDIN else str(path)


def shown_name(path: str | Path) -> str:
    """*path* as text that is valid UTF-8: bytes of a file name that are not (kept by Python as
    lone surrogates) written as ``\\xff``, so that tables and JSON stay readable by any program."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@contextlib.contextmanager
def open_binary(
    path: str | Path, *, kind: str, error: type[RevtrackError] | None = None
) -> Iterator[BinaryIO]:
    """*path* opened for reading bytes (``-``: standard input); every way to fail is one *error*
    (a :class:`~revtrack.errors.StoryError` unless told) naming the file."""
    if str(path) == STDIN:
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except FileNotFoundError:
        raise _error(error, path, "no such file") from None
    except IsADirectoryError:
        raise _error(error, path, f"is a directory, not a {kind}") from None
    except OSError as e:
        raise _error(error, path, f"cannot read: {e.strerror or e}") from None
    with stream:
        if stat.S_ISDIR(os.fstat(stream.fileno()).st_mode):  # opening a directory works on some systems
            raise _error(error, path, f"is a directory, not a {kind}")
        yield stream


def read_text(path: str | Path, *, kind: str, error: type[RevtrackError] | None = None) -> str:
    """The UTF-8 text of a file (``-``: standard input); every way to fail is one *error* (a
    :class:`~revtrack.errors.StoryError` unless told) naming the file.

    Args:
        kind: what the file should be, for the message ("story file", "text file").
    """
    with open_binary(path, kind=kind, error=error) as stream:
        try:
            data = stream.read()
        except OSError as e:
            raise _error(error, path, f"cannot read: {e.strerror or e}") from None
    return decode_text(data, path, kind=kind, error=error)


def decode_text(data: bytes, path: str | Path, *, kind: str, error: type[RevtrackError] | None = None) -> str:
    """*data*, the content of file *path*, as text: a NUL byte or bytes that are not UTF-8 are one
    *error* naming the file and the offset."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise _error(error, path, f"a binary file (NUL byte at offset {nul}), not a {kind}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _error(
            error, path, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def utf8_stdout() -> None:
    """Write standard output as UTF-8 from now on, whatever the terminal's encoding: revtrack's
    files (JSON, pages) are UTF-8 wherever they go (on a Latin-1 terminal "é" would be byte 0xE9
    and "🚀" the escape ``\\U0001f680``, neither JSON)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="strict")


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[str]]:
    """A text stream (UTF-8, ``\\n`` line ends) whose content replaces *path* whole, or not at all.

    What is written goes to a temporary file in the target's directory; when the
    ``with`` block ends normally it is flushed, synced and renamed over *path*
    (keeping the old file's permissions); when it raises, the temporary file is
    removed and *path* is untouched. ``-`` writes to standard output; a path that
    is not a regular file (a terminal, a pipe) is written directly. Every way to
    fail is one :class:`~revtrack.errors.OutputError` naming the file.
    """
    if str(path) == STDIN:
        utf8_stdout()
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))  # a symbolic link: replace the file it points to
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise _output_error(path, e) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise _output_error(path, IsADirectoryError())
    if mode is not None and not stat.S_ISREG(mode):
        with _direct(path) as stream:
            yield stream
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise _output_error(path, FileNotFoundError(), parent=target.parent) from None
    except OSError as e:
        raise _output_error(path, e) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, _revtrack_errors()):
            raise _output_error(path, e) from None
        raise
    _sync_directory(target.parent)


@contextlib.contextmanager
def _direct(path: str | Path) -> Iterator[IO[str]]:
    try:
        stream = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
    except OSError as e:
        raise _output_error(path, e) from None
    try:
        with stream:
            yield stream
    except OSError as e:  # writing or closing a device (a full one, a pipe that broke)
        if isinstance(e, _revtrack_errors()):
            raise
        raise _output_error(path, e) from None


def write_text(path: str | Path, text: str) -> None:
    """Write *text* to *path* as UTF-8 with ``\\n`` line ends, atomically (:func:`atomic_writer`)."""
    with atomic_writer(path) as stream:
        stream.write(text)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write *data* to *path* as it is, atomically (:func:`atomic_writer`): binary outputs (Parquet)."""
    with atomic_writer(path) as stream:
        stream.flush()
        cast("TextIO", stream).buffer.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the system allows opening a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _revtrack_errors() -> type[Exception]:
    from revtrack.errors import RevtrackError

    return RevtrackError


def _output_error(path: str | Path, e: OSError, parent: Path | None = None) -> RevtrackError:
    from revtrack.errors import OutputError

    if isinstance(e, FileNotFoundError):
        return OutputError(str(path), f"no such directory: {parent or Path(path).parent}")
    if isinstance(e, IsADirectoryError):
        return OutputError(str(path), "is a directory")
    return OutputError(str(path), f"cannot write: {e.strerror or e}")


def _error(error: type[RevtrackError] | None, path: str | Path, problem: str) -> RevtrackError:
    # The error classes are loaded only when a read fails (they need attrs; reading does not).
    if error is None:
        from revtrack.errors import StoryError

        error = StoryError
    return error(source_name(path), problem)


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
