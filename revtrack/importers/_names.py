"""File names for stories in an output folder: safe on every file system, never the same for two ids."""

from __future__ import annotations

import hashlib

__all__ = ["story_filename"]

_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
_LONGEST = 200
"""Bytes of a name before ``.json``: file systems allow 255."""
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{k}" for k in range(1, 10)] + [f"lpt{k}" for k in range(1, 10)]
)
"""Names Windows keeps for devices, whatever follows the dot."""


def story_filename(story_id: str) -> str:
    """The file name of story *story_id* in an output folder: the id percent-encoded as in a URL.

    Lower-case ASCII letters, digits, ``-``, ``_`` and ``.`` (not first) stay as they are;
    every other character — upper-case letters too, so that two ids differing in case stay two
    files on a case-insensitive file system — is ``%XX`` for each byte of its UTF-8 (upper-case
    hex): ``Pear`` → ``%50ear.json``, ``https://a.b/c`` → ``https%3A%2F%2Fa.b%2Fc.json``. A name
    Windows reserves (``con``, ``nul`` …) gets its first letter encoded. The mapping is
    one-to-one. A name longer than 200 bytes is cut there (at a whole escape) and ends with
    ``~`` and 16 hex digits of the id's SHA-256 (``~`` is never kept as it is, so a cut name
    never equals an uncut one); the empty id is ``~.json``.
    """
    out: list[str] = []
    for index, char in enumerate(story_id):
        if char in _KEEP or (char == "." and index > 0):
            out.append(char)
        else:
            out.append("".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass")))
    name = "".join(out)
    stem = name.split(".", 1)[0]
    if stem in _RESERVED:
        name = f"%{ord(name[0]):02X}{name[1:]}"
    if not name:
        name = "~"  # the empty id: "~" is never kept, and a cut name has more after it
    if len(name) > _LONGEST:
        cut = name[: _LONGEST - 17]
        escape = cut.rfind("%", len(cut) - 2)
        if escape >= 0:
            cut = cut[:escape]
        digest = hashlib.sha256(story_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{cut}~{digest}"
    return name + ".json"
