"""Provenance for people: the text with each sentence marked by the revisions that made it.

Renderers: ``text`` (plain marks ``[2]``, ``[0→2]``), ``ansi`` (one colour
per revision), ``markdown``, ``json`` (``revtrack/provenance@1``), and
:func:`render_blame` (one line per sentence, like ``git blame``). Each takes a
:class:`~revtrack.provenance.Provenance` and its options and returns a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs

from revtrack.provenance import Provenance, SentenceProvenance
from revtrack.render.escape import escape_markdown, markdown_unindented, show_controls, show_line

__all__ = [
    "BLAME_FORMATS",
    "PALETTE",
    "SHOW_FORMATS",
    "ShowOptions",
    "mark",
    "render_ansi",
    "render_blame",
    "render_blame_json",
    "render_json",
    "render_markdown",
    "render_show",
    "render_text",
]

PALETTE = (214, 39, 36, 227, 168, 75, 172, 150)
"""256-colour codes for revisions 1, 2, …, cycling; after Okabe and Ito's colour-blind-safe set.
Revision 0 (the base) keeps the terminal's own colour, so updates stand out."""


@attrs.frozen
class ShowOptions:
    """What ``revtrack show`` marks."""

    words: bool = False
    """Highlight words newer than their sentence."""
    since: int | None = None
    """Mark only what changed after this revision ("what is new since I last read")."""


def mark(s: SentenceProvenance) -> str:
    """``[2]`` for a sentence introduced in 2 and never changed, ``[0→2,5]`` for one changed in 2 and 5."""
    if s.modified:
        return f"[{s.introduced}→{','.join(map(str, s.modified))}]"
    return f"[{s.introduced}]"


def _is_marked(s: SentenceProvenance, options: ShowOptions) -> bool:
    return options.since is None or max(s.revisions) > options.since


def _newer(s: SentenceProvenance, revision: int, options: ShowOptions, origins: bool) -> bool:
    """Whether a word of *revision* is highlighted within *s* (by where words first appeared
    anywhere when *origins*: then words older than their sentence are marked too)."""
    if options.since is not None:  # new words in sentences the reader has seen
        return revision > options.since >= s.introduced
    if origins:
        return options.words and revision != s.introduced
    return options.words and revision > s.introduced


def _pieces(
    prov: Provenance,
) -> Iterator[tuple[str, SentenceProvenance | None]]:
    """The text cut into sentences and the stretches between them (spaces, line breaks)."""
    pos = 0
    for s in prov.sentences:
        if s.start > pos:
            yield prov.text[pos : s.start], None
        yield prov.text[s.start : s.end], s
        pos = s.end
    if pos < len(prov.text):
        yield prov.text[pos:], None


def _sentence_body(
    prov: Provenance,
    s: SentenceProvenance,
    options: ShowOptions,
    plain: Callable[[str], str],
    newer: Callable[[str, int], str],
) -> str:
    """The sentence's text, with the words that are highlighted passed through *newer*."""
    out: list[str] = []
    pos = s.start
    origins = prov.with_origins
    for span in s.origins if origins else s.spans:
        if span.start > pos:
            out.append(plain(prov.text[pos : span.start]))
        chunk = prov.text[span.start : span.end]
        marked = _newer(s, span.revision, options, origins)
        out.append(newer(chunk, span.revision) if marked else plain(chunk))
        pos = span.end
    if pos < s.end:
        out.append(plain(prov.text[pos : s.end]))
    return "".join(out)


def _legend_lines(prov: Provenance, options: ShowOptions) -> list[str]:
    lines = []
    for r in prov.revisions[: prov.revision + 1]:
        who = f" — {r.author}" if r.author else ""
        lines.append(f"[{r.index}] {r.timestamp_text}  {r.label}{who}")
    return [show_line(line) for line in lines]


def _header(prov: Provenance, options: ShowOptions) -> str:
    rev = prov.revisions[prov.revision]
    head = (
        f"{prov.story}: revision {rev.index} of {len(prov.revisions) - 1} ({rev.label}, {rev.timestamp_text})"
    )
    if options.since is not None:
        changed = sum(1 for s in prov.sentences if _is_marked(s, options))
        head += f"; marked: {changed} sentences changed since revision {options.since}"
    return show_line(head)


def render_text(prov: Provenance, options: ShowOptions = ShowOptions()) -> str:
    """Plain text: each sentence preceded by its mark, paragraphs intact, then the legend."""
    body: list[str] = []
    for chunk, s in _pieces(prov):
        if s is None:
            body.append(show_controls(chunk))
            continue
        text = _sentence_body(prov, s, options, show_controls, lambda t, r: f"{{{show_controls(t)}}}[{r}]")
        body.append(f"{mark(s)} {text}" if _is_marked(s, options) else text)
    legend = "\n".join(_legend_lines(prov, options))
    return f"{_header(prov, options)}\n\n{''.join(body).rstrip()}\n\n{legend}\n"


def _colour(revision: int) -> str:
    if revision == 0:
        return ""
    return f"38;5;{PALETTE[(revision - 1) % len(PALETTE)]}"


def _sgr(text: str, codes: str) -> str:
    return f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text


def _painter(codes: str) -> Callable[[str], str]:
    return lambda text: _sgr(show_controls(text), codes)


