"""Attribution accuracy on histories no one tuned on (issue 15): revtrack, WikiWho and ``git blame``.

Run: ``python benchmarks/bench_accuracy.py [--tool revtrack|wikiwho|git] [--sets long news short gold speed]
[--tuning] [--wikiwho-path DIR]``

The sets (held out by default; ``--tuning`` gives the sets that may be looked at while tuning instead):

* ``long``: :func:`revtrack.testing.harder.generate_hard`, 2 × 300 revisions of a ~5k-word story
  (held out: seeds 1001, 1002; tuning: 1, 2); every 10th revision and the last are scored;
* ``news``: :func:`revtrack.testing.newsroom.generate_news`, 40-revision breaking-news stories in
  English with formulaic quotes (held out: topics ``verdict`` and ``hurricane``, seeds 1000–1004;
  tuning: the tuning topics, seeds 1–3); every revision scored;
* ``short``: 12 × 50 revisions of a ~2k-word hard history (held out: seeds 1010–1021; tuning: 11–22);
* ``gold``: WikiWho's authorship cases on real Wikipedia histories (``benchmarks/data/wikiwho``: the
  17 cases, 64 tokens whose histories are published), scored in WikiWho's token conventions;
* ``speed``: revtrack's attribution against WikiWho's analysis of the same 500-revision history
  (held-out seed 1003), measured in one run, and the real 201-revision Japan Cup history.

Reported for each set: sentences (``introduced`` right), restored, split, merged (sentences that were
ever restored / split / merged), ``modified`` exactly right, words (lineage revision, ``spans``), word
origins (the whole-history origin: a sentence's ``origins`` where the tool gives them, else ``spans``),
formulaic sentences; for ``gold``: tokens and cases right. WikiWho is the installed ``WikiWho``
package, or the one in ``--wikiwho-path`` (a checkout: the directory that holds ``WikiWho/``).
"""

from __future__ import annotations

import argparse
import json
import lzma
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from revtrack.provenance import Tracker
from revtrack.testing.harder import generate_hard
from revtrack.testing.newsroom import HELD_OUT_TOPICS, TUNING_TOPICS, generate_news
from revtrack.testing.synthetic import CATEGORIES, History, Scores, score

DATA = Path(__file__).resolve().parent / "data" / "wikiwho"


# --- the sets -------------------------------------------------------------------------------


def histories(name: str, tuning: bool) -> list[tuple[str, History, list[int] | None]]:
    """(label, history, revisions to score) of one generated set."""
    if name == "long":
        seeds = (1, 2) if tuning else (1001, 1002)
        return [(f"hard {s} × 300", generate_hard(s, 300, words=5000), None) for s in seeds]
    if name == "news":
        topics = TUNING_TOPICS if tuning else HELD_OUT_TOPICS
        seeds = (1, 2, 3) if tuning else (1000, 1001, 1002, 1003, 1004)
        out = []
        for t in topics:
            for s in seeds:
                h = generate_news(t, s, 40)
                out.append((f"{t} {s}", h, list(range(len(h.texts)))))
        return out
    if name == "short":
        seeds = range(11, 23) if tuning else range(1010, 1022)
        return [(f"hard {s} × 50", generate_hard(s, 50, words=2000), None) for s in seeds]
    raise ValueError(name)


def add_scores(a: Scores | None, b: Scores) -> Scores:
    if a is None:
        return b
    cats = {c: (t, r) for c, t, r in a.categories}
    return Scores(
        a.sentences + b.sentences,
        a.introduced + b.introduced,
        a.modified + b.modified,
        a.unmatched + b.unmatched,
        a.words + b.words,
        a.words_right + b.words_right,
        a.origins_right + b.origins_right,
        tuple((c, cats[c][0] + t, cats[c][1] + r) for c, t, r in b.categories),
    )


# --- the tools on generated histories ---------------------------------------------------------


