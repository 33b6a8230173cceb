"""The HTML history page: one self-contained file a reader or editor can explore.

The page works from disk with no network: styles and script are inline, and a
Content-Security-Policy allows only the page's own script (by hash), so even
text that slipped past escaping could not run. Without scripting it shows the
chosen revision with every sentence tinted and marked, and (for a history of
up to ``STATIC_ROWS`` revisions) the table of revisions; it prints cleanly.
With scripting, the first screen holds a compact timeline — a chart of every
revision's words added and removed, its silent changes (earlier sentences
reworded, deleted or restored) and the length of the text, a slider with
keyboard access, and a scrollable list of the revisions — beside the text:
choosing a revision shows its text, "changed since" marks what is newer than
another revision, a sentence opens its history with word diffs, and any two
revisions can be diffed.

The page's data grows with what changed, not with revisions × text, so a live
blog of 10,000 updates or a wiki page of thousands of revisions makes a page a
browser opens at once. The embedded JSON holds:

* ``revisions``: one row per revision, ``[timestamp, label, author, kind,
  words added, words removed, sentences added, edited, moved, deleted, restored,
  milliseconds since 1970]`` (the timestamp as the story file writes it, and as a
  number, for "the revision at 14:00");
* ``wordings``: every sentence wording once, ``[text, revision, parent]``
  (``parent``: the wording it came from, or -1), so a sentence's history is
  its chain of parents, followed when it is asked for; ``introduced,
  [modified…]`` follow when they are not the parent's and this revision;
* ``lines``: every distinct line once, as its wording numbers (line 0 is a
  blank line: a paragraph break);
* ``deltas``: each revision's lines as what it keeps of the revision before
  it: ``-1 - start, count`` for a run of the previous revision's lines, a
  line number for a line of its own. The page's script rebuilds a revision's
  lines when it is shown, from checkpoints it keeps as it goes, so any
  revision is quick to reach;
* ``open``: the revision the page opens at, as paragraphs of wording numbers
  (its first screen needs no rebuilding).

Every text in it (wordings, labels, authors, the story's id and title) has its
controls and bidirectional overrides written as visible escapes already
(:func:`~revtrack.render.escape.show_controls`, as the text for readers without
scripting has them): the script puts text into the page as it is.

Its text for readers without scripting comes last, in ``<noscript>`` (with
scripting on, a browser reads past it without building it, and runs the script
first); the style sheet puts it under the revision's heading.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from revtrack.provenance import Line, Run
from revtrack.render.escape import escape_html, show_controls

if TYPE_CHECKING:
    from revtrack._progress import Progress
    from revtrack.history import RevisionStats
    from revtrack.provenance import Tracker, Wording
    from revtrack.story import Story

__all__ = ["STATIC_ROWS", "TINTS", "render_report"]

TINTS = 8
"""Sentences are tinted by the revision that introduced them; the colours repeat every ``TINTS``
revisions (the base stays plain) and the mark gives the number."""
STATIC_ROWS = 100
"""Histories up to this long also carry their table of revisions in the page's markup, for
readers without scripting and for print; longer ones have the chart and list only."""

_BREAK = 0
"""The line number of a blank line: a paragraph break."""


@functools.cache
def _asset(name: str) -> str:
    """A file shipped with the package, inlined into the page."""
    return (resources.files("revtrack.render") / "report_assets" / name).read_text(encoding="utf-8")


def _tint(revision: int) -> str:
    return "t0" if revision == 0 else f"t{(revision - 1) % TINTS + 1}"


class _PageData:
    """The page's data, built a revision at a time (see the module's docstring)."""

    def __init__(self) -> None:
        self.wordings: list[list[Any]] = []
        self.lines: list[list[int]] = [[]]  # line 0: a paragraph break
        self.deltas: list[list[int]] = []
        self._wording_ids: dict[int, int] = {}
        self._line_ids: dict[int, int] = {}  # by line object (the tracker keeps them alive)
        self._line_keys: dict[tuple[int, ...], int] = {}  # by content: a line restored is the same

    def wording(self, wording: Wording) -> int:
        """The number of *wording*, listing it (after the wordings it came from) if new."""
        found = self._wording_ids.get(id(wording))
        if found is not None:
            return found
        stack = [wording]
        while stack:
            top = stack[-1]
            if id(top) in self._wording_ids:
                stack.pop()
                continue
            parent = top.parents[0] if top.parents else None
            if parent is not None and id(parent) not in self._wording_ids:
                stack.append(parent)
                continue
            stack.pop()
            self._wording_ids[id(top)] = len(self.wordings)
            self.wordings.append(_wording_row(top, self._wording_ids[id(parent)] if parent else -1))
        return self._wording_ids[id(wording)]

    def line(self, line: Line) -> int:
        """The number of *line*, listing its content if new."""
        found = self._line_ids.get(id(line))
        if found is not None:
            return found
        if not line.sentences and not line.text.strip():
            number = _BREAK
        else:
            key = tuple(self.wording(w) for _, _, w in line.sentences)
            number = self._line_keys.setdefault(key, len(self.lines))
            if number == len(self.lines):
                self.lines.append(list(key))
        self._line_ids[id(line)] = number
        return number

    def paragraphs(self, wordings: tuple[tuple[int, Wording], ...]) -> list[list[int]]:
        """A revision's ``(paragraph, wording)`` pairs as paragraphs of wording numbers."""
        out: list[list[int]] = []
        last = -1
        for paragraph, wording in wordings:
            if paragraph != last:
                out.append([])
                last = paragraph
            out[-1].append(self.wording(wording))
        return out

    def step(self, delta: tuple[Run | Line, ...]) -> None:
        """Add the next revision: its lines as the tracker made them from the revision before
        (in the page, ``-1 - start, count`` for a run, a line's number for a line)."""
        out: list[int] = []
        for item in delta:
            if isinstance(item, Run):
                out += (-1 - item.start, item.length)
            else:
                out.append(self.line(item))
        self.deltas.append(out)


