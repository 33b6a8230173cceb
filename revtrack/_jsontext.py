"""JSON output: deterministic UTF-8 text on one line, safe to print on a terminal.

``json.dumps(..., ensure_ascii=False)`` writes C0 controls as escapes but DEL and
the C1 controls (U+007F–U+009F, among them U+009B, a terminal's "control
sequence introducer") as they are; here they are written as ``\\u009b``, the
same JSON value, so that ``revtrack blame --format json`` on a terminal shows
the data instead of acting on it.
"""

from __future__ import annotations

import json
import re

__all__ = ["json_line"]

_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def json_line(data: object) -> str:
    """*data* as one line of JSON, then a newline (non-ASCII text as it is, controls escaped)."""
    text = json.dumps(data, ensure_ascii=False)
    if _RAW_CONTROLS.search(text):
        text = _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"
