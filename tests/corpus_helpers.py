"""Small corpora the corpus tests build: generated news-like stories in nested folders, and broken files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def make_corpus(
    folder: Path, stories: int = 12, *, revisions: int = 4, words: int = 60, broken: bool = True
) -> Path:
    """*stories* generated stories (three per subfolder), the hand-made fixtures, and (if *broken*)
    three broken files; returns *folder*."""
    from revtrack.storyfile import save_story
    from revtrack.testing.synthetic import generate_history

    for seed in range(stories):
        sub = folder / f"desk-{seed // 3}"
        sub.mkdir(parents=True, exist_ok=True)
        story = generate_history(seed, revisions=revisions + seed % 3, words=words).story()
        save_story(story, sub / f"story-{seed:03d}.json")
    for name in ("election", "flood", "taji"):
        shutil.copy(FIXTURES / f"{name}.json", folder / f"{name}.json")
    if broken:
        bad = folder / "broken"
        bad.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / "broken" / "backwards.json", bad / "backwards.json")
        (bad / "not-json.json").write_text("{ this is not json", encoding="utf-8")
        (bad / "binary.json").write_bytes(b"\x00\x01\x02")
    (folder / "README.txt").write_text("not a story: skipped by the *.json pattern", encoding="utf-8")
    (folder / ".hidden.json").write_text("{}", encoding="utf-8")
    return folder


def read_tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of a run as rows, in file order."""
    import pyarrow.parquet as pq

    from revtrack.corpus._rows import TABLES

    tables = {}
    for name in TABLES:
        rows: list[dict[str, Any]] = []
        for part in sorted((out / name).glob("part-*.parquet")):
            rows.extend(pq.read_table(part).to_pylist())
        tables[name] = rows
    return tables


def write_slow_story(path: Path, revisions: int = 1000) -> Path:
    """A story that takes far longer to attribute than any other here (about 16 s on the project's
    2-core machine, 2026-12-07: five times the 3 s limit the tests give it, so a faster revtrack or
    machine still overruns it): every revision an unrelated text of 2,400 words, which leaves
    hundreds of deleted sentences to compare each new one with. Cheap to write (under a second)."""
    import itertools
    import random
    from datetime import UTC, datetime, timedelta

    from revtrack.story import Story, Update
    from revtrack.storyfile import save_story

    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]

    def text() -> str:
        sentences = (" ".join(rng.choices(vocabulary, k=12)) + "." for _ in range(200))
        return "\n\n".join(" ".join(itertools.islice(sentences, 5)) for _ in range(40))

    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    updates = [Update(t0 + timedelta(minutes=k), text=text()) for k in range(1, revisions)]
    save_story(Story("slow", Update(t0, text=text()), updates), path)
    return path
