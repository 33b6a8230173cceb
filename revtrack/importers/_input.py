"""Reading sources: files opened as streams (compressed or not), and how much of them is read."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import sys
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


_UNREAD = (
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", "7z x"),
    (b"PK\x03\x04", "a zip archive", "unzip"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "unzstd"),
)
"""Containers revtrack does not open, told by their first bytes: said so, with the command that does."""


def _lzma_alone(head: bytes) -> bool:
    """Whether *head* begins an LZMA-alone stream (``.lzma``, which has no magic number; standard
    input has no suffix): a header as xz writes it (properties at most 224, a dictionary size of
    2^n or 2^n + 2^(n-1), then the range coder's zero byte) whose first bytes decode."""
    if len(head) < 14 or head[0] > 224 or head[13] != 0:
        return False
    size = int.from_bytes(head[1:5], "little")
    low = size & -size  # the lowest bit set
    if size < 4096 or size not in (low, low * 3):
        return False
    try:
        lzma.LZMADecompressor(format=lzma.FORMAT_ALONE).decompress(head)
    except lzma.LZMAError:
        return False
    return True


def open_stream(path: str | Path, *, kind: str) -> tuple[IO[bytes], CountingReader, int | None]:
    """*path* (``-``: standard input) opened for reading as bytes, decompressed when it is bzip2,
    gzip, xz or lzma (told by its first bytes, or for lzma by the ``.lzma`` suffix too); with
    the reader that counts the file's bytes, and the file's size when it has one.

    Raises:
        SourceError: the file is missing or cannot be read.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    size: int | None = None
    try:
        if str(path) == "-":
            raw: IO[bytes] = io.BufferedReader(_Unclosed(sys.stdin.buffer))
        else:
            raw = open(path, "rb")  # noqa: SIM115 - returned open, closed by the caller
            size = os.fstat(raw.fileno()).st_size
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, f"is a directory, not a {kind}") from None
    except OSError as e:
        raise SourceError(source, f"cannot read: {e.strerror or e}") from None
    try:
        head = raw.peek(64)[:64] if isinstance(raw, io.BufferedReader) else b""
    except OSError as e:
        raw.close()
        raise SourceError(source, f"cannot read: {e.strerror or e}") from None
    for magic, what, command in _UNREAD:
        if head.startswith(magic):
            raw.close()
            raise SourceError(
                source, f"{what}: extract it first ({command}); bzip2, gzip, xz and lzma are read as they are"
            )
    counter = CountingReader(raw)
    buffered = io.BufferedReader(counter, 1 << 20)
    compression = next((name for magic, name in _MAGIC if head.startswith(magic)), None)
    if compression is None and (Path(path).suffix.lower() == ".lzma" or _lzma_alone(head)):
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


class _Unclosed(io.RawIOBase):
    """Standard input, read but never closed by an import."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


DECOMPRESSION_ERRORS = (OSError, EOFError, lzma.LZMAError, gzip.BadGzipFile)
"""What a damaged compressed file raises while it is read."""