def _wording_row(wording: Wording, parent: int) -> list[Any]:
    """``[text, revision, parent]``, and ``introduced, [modified…]`` when they are not what the
    parent's give (its introduced, its modified and this revision; for a first wording, this
    revision and none): a sentence reworded a thousand times lists a thousand revisions once,
    not in each of its wordings."""
    row: list[Any] = [show_controls(wording.text), wording.revision, parent]
    before = wording.parents[0] if wording.parents else None
    if before is None:
        usual = wording.introduced == wording.revision and not wording.modified
    else:
        usual = wording.introduced == before.introduced and wording.modified == (
            *before.modified,
            wording.revision,
        )
    if not usual:
        row += (wording.introduced, list(wording.modified))
    return row


def _revision_rows(story: Story, stats: tuple[RevisionStats, ...]) -> list[list[Any]]:
    return [
        [
            r.timestamp_text,
            show_controls(r.label),
            None if r.author is None else show_controls(r.author),
            r.kind if r.index else "base",
            st.words_added,
            st.words_removed,
            st.sentences_added,
            st.sentences_edited,
            st.sentences_moved,
            st.sentences_deleted,
            st.sentences_restored,
            round(r.timestamp.timestamp() * 1000),
        ]
        for r, st in zip(story.revisions, stats, strict=True)
    ]


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open another one."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _mark(introduced: int, modified: list[int]) -> str:
    """``[0→2,5]``; a long list of rewordings keeps its first and last two (the history has them all)."""
    if not modified:
        return f"[{introduced}]"
    shown = [*map(str, modified[:2]), "…", *map(str, modified[-2:])] if len(modified) > 4 else modified
    return f"[{introduced}→{','.join(map(str, shown))}]"


def _static_text(wordings: tuple[tuple[int, Wording], ...], revision: int) -> str:
    """The text of *revision*, every sentence tinted and marked (``c``: written by this revision)."""
    out: list[str] = []
    last = -1
    for paragraph, wording in wordings:
        if paragraph != last:
            out.append("</p>\n<p>" if out else "<p>")
            last = paragraph
        else:
            out.append(" ")
        classes = _tint(wording.introduced)
        if wording.modified:
            classes += " e"
        if wording.revision == revision > 0:
            classes += " c"
        out.append(
            f'<span class="s {classes}">{escape_html(wording.text)}'
            f"<sup>{_mark(wording.introduced, list(wording.modified))}</sup></span>"
        )
    if out:
        out.append("</p>")
    return "".join(out)


def _table(rows: list[list[Any]], selected: int) -> str:
    """Every revision as a table row: for readers without scripting, and for print."""
    if len(rows) > STATIC_ROWS:
        return (
            f'<p class="hint">{len(rows):,} revisions: the timeline, the list of revisions and the '
            "revision selector need scripting.</p>"
        )
    out = []
    for k, row in enumerate(rows):
        timestamp, label, author, _, added, removed, *sentences, _ = row
        current = ' class="current"' if k == selected else ""
        cells = "".join(f'<td class="num">{n}</td>' for n in sentences)
        out.append(
            f'<tr data-r="{k}"{current}><td class="num"><span class="chip {_tint(k)}">{k}</span></td>'
            f"<td>{escape_html(timestamp)}</td><td>{escape_html(label)}</td>"
            f"<td>{escape_html(author or '')}</td>"
            f'<td class="num">+{added} −{removed}</td>{cells}</tr>'
        )
    return _TABLE.format(rows="\n".join(out))


def _legend(rows: list[list[Any]]) -> str:
    if len(rows) <= TINTS + 1:
        return " ".join(
            f'<span class="chip {_tint(k)}" title="{escape_html(row[1])}">{k}</span> {escape_html(row[1])}'
            for k, row in enumerate(rows)
        )
    chips = " ".join(f'<span class="chip {_tint(k)}">{k}</span>' for k in range(TINTS + 1))
    return f"Tints by revision: {chips} … (they repeat every {TINTS} revisions; the mark gives the number)"


