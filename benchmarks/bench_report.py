"""HTML page benchmark: build time, size, and time to open in Chromium for a long generated story.

Run: ``python benchmarks/bench_report.py [--revisions 500]`` (needs Debian's chromium and playwright).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from revtrack.render.report import render_report
from revtrack.testing.synthetic import generate_history

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    story = generate_history(args.seed, args.revisions).story()
    start = time.perf_counter()
    page_text = render_report(story)
    build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "page.html")
        path.write_text(page_text, encoding="utf-8")
        loads = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for _ in range(5):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready='1']")
                loads.append(time.perf_counter() - start)
                page.select_option("#rev", "0")
                page.close()
            browser.close()
    print(f"# {time.strftime('%Y-%m-%d')} · python benchmarks/bench_report.py --revisions {args.revisions}")
    print(f"{len(story)} revisions, {len(story.last.text.split())} words at the end")
    print(
        f"build {build:.2f} s; page {len(page_text.encode()) / 1e6:.2f} MB; "
        f"open until interactive: median {statistics.median(loads):.2f} s (max {max(loads):.2f} s)"
    )


if __name__ == "__main__":
    main()
