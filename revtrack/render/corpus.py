"""``revtrack corpus stats``: the corpus at a glance as text, ``revtrack/corpus-stats@1`` JSON, or a page.

The page is one self-contained HTML file: its charts are drawn by matplotlib as inline SVG (text
kept as text, ids and metadata fixed, so the same corpus gives the same bytes), it holds no script
at all, and its Content-Security-Policy allows nothing to be loaded or run. Story text (the most
reworded sentences, story ids) appears only in HTML-escaped table cells, never in a chart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from revtrack._jsontext import json_line
from revtrack.render.escape import escape_html, show_line

if TYPE_CHECKING:
    from revtrack.corpus.stats import CorpusStats

__all__ = ["STATS_FORMATS", "render_stats_html", "render_stats_json", "render_stats_text"]

# Okabe–Ito: told apart with any colour vision.
_BLUE, _ORANGE, _GREEN, _GREY = "#0072b2", "#e69f00", "#009e73", "#777777"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _minutes(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 90:
        return f"{value:g} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h"
    return f"{value / 1440:.1f} days"


def _table(rows: Sequence[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        (
            indent
            + "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        ).rstrip()
        for row in rows
    ]


def _headline(s: CorpusStats) -> str:
    failed = f" ({s.errors:,} failed)" if s.errors else ""
    unfinished = "; the run has not finished: these are the shards written so far" if not s.complete else ""
    counts = f"{_count(s.stories, 'story', 'stories')}{failed}, {_count(s.versions, 'version')}, "
    return f"{counts}{_count(s.updates, 'update')}{unfinished}"


def render_stats_text(s: CorpusStats) -> str:
    """A summary to read on a terminal."""
    attributed = s.stories - s.errors
    lines = [f"{show_line(s.folder)}: {_headline(s)}", ""]
    median = "–" if s.median_updates is None else f"{s.median_updates:g}"
    lines.append(f"Updates per story: median {median}, max {s.max_updates:,}")
    lines += _table([("updates", "stories"), *((label, f"{n:,}") for label, n in s.updates_per_story if n)])
    lines += [
        "",
        f"Silent changes: {s.silent_stories:,} of {attributed:,} stories "
        f"({_share(s.silent_stories, attributed)}), "
        f"{s.silent_updates:,} of {s.updates:,} updates ({_share(s.silent_updates, s.updates)})",
    ]
    rows: list[tuple[str, ...]] = [("kind", "stories", "", "updates", "")]
    for k in s.kinds:
        rows.append(
            (
                k.kind + (" (a note)" if k.kind == "moved" else ""),
                f"{k.stories:,}",
                _share(k.stories, attributed),
                f"{k.updates:,}",
                _share(k.updates, s.updates),
            )
        )
    lines += _table(rows)
    lines += ["", "Time from first publication:"]
    rows = [("", "to each update", "to the first silent change")]
    for (label, n), (_, m) in zip(s.time_to_update, s.time_to_first_silent, strict=True):
        rows.append((label, f"{n:,}", f"{m:,}"))
    rows.append(("median", _minutes(s.median_minutes_to_update), _minutes(s.median_minutes_to_first_silent)))
    lines += _table(rows)
    lines += ["", "Where changes land (lead: the first paragraph):"]
    rows = [("", "lead", "body", "lead share")]
    for p in s.places:
        name = "every sentence change" if p.kind == "all" else p.kind
        rows.append((name, f"{p.lead:,}", f"{p.body:,}", _share(p.lead, p.lead + p.body)))
    lines += _table(rows)
    if s.most_reworded:
        lines += ["", "Most reworded sentences (last revision):"]
        for r in s.most_reworded:
            lines.append(
                f"  {r.rewordings}×  {show_line(r.story_id)} [{r.revision}:{r.index}]  {show_line(r.text)}"
            )
    return "\n".join(lines) + "\n"


def render_stats_json(s: CorpusStats) -> str:
    """``revtrack/corpus-stats@1``: deterministic UTF-8 JSON on one line, then a newline."""
    return json_line(s.to_dict())


# --- the page ------------------------------------------------------------------------------------

_XML_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def _svg(draw: Callable[[object], None], size: tuple[float, float] = (7.0, 3.2)) -> str:
    """One chart as an inline ``<svg>`` element."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "revtrack",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        fig = Figure(figsize=size, layout="constrained")
        draw(fig.add_subplot())
        buffer = io.StringIO()
        fig.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
        )
    return _XML_PROLOGUE.sub("", buffer.getvalue(), count=1).strip()


def _bars(
    ax: object,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    ylabel: str,
    *,
    percent: bool = False,
) -> None:
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    assert isinstance(ax, Axes)
    width = 0.8 / len(series)
    for k, (name, values, colour) in enumerate(series):
        xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(labels))]
        ax.bar(xs, values, width, label=name, color=colour)
    crowded = len(labels) > 8 or max(map(len, labels)) > 5
    ax.set_xticks(
        range(len(labels)), labels, rotation=35 if crowded else 0, ha="right" if crowded else "center"
    )
    ax.set_ylabel(ylabel)
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if len(series) > 1:
        ax.legend(frameon=False)


