"""Corpus throughput, scaling and memory (issue 14): ``nice python benchmarks/bench_corpus.py --data /tmp/rt-corpus``.

1. Generates news-sized stories once (cached in ``--data``): 5–15 versions, 500–1,500 words, updates
   minutes to hours apart — :func:`revtrack.testing.synthetic.generate_history`, wrapped.
2. Times a shell loop of ``revtrack blame STORY > /dev/null`` over a sample of them (a new process
   per story, as a user without a corpus mode would), and ``revtrack corpus run`` with one and two
   local workers, alternately, in the same run; and a Dask LocalCluster of two worker processes.
3. Records, besides wall-clock time, the CPU seconds per version (the workers' own, which the machine's
   load does not change) and each worker's peak memory at 1,000 and 10,000 stories (the 10,000 made of
   the generated ones, linked five times).
4. Projects NewsEdits (4.6 million versions) from the measured per-version costs and output size.

Prints a Markdown section for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSEDITS_VERSIONS = 4_600_000


def _one_story(seed: int, folder: str) -> None:
    """Story *seed*: its size and pace drawn from *seed*, so the corpus is the same on every machine."""
    import attrs

    from revtrack.storyfile import save_story
    from revtrack.testing.synthetic import generate_history

    rng = random.Random(seed)
    history = generate_history(seed, revisions=rng.randint(5, 15), words=rng.randint(500, 1500))
    story = history.story()
    # News pace, not the generator's fixed 7 minutes: updates from minutes to many hours apart.
    when = story.base.timestamp
    updates = []
    for update in story.updates:
        when += timedelta(minutes=rng.choice([3, 10, 25, 45, 90, 180, 360, 900]))
        updates.append(attrs.evolve(update, timestamp=when, timestamp_text=when.isoformat()))
    story = attrs.evolve(story, updates=tuple(updates), id=f"news-{seed:05d}")
    save_story(story, Path(folder) / f"desk-{seed % 20:02d}" / f"news-{seed:05d}.json")


def generate(folder: Path, count: int) -> list[Path]:
    done = sorted(folder.rglob("news-*.json"))
    if len(done) < count:
        for sub in range(20):
            (folder / f"desk-{sub:02d}").mkdir(parents=True, exist_ok=True)
        have = {int(p.stem.split("-")[1]) for p in done}
        todo = [seed for seed in range(count) if seed not in have]
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(_one_story, todo, [str(folder)] * len(todo), chunksize=20))
    return sorted(folder.rglob("news-*.json"))[:count]


def linked_corpus(stories: list[Path], folder: Path, count: int) -> Path:
    """*count* stories made of *stories* linked again and again (memory needs sizes, not new texts)."""
    if folder.exists():
        shutil.rmtree(folder)
    for k in range(count):
        source = stories[k % len(stories)]
        target = folder / f"copy-{k // len(stories)}" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    return folder


_RUN = """
import json, resource, sys
from revtrack.corpus import RunOptions, run_corpus
args = json.loads(sys.argv[1])
scheduler = args.pop("scheduler", None)
s = run_corpus(args.pop("sources"), args.pop("out"), RunOptions(restart=True, scheduler=scheduler, **args))
print(json.dumps({"stories": s.stories, "versions": s.versions, "errors": s.errors, "seconds": s.seconds,
                  "cpu": s.cpu, "worker_peak": s.peak_memory,
                  "driver_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def corpus_run(sources: list[str], out: Path, **options: object) -> dict[str, float]:
    """One ``run_corpus`` in a fresh process (its own start-up and pool included in the time)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps({"sources": sources, "out": str(out), **options})],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    result["wall"] = time.perf_counter() - start
    return result


def shell_loop(stories: list[Path]) -> tuple[float, float]:
    """Wall seconds and CPU seconds of ``for f in …; do revtrack blame "$f" > /dev/null; done``."""
    listing = Path("/tmp/revtrack-bench-loop.txt")
    listing.write_text("\n".join(str(p) for p in stories) + "\n")
    revtrack = Path(sys.executable).parent / "revtrack"
    script = f'while read -r f; do "{revtrack}" blame "$f" > /dev/null; done < {listing}'
    before = os.times()
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script], check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("part-*.parquet"))


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("/tmp/rt-corpus"))
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--loop-sample", type=int, default=400, help="stories in the shell loop")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    print(f"load before: {_load()}", file=sys.stderr)
    t = time.perf_counter()
    stories = generate(args.data / "stories", args.stories)
    print(f"{len(stories)} stories ready in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    source = [str(args.data / "stories")]
    out = args.data / "out"
    lines = []
    loads = [_load()]

    sample = random.Random(1).sample(stories, min(args.loop_sample, len(stories)))
    sample_versions = sum(len(json.loads(p.read_text())["updates"]) + 1 for p in sample)
    loop_wall, loop_cpu = shell_loop(sample)
    loop_rate = sample_versions / loop_wall  # versions/s: the sample's mix of sizes is not the corpus's
    print(f"shell loop: {loop_rate:.1f} versions/s", file=sys.stderr)

    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    for _ in range(args.rounds):
        for workers in (1, 2):
            runs[workers].append(corpus_run(source, out / f"w{workers}", workers=workers, shard_size=100))
            r = runs[workers][-1]
            print(f"{workers} worker(s): {r['stories'] / r['wall']:.1f} stories/s", file=sys.stderr)
            loads.append(_load())

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask_run = corpus_run(source, out / "dask", scheduler=cluster.scheduler_address, shard_size=100)
    loads.append(_load())
    corpus_run(source, out / "last", workers=2, shard_size=100, last_only=True)

    def med(workers: int, key: str) -> float:
        return statistics.median(r[key] for r in runs[workers])

    versions = runs[1][0]["versions"]
    n = runs[1][0]["stories"]
    rate1 = n / med(1, "wall")
    rate2 = n / med(2, "wall")
    cpu_per_version = med(1, "cpu") / versions
    cpu_per_version2 = med(2, "cpu") / versions
    loop_cpu_per_version = loop_cpu / sample_versions
    full_bytes, last_bytes = _size(out / "w2"), _size(out / "last")

    lines.append(
        f"Corpus: {n:,} generated news-sized stories, {versions:,} versions ({versions / n:.1f} per story)."
    )
    lines.append("")
    lines.append("| | stories/s | versions/s | × shell loop | CPU ms per version |")
    lines.append("|---|---:|---:|---:|---:|")
    per_story = versions / n
    lines.append(
        f"| shell loop of `revtrack blame` ({len(sample)} stories, {sample_versions} versions) | "
        f"{loop_rate / per_story:.1f} | {loop_rate:.0f} | 1 | {1000 * loop_cpu_per_version:.1f} |"
    )
    for workers, rate, cpu in ((1, rate1, cpu_per_version), (2, rate2, cpu_per_version2)):
        lines.append(
            f"| `corpus run --workers {workers}` (median of {args.rounds}) | {rate:.1f} | "
            f"{rate * per_story:.0f} | {rate * per_story / loop_rate:.1f} | {1000 * cpu:.2f} |"
        )
    dask_rate = n / dask_run["wall"]
    lines.append(
        f"| Dask LocalCluster, 2 worker processes | {dask_rate:.1f} | {dask_rate * per_story:.0f} | "
        f"{dask_rate * per_story / loop_rate:.1f} | {1000 * dask_run['cpu'] / versions:.2f} |"
    )
    lines.append("")
    lines.append(
        f"2 workers / 1 worker: {rate2 / rate1:.2f}× (wall clock). Load-independent: CPU per version, shell loop "
        f"{1000 * loop_cpu_per_version:.0f} ms against {1000 * cpu_per_version:.2f} ms in a corpus worker "
        f"({loop_cpu_per_version / cpu_per_version:.0f}×); CPU per version with 2 workers is "
        f"{cpu_per_version2 / cpu_per_version:.2f}× that with 1 (so 2 idle cores would give "
        f"{2 * cpu_per_version / cpu_per_version2:.2f}×)."
    )
    lines.append(f"Load averages (1, 5, 15 min) before and after each run: {' | '.join(loads)}.")
    lines.append("")
    lines.append(
        f"Output: {full_bytes / 1e6:.1f} MB of Parquet ({full_bytes / versions / 1e3:.1f} kB per version) with every "
        f"revision's sentences; {last_bytes / 1e6:.1f} MB ({last_bytes / versions / 1e3:.2f} kB per version) with "
        "`--last-only`."
    )
    lines.append(
        f"Peak memory: a worker {med(2, 'worker_peak') / 2**20:.0f} MB, the driver {med(2, 'driver_peak') / 2**20:.0f} MB "
        f"({n:,} stories)."
    )

    if not args.skip_memory:
        lines.append("")
        lines.append("| stories | worker peak MB | driver peak MB | seconds |")
        lines.append("|---:|---:|---:|---:|")
        for count in (1000, 10000):
            folder = linked_corpus(stories, args.data / f"linked-{count}", count)
            r = corpus_run([str(folder)], out / f"mem-{count}", workers=2, shard_size=100, last_only=True)
            lines.append(
                f"| {count:,} | {r['worker_peak'] / 2**20:.0f} | {r['driver_peak'] / 2**20:.0f} | {r['wall']:.0f} |"
            )
            shutil.rmtree(folder)

    hours_here = NEWSEDITS_VERSIONS / (rate2 * versions / n) / 3600
    cluster16 = NEWSEDITS_VERSIONS * cpu_per_version2 / 16 / 3600
    lines.append("")
    lines.append(
        f"NewsEdits scale ({NEWSEDITS_VERSIONS / 1e6:.1f} M versions), from these per-version costs: about "
        f"{hours_here:.1f} h on this machine (2 workers at the measured wall-clock rate); about "
        f"{cluster16 * 60:.0f} min on 16 workers of this CPU (CPU per version ÷ 16, shards of 500 stories "
        f"keep 16 workers busy); output about {NEWSEDITS_VERSIONS * full_bytes / versions / 1e9:.0f} GB with every "
        f"revision's sentences, {NEWSEDITS_VERSIONS * last_bytes / versions / 1e9:.1f} GB with `--last-only`."
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
