"""Words a diff marks as changed, on real revision pairs: revtrack against git, diff-match-patch and redlines.

Run: ``python benchmarks/diff_quality.py --wiki DIR`` (``pip install redlines``; git on the PATH).

Pairs: every two consecutive revisions that differ, of (a) the page histories in
``DIR`` — JSON lists of MediaWiki API revisions (the text under ``"*"``) — and (b) the
stories in ``fixtures/``. The figures in RESULTS.md use the four English Wikipedia
histories WikiWho keeps as test fixtures in the public wikimedia/WikiWho repository
(``tests/fixtures/{american_goldfinch,japan_cup,nintendo_switch}_revisions.json`` as added
in commit 51e9ed6, ``adam_himebauch_revisions.json`` as added in 65ad3ee: 471 revisions;
Wikipedia text, CC BY-SA 4.0). They are not copied into this repository.

For each pair and each tool: the words the tool marks (word tokens, by revtrack's
tokenizer, inside the removed and added text it shows) and its fragments (changed
stretches between kept text). The tools:

- revtrack: ``diff_texts``;
- git: ``git diff --no-index --word-diff=porcelain`` (words are runs of non-space);
- dmp: diff-match-patch on characters, no time limit, then ``diff_cleanupSemantic``
  (a marked piece of a word counts as a word);
- redlines: ``Redlines(old, new).changes`` (its tokens; each change a fragment).

The target (issue 15 item 5): no pair where revtrack marks more words than both git
and dmp and more than 1.5 times the fewer of the two. Such pairs are listed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from revtrack.diff import diff_texts
from revtrack.text import is_word, split_units

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> int:
    """Word tokens in *text* (a unit holds one token: a word, or a mark such as ``[[``)."""
    return sum(1 for unit in split_units(text) if is_word(unit))


def wiki_pairs(directory: Path) -> Iterator[tuple[str, str, str]]:
    for path in sorted(directory.glob("*.json")):
        revisions = json.loads(path.read_text(encoding="utf-8"))
        texts = [r.get("*") or "" for r in revisions]
        for k in range(1, len(texts)):
            if texts[k - 1] != texts[k] and texts[k - 1] and texts[k]:
                yield f"{path.stem}:{k}", texts[k - 1], texts[k]


def fixture_pairs() -> Iterator[tuple[str, str, str]]:
    from revtrack.storyfile import load_story

    for path in sorted((ROOT / "fixtures").glob("*.json")):
        texts = [r.text for r in load_story(path).revisions]
        for k in range(1, len(texts)):
            if texts[k - 1] != texts[k]:
                yield f"{path.stem}:{k}", texts[k - 1], texts[k]


Counted = tuple[int, int]  # (words marked, fragments)


def count_pieces(pieces: list[tuple[int, str]]) -> Counted:
    """*pieces*: ``(op, text)`` with op -1, 0 or 1, in order."""
    marked = fragments = 0
    inside = False
    for op, text in pieces:
        if op:
            marked += words(text)
            if not inside:
                fragments += 1
            inside = True
        elif text:
            inside = False
    return marked, fragments


def by_revtrack(old: str, new: str) -> Counted:
    return count_pieces([(e.op.value, e.text) for e in diff_texts(old, new).ops])


def by_dmp() -> Callable[[str, str], Counted]:
    import diff_match_patch

    engine = diff_match_patch.diff_match_patch()
    engine.Diff_Timeout = 0

    def run(old: str, new: str) -> Counted:
        diffs = engine.diff_main(old, new)
        engine.diff_cleanupSemantic(diffs)
        return count_pieces(diffs)

    return run


def by_git(tmp: Path) -> Callable[[str, str], Counted]:
    a, b = tmp / "old.txt", tmp / "new.txt"

    def run(old: str, new: str) -> Counted:
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        out = subprocess.run(
            ["git", "diff", "--no-index", "--word-diff=porcelain", "-U1000000", str(a), str(b)],
            capture_output=True,
            check=False,
        ).stdout.decode("utf-8", errors="replace")
        pieces: list[tuple[int, str]] = []
        body = False
        for line in out.split("\n"):
            if line.startswith("@@"):
                body = True
                continue
            if not body or not line:
                continue
            mark, text = line[0], line[1:]
            if mark == "~":
                pieces.append((0, "\n"))
            else:
                pieces.append(({"-": -1, "+": 1}.get(mark, 0), text))
        return count_pieces(pieces)

    return run


def by_redlines(old: str, new: str) -> Counted:
    from redlines import Redlines

    marked = fragments = 0
    for change in Redlines(old, new).changes:
        fragments += 1
        marked += words(change.source_text or "") + words(change.test_text or "")
    return marked, fragments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wiki", type=Path, help="a directory of page histories (JSON revision lists)")
    parser.add_argument("--no-redlines", action="store_true")
    parser.add_argument("--show", type=int, default=10, help="list this many of the pairs worst for revtrack")
    parser.add_argument(
        "--peers-cache", type=Path, help="keep the peers' counts in this JSON file, and reuse them"
    )
    args = parser.parse_args()
    pairs = [*(wiki_pairs(args.wiki) if args.wiki else ()), *fixture_pairs()]
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()} · Python {platform.python_version()}")
    print(f"# python benchmarks/diff_quality.py {' '.join(sys.argv[1:])}")
    print(f"# {len(pairs)} pairs")
    tools: dict[str, Callable[[str, str], Counted]] = {"revtrack": by_revtrack}
    with tempfile.TemporaryDirectory() as tmp:
        tools["git"] = by_git(Path(tmp))
        tools["dmp"] = by_dmp()
        if not args.no_redlines:
            tools["redlines"] = by_redlines
        cache: dict[str, list[int]] = {}
        if args.peers_cache and args.peers_cache.exists():
            cache = json.loads(args.peers_cache.read_text(encoding="utf-8"))
        rows = []
        for name, old, new in pairs:
            counts = {}
            for tool, run in tools.items():
                key = f"{tool} {name} {hashlib.sha1((old + chr(0) + new).encode()).hexdigest()}"
                if tool == "revtrack" or key not in cache:
                    cache[key] = list(run(old, new))
                counts[tool] = (cache[key][0], cache[key][1])
            rows.append((name, counts))
        if args.peers_cache:
            peers = {k: v for k, v in cache.items() if not k.startswith("revtrack ")}
            args.peers_cache.write_text(json.dumps(peers), encoding="utf-8")
    totals = {tool: [sum(r[tool][k] for _, r in rows) for k in (0, 1)] for tool in tools}
    print("\n| tool | words marked | fragments |")
    print("|---|---:|---:|")
    for tool, (marked, fragments) in totals.items():
        print(f"| {tool} | {marked:,} | {fragments:,} |")
    bad = []
    worse = []
    for name, r in rows:
        ours, git, dmp = r["revtrack"][0], r["git"][0], r["dmp"][0]
        if ours > max(git, dmp) and ours > 1.5 * min(git, dmp):
            bad.append((name, r))
        if ours > max(c[0] for t, c in r.items() if t != "revtrack"):
            worse.append((name, r))
    print(f"\nPairs where revtrack marks more than git and dmp and 1.5× the fewer (target: none): {len(bad)}")
    print(f"Pairs where revtrack marks more words than every peer: {len(worse)}")
    ranked = sorted(rows, key=lambda x: x[1]["revtrack"][0] - min(c[0] for c in x[1].values()), reverse=True)
    print(f"\nWorst {args.show} for revtrack (words marked, fragments):")
    for name, r in ranked[: args.show]:
        print(f"- {name}: " + "; ".join(f"{t} {c[0]} ({c[1]})" for t, c in r.items()))
    for name, r in bad:
        print(f"- target missed: {name}: " + "; ".join(f"{t} {c[0]}" for t, c in r.items()))


if __name__ == "__main__":
    main()