def _lead_and_body(ax: object, labels: Sequence[str], counts: Sequence[tuple[int, int]]) -> None:
    """One bar per kind of change, split into its share in the lead and in the body, with the count."""
    from matplotlib.axes import Axes
    from matplotlib.ticker import PercentFormatter

    assert isinstance(ax, Axes)
    rows = range(len(labels))[::-1]  # the first kind on top
    lead = [a / max(1, a + b) for a, b in counts]
    body = [b / max(1, a + b) for a, b in counts]  # a kind with no changes gets no bar at all
    ax.barh(rows, lead, color=_ORANGE, label="lead")
    ax.barh(rows, body, left=lead, color=_GREY, label="body")
    ax.set_yticks(rows, [f"{label} ({a + b:,})" for label, (a, b) in zip(labels, counts, strict=True)])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of the changes (how many in brackets)")
    ax.legend(frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1))


def _charts(s: CorpusStats) -> list[tuple[str, str, str]]:
    """(id, heading, svg) of each chart."""
    attributed = max(1, s.stories - s.errors)
    updates = max(1, s.updates)
    labels = [label for label, _ in s.updates_per_story]
    charts = [
        (
            "updates",
            "Updates per story",
            _svg(
                lambda ax: _bars(
                    ax, labels, [("stories", [n for _, n in s.updates_per_story], _BLUE)], "stories"
                )
            ),
        )
    ]
    kinds = [k.kind for k in s.kinds]
    charts.append(
        (
            "silent",
            "Silent changes by kind: share of stories and of updates with at least one",
            _svg(
                lambda ax: _bars(
                    ax,
                    kinds,
                    [
                        ("stories", [k.stories / attributed for k in s.kinds], _BLUE),
                        ("updates", [k.updates / updates for k in s.kinds], _ORANGE),
                    ],
                    "share",
                    percent=True,
                )
            ),
        )
    )
    delay_labels = [label for label, _ in s.time_to_update]
    total_updates = max(1, sum(n for _, n in s.time_to_update))
    total_first = max(1, sum(n for _, n in s.time_to_first_silent))
    charts.append(
        (
            "time",
            "Time from first publication to each update, and to a story's first silent change",
            _svg(
                lambda ax: _bars(
                    ax,
                    delay_labels,
                    [
                        ("updates", [n / total_updates for _, n in s.time_to_update], _BLUE),
                        ("first silent change", [n / total_first for _, n in s.time_to_first_silent], _GREEN),
                    ],
                    "share",
                    percent=True,
                )
            ),
        )
    )
    place_labels = ["every change" if p.kind == "all" else p.kind for p in s.places]
    charts.append(
        (
            "where",
            "Where changes land: the lead (first paragraph) or the body",
            _svg(lambda ax: _lead_and_body(ax, place_labels, [(p.lead, p.body) for p in s.places])),
        )
    )
    return charts


_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.1rem;margin:2rem 0 .5rem}
.lede{color:#555;margin-top:0} .figures{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.figure{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.figure b{display:block;font-size:1.4rem}
figure{margin:0} figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap} .warn{background:#fff3cd;padding:.5rem 1rem;border-radius:6px}
""".strip()


def render_stats_html(s: CorpusStats) -> str:
    """One self-contained page: figures, charts (inline SVG, no script) and the most reworded sentences."""
    attributed = s.stories - s.errors
    figures = [
        (f"{s.stories:,}", "stories"),
        (f"{s.versions:,}", "versions"),
        (f"{_share(s.silent_stories, attributed)}", "of stories with a silent change"),
        (f"{_share(s.silent_updates, s.updates)}", "of updates with a silent change"),
        (_minutes(s.median_minutes_to_update), "median time to an update"),
        (_minutes(s.median_minutes_to_first_silent), "median time to a first silent change"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Corpus statistics: {escape_html(s.folder)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<h1>Corpus statistics</h1><p class="lede">{escape_html(s.folder)}: {escape_html(_headline(s))}</p>',
    ]
    if not s.complete:
        parts.append(
            '<p class="warn">The run has not finished: these are the statistics of the shards written '
            "so far.</p>"
        )
    parts.append('<div class="figures">')
    parts += [f'<div class="figure"><b>{escape_html(v)}</b>{escape_html(k)}</div>' for v, k in figures]
    parts.append("</div>")
    parts.append(
        "<p>Silent changes change text readers had already seen: a sentence reworded, deleted, restored, "
        "split or merged by an update. A move keeps the wording and is counted apart.</p>"
    )
    for chart_id, heading, svg in _charts(s):
        parts.append(
            f'<h2 id="{chart_id}-h">{escape_html(heading)}</h2>'
            f'<figure id="{chart_id}" aria-labelledby="{chart_id}-h">{svg}</figure>'
        )
    parts.append("<h2>Most reworded sentences</h2>")
    if s.most_reworded:
        parts.append(
            '<table id="reworded"><thead><tr><th>rewordings</th><th>story</th><th>revision</th>'
            "<th>sentence</th></tr></thead><tbody>"
        )
        for r in s.most_reworded:
            parts.append(
                f'<tr><td class="n">{r.rewordings}</td><td>{escape_html(r.story_id)}</td>'
                f'<td class="n">{r.revision}</td><td>{escape_html(r.text)}</td></tr>'
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No sentence of a last revision was ever reworded.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


STATS_FORMATS: dict[str, Callable[[CorpusStats], str]] = {
    "text": render_stats_text,
    "json": render_stats_json,
    "html": render_stats_html,
}
"""Every format of ``revtrack corpus stats``, by name."""
