"""Hash every answer the tracker gives over many histories: proof that a speed change changes none.

    python benchmarks/same_answers.py before.json          # on the old code
    python benchmarks/same_answers.py after.json           # on the new code
    python benchmarks/same_answers.py --compare before.json after.json

For each history (generated ones of every generator in ``revtrack.testing``, the
fixtures, the first 400 revisions of the Wikipedia histories in ``data/wikiwho``,
a reworded text), with and without word origins: every revision's ``sentences``
and ``changes`` and the final saved state, hashed. Two runs agree when every hash
does. About a minute.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def histories(quick: bool) -> Iterator[tuple[str, Sequence[str]]]:
    """``(name, texts)`` of every history compared."""
    from revtrack.storyfile import load_story
    from revtrack.testing.harder import generate_hard
    from revtrack.testing.newsroom import TOPICS, generate_news
    from revtrack.testing.synthetic import generate_history

    seeds = 6 if quick else 30
    for seed in range(1, seeds + 1):
        yield f"synthetic-{seed}", generate_history(seed, 40, words=1500).texts
        yield f"hard-{seed}", generate_hard(seed, 40, words=1500).texts
    for topic in TOPICS:
        for seed in range(1, 3 if quick else 5):
            yield f"news-{topic}-{seed}", generate_news(topic, seed, 40).texts
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        story = load_story(path)
        yield path.stem, [story.revision(i).text for i in range(len(story.revisions))]
    for path in sorted((HERE / "data" / "wikiwho").glob("*.json.xz")):
        revisions = json.loads(lzma.decompress(path.read_bytes()))
        yield path.name.split(".")[0], [r.get("*", "") for r in revisions][: 60 if quick else 400]
    sys.path.insert(0, str(HERE))
    from gen_long import reworded

    yield "reworded-0.3MB", list(reworded(0.3, 5, 0.32))


def answers(quick: bool) -> dict[str, str]:
    """The hash of every history's answers, by ``name/origins``."""
    from revtrack.provenance import Tracker

    out: dict[str, str] = {}
    for name, texts in histories(quick):
        for origins in (True, False):
            tracker = Tracker(origins=origins)
            digest = hashlib.sha256()
            for r, text in enumerate(texts):
                tracker.add(text)
                digest.update(repr(tracker.sentences(r)).encode())
                digest.update(repr(tracker.changes(r)).encode())
            digest.update(tracker.dumps().encode())
            out[f"{name}/{origins}"] = digest.hexdigest()
        print(f"{name}: {out[f'{name}/True'][:16]}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path, help="where to write the hashes (or two to --compare)")
    parser.add_argument("--compare", action="store_true", help="compare two files written before")
    parser.add_argument("--quick", action="store_true", help="fewer histories (about 15 s)")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text()) for p in args.files)
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        print(f"{len(before)} and {len(after)} histories; {len(differ)} differ")
        for name in differ:
            print(f"  {name}")
        sys.exit(1 if differ else 0)
    args.files[0].write_text(json.dumps(answers(args.quick), indent=1) + "\n")


if __name__ == "__main__":
    main()
