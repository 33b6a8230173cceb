"""The HTML history page: one self-contained file a reader or editor can explore.

The page works from disk with no network: styles and script are inline, and a
Content-Security-Policy allows only the page's own script (by hash), so even
text that slipped past escaping could not run. Without scripting it still
shows the newest revision with every sentence tinted and marked, the timeline
and the legend; with scripting it adds a revision selector ("as of"), a
"changed since" view, each sentence's history with word diffs, and a word
diff between any two revisions.

Revisions share most sentences, so the data holds each distinct wording once
and each revision as a list of paragraphs of wording numbers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from revtrack.render.escape import escape_html

if TYPE_CHECKING:
    from revtrack.history import RevisionStats
    from revtrack.provenance import Tracker
    from revtrack.story import Story

__all__ = ["render_report"]

# Okabe–Ito, lightened for backgrounds; revision 0 (the base) stays plain.
_TINTS = ("#fbe3b5", "#cde8f8", "#bfe6d9", "#f7f2b0", "#c9dcf0", "#f6d2bd", "#ecd3e3", "#e0e0e0")
_EDGES = ("#e69f00", "#56b4e9", "#009e73", "#d4c300", "#0072b2", "#d55e00", "#cc79a7", "#777777")


@functools.cache
def _asset(name: str) -> str:
    """A file shipped with the package, inlined into the page."""
    return (resources.files("revtrack.render") / "report_assets" / name).read_text(encoding="utf-8")


def _tint_css(count: int) -> str:
    rules = [".r0{background:transparent}"]
    for k in range(1, count):
        i = (k - 1) % len(_TINTS)
        rules.append(f".r{k}{{background:{_TINTS[i]};box-shadow:inset 0 -2px {_EDGES[i]}}}")
    return "\n".join(rules)


def _data(story: Story, tracker: Tracker, stats: tuple[RevisionStats, ...]) -> dict[str, Any]:
    index: dict[int, int] = {}
    versions: list[list[Any]] = []
    states: list[list[list[int]]] = []

    def vid(v: Any) -> int:
        stack = [v]
        while stack:
            top = stack[-1]
            if id(top) in index:
                stack.pop()
                continue
            missing = [p for p in top.parents[:1] if id(p) not in index]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            index[id(top)] = len(versions)
            parent = index[id(top.parents[0])] if top.parents else -1
            versions.append([top.text, top.introduced, list(top.modified), top.revision, parent, _spans(top)])
        return index[id(v)]

    for rev in story.revisions:
        paragraphs: list[list[int]] = []
        last = -1
        for paragraph, wording in tracker.wordings(rev.index):
            if paragraph != last:
                paragraphs.append([])
                last = paragraph
            paragraphs[-1].append(vid(wording))
        states.append(paragraphs)
    return {
        "story": story.id,
        "title": story.title or story.id,
        "revisions": [
            {
                "index": r.index,
                "label": r.label,
                "timestamp": r.timestamp_text,
                "author": r.author,
                "kind": r.kind if r.index else "base",
                "added": st.words_added,
                "removed": st.words_removed,
                "sentences": [
                    st.sentences_added,
                    st.sentences_edited,
                    st.sentences_moved,
                    st.sentences_deleted,
                    st.sentences_restored,
                ],
            }
            for r, st in zip(story.revisions, stats, strict=True)
        ],
        "versions": versions,
        "states": states,
    }


def _spans(version: Any) -> list[list[int]]:
    """Runs of the wording's words by revision: [token count, revision] (tokens without spaces)."""
    runs: list[list[int]] = []
    for rev in version.revs:
        if runs and runs[-1][1] == rev:
            runs[-1][0] += 1
        else:
            runs.append([1, rev])
    return runs


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
    return f"[{introduced}→{','.join(map(str, modified))}]" if modified else f"[{introduced}]"


def _static_text(data: dict[str, Any], revision: int) -> str:
    out = []
    for paragraph in data["states"][revision]:
        spans = []
        for v in paragraph:
            text, introduced, modified, _, _, _ = data["versions"][v]
            edited = " edited" if modified else ""
            spans.append(
                f'<span class="s r{introduced}{edited}" tabindex="0" data-v="{v}">{escape_html(text)}'
                f'<sup class="m">{_mark(introduced, modified)}</sup></span>'
            )
        out.append("<p>" + " ".join(spans) + "</p>")
    return "\n".join(out)


