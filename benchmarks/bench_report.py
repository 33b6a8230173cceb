"""HTML page benchmark: build time, memory and size, then time to interactive in Chromium, time to
switch to another revision and time to open a sentence history.

    python benchmarks/bench_report.py                        # the 500-revision synthetic story
    python benchmarks/bench_report.py --revisions 500 blog.json wiki.json --wiki-api japan_cup.json

Story files are built with ``benchmarks/gen_long.py``; ``--wiki-api FILE`` reads a real wiki
history as the MediaWiki API gives it (``action=query&prop=revisions&rvprop=ids|timestamp|user|
comment|content``: a JSON list of revisions with their text under ``"*"``). Each page is built in
a child process (so its peak memory is its own), then opened in Debian's Chromium through
Playwright (headless), as the browser tests do. Times in the browser are the page's own clock
(``performance.now()``, from the start of navigation):

* open: until the page answers (its script has run: ``body[data-ready]``), the first paint, and
  until the chosen revision's whole text is in (it is built in slices, the first screen first);
* switch: from choosing a revision (the revision field) until its first screen is painted, and
  until its whole text is in — to the middle of the history first (nothing decoded yet), then
  far back, then the next revision;
* history: back at the last revision, from a click on its sentence with the most versions until
  its history is painted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SWITCH = """async ([r, whole]) => {
  const art = document.getElementById("text"), field = document.getElementById("rev");
  const t0 = performance.now();
  field.value = String(r);
  field.dispatchEvent(new Event("change"));
  const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  while (!(art.dataset.revision === String(r) && art.querySelector(".s"))) await frame();
  const first = performance.now() - t0;
  if (whole) while (art.dataset.complete !== "1") await frame();
  return [first, performance.now() - t0];
}"""

HISTORY = """async (k) => {
  const s = document.querySelectorAll("#text .s")[k];
  const t0 = performance.now();
  s.click();
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  return [performance.now() - t0, document.querySelectorAll("#history .version").length];
}"""


def wiki_api_story(path: Path) -> Any:
    """A story from a MediaWiki API revisions list (a revision whose text is hidden, or the same as
    the one before, is left out)."""
    from revtrack.story import Story

    texts: list[str] = []
    times: list[datetime] = []
    labels: list[str | None] = []
    authors: list[str | None] = []
    for rev in json.loads(path.read_text(encoding="utf-8")):
        text = rev.get("*")
        if text is None or (texts and text == texts[-1]):
            continue
        texts.append(text)
        times.append(datetime.fromisoformat(rev["timestamp"].replace("Z", "+00:00")))
        labels.append((rev.get("comment") or "").strip() or None)
        authors.append(rev.get("user"))
    return Story.from_texts(texts, times, id=path.stem, title=path.stem, labels=labels, authors=authors)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(source: str, out: Path) -> dict[str, Any]:
    """In this (child) process: load, attribute, build the page; times and peak memory."""
    from revtrack.provenance import track_story
    from revtrack.render.report import render_report
    from revtrack.storyfile import load_story

    t0 = time.perf_counter()
    story = load_story(source)
    t1 = time.perf_counter()
    tracker = track_story(story)
    t2 = time.perf_counter()
    tracked_mb = peak_mb()
    page = render_report(story, tracker)
    t3 = time.perf_counter()
    out.write_text(page, encoding="utf-8")
    last = story.revisions[-1]
    chains = []
    for _, wording in tracker.wordings(-1):
        n = 1
        while wording.parents:
            wording, n = wording.parents[0], n + 1
        chains.append(n)
    return {
        "longest": chains.index(max(chains)),
        "tracked_mb": tracked_mb,
        "revisions": len(story),
        "words": len(last.text.split()),
        "sentences": len(tracker.wordings(-1)),
        "load_s": t1 - t0,
        "track_s": t2 - t1,
        "build_s": t3 - t2,
        "bytes": len(page.encode("utf-8")),
        "peak_mb": peak_mb(),
    }


def browse(path: Path, revisions: int, runs: int, longest: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    opened: list[float] = []
    painted: list[float] = []
    whole: list[float] = []
    wall: list[float] = []
    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for k in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=300_000)
            page.wait_for_selector("body[data-ready='1']", timeout=300_000)
            wall.append(time.perf_counter() - start)
            page.wait_for_selector("#text[data-complete='1']", timeout=300_000)
            opened.append(float(page.evaluate("+document.body.dataset.readyMs")))
            painted.append(
                float(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
            )
            whole.append(float(page.evaluate("+document.getElementById('text').dataset.completeMs")))
            if k == runs - 1:  # the switches and the history, once the page has settled
                middle, back = revisions // 2, revisions // 10
                out["switch_middle_ms"] = page.evaluate(SWITCH, [middle, True])
                out["switch_back_ms"] = page.evaluate(SWITCH, [back, True])
                out["switch_next_ms"] = page.evaluate(SWITCH, [back + 1, True])
                page.evaluate(SWITCH, [revisions - 1, True])
                out["history_ms"], out["history_versions"] = page.evaluate(HISTORY, longest)
            context.close()
        browser.close()
    out.update(
        open_ms=statistics.median(opened),
        open_max_ms=max(opened),
        first_paint_ms=statistics.median(painted),
        text_whole_ms=statistics.median(whole),
        open_wall_s=statistics.median(wall),
    )
    return out


def story_file(source: str, tmp: Path) -> str:
    """The story file a source names (a synthetic or wiki history is written to *tmp* first)."""
    from revtrack.storyfile import save_story

    if source.startswith("synthetic:"):
        from revtrack.testing.synthetic import generate_history

        story = generate_history(1, int(source.split(":")[1])).story()
    elif source.startswith("wiki-api:"):
        story = wiki_api_story(Path(source[9:]))
    else:
        return source
    save_story(story, tmp / "story.json")
    return str(tmp / "story.json")


def name(source: str) -> str:
    if source.startswith("synthetic:"):
        return "synthetic (generate_history, seed 1)"
    if source.startswith("wiki-api:"):
        return f"{Path(source[9:]).name} (MediaWiki API)"
    return Path(source).name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="story files (e.g. from benchmarks/gen_long.py)")
    parser.add_argument("--revisions", type=int, default=500, help="the synthetic story's length (0: none)")
    parser.add_argument("--wiki-api", type=Path, action="append", default=[], help="a MediaWiki API history")
    parser.add_argument("--runs", type=int, default=5, help="page opens per story (median)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build(args.child[0], Path(args.child[1]))))
        return
    sources = [f"synthetic:{args.revisions}"] if args.revisions else []
    sources += [*args.stories, *(f"wiki-api:{p}" for p in args.wiki_api)]
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {' '.join(sys.argv)}")
    print(f"# load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    print(
        "| story | revisions | words / sentences at the end | attribution s | page build s | peak MB (attributed → built) "
        "| page MB | open ms (max) | first paint ms | whole text ms | switch to middle ms (first screen / whole) "
        "| far back ms | next ms | history ms (versions) |"
    )
    print("|" + " --- |" * 14)
    with tempfile.TemporaryDirectory() as tmp:
        for source in sources:
            path = Path(tmp, "page.html")
            child = subprocess.run(
                [sys.executable, __file__, "--child", story_file(source, Path(tmp)), str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
            b = json.loads(child.stdout)
            w = browse(path, b["revisions"], args.runs, b["longest"])

            def pair(x: list[float]) -> str:
                return f"{x[0]:.0f} / {x[1]:.0f}"

            print(
                f"| {name(source)} | {b['revisions']:,} "
                f"| {b['words']:,} / {b['sentences']:,} | {b['track_s']:.1f} | {b['build_s']:.1f} "
                f"| {b['tracked_mb']:.0f} → {b['peak_mb']:.0f} | {b['bytes'] / 1e6:.2f} | {w['open_ms']:.0f} ({w['open_max_ms']:.0f}) "
                f"| {w['first_paint_ms']:.0f} | {w['text_whole_ms']:.0f} | {pair(w['switch_middle_ms'])} "
                f"| {pair(w['switch_back_ms'])} | {pair(w['switch_next_ms'])} "
                f"| {w['history_ms']:.0f} ({w['history_versions']}) |",
                flush=True,
            )
    print(f"# load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
