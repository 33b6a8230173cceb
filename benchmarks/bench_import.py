"""Import benchmarks (issue 13): MediaWiki import against mwxml alone, its peak memory on a long
single-page history, and ``Story.from_texts`` on a 10 MB story.

    python benchmarks/bench_import.py wiki --size-mb 1000      # a 1 GB single-page history
    python benchmarks/bench_import.py from-texts                 # 10 MB, 5 revisions, 32% reworded

``wiki`` writes a MediaWiki export of one page whose history grows from a real page's text
(English Wikipedia's "Pear" as of 2002, ``fixtures/importers/mediawiki/article-pear.xml``) by the
edits a wiki sees: words reworded, sentences added and removed, paragraphs added and moved,
vandalism (the page blanked or defaced) reverted by the next revision, until the text is about
70 KB; then it times, in separate processes, (1) mwxml alone reading every revision's text and
(2) ``revtrack import mediawiki`` of the same file, each with its peak memory (``ru_maxrss``).
Generated files are deterministic (``--seed``).
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SEED_DUMP = ROOT / "fixtures" / "importers" / "mediawiki" / "article-pear.xml"
USERS = ["Quercusrobur", "Mav", "PierreAbbat", "Wetman", "Rmhermen", "Ahoerstemeier", "Eclecticology"]


def _seed_text() -> str:
    import html

    xml = SEED_DUMP.read_text(encoding="utf-8")
    texts = re.findall(r'<text xml:space="preserve">(.*?)</text>', xml, re.DOTALL)
    return html.unescape(texts[-1])


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if len(s.split()) > 3]


def generate_wiki(path: Path, size_mb: float, seed: int, target_chars: int = 70_000) -> tuple[int, int]:
    """Write a one-page export of about *size_mb* MB; returns (revisions, bytes)."""
    rng = random.Random(seed)
    base = _seed_text()
    sentences = _sentences(base)
    words = sorted({w for s in sentences for w in s.split()})
    paragraphs = [p for p in base.split("\n\n") if p.strip()]

    def new_sentence() -> str:
        picked = rng.sample(words, rng.randint(8, 18))
        return " ".join(picked).capitalize().rstrip(".,") + "."

    def new_paragraph() -> str:
        return " ".join(new_sentence() for _ in range(rng.randint(3, 6)))

    when = datetime(2002, 2, 25, 15, 43, 11, tzinfo=UTC)
    written = 0
    revisions = 0
    limit = size_mb * 1e6
    vandalised: list[str] | None = None
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
            "  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>enwiki</dbname>\n"
            '    <namespaces>\n      <namespace key="0" case="first-letter" />\n'
            '      <namespace key="1" case="first-letter">Talk</namespace>\n    </namespaces>\n  </siteinfo>\n'
            "  <page>\n    <title>Pear</title>\n    <ns>0</ns>\n    <id>24278</id>\n"
        )
        while written < limit:
            revisions += 1
            when += timedelta(minutes=rng.randint(1, 600))
            text_paragraphs = paragraphs
            if vandalised is not None:  # the revert of the vandalism before
                paragraphs, vandalised = vandalised, None
                text_paragraphs = paragraphs
            else:
                size = sum(len(p) for p in paragraphs)
                roll = rng.random()
                if roll < 0.03:
                    vandalised = paragraphs
                    text_paragraphs = (
                        []
                        if rng.random() < 0.5
                        else [rng.choice(["lol", "PEARS ARE GROSS"]), *paragraphs[1:]]
                    )
                elif roll < 0.55 or not paragraphs:
                    if paragraphs:
                        k = rng.randrange(len(paragraphs))
                        ws = paragraphs[k].split(" ")
                        for _ in range(rng.randint(1, 3)):
                            ws[rng.randrange(len(ws))] = rng.choice(words)
                        paragraphs = [*paragraphs[:k], " ".join(ws), *paragraphs[k + 1 :]]
                    else:
                        paragraphs = [new_paragraph()]
                elif roll < 0.75 and size < target_chars:
                    k = rng.randrange(len(paragraphs))
                    paragraphs = [*paragraphs[:k], paragraphs[k] + " " + new_sentence(), *paragraphs[k + 1 :]]
                elif roll < 0.85 and size < target_chars:
                    k = rng.randrange(len(paragraphs) + 1)
                    paragraphs = [*paragraphs[:k], new_paragraph(), *paragraphs[k:]]
                elif roll < 0.95:
                    k = rng.randrange(len(paragraphs))
                    parts = _sentences(paragraphs[k])
                    if len(parts) > 1 or len(paragraphs) > 3:
                        if len(parts) > 1:
                            parts.pop(rng.randrange(len(parts)))
                            paragraphs = [*paragraphs[:k], " ".join(parts), *paragraphs[k + 1 :]]
                        else:
                            paragraphs = paragraphs[:k] + paragraphs[k + 1 :]
                else:
                    k, j = rng.randrange(len(paragraphs)), rng.randrange(len(paragraphs))
                    moved = list(paragraphs)
                    moved.insert(j, moved.pop(k))
                    paragraphs = moved
                text_paragraphs = paragraphs
            text = "\n\n".join(text_paragraphs)
            contributor = (
                f"<username>{rng.choice(USERS)}</username>"
                if rng.random() < 0.8
                else f"<ip>{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}</ip>"
            )
            chunk = (
                f"    <revision>\n      <id>{185184 + revisions}</id>\n"
                f"      <timestamp>{when:%Y-%m-%dT%H:%M:%SZ}</timestamp>\n"
                f"      <contributor>{contributor}</contributor>\n"
                f'      <text xml:space="preserve">{escape(text)}</text>\n    </revision>\n'
            )
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
        out.write("  </page>\n</mediawiki>\n")
    return revisions, path.stat().st_size


_MWXML_ALONE = """
import sys, time, mwxml, resource
start = time.perf_counter()
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
n = chars = 0
with open(sys.argv[1], "rb") as f:
    for page in mwxml.Dump.from_file(f):
        for revision in page:
            chars += len(revision.text or "")
            n += 1
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(n, usage.ru_utime + usage.ru_stime - cpu0, time.perf_counter() - start, usage.ru_maxrss)
"""

_REVTRACK = """
import sys, time
from pathlib import Path
from revtrack.importers import read_mediawiki, story_filename
from revtrack.storyfile import save_story
import resource
start = time.perf_counter()
cpu0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
n = 0
for story in read_mediawiki(sys.argv[1]):
    save_story(story, Path(sys.argv[2]) / story_filename(story.id))
    n += len(story)
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(n, usage.ru_utime + usage.ru_stime - cpu0, time.perf_counter() - start, usage.ru_maxrss)
"""


def _run(code: str, *args: str) -> tuple[int, float, float, float]:
    """(revisions, CPU seconds, wall seconds, peak MB) of *code* in a process of its own."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    n, cpu, seconds, maxrss_kb = done.stdout.split()
    return int(n), float(cpu), float(seconds), int(maxrss_kb) / 1024