def _timeline(data: dict[str, Any]) -> str:
    rows = []
    for r in data["revisions"]:
        added, edited, moved, deleted, restored = r["sentences"]
        who = escape_html(r["author"] or "")
        chip = f'<span class="chip r{r["index"]}">{r["index"]}</span>'
        rows.append(
            f'<tr data-r="{r["index"]}"><td class="num">{chip}</td>'
            f"<td>{escape_html(r['timestamp'])}</td><td>{escape_html(r['label'])}</td><td>{who}</td>"
            f'<td class="num">+{r["added"]} −{r["removed"]}</td>'
            f'<td class="num">{added}</td><td class="num">{edited}</td><td class="num">{moved}</td>'
            f'<td class="num">{deleted}</td><td class="num">{restored}</td></tr>'
        )
    return "\n".join(rows)


def _options(data: dict[str, Any], selected: int) -> str:
    return "\n".join(
        f'<option value="{r["index"]}"{" selected" if r["index"] == selected else ""}>'
        f"{r['index']} · {escape_html(r['timestamp'])} · {escape_html(r['label'])}</option>"
        for r in data["revisions"]
    )


def render_report(story: Story, tracker: Tracker | None = None, at: int | None = None) -> str:
    """The whole page for *story*, opened at revision *at* (default: the last)."""
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story

    tracker = tracker if tracker is not None else track_story(story)
    data = _data(story, tracker, revision_stats(story, tracker))
    revision = story.revision(at).index if at is not None else story.last.index
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"
    title = escape_html(data["title"])
    legend = " ".join(
        f'<span class="chip r{r["index"]}" title="{escape_html(r["label"])}">{r["index"]}</span>'
        f" {escape_html(r['label'])}"
        for r in data["revisions"][: min(len(data["revisions"]), 40)]
    )
    if len(data["revisions"]) > 40:
        legend += f" … ({len(data['revisions'])} revisions: colours repeat every {len(_TINTS)})"
    return _PAGE.format(
        csp=csp,
        title=title,
        story=escape_html(story.id),
        count=len(story.revisions),
        css=_asset("report.css") + _tint_css(len(story.revisions)),
        timeline=_timeline(data),
        legend=legend,
        options=_options(data, revision),
        since_options=_options(data, -1),
        from_options=_options(data, max(0, revision - 1)),
        to_options=_options(data, revision),
        revision=revision,
        label=escape_html(data["revisions"][revision]["label"]),
        text=_static_text(data, revision),
        data=_json_for_script(data),
        script=script,
    )


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
<p class="meta">Story <code>{story}</code> · {count} revisions · every sentence tinted by the revision that
introduced it; a mark <code>[0→2]</code> means introduced in 0, reworded in 2 (dotted underline).</p>
</header>
<section aria-label="Timeline">
<table id="timeline">
<thead><tr><th>rev</th><th>time</th><th>label</th><th>author</th><th>words</th>
<th title="sentences added">added</th><th title="sentences edited">edited</th>
<th title="sentences moved">moved</th><th title="sentences deleted">deleted</th>
<th title="sentences restored">restored</th></tr></thead>
<tbody>
{timeline}
</tbody>
</table>
<p class="legend" id="legend">{legend}</p>
</section>
<div class="controls" role="group" aria-label="View">
<label>As of <select id="rev" aria-label="Revision to show">{options}</select></label>
<label>Changed since <select id="since" aria-label="Mark what changed since">
<option value="-1" selected>(off)</option>{since_options}</select></label>
</div>
<main>
<article id="text" aria-live="polite" data-revision="{revision}">
<p class="meta" id="showing">Revision {revision}: {label}</p>
{text}
</article>
<aside id="history" aria-live="polite"><h2>Sentence history</h2>
<p class="hint">Choose a sentence (click, or Tab to it and press Enter) to see every version of it.</p>
<noscript><p class="hint">The history, the revision selector and the diff need scripting.</p></noscript>
</aside>
</main>
<section id="diff" class="controls" aria-label="Word diff between two revisions">
<label>Diff from <select id="from">{from_options}</select></label>
<label>to <select id="to">{to_options}</select></label>
<button id="diff-go" type="button">Show diff</button>
<div id="diff-out" aria-live="polite"></div>
</section>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
