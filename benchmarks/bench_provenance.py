"""Attribution benchmark: revtrack against WikiWho and ``git blame -M -C`` on generated histories.

Run: ``python benchmarks/bench_provenance.py [--revisions 500] [--seeds 1 2 3] [--words 5000]``

For each generated history (``revtrack.testing.synthetic``, whose truth is known) it
measures, on the same revision texts:

* accuracy: sentence ``introduced``, word revisions, ``modified`` exactly, and
  the moved / restored / split / merged sentences, on every 10th revision and
  the last (every revision for short histories);
* time: attribution alone (the texts given), WikiWho's analysis of the same
  texts, git's commits and blame; the whole ``revtrack blame`` command on the
  story file; one incremental update (``Tracker.add``) of the last revision,
  and a save/load round trip of the tracker;
* growth: attribution time at 1/4, 1/2 and all of the revisions.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import git_blame_attribution, git_commit_history, wikiwho_analyse, wikiwho_attribution

from revtrack.provenance import Tracker
from revtrack.storyfile import save_story
from revtrack.testing.synthetic import generate_history, score


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median wall time of *fn* over *repeat* runs, and its last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def sample(n: int) -> list[int]:
    return list(range(n)) if n <= 60 else sorted({*range(0, n, 10), n - 1})


def run(seed: int, revisions: int, words: int, git: bool) -> dict[str, Any]:
    history = generate_history(seed, revisions, words=words)
    texts = list(history.texts)
    revs = sample(len(texts))
    bounds = [[(s.start, s.end) for s in history.truth[r].sentences] for r in range(len(texts))]

    def track() -> Tracker:
        tracker = Tracker()
        for text in texts:
            tracker.add(text)
        return tracker

    t_ours, tracker = timed(track)

    class Ours:
        def __init__(self, r: int) -> None:
            self.text = texts[r]
            self.sentences = tracker.sentences(r)

    s_ours = score(history, Ours, revs)
    t_ww, ww = timed(lambda: wikiwho_analyse(texts), repeat=1)
    s_ww = score(history, lambda r: wikiwho_attribution(ww, texts, r, bounds[r]), revs)
    out: dict[str, Any] = {
        "seed": seed,
        "revisions": len(texts),
        "words": len(texts[-1].split()),
        "ours": (t_ours, s_ours),
        "wikiwho": (t_ww, s_ww),
    }
    if git:
        start = time.perf_counter()
        repo = git_commit_history(texts, bounds)
        t_commit = time.perf_counter() - start
        blame_revs = revs if len(revs) <= 12 else [*revs[:: max(1, len(revs) // 12)], revs[-1]]
        start = time.perf_counter()
        s_git = score(history, lambda r: git_blame_attribution(repo, texts, r, bounds[r]), blame_revs)
        t_blame = (time.perf_counter() - start) / len(blame_revs)
        out["git"] = (t_commit, t_blame, s_git)

    # Growth: attribution time on prefixes of the history.
    growth = []
    for frac in (0.25, 0.5, 1.0):
        k = max(1, int(len(texts) * frac))

        def prefix(k: int = k) -> None:
            tracker = Tracker()
            for text in texts[:k]:
                tracker.add(text)

        growth.append((k, timed(prefix)[0]))
    out["growth"] = growth

    # One incremental update of the last revision, and the saved state round trip.
    partial = Tracker()
    for text in texts[:-1]:
        partial.add(text)
    state = partial.dumps()
    t_load, _ = timed(lambda: Tracker.loads(state))

    t_inc = statistics.median(_add_only(state, texts[-1]) for _ in range(5))
    out["incremental"] = (t_inc, t_load, len(state))

    # The whole command, from the story file.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.json"
        save_story(history.story(), path)
        out["story_bytes"] = path.stat().st_size
        cmd = [sys.executable, "-m", "revtrack", "blame", str(path), "--format", "json"]
        out["blame_cmd"] = timed(lambda: subprocess.run(cmd, check=True, capture_output=True), repeat=3)[0]
        read = [sys.executable, "-c", f"from revtrack import load_story; load_story({str(path)!r})"]
        out["load_cmd"] = timed(lambda: subprocess.run(read, check=True, capture_output=True), repeat=3)[0]
    return out


def _add_only(state: str, text: str) -> float:
    tracker = Tracker.loads(state)
    start = time.perf_counter()
    tracker.add(text)
    return time.perf_counter() - start


def fmt_scores(s: Any) -> str:
    return (
        f"introduced {s.introduced_rate:6.1%}  words {s.word_rate:6.1%}  modified {s.modified_rate:6.1%}  "
        f"moved {s.category_rate('moved'):6.1%}  restored {s.category_rate('restored'):6.1%}  "
        f"split {s.category_rate('split'):6.1%}  merged {s.category_rate('merged'):6.1%}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--no-git", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · {platform.python_version()} · "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores"
    )
    print(
        f"# python benchmarks/bench_provenance.py --revisions {' '.join(map(str, args.revisions))} "
        f"--seeds {' '.join(map(str, args.seeds))} --words {args.words}"
    )
    for n in args.revisions:
        for seed in args.seeds:
            r = run(seed, n, args.words, not args.no_git)
            print(
                f"\n## seed {seed}: {r['revisions']} revisions, {r['words']} words at the end, "
                f"story file {r['story_bytes'] / 1e6:.1f} MB"
            )
            t, s = r["ours"]
            print(f"revtrack  {t:8.3f} s  {fmt_scores(s)}")
            t, s = r["wikiwho"]
            print(f"WikiWho   {t:8.3f} s  {fmt_scores(s)}")
            if "git" in r:
                tc, tb, s = r["git"]
                print(f"git blame {tc:8.3f} s to commit, {tb:.3f} s per blame  {fmt_scores(s)}")
            print(f"speed-up over WikiWho: {r['wikiwho'][0] / r['ours'][0]:.1f}x")
            print("growth: " + ", ".join(f"{k} revisions {t:.3f} s" for k, t in r["growth"]))
            inc, load, size = r["incremental"]
            print(
                f"one incremental update: {inc * 1000:.2f} ms (loading the saved tracker, "
                f"{size / 1e6:.1f} MB: {load * 1000:.0f} ms)"
            )
            print(
                f"whole `revtrack blame --format json`: {r['blame_cmd']:.3f} s "
                f"(of which reading the story: {r['load_cmd']:.3f} s)"
            )


if __name__ == "__main__":
    main()
