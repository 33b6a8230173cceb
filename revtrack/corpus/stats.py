"""The corpus at a glance: what ``revtrack corpus stats`` reports, computed from a run's tables.

For the people who study how news changes: how many updates stories get; how many stories and
updates change text already published (silent changes: reworded, deleted, restored, split, merged;
moves are counted apart); how long after first publication updates, and first silent changes,
come; whether edits land in the lead (the first paragraph) or the body; and which sentences were
reworded most. Everything is read from the Parquet tables, a column at a time, so it works on any
finished (or partly finished) run.

Stories are told apart by their place in the corpus (the ``story`` column), not their id: two
stories of one id (from two sources) count as two.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

import attrs

from revtrack.corpus._common import CorpusError, check_format

__all__ = ["DELAY_BUCKETS", "FINDING_KINDS", "STATS_FORMAT", "UPDATE_BUCKETS", "CorpusStats", "corpus_stats"]

STATS_FORMAT = "revtrack/corpus-stats@1"
FINDING_KINDS = ("reworded", "deleted", "restored", "split", "merged", "moved")
"""The audit's finding kinds; all but ``moved`` are silent changes."""

UPDATE_BUCKETS: tuple[tuple[str, int], ...] = (
    *((str(k), k) for k in range(10)),
    ("10–14", 10),
    ("15–19", 15),
    ("20–49", 20),
    ("50–99", 50),
    ("100+", 100),
)
"""Bins of updates per story: (label, least number of updates)."""

_MINUTE = 60 * 1_000_000
DELAY_BUCKETS: tuple[tuple[str, int], ...] = (
    ("< 10 min", -(2**62)),
    ("10–30 min", 10 * _MINUTE),
    ("30–60 min", 30 * _MINUTE),
    ("1–3 h", 60 * _MINUTE),
    ("3–6 h", 180 * _MINUTE),
    ("6–12 h", 360 * _MINUTE),
    ("12–24 h", 720 * _MINUTE),
    ("1–7 days", 1440 * _MINUTE),
    ("> 7 days", 7 * 1440 * _MINUTE),
)
"""Bins of time since first publication: (label, least microseconds)."""


@attrs.frozen
class KindCount:
    """How many stories and updates have at least one finding of a kind."""

    kind: str
    stories: int
    updates: int


@attrs.frozen
class Place:
    """How many changes of a kind land in the lead (first paragraph) and in the body."""

    kind: str
    lead: int
    body: int


@attrs.frozen
class Reworded:
    """A sentence of a story's last revision, with how many times its wording changed."""

    story_id: str
    revision: int
    index: int
    rewordings: int
    text: str


@attrs.frozen
class CorpusStats:
    """The corpus at a glance (``revtrack/corpus-stats@1``)."""

    folder: str
    complete: bool
    """Whether the run finished (else these are the stats of the shards written so far)."""
    stories: int
    versions: int
    errors: int
    updates_per_story: tuple[tuple[str, int], ...]
    """(bin label, stories) over :data:`UPDATE_BUCKETS`."""
    median_updates: float | None
    max_updates: int
    silent_stories: int
    """Stories with at least one silent change."""
    silent_updates: int
    """Updates with at least one silent change."""
    kinds: tuple[KindCount, ...]
    time_to_update: tuple[tuple[str, int], ...]
    """(bin label, updates) over :data:`DELAY_BUCKETS`: time from first publication to each update."""
    time_to_first_silent: tuple[tuple[str, int], ...]
    """(bin label, stories): time from first publication to a story's first silent change."""
    median_minutes_to_update: float | None
    median_minutes_to_first_silent: float | None
    places: tuple[Place, ...]
    """Where changes land: every sentence change (``all``), then each finding kind."""
    most_reworded: tuple[Reworded, ...]

    @property
    def updates(self) -> int:
        return self.versions - (self.stories - self.errors)

    def to_dict(self) -> dict[str, Any]:
        """The ``revtrack/corpus-stats@1`` JSON object."""
        return {
            "format": STATS_FORMAT,
            "folder": self.folder,
            "complete": self.complete,
            "stories": self.stories,
            "versions": self.versions,
            "updates": self.updates,
            "errors": self.errors,
            "updates_per_story": {
                "bins": [{"updates": label, "stories": n} for label, n in self.updates_per_story],
                "median": self.median_updates,
                "max": self.max_updates,
            },
            "silent": {
                "stories": self.silent_stories,
                "updates": self.silent_updates,
                "kinds": [attrs.asdict(k) for k in self.kinds],
            },
            "time_to_update": {
                "bins": [{"after": label, "updates": n} for label, n in self.time_to_update],
                "median_minutes": self.median_minutes_to_update,
            },
            "time_to_first_silent_change": {
                "bins": [{"after": label, "stories": n} for label, n in self.time_to_first_silent],
                "median_minutes": self.median_minutes_to_first_silent,
            },
            "where": [attrs.asdict(p) for p in self.places],
            "most_reworded": [attrs.asdict(r) for r in self.most_reworded],
        }