def bench_wiki(size_mb: float, seed: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
        dump = keep or Path(scratch) / "pear-history.xml"
        if not dump.exists():
            start = time.perf_counter()
            revisions, size = generate_wiki(dump, size_mb, seed)
            print(
                f"generated {dump}: {revisions} revisions, {size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s"
            )
        out = Path(scratch) / "out"
        out.mkdir()
        n1, c1, t1, m1 = _run(_MWXML_ALONE, str(dump))
        n2, c2, t2, m2 = _run(_REVTRACK, str(dump), str(out))
        print(
            f"mwxml alone (every revision's text): {n1} revisions, {t1:.1f} s ({c1:.1f} s CPU), peak {m1:.0f} MB"
        )
        print(
            f"revtrack import mediawiki: {n2} revisions kept, {t2:.1f} s ({c2:.1f} s CPU), peak {m2:.0f} MB"
        )
        size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        print(
            f"ratio: {t2 / t1:.2f}x mwxml alone in time, {c2 / c1:.2f}x in CPU time; story file {size:.1f} MB"
        )


def bench_from_texts(seed: int) -> None:
    from revtrack import Story

    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(20000)
    ]

    def paragraph() -> str:
        return " ".join(
            " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(3, 6))
        )

    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < 10_000_000:
        paragraphs.append(paragraph())
    texts = ["\n\n".join(paragraphs)]
    for _ in range(4):
        paragraphs = list(paragraphs)
        for k in rng.sample(range(len(paragraphs)), int(0.32 * len(paragraphs))):
            ws = paragraphs[k].split(" ")
            for _ in range(3):
                ws[rng.randrange(len(ws))] = rng.choice(vocab)
            paragraphs[k] = " ".join(ws)
        texts.append("\n\n".join(paragraphs))
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    times = [t0 + timedelta(hours=k) for k in range(5)]
    from revtrack.diff import diff_texts

    start = time.perf_counter()
    for a, b in itertools.pairwise(texts):
        diff_texts(a, b)
    diffs = time.perf_counter() - start
    start = time.perf_counter()
    story = Story.from_texts(texts, times, id="big")
    elapsed = time.perf_counter() - start
    print(
        f"Story.from_texts, {len(texts[0]) / 1e6:.1f} MB x 5 revisions, 32% of paragraphs reworded per update:"
    )
    print(
        f"  {elapsed:.2f} s (the 4 word diffs alone: {diffs:.2f} s); updates: {[u.kind for u in story.updates]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["wiki", "from-texts"])
    parser.add_argument("--size-mb", type=float, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="write (or reuse) the generated dump here")
    args = parser.parse_args()
    print(f"load: {Path('/proc/loadavg').read_text().split()[:3]}, python {sys.version.split()[0]}")
    if args.what == "wiki":
        bench_wiki(args.size_mb, args.seed, args.keep)
    else:
        bench_from_texts(args.seed)
    print(f"this process peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