def _highlight(text: str, revision: int) -> str:
    """A newer word: bold and underlined, in its own revision's colour."""
    return _sgr(show_controls(text), ";".join(x for x in ("1;4", _colour(revision)) if x))


def render_ansi(prov: Provenance, options: ShowOptions = ShowOptions()) -> str:
    """Terminal colour: each sentence in its introducing revision's colour, its mark dimmed before it."""
    body: list[str] = []
    for chunk, s in _pieces(prov):
        if s is None:
            body.append(show_controls(chunk))
            continue
        if not _is_marked(s, options):
            body.append(_sgr(show_controls(prov.text[s.start : s.end]), "2"))
            continue
        text = _sentence_body(prov, s, options, _painter(_colour(s.introduced)), _highlight)
        last = s.modified[-1] if s.modified else s.introduced
        body.append(f"{_sgr(mark(s), ';'.join(x for x in ('2', _colour(last)) if x))} {text}")
    legend = [
        _sgr(line, _colour(r.index))
        for line, r in zip(_legend_lines(prov, options), prov.revisions, strict=False)
    ]
    return (
        f"\x1b[1m{_header(prov, options)}\x1b[0m\n\n{''.join(body).rstrip()}\n\n" + "\n".join(legend) + "\n"
    )


_MD_BLOCK_START = re.compile(r"^(?:[-+>=]|\d+(?=[.)]))")


def _md_line_start(markdown: str) -> str:
    """Escaped Markdown that starts a line, made unable to start a list, quote or heading."""
    m = _MD_BLOCK_START.match(markdown)
    if m is None:
        return markdown
    if m.group()[0].isdigit():  # "1." → "1\." (an ordered list needs the bare dot)
        return markdown[: m.end()] + "\\" + markdown[m.end() :]
    return "\\" + markdown


_MD_LINE_END = re.compile(r"\r\n|\n|\r")
"""CommonMark's line endings."""


def render_markdown(prov: Provenance, options: ShowOptions = ShowOptions()) -> str:
    """Markdown: marks as inline code, newer words in bold, the legend as a table."""
    body: list[str] = []
    for chunk, s in _pieces(prov):
        if s is None:
            # Controls shown, not sent (a lone carriage return is one to a terminal); a single
            # line break would join lines in Markdown: keep it as a hard break.
            chunk = show_controls(chunk)
            body.append(
                _MD_LINE_END.sub(r"  \g<0>", chunk) if len(_MD_LINE_END.findall(chunk)) == 1 else chunk
            )
            continue
        text = _sentence_body(prov, s, options, escape_markdown, lambda t, r: f"**{escape_markdown(t)}**")
        if _is_marked(s, options):
            body.append(f"`{mark(s)}` {text}")
        else:
            at_line_start = not body or body[-1].endswith("\n")
            body.append(_md_line_start(text) if at_line_start else text)
    rows = ["| revision | time | label | author |", "|---:|---|---|---|"]
    for r in prov.revisions[: prov.revision + 1]:
        cells = (r.timestamp_text, r.label, r.author or "")
        rows.append(f"| {r.index} | " + " | ".join(escape_markdown(show_line(c)) for c in cells) + " |")
    title = escape_markdown(_header(prov, options))
    # Story text kept around the marks may indent a line into a code block: not with an entity first.
    return f"## {title}\n\n{markdown_unindented(''.join(body).rstrip())}\n\n" + "\n".join(rows) + "\n"


def render_json(prov: Provenance, options: ShowOptions = ShowOptions()) -> str:
    """``revtrack/provenance@1`` (the options do not apply: programs get everything)."""
    return prov.to_json()


SHOW_FORMATS: dict[str, Callable[[Provenance, ShowOptions], str]] = {
    "text": render_text,
    "ansi": render_ansi,
    "markdown": render_markdown,
    "json": render_json,
}


def render_show(prov: Provenance, fmt: str, options: ShowOptions = ShowOptions()) -> str:
    """Render *prov* in format *fmt* (a key of :data:`SHOW_FORMATS`)."""
    return SHOW_FORMATS[fmt](prov, options)


def render_blame(prov: Provenance) -> str:
    """One line per sentence: revision, time, label, the revisions that modified it, (with
    :attr:`~revtrack.provenance.Provenance.with_origins`) the revisions in which its words first
    appeared anywhere, the sentence."""
    rows: list[tuple[str, ...]] = []
    for s in prov.sentences:
        rev = prov.revisions[s.introduced]
        words = (",".join(map(str, sorted({p.revision for p in s.origins}))),) if prov.with_origins else ()
        rows.append(
            (
                str(s.introduced),
                rev.timestamp_text,
                show_line(rev.label),
                ",".join(map(str, s.modified)) or "-",
                *words,
                show_controls(prov.sentence_text(s)),
            )
        )
    if not rows:
        return ""
    columns = len(rows[0]) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(columns)]
    return "".join(
        "  ".join(
            [
                row[0].rjust(widths[0]),
                *(cell.ljust(width) for cell, width in zip(row[1:-1], widths[1:], strict=True)),
                row[-1],
            ]
        )
        + "\n"
        for row in rows
    )


def render_blame_json(prov: Provenance) -> str:
    """``revtrack/provenance@1``."""
    return prov.to_json()


BLAME_FORMATS: dict[str, Callable[[Provenance], str]] = {
    "text": render_blame,
    "json": render_blame_json,
}
"""``revtrack blame``: one line per sentence, or the provenance JSON."""