def _parts(folder: Path, table: str) -> list[Path]:
    """The table's files of the finished shards, in shard order."""
    shards = folder / "_shards"
    return [
        part
        for part in sorted((folder / table).glob("part-*.parquet"))
        if (shards / f"{part.stem.removeprefix('part-')}.json").is_file()
    ]


def _read(folder: Path, table: str, columns: list[str]) -> Any:
    """The columns of a table, in shard order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from revtrack.corpus._tables import SCHEMAS

    pieces = [pq.read_table(part, columns=columns) for part in _parts(folder, table)]
    if not pieces:
        return pa.schema([SCHEMAS[table].field(c) for c in columns]).empty_table()
    return pa.concat_tables(pieces)


def _histogram(values: Any, buckets: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    bounds = [low for _, low in buckets]
    counts = [0] * len(buckets)
    for v in values:
        counts[bisect.bisect_right(bounds, v) - 1] += 1
    return tuple((label, n) for (label, _), n in zip(buckets, counts, strict=True))


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def corpus_stats(folder: str | Path, *, top: int = 10) -> CorpusStats:
    """The statistics of the corpus run in *folder* (see :class:`CorpusStats`).

    Args:
        top: how many of the most reworded sentences to list.

    Raises:
        CorpusError: *folder* holds no corpus run.
    """
    import json

    import pyarrow.compute as pc

    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if not folder.is_dir():
            what = "is a file, not a corpus run's folder" if folder.exists() else "no such folder"
            raise CorpusError(f"{folder}: {what}") from None
        raise CorpusError(f"{folder}: holds no corpus run (no manifest.json)") from None
    except (OSError, ValueError) as e:
        raise CorpusError(f"{manifest_path}: cannot read the manifest: {e}") from None
    check_format(manifest_path, manifest)

    stories = _read(folder, "stories", ["revisions"])
    errors = _read(folder, "errors", ["message"]).num_rows
    updates = [n - 1 for n in stories.column("revisions").to_pylist()]

    # Stories are told apart by their place in the corpus (``story``): ids may repeat.
    revisions = _read(
        folder, "revisions", ["story", "revision", "timestamp", "changes_in_lead", "changes_in_body"]
    )
    base = revisions.filter(pc.equal(revisions["revision"], 0)).select(["story", "timestamp"])
    base = base.rename_columns(["story", "published"])
    timed = revisions.join(base, "story")
    later = timed.filter(pc.greater(timed["revision"], 0))
    delays = _micros_between(later["published"], later["timestamp"])

    findings = _read(folder, "findings", ["story", "revision", "kind", "silent", "paragraph"])
    silent = findings.filter(findings["silent"])
    silent_updates = silent.group_by(["story", "revision"]).aggregate([])
    silent_stories = silent.group_by("story").aggregate([("revision", "min")])
    first = silent_stories.rename_columns(["story", "revision"]).join(
        timed.select(["story", "revision", "timestamp", "published"]), ["story", "revision"]
    )
    first_delays = _micros_between(first["published"], first["timestamp"])

    kinds = []
    for kind in FINDING_KINDS:
        of_kind = findings.filter(pc.equal(findings["kind"], kind))
        kinds.append(
            KindCount(
                kind,
                of_kind.group_by("story").aggregate([]).num_rows,
                of_kind.group_by(["story", "revision"]).aggregate([]).num_rows,
            )
        )
    places = [
        Place(
            "all",
            int(pc.sum(later["changes_in_lead"]).as_py() or 0),
            int(pc.sum(later["changes_in_body"]).as_py() or 0),
        )
    ]
    for kind in FINDING_KINDS:
        paragraphs = findings.filter(pc.equal(findings["kind"], kind))["paragraph"].to_pylist()
        places.append(
            Place(
                kind,
                sum(1 for p in paragraphs if p == 0),
                sum(1 for p in paragraphs if p is not None and p > 0),
            )
        )

    versions = sum(n + 1 for n in updates)
    return CorpusStats(
        folder=str(folder),
        complete=bool(manifest.get("complete")),
        stories=len(updates) + errors,
        versions=versions,
        errors=errors,
        updates_per_story=_histogram(updates, UPDATE_BUCKETS),
        median_updates=_median(updates),
        max_updates=max(updates, default=0),
        silent_stories=silent_stories.num_rows,
        silent_updates=silent_updates.num_rows,
        kinds=tuple(kinds),
        time_to_update=_histogram(delays, DELAY_BUCKETS),
        time_to_first_silent=_histogram(first_delays, DELAY_BUCKETS),
        median_minutes_to_update=_minutes(_median(delays)),
        median_minutes_to_first_silent=_minutes(_median(first_delays)),
        places=tuple(places),
        most_reworded=_most_reworded(folder, top) if top else (),
    )


def _micros_between(start: Any, end: Any) -> list[int]:
    import pyarrow as pa

    def as_int(column: Any) -> list[int]:
        return column.cast(pa.int64()).to_pylist()  # type: ignore[no-any-return]

    return [b - a for a, b in zip(as_int(start), as_int(end), strict=True)]


def _minutes(micros: float | None) -> float | None:
    return None if micros is None else round(micros / _MINUTE, 1)


def _most_reworded(folder: Path, top: int) -> tuple[Reworded, ...]:
    """The *top* sentences of last revisions whose wording changed most often (ties: corpus order)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    best: list[tuple[int, int, int, Path, int]] = []  # (-rewordings, shard, row, part, row)
    stories_parts = {p.name: p for p in _parts(folder, "stories")}
    for part in _parts(folder, "sentences"):
        shard = int(part.stem.removeprefix("part-"))
        sentences = pq.read_table(part, columns=["story", "revision", "modified"])
        stories = pq.read_table(stories_parts[part.name], columns=["story", "revisions"])
        where = pc.index_in(sentences["story"], value_set=stories["story"])
        last = pc.subtract(pc.take(stories["revisions"], where), 1)
        count = pc.list_value_length(sentences["modified"])
        keep = pc.and_(pc.equal(sentences["revision"], last), pc.greater(count, 0))
        rows = pc.indices_nonzero(keep).to_pylist()
        counts = pc.take(count, rows).to_pylist() if rows else []
        for row, n in zip(rows, counts, strict=True):
            best.append((-n, shard, row, part, row))
        best.sort(key=lambda b: b[:3])
        del best[top:]
    out = []
    tables: dict[Path, Any] = {}
    for negative, _, _, part, row in best:
        if part not in tables:
            tables[part] = pq.read_table(part, columns=["story_id", "revision", "index", "text"])
        t = tables[part].slice(row, 1).to_pylist()[0]
        out.append(Reworded(t["story_id"], t["revision"], t["index"], -negative, t["text"]))
    return tuple(out)
