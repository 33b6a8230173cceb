"""Long histories in bounded memory (issue 12): peak memory and time of whole commands.

    python benchmarks/bench_long.py liveblog [--sizes 1000 5000 10000 20000]
    python benchmarks/bench_long.py wiki --revisions 15000 [--wikiwho]
    python benchmarks/bench_long.py reworded [--mb 10] [--vocabulary flat|zipf]

Each command runs as its own process, one at a time, under GNU time (wall
seconds, peak resident memory); inputs are made by ``gen_long.py`` into
``--dir`` when missing. ``--wikiwho`` also runs WikiWho (``pip install
wikiwho``) on the same story file, fed one revision at a time by revtrack's
reader. The machine's load average is printed before and after: timings on a
shared machine are only comparable within one run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
REVTRACK = [PYTHON, "-m", "revtrack"]


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(command: list[str], label: str) -> tuple[float, float]:
    """Run *command* (output discarded); print and return (seconds, peak MB), with the CPU seconds
    (user + system: what a loaded machine moves least)."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    last = result.stderr.strip().splitlines()[-1]
    seconds, user, system, kb = last.split()
    if result.returncode:
        print(f"  {label}: FAILED ({result.returncode}): {result.stderr.strip()[-300:]}")
    peak = int(kb) / 1024
    cpu = float(user) + float(system)
    print(f"| {label} | {float(seconds):.1f} s | {cpu:.1f} s | {peak:,.0f} MB |", flush=True)
    return float(seconds), peak


def _generate(args: list[str], path: Path) -> Path:
    if not path.exists():
        subprocess.run([PYTHON, str(HERE / "gen_long.py"), *args, "-o", str(path)], check=True)
    return path


def liveblog(directory: Path, sizes: list[int]) -> None:
    print(f"load before: {_load()}")
    print("| input | wall | CPU | peak memory |\n|---|---:|---:|---:|")
    for n in sizes:
        path = _generate(["liveblog", "--updates", str(n)], directory / f"blog{n}.json")
        mb = path.stat().st_size / 1e6
        for command in (
            ["validate"],
            ["text", "--at", str(n // 2)],
            ["blame", "--format", "json"],
            ["log"],
            ["audit"],
        ):
            name = f"{n:,} updates ({mb:.1f} MB): {' '.join(command)}"
            measure([*REVTRACK, command[0], str(path), *command[1:]], name)
    print(f"load after: {_load()}")


_WIKIWHO = """
import sys
from WikiWho.wikiwho import Wikiwho
from revtrack.storyfile import load_story

story = load_story(sys.argv[1])
page = (
    {"*": r.text, "revid": r.index + 1, "timestamp": r.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"), "userid": r.index + 1}
    for r in story.revisions
)
ww = Wikiwho(story.id)
ww.analyse_article(page)
print(len(ww.revisions))
"""


def wiki(directory: Path, revisions: int, kb: int, wikiwho: bool) -> None:
    whole = _generate(
        ["wiki", "--revisions", str(revisions), "--kb", str(kb)], directory / f"wiki{revisions}.json"
    )
    patches = _generate(
        ["wiki", "--revisions", str(revisions), "--kb", str(kb), "--patches"],
        directory / f"wiki{revisions}-p.json",
    )
    print(f"load before: {_load()}")
    print("| input | wall | CPU | peak memory |\n|---|---:|---:|---:|")
    for path, kind in ((whole, "whole texts"), (patches, "patches")):
        mb = path.stat().st_size / 1e6
        measure(
            [*REVTRACK, "validate", str(path)], f"{revisions:,} revisions, {kind} ({mb:,.0f} MB): validate"
        )
        measure(
            [*REVTRACK, "blame", str(path), "--format", "json"],
            f"{revisions:,} revisions, {kind} ({mb:,.0f} MB): blame --format json",
        )
    if wikiwho:
        mb = whole.stat().st_size / 1e6
        measure(
            [PYTHON, "-c", _WIKIWHO, str(whole)],
            f"{revisions:,} revisions, whole texts ({mb:,.0f} MB): WikiWho",
        )
    print(f"load after: {_load()}")


def reworded(directory: Path, mb: float, vocabulary: str) -> None:
    """Blame against the word diffs of the same revisions, and Story.from_texts, in one process."""
    sys.path.insert(0, str(HERE))
    from gen_long import T0, reworded as texts_of

    from revtrack.diff import diff_texts
    from revtrack.provenance import track_story
    from revtrack.story import Story

    print(f"load before: {_load()}")
    texts = list(texts_of(mb, 5, 0.32, vocabulary=vocabulary))
    times = [T0] * len(texts)
    start = time.perf_counter()
    story = Story.from_texts(texts, times, id="reworded")
    built = time.perf_counter() - start
    start = time.perf_counter()
    for before, after in itertools.pairwise(texts):
        diff_texts(before, after)
    diffs = time.perf_counter() - start
    start = time.perf_counter()
    tracker = track_story(story)
    tracker.sentences()
    blame = time.perf_counter() - start
    size = sum(map(len, texts)) / len(texts) / 1e6
    print(
        f"{size:.1f} MB x {len(texts)} revisions, 32% of paragraphs reworded per update ({vocabulary} vocabulary):"
    )
    print(
        f"  Story.from_texts {built:.2f} s; word diffs {diffs:.2f} s; blame {blame:.2f} s ({blame / diffs:.1f}x the diffs)"
    )
    print(f"load after: {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", choices=["liveblog", "wiki", "reworded"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/revtrack-long"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000, 20000])
    parser.add_argument("--revisions", type=int, default=15000)
    parser.add_argument("--kb", type=int, default=70)
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--vocabulary", choices=["flat", "zipf"], default="flat")
    parser.add_argument("--wikiwho", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.kind == "liveblog":
        liveblog(args.dir, args.sizes)
    elif args.kind == "wiki":
        wiki(args.dir, args.revisions, args.kb, args.wikiwho)
    else:
        reworded(args.dir, args.mb, args.vocabulary)


if __name__ == "__main__":
    main()
