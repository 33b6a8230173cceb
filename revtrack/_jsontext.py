"""JSON output: deterministic UTF-8 text on one line, safe to print on a terminal.

``json.dumps(..., ensure_ascii=False)`` writes C0 controls as escapes but DEL and
the C1 controls (U+007F–U+009F, among them U+009B, a terminal's "control
sequence introducer") as they are; here they are written as ``\\u009b``, the
same JSON value, so that ``revtrack blame --format json`` on a terminal shows
the data instead of acting on it. So are the bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a terminal shows
around them, and the line and paragraph separators (U+2028, U+2029), as the
formats for people escape them.
"""

from __future__ import annotations

import json
import re

__all__ = ["json_line"]

_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_line(data: object) -> str:
    """*data* as one line of JSON, then a newline (non-ASCII text as it is, controls escaped)."""
    text = json.dumps(data, ensure_ascii=False)
    if _RAW_CONTROLS.search(text):
        text = _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"