def revtrack_scores(h: History, revs: Sequence[int] | None) -> tuple[float, Scores]:
    start = time.perf_counter()
    tracker = Tracker()
    for text in h.texts:
        tracker.add(text)
    elapsed = time.perf_counter() - start

    class Prov:
        def __init__(self, r: int) -> None:
            self.text = h.texts[r]
            self.sentences = tracker.sentences(r)

    return elapsed, score(h, Prov, revs)


def wikiwho_scores(h: History, revs: Sequence[int] | None) -> tuple[float, Scores]:
    from peers import wikiwho_analyse, wikiwho_attribution

    bounds = [[(s.start, s.end) for s in t.sentences] for t in h.truth]
    start = time.perf_counter()
    ww = wikiwho_analyse(h.texts)
    elapsed = time.perf_counter() - start
    return elapsed, score(h, lambda r: wikiwho_attribution(ww, h.texts, r, bounds[r]), revs)


def git_scores(h: History, revs: Sequence[int] | None) -> tuple[float, Scores]:
    from peers import git_blame_attribution, git_commit_history

    bounds = [[(s.start, s.end) for s in t.sentences] for t in h.truth]
    n = len(h.texts)
    wanted = list(revs) if revs is not None else sorted({*range(0, n, 10), n - 1})
    blamed = wanted if len(wanted) <= 12 else [*wanted[:: max(1, len(wanted) // 12)], wanted[-1]]
    start = time.perf_counter()
    repo = git_commit_history(h.texts, bounds)
    s = score(h, lambda r: git_blame_attribution(repo, h.texts, r, bounds[r]), sorted(set(blamed)))
    return time.perf_counter() - start, s


TOOLS: dict[str, Callable[[History, Sequence[int] | None], tuple[float, Scores]]] = {
    "revtrack": revtrack_scores,
    "wikiwho": wikiwho_scores,
    "git": git_scores,
}


def row(label: str, tool: str, seconds: float, s: Scores) -> str:
    def rate(c: str) -> str:
        n = s.category_count(c)
        return f"{s.category_rate(c):.1%} ({n})" if n else "—"

    return (
        f"| {label} | {tool} | {seconds:.2f} s | {s.introduced_rate:.2%} | {rate('restored')} | {rate('split')} | "
        f"{rate('merged')} | {s.modified_rate:.2%} | {s.word_rate:.2%} | {s.origin_rate:.2%} | {rate('formula')} |"
    )


HEADER = (
    "| set | tool | time | sentences | restored | split | merged | modified exact | words | word origins | formulaic |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


# --- WikiWho's gold cases -----------------------------------------------------------------------


def load_revisions(fixture: str, through: int | None) -> list[dict[str, Any]]:
    name = Path(fixture).name.replace(".json", "")
    path = DATA / f"{name}.json.xz"
    if not path.exists():
        return []
    revisions: list[dict[str, Any]] = json.loads(lzma.decompress(path.read_bytes()))
    if through is None:
        return revisions
    for k, r in enumerate(revisions):
        if r["revid"] == through:
            return revisions[: k + 1]
    raise ValueError(f"{path}: no revision {through}")


def _find(values: Sequence[str], needle: Sequence[str], occurrence: int = 1) -> int | None:
    found = 0
    for i in range(max(0, len(values) - len(needle) + 1)):
        if list(values[i : i + len(needle)]) == list(needle):
            found += 1
            if found == occurrence:
                return i
    return None


def selected_tokens(case: dict[str, Any], values: Sequence[str]) -> list[int]:
    """The token indices a case is about (as WikiWho's ``tests/test_authorship_cases.py`` picks them)."""
    from WikiWho.utils import split_into_tokens

    if "token_index" in case:
        return [case["token_index"]]
    context = split_into_tokens(case["context"].lower())
    start = _find(values, context, case.get("context_occurrence", 1))
    if start is None:
        raise ValueError(f"context of {case['id']} not found")
    out: set[int] = set()
    for focus in case["focus"]:
        text, occurrence = (
            (focus["text"], focus.get("occurrence", 1)) if isinstance(focus, dict) else (focus, 1)
        )
        tokens = split_into_tokens(text.lower())
        at = _find(context, tokens, occurrence)
        if at is None:
            raise ValueError(f"focus {text!r} of {case['id']} not found")
        out.update(range(start + at, start + at + len(tokens)))
    return sorted(out)


def gold_cases() -> Iterable[tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]]:
    for group in json.loads((DATA / "authorship_cases.json").read_text(encoding="utf-8")):
        revisions = load_revisions(group["fixture"], group.get("history_through_revid"))
        if not revisions:
            continue  # its history is not published with the cases
        for case in group["cases"]:
            yield group, case, revisions


def _snapshot(group: dict[str, Any], case: dict[str, Any], revisions: Sequence[dict[str, Any]]) -> int:
    revid = case.get("snapshot_revid", group.get("snapshot_revid"))
    return revisions[-1]["revid"] if revid is None else int(revid)


def gold_revtrack(spans_of: str = "spans") -> tuple[int, int, int, int, float]:
    """Tokens right, tokens, cases right, cases, seconds: revtrack on the gold cases."""
    from WikiWho.utils import split_into_tokens

    tokens_right = tokens = cases_right = cases = 0
    seconds = 0.0
    trackers: dict[tuple[str, int], Tracker] = {}
    for group, case, revisions in gold_cases():
        key = (group["fixture"], revisions[-1]["revid"])
        if key not in trackers:
            start = time.perf_counter()
            tracker = Tracker()
            for r in revisions:
                tracker.add(r.get("*", ""))
            seconds += time.perf_counter() - start
            trackers[key] = tracker
        tracker = trackers[key]
        ids = [r["revid"] for r in revisions]
        snap = ids.index(_snapshot(group, case, revisions))
        text = tracker.text(snap)
        lower = text.lower()
        values = split_into_tokens(lower)
        positions = []
        at = 0
        for v in values:
            found = lower.find(v, at)
            positions.append(found)
            at = found + len(v) if found >= 0 else at
        spans = [(p.start, p.end, p.revision) for s in tracker.sentences(snap) for p in getattr(s, spans_of)]
        expected = case["expected"]["origin_rev_ids"]
        chosen = selected_tokens(case, values)
        if not isinstance(expected, list):
            expected = [expected] * len(chosen)
        right = 0
        for k, want in zip(chosen, expected, strict=True):
            pos = positions[k]
            got = next((ids[rev] for a, b, rev in spans if a <= pos < b), None)
            right += got == want
        tokens_right += right
        tokens += len(chosen)
        cases_right += right == len(chosen)
        cases += 1
    return tokens_right, tokens, cases_right, cases, seconds


def gold_wikiwho() -> tuple[int, int, int, int, float]:
    """Tokens right, tokens, cases right, cases, seconds: WikiWho (as imported) on the gold cases."""
    from WikiWho.utils import iter_rev_tokens
    from WikiWho.wikiwho import Wikiwho

    tokens_right = tokens = cases_right = cases = 0
    seconds = 0.0
    done: dict[tuple[str, int], Any] = {}
    for group, case, revisions in gold_cases():
        key = (group["fixture"], revisions[-1]["revid"])
        if key not in done:
            start = time.perf_counter()
            ww = Wikiwho(group["title"])
            ww.analyse_article(revisions)
            seconds += time.perf_counter() - start
            done[key] = ww
        ww = done[key]
        revision = ww.revisions.get(_snapshot(group, case, revisions))
        words = list(iter_rev_tokens(revision)) if revision is not None else []
        values = [w.value for w in words]
        expected = case["expected"]["origin_rev_ids"]
        try:
            chosen = selected_tokens(case, values)
        except (ValueError, IndexError):
            chosen = []
        n = len(expected) if isinstance(expected, list) else 1
        if not isinstance(expected, list):
            expected = [expected] * max(1, len(chosen))
        right = sum(
            k < len(words) and words[k].origin_rev_id == want
            for k, want in zip(chosen, expected, strict=False)
        )
        tokens_right += right
        tokens += n
        cases_right += right == n
        cases += 1
    return tokens_right, tokens, cases_right, cases, seconds


# --- speed -----------------------------------------------------------------------------------------


def speed(repeat: int = 3) -> list[str]:
    from peers import wikiwho_analyse

    lines = []
    real = load_revisions("japan_cup_revisions.json", None)
    for label, texts in (
        ("hard 1003 × 500 (held out)", list(generate_hard(1003, 500, words=5000).texts)),
        ("Japan Cup, Wikipedia, 201 revisions", [r.get("*", "") for r in real]),
    ):

        def track(texts: list[str] = texts) -> None:
            tracker = Tracker()
            for text in texts:
                tracker.add(text)

        ours = []
        theirs = []
        for _ in range(repeat):  # interleaved, so that both see the same load
            start = time.perf_counter()
            track()
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            wikiwho_analyse(texts)
            theirs.append(time.perf_counter() - start)
        a, b = statistics.median(ours), statistics.median(theirs)
        lines.append(f"| {label} | {a:.3f} s | {b:.3f} s | {b / a:.1f}× |")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", choices=sorted(TOOLS), default="revtrack")
    parser.add_argument("--sets", nargs="+", default=["long", "news", "short", "gold"])
    parser.add_argument("--tuning", action="store_true", help="the tuning sets instead of the held-out ones")
    parser.add_argument(
        "--wikiwho-path", type=Path, help="a WikiWho checkout to import instead of the installed one"
    )
    parser.add_argument("--each", action="store_true", help="a row per history too")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a threshold of revtrack.provenance._similarity, for ablations (QUOTE_THRESHOLD=0 turns the quote rule off)",
    )
    args = parser.parse_args(argv)
    for setting in args.set:
        from sweep_threshold import set_threshold

        name, value = setting.split("=")
        set_threshold(name, float(value))
    if args.wikiwho_path:
        sys.path.insert(0, str(args.wikiwho_path.resolve()))
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()} · Python {platform.python_version()} · "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores · load {' '.join(load)}"
    )
    print(f"# python benchmarks/bench_accuracy.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    if args.tool == "wikiwho":
        import WikiWho

        print(f"# WikiWho from {Path(WikiWho.__file__).parent}")
    for name in args.sets:
        if name == "gold":
            if args.tool == "git":
                continue
            print("\n| set | tool | time | tokens right | cases right |\n|---|---|---:|---:|---:|")
            if args.tool == "revtrack":
                runs = [("revtrack (spans)", gold_revtrack("spans"))]
                if hasattr(__import__("revtrack.provenance").provenance.SentenceProvenance, "origins"):
                    runs.append(("revtrack (origins)", gold_revtrack("origins")))
            else:
                runs = [("WikiWho", gold_wikiwho())]
            for tool, (tr, t, cr, c, secs) in runs:
                print(f"| WikiWho gold | {tool} | {secs:.2f} s | {tr} of {t} | {cr} of {c} |")
            continue
        if name == "speed":
            print("\n| history | revtrack | WikiWho | ratio |\n|---|---:|---:|---:|")
            for line in speed():
                print(line)
            continue
        print(f"\n{HEADER}")
        total: Scores | None = None
        seconds = 0.0
        for label, h, revs in histories(name, args.tuning):
            t, s = TOOLS[args.tool](h, revs)
            seconds += t
            total = add_scores(total, s)
            if args.each:
                print(row(label, args.tool, t, s))
        assert total is not None
        print(row(f"**{name}**{' (tuning)' if args.tuning else ''}", args.tool, seconds, total))
    assert set(CATEGORIES) >= {"restored", "split", "merged", "formula"}


if __name__ == "__main__":
    main()
