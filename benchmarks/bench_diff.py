"""Word-diff benchmark: revtrack against diff-match-patch, difflib, fast-diff-match-patch and git.

Run: ``python benchmarks/bench_diff.py`` (``pip install fast-diff-match-patch`` for that peer).

The same five pairs for every contender, generated deterministically: a 2k-word
story plus an appended update; 5k words with 2% of words edited; 20k words
with 10% edited and paragraphs moved; 100k words with 1% edited; two unrelated
5k-word texts. Edits replace, insert or delete single words inside paragraphs
(paragraph breaks stay where they were, as in real corrections).

In-process medians: revtrack's ``diff_texts``; diff-match-patch on word-encoded
text (its pure-Python "line mode" applied to words, no time limit) and on
characters; ``difflib.SequenceMatcher`` on the same tokens; fast-diff-match-patch
on the same encoded tokens. Whole process: ``revtrack diff A B --format json``,
a fast-diff-match-patch script, and ``git diff --no-index --word-diff``.
Peers that would run past ``--budget`` seconds on a pair are skipped and say so.
"""

from __future__ import annotations

import argparse
import difflib
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from revtrack.diff import diff_texts
from revtrack.text import split_words


def _pairs(seed: int = 1) -> dict[str, tuple[str, str]]:
    rng = random.Random(seed)
    syllables = [
        "ba",
        "be",
        "bi",
        "bo",
        "da",
        "de",
        "di",
        "ka",
        "ke",
        "ko",
        "la",
        "le",
        "li",
        "ma",
        "me",
        "mo",
        "na",
        "ne",
        "ni",
        "ra",
        "re",
        "ri",
        "sa",
        "se",
        "ta",
        "te",
        "to",
        "va",
    ]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(9000)})
    weights = [1.0 / (k + 1) for k in range(len(vocab))]

    def paragraphs(words: int) -> list[list[str]]:
        out = []
        while words > 0:
            n = min(words, rng.randint(40, 150))
            ws = rng.choices(vocab, weights, k=n)
            ws[0] = ws[0].capitalize()
            ws[-1] += "."
            out.append(ws)
            words -= n
        return out

    def edited(paras: list[list[str]], fraction: float) -> list[list[str]]:
        out = [list(p) for p in paras]
        total = sum(len(p) for p in out)
        for _ in range(int(total * fraction)):
            p = rng.choice(out)
            k = rng.randrange(len(p))
            roll = rng.random()
            if roll < 0.5:
                p[k] = rng.choices(vocab, weights)[0]
            elif roll < 0.75:
                p.insert(k, rng.choices(vocab, weights)[0])
            elif len(p) > 5:
                del p[k]
        return out

    def text(paras: list[list[str]]) -> str:
        return "\n\n".join(" ".join(p) for p in paras)

    pairs = {}
    base = paragraphs(2000)
    pairs["2k + appended update"] = (text(base), text(base + paragraphs(300)))
    base = paragraphs(5000)
    pairs["5k, 2% edited"] = (text(base), text(edited(base, 0.02)))
    base = paragraphs(20000)
    moved = edited(base, 0.10)
    for _ in range(8):
        moved.insert(rng.randrange(len(moved)), moved.pop(rng.randrange(len(moved))))
    pairs["20k, 10% edited, moved"] = (text(base), text(moved))
    base = paragraphs(100000)
    pairs["100k, 1% edited"] = (text(base), text(edited(base, 0.01)))
    pairs["unrelated 5k"] = (text(paragraphs(5000)), text(paragraphs(5000)))
    return pairs


