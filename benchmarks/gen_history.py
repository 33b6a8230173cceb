"""Write a generated history as a story file: ``python benchmarks/gen_history.py --seed 1 --revisions 500 -o h.json``."""

from __future__ import annotations

import argparse

from revtrack.storyfile import save_story
from revtrack.testing.synthetic import generate_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    save_story(generate_history(args.seed, args.revisions, words=args.words).story(), args.output)


if __name__ == "__main__":
    main()