def render_report(
    story: Story,
    tracker: Tracker | None = None,
    at: int | None = None,
    *,
    progress: Progress | None = None,
) -> str:
    """The whole page for *story*, opened at revision *at* (default: the last).

    Walks the history once (after feeding a tracker, when none is given, and counting
    each revision's changes), holding the page's data, not every revision's text.
    *progress* is told ``(revisions done, revisions in all)`` by each walk in turn.
    """
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story

    if tracker is None:
        tracker = track_story(story, progress=progress)
    else:
        from revtrack.provenance._stories import check_tracker

        check_tracker(story, tracker)
    rows = _revision_rows(story, revision_stats(story, tracker, progress=progress))
    total = len(rows)
    revision = story.revision(at).index if at is not None else total - 1
    data = _PageData()
    for k, delta in enumerate(tracker.steps(), 1):
        data.step(delta)
        if progress is not None:
            progress(k, total)
    if len(data.deltas) != total:
        raise ValueError(f"the tracker has {len(data.deltas)} revisions, the story {total}")
    shown = tracker.wordings(revision)
    text = _static_text(shown, revision)
    payload = {
        "story": show_controls(story.id),
        "title": show_controls(story.title or story.id),
        "revisions": rows,
        "wordings": data.wordings,
        "lines": data.lines,
        "deltas": data.deltas,
        "open": data.paragraphs(shown),
    }
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"
    title = escape_html(story.title or story.id)
    first, last = rows[0][0], rows[-1][0]
    return _PAGE.format(
        csp=csp,
        title=title,
        story=escape_html(story.id),
        count=f"{total:,} revision{'s' if total != 1 else ''}",
        span=escape_html(first if total == 1 else f"{first} to {last}"),
        css=_asset("report.css"),
        legend=_legend(rows),
        first=escape_html(first),
        last=escape_html(last),
        top=total - 1,
        example=escape_html(rows[-1][0][:16].replace("T", " ")),
        since=max(0, revision - 1),
        revision=revision,
        label=escape_html(rows[revision][1]),
        text=text,
        table=_table(rows, revision),
        data=_json_for_script(payload),
        script=script,
    )


_TABLE = """<table id="revtable">
<thead><tr><th>rev</th><th>time</th><th>label</th><th>author</th><th>words</th>
<th title="sentences added">added</th><th title="sentences edited">edited</th>
<th title="sentences moved">moved</th><th title="sentences deleted">deleted</th>
<th title="sentences restored">restored</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — revtrack</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="meta">Story <code>{story}</code> · {count}, {span} · every sentence tinted by the revision that
introduced it; a mark <code>[0→2]</code> means introduced in 0, reworded in 2 (dotted underline).</p>
<p class="legend" id="legend">{legend}</p>
</header>
<section id="timeline" aria-label="Timeline">
<div id="chart-box"><canvas id="chart" height="80" aria-hidden="true"></canvas></div>
<div class="axis"><span>{first}</span><span id="chart-tip" aria-hidden="true"></span><span>{last}</span></div>
<p class="key"><span class="k-add"></span> words added <span class="k-del"></span> words removed
<span class="k-silent"></span> silent changes (earlier sentences reworded, deleted or restored)
<span class="k-len"></span> length of the text <span class="k-cur"></span> shown revision</p>
</section>
<div id="bar" class="controls" role="group" aria-label="Revision shown">
<button type="button" id="prev" title="Previous revision ([)" aria-label="Previous revision">◀</button>
<input type="range" id="slider" min="0" max="{top}" value="{revision}" aria-label="Revision shown">
<button type="button" id="next" title="Next revision (])" aria-label="Next revision">▶</button>
<label>Revision <input type="text" id="rev" inputmode="numeric" size="8" value="{revision}"
title="A revision number (0 to {top}), or a time such as {example}: the revision published then"></label>
<label>Changed since <input type="text" id="since" size="8" placeholder="off"
title="Mark what is newer than this revision, or than this time (empty: off)"></label>
<button type="button" id="goto" title="Scroll to the first sentence this revision wrote">Show the change
</button>
<p id="info" aria-live="polite"></p>
</div>
<main>
<article id="text" data-revision="{revision}">
<p class="meta" id="showing">Revision {revision}: {label}</p>
</article>
<aside>
<section id="revisions" aria-label="Revisions"><h2>Revisions</h2>
<div id="revlist" tabindex="-1"><div id="revlist-inner"></div></div>
</section>
<section id="history" aria-live="polite"><h2>Sentence history</h2>
<p class="hint">Choose a sentence (click it, or Tab into the text, move with the arrow keys and press
Enter) to see every version of it.</p>
</section>
</aside>
</main>
<section id="diff" class="controls" aria-label="Word diff between two revisions">
<label>Diff from <input type="text" id="from" size="8" value="{since}"></label>
<label>to <input type="text" id="to" size="8" value="{revision}"></label>
<button id="diff-go" type="button">Show diff</button>
<div id="diff-out" aria-live="polite"></div>
</section>
<section id="static" aria-label="Every revision">
{table}
</section>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
<noscript><div id="static-text">
<p class="hint">The timeline, the revision selector, sentence histories and the diff need scripting.</p>
{text}
</div></noscript>
</body>
</html>
"""