def _encode(a: str, b: str) -> tuple[str, str]:
    """Both texts as one private-use character per distinct token (the word "line mode")."""
    codes: dict[str, str] = {}
    out = []
    for t in (a, b):
        chars = []
        for tok in split_words(t):
            if tok not in codes:
                n = len(codes)
                codes[tok] = chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)
            chars.append(codes[tok])
        out.append("".join(chars))
    return out[0], out[1]


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _interleaved(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median time of each function, the functions run in turn *runs* times."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--budget", type=float, default=60.0, help="skip a slow peer expected past this (s)")
    args = parser.parse_args()
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    dmp.Diff_Timeout = 0
    try:
        import fast_diff_match_patch as fdmp
    except ImportError:
        fdmp = None
        print("fast-diff-match-patch is not installed: pip install fast-diff-match-patch")

    pairs = _pairs()
    print(f"# {time.strftime('%Y-%m-%d')} · {platform.machine()} · Python {platform.python_version()}")
    print("# python benchmarks/bench_diff.py")
    header = (
        "pair",
        "revtrack",
        "dmp words",
        "dmp chars",
        "difflib",
        "fast-dmp",
        "fast-dmp + tokenizing",
        "vs fast-dmp + tokenizing",
        "vs dmp words",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    results = {}
    for name, (a, b) in pairs.items():
        ea, eb = _encode(a, b)
        fast_fns: dict[str, Callable[[], object]] = {"ours": lambda a=a, b=b: diff_texts(a, b)}
        if fdmp:
            fast_fns["fast"] = lambda: fdmp.diff(ea, eb, timelimit=0, checklines=False, cleanup="Semantic")
            fast_fns["fast_all"] = lambda a=a, b=b: fdmp.diff(
                *_encode(a, b), timelimit=0, checklines=False, cleanup="Semantic"
            )
        # The fast contenders take turns, so that a slow spell of the machine hits them alike.
        medians = _interleaved(fast_fns, args.runs)
        ours = medians["ours"]
        fast, fast_all = medians.get("fast"), medians.get("fast_all")
        words = len(a.split())
        slow_runs = 1
        dmp_words = _median(lambda: dmp.diff_main(ea, eb, False), slow_runs) if words <= 100000 else None
        dmp_chars = (
            _median(lambda a=a, b=b: dmp.diff_main(a, b, False), 1)
            if words <= 5000 and "unrelated" not in name
            else None
        )
        tokens_a, tokens_b = split_words(a), split_words(b)
        sm = (
            _median(
                lambda: difflib.SequenceMatcher(None, tokens_a, tokens_b, autojunk=False).get_opcodes(), 1
            )
            if words <= 5000
            else None
        )
        results[name] = (ours, fast)

        def ms(t: float | None) -> str:
            return "skipped" if t is None else f"{t * 1000:.1f} ms"

        ratio_fast = f"{fast_all / ours:.2f}× faster" if fast_all else "—"
        ratio_dmp = f"{dmp_words / ours:.0f}×" if dmp_words else "—"
        print(
            f"| {name} | {ms(ours)} | {ms(dmp_words)} | {ms(dmp_chars)} | {ms(sm)} | {ms(fast)} | {ms(fast_all)} | {ratio_fast} | {ratio_dmp} |"
        )

    print("\nWhole process (median of", args.runs, "runs):")
    # As installed: the console script, with the package's bytecode compiled (as pip leaves it; a
    # checkout run under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "revtrack")], check=True
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    console = Path(sys.executable).with_name("revtrack")
    revtrack_cmd = [str(console)] if console.exists() else [sys.executable, "-m", "revtrack"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("20k, 10% edited, moved", "100k, 1% edited"):
            a, b = pairs[name]
            pa, pb = Path(tmp, "a.txt"), Path(tmp, "b.txt")
            pa.write_text(a, encoding="utf-8")
            pb.write_text(b, encoding="utf-8")
            script = Path(tmp, "fdmp.py")
            script.write_text(
                "import sys, json, re, fast_diff_match_patch as f\n"
                "a = open(sys.argv[1], encoding='utf-8').read(); b = open(sys.argv[2], encoding='utf-8').read()\n"
                "tok = re.compile(r'\\w+|\\s+|.', re.S)\n"
                "codes = {}\n"
                "enc = lambda t: ''.join(codes.setdefault(x, chr(0xF0000 + len(codes))) for x in tok.findall(t))\n"
                "ops = f.diff(enc(a), enc(b), timelimit=0, checklines=False, cleanup='Semantic')\n"
                "print(json.dumps(len(ops)))\n",
                encoding="utf-8",
            )
            commands = {
                "revtrack diff --format json": [
                    *revtrack_cmd,
                    "diff",
                    str(pa),
                    str(pb),
                    "--format",
                    "json",
                ],
                "fast-diff-match-patch script": [sys.executable, str(script), str(pa), str(pb)],
                "git diff --word-diff": ["git", "diff", "--no-index", "--word-diff", str(pa), str(pb)],
            }
            for label, cmd in commands.items():
                done = subprocess.run(cmd, capture_output=True, check=False, env=env)
                if done.returncode not in (0, 1):  # git diff says 1 for "they differ"
                    raise SystemExit(f"{label} failed: {done.stderr.decode(errors='replace')}")
            medians = _interleaved(
                {
                    label: lambda cmd=cmd: subprocess.run(cmd, capture_output=True, check=False, env=env)
                    for label, cmd in commands.items()
                },
                args.runs,
            )
            print(f"- {name}: " + "; ".join(f"{label} {t * 1000:.0f} ms" for label, t in medians.items()))


if __name__ == "__main__":
    main()
