"""Reading sources: files opened as streams (compressed or not), and how much of them is read."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from pathlib import Path
from typing import IO

from revtrack.errors import SourceError

__all__ = ["CountingReader", "open_stream"]


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it (for progress: bytes of the file on disk)."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


_MAGIC = (
    (b"BZh", "bzip2"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
)


def open_stream(path: str | Path, *, kind: str) -> tuple[IO[bytes], CountingReader, int]:
    """*path* opened for reading as bytes, decompressed when it is bzip2, gzip, xz or lzma (told by
    its first bytes, or by the ``.lzma`` suffix, which has none); with the reader that counts the
    file's bytes, and the file's size.

    Raises:
        SourceError: the file is missing or cannot be read.
    """
    source = str(path)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - returned open, closed by the caller
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, f"is a directory, not a {kind}") from None
    except OSError as e:
        raise SourceError(source, f"cannot read: {e.strerror or e}") from None
    try:
        size = Path(path).stat().st_size
        head = raw.read(6)
        raw.seek(0)
    except OSError as e:
        raw.close()
        raise SourceError(source, f"cannot read: {e.strerror or e}") from None
    counter = CountingReader(raw)
    buffered = io.BufferedReader(counter, 1 << 20)
    compression = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if compression is None and Path(path).suffix.lower() == ".lzma":
        compression = "lzma"
    stream: IO[bytes]
    if compression == "bzip2":
        stream = bz2.BZ2File(buffered)
    elif compression == "gzip":
        stream = gzip.GzipFile(fileobj=buffered)  # type: ignore[assignment]  # typeshed: not IO[bytes]
    elif compression in ("xz", "lzma"):
        stream = lzma.LZMAFile(buffered)  # noqa: SIM115 - returned open
    else:
        stream = buffered
    return stream, counter, size


DECOMPRESSION_ERRORS = (OSError, EOFError, lzma.LZMAError, gzip.BadGzipFile)
"""What a damaged compressed file raises while it is read."""
