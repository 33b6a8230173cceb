"""Word diffs for people and programs: wdiff-style plain text, terminal colour, Markdown, HTML, JSON.

Every renderer takes a :class:`~revtrack.diff.WordDiff` and :class:`DiffOptions`
and returns a string. With ``context`` set, only the changed paragraphs and
that many paragraphs around them are shown, and a marker line stands where
unchanged paragraphs were skipped (like ``diff -U``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import NamedTuple

from revtrack.diff import Edit, Op, WordDiff
from revtrack.render._common import escape_html, escape_markdown, show_controls

__all__ = ["DIFF_FORMAT", "DIFF_FORMATS", "DiffOptions", "paragraphs", "render_diff", "render_stat"]

DIFF_FORMAT = "revtrack/diff@1"

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


class DiffOptions(NamedTuple):
    """How a diff is shown."""

    context: int | None = None
    """Show only changed paragraphs and this many around them; None shows everything."""
    from_name: int | str = 0
    """What the old text is called (a revision index, or a file name)."""
    to_name: int | str = 1


def paragraphs(ops: tuple[Edit, ...]) -> list[list[Edit]]:
    """The ops cut at the blank lines of unchanged text; each paragraph keeps its trailing break.

    A blank line inside a removal or an insertion does not cut: the change stays whole.
    """
    out: list[list[Edit]] = [[]]
    for edit in ops:
        if edit.op is not Op.EQUAL:
            out[-1].append(edit)
            continue
        pos = 0
        for m in _BLANK_LINE.finditer(edit.text):
            out[-1].append(Edit(Op.EQUAL, edit.text[pos : m.end()]))
            out.append([])
            pos = m.end()
        if pos < len(edit.text):
            out[-1].append(Edit(Op.EQUAL, edit.text[pos:]))
    return [p for p in out if p]


def _changed(paragraph: list[Edit]) -> bool:
    return any(e.op is not Op.EQUAL for e in paragraph)


def _selected(paras: list[list[Edit]], context: int | None) -> list[int | None]:
    """Indices of the paragraphs to show, with None where a run of them is skipped."""
    if context is None:
        return list(range(len(paras)))
    keep: set[int] = set()
    for i, p in enumerate(paras):
        if _changed(p):
            keep.update(range(max(0, i - context), min(len(paras), i + context + 1)))
    out: list[int | None] = []
    for i in range(len(paras)):
        if i in keep:
            out.append(i)
        elif not out or out[-1] is not None:
            out.append(None)
    return out


def _skipped(selection: list[int | None], at: int, total: int) -> int:
    """How many paragraphs the marker at *at* stands for."""
    before = next((s for s in reversed(selection[:at]) if s is not None), -1)
    after = next((s for s in selection[at + 1 :] if s is not None), total)
    return after - before - 1


def _render(
    diff: WordDiff,
    options: DiffOptions,
    equal: Callable[[str], str],
    delete: Callable[[str], str],
    insert: Callable[[str], str],
    marker: Callable[[int], str],
) -> str:
    paras = paragraphs(diff.ops)
    selection = _selected(paras, options.context)
    out: list[str] = []
    for k, i in enumerate(selection):
        if i is None:
            out.append(marker(_skipped(selection, k, len(paras))))
            continue
        for edit in paras[i]:
            fn = equal if edit.op is Op.EQUAL else delete if edit.op is Op.DELETE else insert
            out.append(fn(edit.text))
    text = "".join(out)
    return text if text.endswith("\n") or not text else text + "\n"


def _marker_line(n: int) -> str:
    noun = "paragraph" if n == 1 else "paragraphs"
    return f"@@ {n} unchanged {noun} @@\n\n"


def _spaced(wrap: Callable[[str], str]) -> Callable[[str], str]:
    """Wrap the text but not its leading and trailing whitespace (Markdown needs that)."""

    def apply(text: str) -> str:
        core = text.strip()
        if not core:
            return text
        start = text.index(core[0])
        return (
            text[:start]
            + "\n\n".join(wrap(part) for part in _BLANK_LINE.split(core))
            + text[start + len(core) :]
        )

    return apply


def render_plain(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """wdiff style: ``[-removed-]{+added+}``, control characters shown visibly."""
    return _render(
        diff,
        options,
        show_controls,
        lambda t: f"[-{show_controls(t)}-]",
        lambda t: f"{{+{show_controls(t)}+}}",
        _marker_line,
    )


def _sgr(codes: str) -> Callable[[str], str]:
    def paint(text: str) -> str:
        # Colour each line on its own, so a pager or a terminal resize never bleeds colour.
        return "\n".join(
            f"\x1b[{codes}m{line}\x1b[0m" if line else line for line in show_controls(text).split("\n")
        )

    return paint


def render_ansi(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """Terminal colour: removals red and struck through, additions green and underlined."""
    return _render(
        diff,
        options,
        show_controls,
        _sgr("31;9"),
        _sgr("32;4"),
        lambda n: f"\x1b[36m{_marker_line(n).rstrip()}\x1b[0m\n\n",
    )


def render_markdown(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """Markdown: ``~~removed~~`` and ``**added**``, everything else escaped."""
    return _render(
        diff,
        options,
        escape_markdown,
        _spaced(lambda t: f"~~{escape_markdown(t)}~~"),
        _spaced(lambda t: f"**{escape_markdown(t)}**"),
        lambda n: f"*{_marker_line(n).strip()}*\n\n",
    )


def render_html(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """An HTML fragment: ``<del>``/``<ins>`` in a block that keeps line breaks; all text escaped."""
    body = _render(
        diff,
        options,
        escape_html,
        lambda t: f"<del>{escape_html(t)}</del>",
        lambda t: f"<ins>{escape_html(t)}</ins>",
        lambda n: f'<span class="skipped">{escape_html(_marker_line(n).strip())}</span>\n\n',
    )
    return f'<div class="revtrack-diff" style="white-space: pre-wrap">{body.rstrip()}</div>\n'


def render_json(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """``revtrack/diff@1`` on one line (context does not apply: programs get every op)."""
    data = {
        "format": DIFF_FORMAT,
        "from": options.from_name,
        "to": options.to_name,
        "ops": [[e.op.symbol, e.text] for e in diff.ops],
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


DIFF_FORMATS: dict[str, Callable[[WordDiff, DiffOptions], str]] = {
    "plain": render_plain,
    "ansi": render_ansi,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render_diff(diff: WordDiff, fmt: str, options: DiffOptions = DiffOptions()) -> str:
    """Render *diff* in format *fmt* (a key of :data:`DIFF_FORMATS`)."""
    return DIFF_FORMATS[fmt](diff, options)


def render_stat(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """One line of counts: words added, removed and kept, and the changed regions."""
    regions = len(diff.regions)
    return (
        f"{show_controls(str(options.from_name))} → {show_controls(str(options.to_name))}: "
        f"{diff.words_added} words added, {diff.words_removed} removed, {diff.words_kept} kept; "
        f"{regions} changed {'region' if regions == 1 else 'regions'}\n"
    )
