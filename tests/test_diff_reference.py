"""The word diff made faster gives exactly the answers it gave before (``tests/reference/diff_v1.py``).

Every optimisation of ``revtrack.diff`` since that copy was frozen (affixes compared in place,
long equal ends left out of edit placement, the line-first path) is held to it here, op for op,
on real revision pairs (Wikipedia histories, the fixtures' stories), on generated histories of
the kinds the benchmarks use (live blogs, reworded long texts, wiki-style pages, news stories),
and on generated edits built to reach the rare paths (long tokens beside a change, texts without
whitespace, line breaks of every kind, changes near either end).
"""

from __future__ import annotations

import itertools
import json
import lzma
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from reference import diff_v1

import revtrack.diff._lines as lines_module
from revtrack.diff import diff_texts
from revtrack.storyfile import load_story
from revtrack.testing.synthetic import generate_history

ROOT = Path(__file__).resolve().parents[1]


def same(old: str, new: str) -> None:
    got = diff_texts(old, new)
    want = diff_v1.diff_texts(old, new)
    assert got.ops == want.ops, (old[:200], new[:200])


def both_ways(old: str, new: str) -> None:
    same(old, new)
    same(new, old)


@pytest.fixture(params=[False, True], ids=["as-set", "lines-first-always"])
def lines_first(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run once as configured, and once with every stretch taken line by line first (both versions)."""
    if request.param:
        monkeypatch.setattr(lines_module, "_LINES_FIRST", 0)
        monkeypatch.setattr(diff_v1, "_LINES_FIRST", 0)
    return bool(request.param)


def wiki_histories() -> Iterator[tuple[str, list[str]]]:
    for path in sorted((ROOT / "benchmarks" / "data" / "wikiwho").glob("*.json.xz")):
        with lzma.open(path) as f:
            revisions = json.loads(f.read())
        yield path.name, [r.get("*") or "" for r in revisions]


def test_real_wikipedia_histories(lines_first: bool) -> None:
    for _, texts in wiki_histories():
        for old, new in itertools.pairwise(texts):
            same(old, new)


def test_real_wikipedia_pairs_far_apart(lines_first: bool) -> None:
    # Revisions ten apart: several edits at once, in different places.
    for _, texts in wiki_histories():
        for old, new in zip(texts, texts[10::7], strict=False):
            both_ways(old, new)


def test_fixture_stories(lines_first: bool) -> None:
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        texts = [r.text for r in load_story(path).revisions]
        for old, new in itertools.combinations(texts, 2):
            both_ways(old, new)


@pytest.mark.parametrize("seed", range(8))
def test_generated_news_histories(seed: int, lines_first: bool) -> None:
    texts = [r.text for r in generate_history(seed, revisions=12, words=900).story().revisions]
    for old, new in itertools.pairwise(texts):
        both_ways(old, new)


def _gen_long() -> object:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import gen_long
    finally:
        sys.path.pop(0)
    return gen_long


def test_generated_live_blog() -> None:
    gen_long = _gen_long()
    story = gen_long.liveblog(400, seed=3)  # type: ignore[attr-defined]
    texts = [r.text for r in story.revisions]
    for old, new in itertools.pairwise(texts[-60:]):
        both_ways(old, new)
    both_ways(texts[100], texts[-1])


def test_generated_reworded_text() -> None:
    gen_long = _gen_long()
    texts = list(gen_long.reworded(0.15, 4, 0.32, seed=2))  # type: ignore[attr-defined]
    for old, new in itertools.pairwise(texts):
        both_ways(old, new)
    both_ways(texts[0], texts[-1])


def test_generated_wiki_page() -> None:
    gen_long = _gen_long()
    texts = list(itertools.islice(gen_long._wiki_texts(80, 30, 5), 80))  # type: ignore[attr-defined]
    for old, new in itertools.pairwise(texts):
        both_ways(old, new)


# Generated edits: a text of paragraphs, edited in a few places (words, whitespace, line breaks,
# long tokens, whole lines), compared both ways; the equal ends are long enough to be left out.
_WORDS = ["the", "storm", "a", "U.S.", "killed", "é", "😀", "7:30", "Taji,", "x" * 40, "-", "—", "[[", "]]"]
_SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", " \n", "\n \n"]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SPACES) + rng.choice(_WORDS) for _ in range(n))


def _edit(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        end = min(len(text), at + rng.choice([0, 1, 3, 10, 60, 400]))
        roll = rng.random()
        if roll < 0.3:
            text = text[:at] + _text(rng, rng.randint(1, 8)) + text[end:]
        elif roll < 0.5:
            text = text[:at] + text[end:]
        elif roll < 0.6:
            text = text[:at] + "y" * rng.choice([5, 300, 3000]) + text[at:]  # a long token
        elif roll < 0.7:
            text = text[:at] + rng.choice(_SPACES) + text[at:]
        elif roll < 0.8:
            text = text + rng.choice(["", "\n\n"]) + _text(rng, rng.randint(1, 30))  # appended
        elif roll < 0.9:
            text = _text(rng, rng.randint(1, 30)) + rng.choice(["", "\n\n"]) + text  # prepended
        else:
            text = text[:at] + text[at:end].upper() + text[end:]
    return text


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=3000), st.booleans())
def test_generated_edits(rng: random.Random, size: int, lines: bool) -> None:
    old = _text(rng, size)
    new = _edit(rng, old)
    saved = lines_module._LINES_FIRST, diff_v1._LINES_FIRST
    if lines:
        lines_module._LINES_FIRST = diff_v1._LINES_FIRST = 0
    try:
        both_ways(old, new)
    finally:
        lines_module._LINES_FIRST, diff_v1._LINES_FIRST = saved


@settings(max_examples=80, deadline=None)
@given(
    st.randoms(use_true_random=False),
    st.sampled_from(["abc", "a", "ab ", "a" * 30 + " ", "日本語。", "x\n", ". "]),
    st.integers(min_value=0, max_value=12_000),
)
def test_texts_with_few_boundaries(rng: random.Random, alphabet: str, size: int) -> None:
    # Long runs without a space/non-space boundary: the equal ends cannot be cut short there.
    old = "".join(rng.choice(alphabet) for _ in range(size))
    at = rng.randint(0, len(old))
    new = old[:at] + "".join(rng.choice(alphabet + " ") for _ in range(rng.randint(0, 50))) + old[at + 3 :]
    both_ways(old, new)
