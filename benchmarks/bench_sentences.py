"""Time revtrack.sentences.split_sentences on news text and on pathological input.

Run: python benchmarks/bench_sentences.py [--runs N]

Prints, for each input, the median time of N runs, sentences/second and MB/s
(MB = 10**6 code points), then the English Golden Rules pass count.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from golden_rules_en import GOLDEN_RULES_EN  # noqa: E402

from revtrack.sentences import split_sentences  # noqa: E402

SIZE = 1_000_000
SEED = ROOT / "fixtures" / "taji-article.txt"


def _repeat(unit: str, size: int = SIZE) -> str:
    """*unit* repeated to about *size* code points (whole copies, at least one)."""
    return unit * max(1, size // len(unit))


def inputs() -> dict[str, str]:
    """The benchmark inputs, by name."""
    seed = SEED.read_text(encoding="utf-8")
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
    return {
        "seed story x~1MB": _repeat(seed + "\n\n"),
        "1MB one paragraph, no punctuation": _repeat(words),
        "1MB one word, no spaces": "x" * SIZE,
        "100k dots": "." * 100_000,
        "100k spaced dots": ". " * 100_000,
        "1MB of 'a. '": _repeat("a. "),
        "1MB of 'A. '": _repeat("A. "),
        "1MB of 'Word. ' (all breaks)": _repeat("Word. "),
        "1MB of 'U.S. The '": _repeat("U.S. The "),
        "1MB of '\"Go!\" » '": _repeat('"Go!" » '),
        "1MB of newlines": "\n" * SIZE,
        "1MB of Chinese sentences": _repeat("今天下雨，我们在家。明天晴天吗？"),
        "100k CJK stops": "。" * 100_000,
        "100k CJK stops, then a word": "！" * 100_000 + " x",
    }


def median_seconds(func: Callable[[], object], runs: int) -> float:
    """Median wall time of *runs* calls of *func*."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def golden_pass_count() -> int:
    """How many Golden Rules split exactly as expected."""
    passed = 0
    for _, text, expected in GOLDEN_RULES_EN:
        got = tuple(text[s.start : s.end] for s in split_sentences(text))
        passed += got == expected
    return passed


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per input (median is reported)")
    runs = parser.parse_args().runs
    print(f"| input | size (MB) | sentences | median s (of {runs}) | sentences/s | MB/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, text in inputs().items():
        count = len(split_sentences(text))
        seconds = median_seconds(functools.partial(split_sentences, text), runs)
        mb = len(text) / 1e6
        print(
            f"| {name} | {mb:.2f} | {count} | {seconds:.4f} | {count / seconds:,.0f} | {mb / seconds:.1f} |"
        )
    print()
    # Linear time: doubling the input should about double the time.
    for unit in ("a. ", "Word. ", ". "):
        small = median_seconds(functools.partial(split_sentences, _repeat(unit, SIZE // 2)), runs)
        large = median_seconds(functools.partial(split_sentences, _repeat(unit, SIZE * 2)), runs)
        print(f"Scaling {unit!r}: 2 MB takes {large / small:.2f}x the time of 0.5 MB (linear: 4x)")
    print()
    print(f"Golden Rules (English): {golden_pass_count()}/{len(GOLDEN_RULES_EN)} pass")


if __name__ == "__main__":
    main()
