"""Sweep a similarity threshold on generated histories (the measurement behind EDIT_THRESHOLD).

Run: ``python benchmarks/sweep_threshold.py [--revisions 500] [--seeds 1 2 3] [--name EDIT_THRESHOLD]
[--hard]``

``--name`` is any threshold of ``revtrack.provenance._similarity`` (``EDIT_THRESHOLD``,
``CONTAIN_THRESHOLD``, ``QUOTE_THRESHOLD``); ``--hard`` sweeps on the harder generator's tuning seeds
(:mod:`revtrack.testing.harder`) instead of the original one.
"""

from __future__ import annotations

import argparse
import time

import revtrack.provenance._graves
import revtrack.provenance._matcher
import revtrack.provenance._similarity
from revtrack.provenance import Tracker
from revtrack.testing.harder import generate_hard
from revtrack.testing.synthetic import generate_history, score

# Every module that took the threshold by name when it was imported.
_USERS = (revtrack.provenance._similarity, revtrack.provenance._matcher, revtrack.provenance._graves)


def set_threshold(name: str, value: float) -> None:
    """Set a threshold wherever the matcher reads it."""
    for module in _USERS:
        if hasattr(module, name):
            setattr(module, name, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument(
        "--thresholds", type=float, nargs="+", default=[0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7]
    )
    parser.add_argument("--name", default="EDIT_THRESHOLD")
    parser.add_argument("--hard", action="store_true")
    args = parser.parse_args()
    generate = generate_hard if args.hard else generate_history
    histories = [generate(seed, args.revisions) for seed in args.seeds]
    print(f"# {time.strftime('%Y-%m-%d')}: {args.name}, {args.revisions} revisions, seeds {args.seeds}")
    print("threshold  introduced  words     modified  moved     restored  split     merged    edited")
    for threshold in args.thresholds:
        set_threshold(args.name, threshold)
        totals = []
        for h in histories:
            tracker = Tracker()
            for text in h.texts:
                tracker.add(text)

            class Prov:
                def __init__(self, r: int, tracker: Tracker = tracker, h: object = h) -> None:
                    self.text = tracker.text(r)
                    self.sentences = tracker.sentences(r)

            totals.append(score(h, Prov))
        cells = [
            sum(s.introduced_rate for s in totals) / len(totals),
            sum(s.word_rate for s in totals) / len(totals),
            sum(s.modified_rate for s in totals) / len(totals),
            *(
                sum(s.category_rate(c) for s in totals) / len(totals)
                for c in ("moved", "restored", "split", "merged", "edited")
            ),
        ]
        print(f"{threshold:9.2f}  " + "  ".join(f"{c:8.2%}" for c in cells))


if __name__ == "__main__":
    main()
