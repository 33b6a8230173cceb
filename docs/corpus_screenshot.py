"""The README's picture of the stats page: ``python docs/corpus_screenshot.py OUT/ docs/corpus-stats.png``.

OUT/ is a corpus run (the README's comes from ``benchmarks/bench_corpus.py``'s 2,000 generated stories);
the page is rendered by ``revtrack corpus stats --format html`` and photographed by Debian's headless
Chromium through Playwright, as the browser tests drive it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from revtrack.corpus import corpus_stats
from revtrack.render.corpus import render_stats_html


def main() -> None:
    out, picture = Path(sys.argv[1]), Path(sys.argv[2])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "stats.html"
        page_file.write_text(render_stats_html(corpus_stats(out, top=5)), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1000, "height": 900}, device_scale_factor=1)
            page.goto(page_file.as_uri())
            page.screenshot(path=str(picture), full_page=True)
            browser.close()


if __name__ == "__main__":
    main()
