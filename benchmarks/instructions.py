"""Instructions per word diff (or blame), counted by valgrind: a figure machine load cannot move.

Run: ``python benchmarks/instructions.py`` (needs ``valgrind``; ``apt-get install valgrind``);
``--blame``: attribution instead, on the reworded 1 MB story of ``gen_long.py`` (flat and Zipf
vocabularies): a tracker fed its 5 revisions, then ``sentences()`` of the last.

Wall-clock times on a shared machine wander by a third from run to run; the
number of instructions a diff executes does not. For each pair of
``bench_diff.py`` this counts, under ``valgrind --tool=callgrind``, one
``diff_texts`` call and one fast-diff-match-patch call on the same tokens
(tokenizing and encoding included), each as the difference between a process
that makes the call and one that only prepares it. Compiled code does more per
instruction than the interpreter, so the peer's count understates its lead in
time: compare revtrack's counts with each other (before and after a change), and
the peers by time (``bench_diff.py``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import sys
sys.path[:0] = [{bench!r}, {root!r}]
from bench_diff import _encode, _pairs
from revtrack.diff import diff_texts
a, b = _pairs()[{name!r}]
diff_texts("warm up the tokenizer.", "warm the tokenizer up.")
if {calls} and {who!r} == "revtrack":
    diff_texts(a, b)
elif {calls}:
    import fast_diff_match_patch as fdmp
    fdmp.diff(*_encode(a, b), timelimit=0, checklines=False, cleanup="Semantic")
"""

_BLAME = """
import sys
sys.path[:0] = [{bench!r}, {root!r}]
from gen_long import reworded
from revtrack.provenance import Tracker
texts = list(reworded(1.0, 5, 0.32, vocabulary={vocabulary!r}))
if {calls}:
    tracker = Tracker()
    for text in texts:
        tracker.add(text)
    tracker.sentences()
"""


def _instructions(script: Path) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # string hashes, and so the counts, the same every run
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{done.stderr}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", action="store_true", help="count fast-diff-match-patch too")
    parser.add_argument("--blame", action="store_true", help="count attribution instead of the word diff")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    bench = Path(__file__).resolve().parent
    if args.blame:
        _blame(bench)
        return
    sys.path.insert(0, str(bench))
    from bench_diff import _pairs

    who = ["revtrack", "fast-dmp + tokenizing"] if args.peer else ["revtrack"]
    print("| pair | " + " | ".join(f"{w} (M instructions)" for w in who) + " |")
    print("|---|" + "---:|" * len(who))
    with tempfile.TemporaryDirectory() as tmp:
        for name in _pairs():
            cells = []
            for w in who:
                counts = []
                for calls in (0, 1):
                    script = Path(tmp, f"child{calls}.py")
                    script.write_text(
                        _CHILD.format(
                            bench=str(bench), root=str(bench.parent), name=name, calls=calls, who=w
                        ),
                        encoding="utf-8",
                    )
                    counts.append(_instructions(script))
                cells.append(f"{(counts[1] - counts[0]) / 1e6:,.0f}")
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def _blame(bench: Path) -> None:
    """Instructions of blame on the reworded 1 MB story, each vocabulary: a process that attributes
    less one that only makes the texts."""
    print("| story | blame (M instructions) |\n|---|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for vocabulary in ("flat", "zipf"):
            counts = []
            for calls in (0, 1):
                script = Path(tmp, f"blame{calls}.py")
                script.write_text(
                    _BLAME.format(
                        bench=str(bench), root=str(bench.parent), vocabulary=vocabulary, calls=calls
                    ),
                    encoding="utf-8",
                )
                counts.append(_instructions(script))
            print(
                f"| 1 MB x 5 revisions, 32% reworded, {vocabulary} | {(counts[1] - counts[0]) / 1e6:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
