"""The output folder of a corpus run: its manifest, a Parquet file per table and shard, the shards' records.

Layout (``revtrack/corpus@2``, see docs/FORMATS.md)::

    OUT/manifest.json                 what the run reads, with which options and which revtrack
    OUT/<table>/part-000012.parquet   shard 12's rows of each table (stories, revisions, …)
    OUT/_shards/000012.json           written last: shard 12 is complete

Every file is written whole or not at all (:func:`revtrack.files.atomic_writer`: a temporary file
beside it, flushed, synced, renamed), and
a shard counts as done only once its record exists, so a run killed at any moment leaves either
nothing of a shard or all of it; the next run with the same arguments does the rest. Temporary files
start with a dot, which Parquet readers skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from revtrack.corpus._common import CorpusError, check_format
from revtrack.corpus._rows import TABLES
from revtrack.files import write_bytes, write_text

__all__ = ["Output", "ShardRecord", "open_output"]

MANIFEST = "manifest.json"
LOCK = ".lock"
SHARDS = "_shards"


@attrs.frozen
class ShardRecord:
    """A finished shard: what it held, so a resumed run can check the input still cuts the same way."""

    shard: int
    stories: int
    versions: int
    errors: int
    first: str
    """The first story's name (its file, or source and record)."""
    last: str

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@attrs.define
class Output:
    """An output folder that belongs to this run (its manifest matches)."""

    path: Path
    manifest: dict[str, Any]
    done: dict[int, ShardRecord]
    """The shards already written, by index."""
    lock: Any = attrs.field(default=None, repr=False)
    """The open lock file that keeps a second run out of the folder while this one writes."""

    def write_shard(self, record: ShardRecord, parts: dict[str, bytes]) -> None:
        """Write a shard's tables (each its Parquet file's bytes), then its record (which makes it
        count as done)."""
        for name in TABLES:
            write_bytes(self.path / name / f"part-{record.shard:06d}.parquet", parts[name])
        write_text(self.path / SHARDS / f"{record.shard:06d}.json", _json(record.to_dict()))
        self.done[record.shard] = record

    def close(self) -> None:
        """Let other runs in (the folder stays as it is)."""
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    def finish(self, totals: dict[str, int]) -> None:
        """Mark the run complete in the manifest, with its totals."""
        self.manifest = {**self.manifest, "complete": True, **totals}
        write_text(self.path / MANIFEST, _json(self.manifest))


def open_output(path: Path, manifest: dict[str, Any], *, restart: bool) -> Output:
    """Take *path* for a run described by *manifest*: a new or empty folder, or one the same run began.

    Raises:
        CorpusError: the folder holds something else, or a run of other input, options or version
            (unless *restart*, which removes that run's files and starts over).
    """
    if path.exists() and not path.is_dir():
        raise CorpusError(f"{path}: is a file; the output of a corpus run is a folder")
    _check_ours(path)
    lock = _lock(path) if path.is_dir() else None
    try:
        return _open(path, manifest, restart, lock)
    except BaseException:
        if lock is not None:
            lock.close()
        raise


def _open(path: Path, manifest: dict[str, Any], restart: bool, lock: Any) -> Output:
    old = _read_manifest(path, older=restart)
    if old is None:
        _check_ours(path)
    elif restart:
        _remove_run(path)
    else:
        differences = _differences(old, manifest)
        if differences:
            raise CorpusError(
                f"{path}: holds a run of other input or options ({'; '.join(differences)}): run again with "
                "the same ones to continue it, or add --restart to start over"
            )
    try:
        for name in (*TABLES, SHARDS):
            (path / name).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CorpusError(f"{path}: cannot create the output folder: {e.strerror or e}") from None
    lock = lock or _lock(path)
    _remove_temporaries(path)
    done = {} if old is None or restart else _read_records(path)
    fresh = {**manifest, "complete": False}
    if old != fresh:
        write_text(path / MANIFEST, _json(fresh))
    return Output(path, fresh, done, lock)


def _check_ours(path: Path) -> None:
    """Refuse a folder that holds something else than a corpus run (nothing of it is touched)."""
    if path.is_dir() and not (path / MANIFEST).exists() and any(p.name != LOCK for p in path.iterdir()):
        raise CorpusError(
            f"{path}: is not empty and holds no corpus run ({MANIFEST}): give a new or empty folder"
        )


def _lock(path: Path) -> Any:
    """Hold ``path/.lock`` for this process (released when it exits), or refuse: two runs at once
    would write the same shards."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return None
    stream = open(path / LOCK, "a")  # noqa: SIM115 - held open for the whole run
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        stream.close()
        raise CorpusError(f"{path}: another corpus run is writing to this folder") from None
    return stream


def _read_manifest(path: Path, *, older: bool = False) -> dict[str, Any] | None:
    """The manifest of the run in *path* (None: there is none); *older*: also one of an earlier
    version of the format (a run about to be removed by ``--restart``)."""
    target = path / MANIFEST
    if not target.is_file():
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CorpusError(f"{target}: cannot read the manifest: {e}") from None
    return check_format(target, data, any_version=older)


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What makes the run in a folder another run than *new*, in words."""
    out = []
    if old.get("revtrack") != new["revtrack"]:
        out.append(f"made by revtrack {old.get('revtrack')}, this is {new['revtrack']}")
    old_inputs, new_inputs = old.get("inputs", []), new["inputs"]
    old_names = [i.get("source") for i in old_inputs]
    new_names = [i["source"] for i in new_inputs]
    if old_names != new_names:
        out.append(f"it read {_names(old_names)}, not {_names(new_names)}")
    else:
        changed = [n["source"] for o, n in zip(old_inputs, new_inputs, strict=True) if o != n]
        if changed:
            out.append(f"{_names(changed)} changed since")
    old_options, new_options = old.get("options", {}), new["options"]
    for key in sorted({*old_options, *new_options}):
        if old_options.get(key) != new_options.get(key):
            out.append(f"{key} was {_show(old_options.get(key))}, now {_show(new_options.get(key))}")
    return out


def _names(names: Iterable[object]) -> str:
    return ", ".join(str(n) for n in names) or "nothing"


def _show(value: object) -> str:
    return "unset" if value is None else json.dumps(value)


def _read_records(path: Path) -> dict[int, ShardRecord]:
    done = {}
    for file in sorted((path / SHARDS).glob("[0-9]*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            record = ShardRecord(**data)
        except (OSError, ValueError, TypeError) as e:
            raise CorpusError(f"{file}: cannot read the shard's record: {e}") from None
        if all((path / name / f"part-{record.shard:06d}.parquet").is_file() for name in TABLES):
            done[record.shard] = record
    return done


def _remove_temporaries(path: Path) -> None:
    """Temporary files a killed run left behind (whole files are only ever renamed into place)."""
    for folder in (*TABLES, SHARDS):
        for tmp in (path / folder).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
    for tmp in path.glob(f".{MANIFEST}.*.tmp"):
        tmp.unlink(missing_ok=True)


def _remove_run(path: Path) -> None:
    """The files of the run in *path* (and nothing else a user put there)."""
    for name in TABLES:
        for part in (path / name).glob("part-*.parquet"):
            part.unlink()
    for record in (path / SHARDS).glob("[0-9]*.json"):
        record.unlink()
    _remove_temporaries(path)
    (path / MANIFEST).unlink()
