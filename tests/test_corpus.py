"""``revtrack corpus run``: tables that say what the single-story commands say, any engine, resumable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from corpus_helpers import FIXTURES, make_corpus, read_tables, write_slow_story

from revtrack.cli import main

pa = pytest.importorskip("pyarrow", reason="the corpus extra is not installed")


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "stories")


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One local run of the corpus, two workers, shards of four stories: what every other run must equal."""
    out = tmp_path_factory.mktemp("reference") / "out"
    code, _, err = run("corpus", "run", corpus, "-o", out, "--workers", "2", "--shard-size", "4")
    assert code == 1, err
    return out


def test_tables_say_what_the_single_story_commands_say(corpus: Path, reference: Path) -> None:
    from revtrack.audit import audit_story
    from revtrack.history import revision_stats
    from revtrack.provenance import track_story
    from revtrack.storyfile import load_story

    tables = read_tables(reference)
    stories = {row["source"]: row for row in tables["stories"]}
    assert len(stories) == 12 + 3
    flood = load_story(corpus / "flood.json")
    tracker = track_story(flood)
    row = stories[str(corpus / "flood.json")]
    assert row["story_id"] == "millbrook-flood"
    assert row["record"] is None
    assert row["title"] == flood.title
    assert row["revisions"] == len(flood)
    assert row["first_timestamp"] == flood.base.timestamp
    assert row["last_timestamp"] == flood.last.timestamp
    assert row["sentences"] == len(tracker.sentences())
    audit = audit_story(flood, tracker)
    assert row["silent_updates"] == len(audit.silent_updates()) == 4

    # revisions: the numbers of `revtrack log --format json`.
    log = [r for r in tables["revisions"] if r["story_id"] == "millbrook-flood"]
    stats = revision_stats(flood, tracker)
    assert [r["revision"] for r in log] == list(range(len(flood)))
    for r, st, rev in zip(log, stats, flood.revisions, strict=True):
        assert (r["words_added"], r["words_removed"]) == (st.words_added, st.words_removed)
        assert (r["sentences_added"], r["sentences_edited"], r["sentences_moved"]) == (
            st.sentences_added,
            st.sentences_edited,
            st.sentences_moved,
        )
        assert (r["sentences_deleted"], r["sentences_restored"]) == (
            st.sentences_deleted,
            st.sentences_restored,
        )
        assert (r["label"], r["author"], r["timestamp_text"]) == (rev.label, rev.author, rev.timestamp_text)
        assert r["timestamp"] == rev.timestamp
        assert r["kind"] == (rev.kind if rev.index else None)
        assert r["sentences"] == len(tracker.sentences(rev.index))
        from revtrack.text import is_word, split_words

        assert r["words"] == sum(1 for t in split_words(rev.text) if is_word(t))
        if rev.index:
            assert r["changes_in_lead"] + r["changes_in_body"] == len(tracker.changes(rev.index))
        else:
            assert r["changes_in_lead"] is r["changes_in_body"] is None
    assert row["words"] == log[-1]["words"]

    # sentences: `revtrack blame --format json` of every revision.
    sentences = [s for s in tables["sentences"] if s["story_id"] == "millbrook-flood"]
    expected = []
    for rev in flood.revisions:
        text = rev.text
        for i, s in enumerate(tracker.sentences(rev.index)):
            expected.append(
                {
                    "story": row["story"],
                    "story_id": "millbrook-flood",
                    "revision": rev.index,
                    "index": i,
                    "paragraph": s.paragraph,
                    "start": s.start,
                    "end": s.end,
                    "introduced": s.introduced,
                    "modified": list(s.modified),
                    "text": text[s.start : s.end],
                }
            )
    assert sentences == expected

    # findings: `revtrack audit --format json`.
    findings = [f for f in tables["findings"] if f["story_id"] == "millbrook-flood"]
    audit_json = json.loads(audit.to_json())
    expected_findings = [
        (
            u["revision"],
            f["kind"],
            f["old"] and f["old"]["text"],
            f["new"] and f["new"]["text"],
            f["restored_from"],
        )
        for u in audit_json["updates"]
        for f in u["findings"]
    ]
    assert [
        (f["revision"], f["kind"], f["old_text"], f["new_text"], f["restored_from"]) for f in findings
    ] == (expected_findings)
    assert all(f["silent"] == (f["kind"] != "moved") for f in findings)
    reworded = next(f for f in findings if f["kind"] == "reworded")
    assert reworded["paragraph"] == 0  # the death toll, in the lead


def test_broken_stories_are_rows_of_errors_and_the_run_exits_1_with_the_count(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, out_text, err = run("corpus", "run", corpus, "-o", out, "--workers", "1", "--shard-size", "5")
    assert code == 1
    assert out_text == ""
    assert err.endswith(f"Error: 3 of 18 stories failed: see {out / 'errors'}\n")
    assert err.startswith(f"{out}: 18 stories, ")
    tables = read_tables(out)
    errors = tables["errors"]
    # Every story has its place in the corpus, in input order, the failed ones too: the key of every table.
    numbers = sorted(row["story"] for table in ("stories", "errors") for row in tables[table])
    assert numbers == list(range(18))
    assert [row["story"] for row in tables["stories"]] == sorted(row["story"] for row in tables["stories"])
    for name in ("revisions", "sentences", "findings"):
        assert {row["story"] for row in tables[name]} <= {row["story"] for row in tables["stories"]}
    assert [e.pop("story") for e in errors] == [3, 4, 5]  # broken/, the first subfolder
    bad = corpus / "broken"
    assert errors == [
        {
            "source": str(bad / "backwards.json"),
            "record": None,
            "story_id": None,
            "message": f"{bad / 'backwards.json'}: update 2 ('UPDATE 7:15pm EST'): timestamp: "
            "2020-03-11T17:00:00-05:00 is earlier than update 1 ('UPDATE 6:20pm EST') at 2020-03-11T18:20:00-05:00",
        },
        {
            "source": str(bad / "binary.json"),
            "record": None,
            "story_id": None,
            "message": f"{bad / 'binary.json'}: a binary file (NUL byte at offset 0), not a story file",
        },
        {
            "source": str(bad / "not-json.json"),
            "record": None,
            "story_id": None,
            "message": f"{bad / 'not-json.json'}: line 1, column 3: invalid JSON: Expecting property name "
            "enclosed in double quotes",
        },
    ]


def test_same_rows_and_files_whatever_the_workers(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "one"
    code, _, _ = run("corpus", "run", corpus, "-o", out, "--workers", "1", "--shard-size", "4", "--quiet")
    assert code == 1
    assert read_tables(out) == read_tables(reference)
    for part in sorted(reference.rglob("part-*.parquet")):
        assert (out / part.relative_to(reference)).read_bytes() == part.read_bytes(), part


def test_folder_order_is_by_path_and_hidden_and_other_files_are_skipped(
    reference: Path, corpus: Path
) -> None:
    sources = [row["source"] for row in read_tables(reference)["stories"]]
    relative = [str(Path(s).relative_to(corpus)) for s in sources]
    # A folder's files, then its subfolders, each in the order of names.
    assert relative[:3] == ["election.json", "flood.json", "taji.json"]
    assert relative[3:6] == ["desk-0/story-000.json", "desk-0/story-001.json", "desk-0/story-002.json"]
    assert not any(".hidden" in s or s.endswith(".txt") for s in relative)


def test_last_only_keeps_the_last_revision_s_sentences(corpus: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "last"
    code, _, _ = run("corpus", "run", corpus, "-o", out, "--last-only", "--quiet", "--workers", "1")
    assert code == 1
    full, last = read_tables(reference), read_tables(out)
    final = {row["story_id"]: row["revisions"] - 1 for row in full["stories"]}
    assert last["sentences"] == [s for s in full["sentences"] if s["revision"] == final[s["story_id"]]]
    for name in ("stories", "revisions", "findings", "errors"):
        assert last[name] == full[name]


def test_manifest_records_inputs_options_and_version(reference: Path, corpus: Path) -> None:
    manifest = json.loads((reference / "manifest.json").read_text())
    from importlib.metadata import version

    assert manifest["format"] == "revtrack/corpus@2"
    assert manifest["revtrack"] == version("revtrack")
    assert [(i["source"], i["kind"]) for i in manifest["inputs"]] == [(str(corpus), "stories")]
    assert manifest["options"] == {
        "last_only": False,
        "shard_size": 4,
        "story_timeout": None,
        "pattern": "*.json",
    }
    assert (manifest["complete"], manifest["shards"], manifest["stories"], manifest["errors"]) == (
        True,
        5,
        18,
        3,
    )


def test_a_finished_run_run_again_does_nothing_and_says_the_same(reference: Path, corpus: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in reference.rglob("*.parquet")}
    code, _, err = run("corpus", "run", corpus, "-o", reference, "--workers", "2", "--shard-size", "4")
    assert code == 1
    assert "5 of 5 shards from an earlier run" in err
    assert {p: p.stat().st_mtime_ns for p in reference.rglob("*.parquet")} == before


def test_a_rerun_with_other_options_or_input_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = make_corpus(tmp_path / "small", 2, broken=False)
    assert run("corpus", "run", small, "-o", out, "--quiet")[0] == 0
    code, _, err = run("corpus", "run", small, "-o", out, "--last-only")
    assert code == 1
    assert err == (
        f"Error: {out}: holds a run of other input or options (last_only was false, now true): run again with "
        "the same ones to continue it, or add --restart to start over\n"
    )
    code, _, err = run("corpus", "run", corpus, "-o", out)
    assert code == 1
    assert f"(it read {small}, not {corpus})" in err
    (small / "desk-0" / "story-000.json").write_text((FIXTURES / "flood.json").read_text())
    code, _, err = run("corpus", "run", small, "-o", out)
    assert code == 1
    assert f"({small} changed since)" in err
    code, _, err = run("corpus", "run", small, "-o", out, "--restart", "--last-only", "--quiet")
    assert code == 0, err
    assert any(r["story_id"] == "millbrook-flood" for r in read_tables(out)["stories"])


def test_an_output_folder_with_other_files_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, _, err = run("corpus", "run", corpus, "-o", out)
    assert code == 1
    assert (
        err
        == f"Error: {out}: is not empty and holds no corpus run (manifest.json): give a new or empty folder\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_usage_errors(corpus: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "corpus", "run", corpus, "-o", tmp_path / "o", "--workers", "2", "--scheduler", "tcp://x:1"
    )
    assert code == 2
    assert "--workers is for a local run" in err
    code, _, err = run("corpus", "run", tmp_path / "nope", "-o", tmp_path / "o")
    assert code == 1
    assert err.startswith(f"Error: {tmp_path / 'nope'}: no such file or folder")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("blocked", "args", "missing"),
    [
        ("pyarrow,matplotlib", ["run", "{corpus}", "-o", "{tmp}/o"], "pyarrow is"),
        ("pyarrow,matplotlib", ["stats", "{tmp}"], "pyarrow is"),
        ("matplotlib", ["stats", "{tmp}", "--format", "html"], "matplotlib is"),
        (
            "dask,distributed",
            ["run", "{corpus}", "-o", "{tmp}/o", "--scheduler", "tcp://127.0.0.1:9"],
            "dask and distributed are",
        ),
    ],
    ids=["run", "stats", "stats-html", "scheduler"],
)
def test_a_missing_extra_is_one_line_naming_it(
    corpus: Path, tmp_path: Path, blocked: str, args: list[str], missing: str
) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    # A module finder that refuses the extra's modules, as on an install without it.
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        f"BLOCKED = {blocked.split(',')!r}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    argv = [a.format(corpus=corpus, tmp=tmp_path) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "revtrack", "corpus", *argv], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: the corpus commands need the optional extra revtrack[corpus]: {missing} not installed "
        "(pip install 'revtrack[corpus]')\n"
    )
    assert not (tmp_path / "o").exists()


def test_progress_bar_on_a_terminal_and_lines_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setenv("COLUMNS", "120")

    from revtrack.cli import _corpus
    from revtrack.corpus import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    show = _corpus._Shower(term)
    show.last = -1.0
    show(Progress(stories=50, total=200, versions=400, errors=1, resumed=0, elapsed=10.0))
    show.end()
    assert term.getvalue() == (
        "\r\x1b[K██████░░░░░░░░░░░░░░░░░░  25%  50/200 stories  40 versions/s  0:30 left  1 error\r\x1b[K"
    )
    log = io.StringIO()
    show = _corpus._Shower(log)
    show(Progress(stories=10, total=None, versions=100, errors=0, resumed=0, elapsed=1.0))
    assert log.getvalue() == ""  # not in the first seconds
    show.last -= _corpus._LOG_EVERY
    show(Progress(stories=20, total=None, versions=200, errors=0, resumed=0, elapsed=6.0))
    assert log.getvalue() == "corpus: 20 stories, 33 versions/s\n"
    # A source that cannot say how many stories it holds: no bar stuck at 0%; a narrow terminal:
    # the line cut to fit (a line that wraps leaves one more on the screen at each redraw).
    monkeypatch.setenv("COLUMNS", "30")
    term = Terminal()
    show = _corpus._Shower(term)
    show.last = -1.0
    show(Progress(stories=5000, total=None, versions=40000, errors=0, resumed=0, elapsed=10.0))
    assert term.getvalue() == "\r\x1b[K5,000 stories  4,000 version…"


# --- resuming --------------------------------------------------------------------------------


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "revtrack", "corpus", *(str(a) for a in args)]


def test_a_killed_run_continues_and_ends_with_the_rows_of_an_uninterrupted_one(
    corpus: Path, reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    # One worker and shards of one story: the run is long enough to be killed in the middle.
    proc = subprocess.Popen(
        _cli("run", corpus, "-o", out, "--workers", "1", "--shard-size", "1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(list((out / "_shards").glob("*.json"))) < 3:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((out / "_shards").glob("*.json")))
    assert done < 18
    assert not json.loads((out / "manifest.json").read_text())["complete"]
    # A shard cut short: its table files half there, a temporary file left behind.
    (out / "stories" / "part-000017.parquet").write_bytes(b"PAR1 half")
    (out / "revisions" / ".part-000017.parquet.123.tmp").write_bytes(b"PAR1")

    resumed = subprocess.run(
        _cli("run", corpus, "-o", out, "--workers", "2", "--shard-size", "1"), capture_output=True, text=True
    )
    assert resumed.returncode == 1, resumed.stderr
    assert f"{done} of 18 shards from an earlier run" in resumed.stderr
    assert not list(out.rglob("*.tmp"))
    tables = read_tables(out)
    expected = read_tables(reference)
    assert tables == expected


# --- time limits and dying workers -----------------------------------------------------------


def test_a_story_over_the_time_limit_is_an_error_row_and_the_rest_goes_on(tmp_path: Path) -> None:
    folder = make_corpus(tmp_path / "stories", 3, broken=False)
    slow = write_slow_story(folder / "zz-slow.json")
    out = tmp_path / "out"
    code, _, err = run("corpus", "run", folder, "-o", out, "--story-timeout", "3", "--workers", "1")
    assert code == 1
    assert err.endswith("Error: 1 of 7 stories failed: see " + str(out / "errors") + "\n")
    tables = read_tables(out)
    assert tables["errors"] == [
        {
            "story": 3,  # after the three stories of the folder, before its subfolder's
            "source": str(slow),
            "record": None,
            "story_id": None,
            "message": f"{slow}: not attributed: took longer than the story time limit (3 s)",
        }
    ]
    assert len(tables["stories"]) == 6


@attrs.frozen
class _Failure:
    """A record an importer could not read (the shape of revtrack.importers.ImportFailure)."""

    source: str
    problem: str
    story: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        return ": ".join(p for p in (self.source, self.story, self.where, self.problem) if p)


class _Killer:
    """A 'story' that ends any process but the test's that reads its id, as a crash in a worker would."""

    def __init__(self) -> None:
        self.home = os.getpid()

    @property
    def id(self) -> str:
        return "killer"

    def __getattr__(self, name: str) -> Any:  # what attributing it reads (its revisions, its length)
        if name != "home" and os.getpid() != self.home:
            os._exit(3)
        raise AttributeError(name)

    def __len__(self) -> int:
        return int(self.__getattr__("__len__"))


def test_a_story_that_kills_its_worker_is_an_error_row(tmp_path: Path) -> None:
    from revtrack.corpus import RunOptions, run_corpus
    from revtrack.corpus._sources import SOURCES, ImporterSource
    from revtrack.storyfile import load_story

    def stories(spec: str) -> Iterator[Any]:
        yield load_story(FIXTURES / "flood.json")
        yield _Killer()
        yield _Failure(str(source), "not a version", None, "line 7")
        yield load_story(FIXTURES / "taji.json")

    source = tmp_path / "source.db"
    source.write_bytes(b"a multi-story source")
    SOURCES["test-killer"] = lambda spec: ImporterSource("test-killer", spec, stories)
    try:
        summary = run_corpus([f"test-killer:{source}"], tmp_path / "out", RunOptions(workers=1, shard_size=2))
    finally:
        del SOURCES["test-killer"]
    assert (summary.stories, summary.errors) == (4, 2)
    tables = read_tables(tmp_path / "out")
    assert [(r["source"], r["record"], r["story_id"]) for r in tables["stories"]] == [
        (str(source), "millbrook-flood", "millbrook-flood"),
        (str(source), "taji-rocket-attack", "taji-rocket-attack"),
    ]
    assert tables["errors"] == [
        {
            "story": 1,
            "source": str(source),
            "record": "killer",
            "story_id": "killer",
            "message": f"{source}: killer: not attributed: its worker process died (exit status 3)",
        },
        {
            "story": 2,
            "source": str(source),
            "record": "line 7",
            "story_id": None,
            "message": f"{source}: line 7: not a version",
        },
    ]


def test_an_importer_source_gives_the_rows_of_the_same_stories_as_files(
    reference: Path, corpus: Path, tmp_path: Path
) -> None:
    from revtrack.corpus import RunOptions, run_corpus
    from revtrack.corpus._sources import SOURCES, ImporterSource
    from revtrack.storyfile import load_story

    def stories(spec: str) -> Iterator[Any]:
        for name in ("election", "flood", "taji"):
            yield load_story(Path(spec) / f"{name}.json")

    SOURCES["test-fixtures"] = lambda spec: ImporterSource("test-fixtures", spec, stories)
    try:
        run_corpus([f"test-fixtures:{corpus}"], tmp_path / "out", RunOptions(workers=1))
    finally:
        del SOURCES["test-fixtures"]
    imported = read_tables(tmp_path / "out")
    files = read_tables(reference)
    ids = {"riverside-mayor", "millbrook-flood", "taji-rocket-attack"}
    for name in ("revisions", "sentences", "findings"):
        assert imported[name] == [row for row in files[name] if row["story_id"] in ids]
    strip = [{k: v for k, v in row.items() if k not in ("source", "record")} for row in imported["stories"]]
    assert strip == [
        {k: v for k, v in row.items() if k not in ("source", "record")}
        for row in files["stories"]
        if row["story_id"] in ids
    ]


def test_a_second_run_into_the_same_folder_at_once_is_refused(corpus: Path, tmp_path: Path) -> None:
    from revtrack.corpus._store import _lock

    out = tmp_path / "out"
    out.mkdir()
    held = _lock(out)  # as a run in another process holds it
    try:
        code, _, err = run("corpus", "run", corpus, "-o", out)
    finally:
        held.close()
    assert code == 1
    assert err == f"Error: {out}: another corpus run is writing to this folder\n"


def test_write_bytes_writes_whole_files_only(tmp_path: Path) -> None:
    from revtrack.files import write_bytes

    target = tmp_path / "part.parquet"
    write_bytes(target, b"PAR1\x00\xff")
    assert target.read_bytes() == b"PAR1\x00\xff"
    assert [p.name for p in tmp_path.iterdir()] == ["part.parquet"]


def test_words_are_counted_as_the_word_diff_counts_them() -> None:
    """The corpus counts a base's words with one regular expression: a letter or digit, as is_word."""
    import sys

    from revtrack.corpus._rows import _ALPHANUMERIC, _words
    from revtrack.text import is_word, split_words

    assert all(bool(_ALPHANUMERIC.search(c)) == c.isalnum() for c in map(chr, range(sys.maxunicode + 1)))
    text = (FIXTURES / "taji-article.txt").read_text() + " _ __ 3.5 ٣ 東京 — … 👍🏽 e\u0301"
    assert _words(text) == sum(1 for t in split_words(text) if is_word(t))


def test_the_readme_s_corpus_example_and_the_three_readers(
    corpus: Path, reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's DuckDB and pandas example runs on a real run's folder; polars reads every table."""
    import contextlib
    import io
    import re
    import shutil

    import polars as pl

    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Corpora", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block is not None
    shutil.copytree(reference, tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block.group(1), "README.md", "exec"), {})
    top = read_tables(reference)["findings"]
    counts: dict[tuple[int, str], int] = {}
    for f in top:
        if f["kind"] == "reworded":
            key = (f["story"], f["story_id"])
            counts[key] = counts.get(key, 0) + 1
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))[:3]
    expected = [(story_id, n) for (_, story_id), n in best]
    assert printed.getvalue().splitlines()[0] == repr(expected)
    tables = read_tables(reference)
    for name, rows in tables.items():
        frame = pl.read_parquet(tmp_path / "out" / name / "*.parquet")
        assert frame.height == len(rows)
        assert frame.columns == list(rows[0]) if rows else True


def test_ctrl_c_stops_the_run_with_a_message_and_keeps_what_was_written(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _cli("run", corpus, "-o", out, "--workers", "1", "--shard-size", "1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list((out / "_shards").glob("*.json")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.endswith(
        f"{out}: interrupted; the shards written are kept: run the same command again to continue\n"
    )
    assert list((out / "_shards").glob("*.json"))
    assert not json.loads((out / "manifest.json").read_text())["complete"]


def test_a_json_lines_source_is_read_through_its_importer_a_story_at_a_time(tmp_path: Path) -> None:
    """``corpus run VERSIONS.jsonl`` reads the importer's stories (never a file each) and gives the rows
    of the same stories imported to files first; a broken record is a row of errors."""
    from revtrack.storyfile import load_story

    lines = []
    for name in ("flood", "election", "taji"):
        story = load_story(FIXTURES / f"{name}.json")
        for rev in story.revisions:
            lines.append(
                {"story": story.id, "timestamp": rev.timestamp_text, "text": rev.text, "label": rev.label}
                | ({"author": rev.author} if rev.author else {})
                | ({"title": story.title} if story.title and rev.index == 0 else {})
            )
    lines.insert(3, "not json")
    source = tmp_path / "versions.jsonl"
    source.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    code, _, err = run("corpus", "run", source, "-o", tmp_path / "direct", "-q")
    assert code == 1, err
    code, _, err = run("corpus", "run", f"jsonl:{source}", "-o", tmp_path / "named", "-q")
    assert code == 1, err
    assert read_tables(tmp_path / "named") == read_tables(tmp_path / "direct")
    direct = read_tables(tmp_path / "direct")
    manifest = json.loads((tmp_path / "direct" / "manifest.json").read_text())
    assert [i["kind"] for i in manifest["inputs"]] == ["jsonl"]
    assert direct["errors"] == [
        {
            "story": 0,  # the importer yields a broken record when it meets it
            "source": str(source),
            "record": "line 4",
            "story_id": None,
            "message": f"{source}: line 4: invalid JSON: Expecting value (column 1)",
        }
    ]
    assert [(r["source"], r["record"]) for r in direct["stories"]] == [
        (str(source), story_id) for story_id in sorted(r["story_id"] for r in direct["stories"])
    ]

    imported = tmp_path / "imported"
    assert run("import", "jsonl", source, "-o", imported)[0] == 1
    assert run("corpus", "run", imported, "-o", tmp_path / "files", "-q")[0] == 0
    files = read_tables(tmp_path / "files")
    # The same rows but for the stories' numbers: the direct run numbers its broken record too.
    for name in ("revisions", "sentences", "findings"):
        assert [{**r, "story": r["story"] - 1} for r in direct[name]] == files[name]
    strip = ("story", "source", "record")
    assert [{k: v for k, v in r.items() if k not in strip} for r in direct["stories"]] == [
        {k: v for k, v in r.items() if k not in strip} for r in files["stories"]
    ]


def test_a_folder_without_story_files_is_an_error_not_an_empty_corpus(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.txt").write_text("x\n", encoding="utf-8")
    code, _, err = run("corpus", "run", tmp_path / "in", "-o", tmp_path / "out")
    assert (code, err) == (1, f"Error: {tmp_path / 'in'}: no story file in it matches '*.json'\n")
    assert not (tmp_path / "out").exists()


def test_a_storys_sentences_stream_out_and_a_failed_storys_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long history's sentence rows go into Arrow columns revision by revision (never all held as
    tuples); a story that fails after some went is an ``errors`` row only."""
    import revtrack.audit
    import revtrack.corpus._tables
    from revtrack.corpus._shard import Shard, ShardOptions, run_shard
    from revtrack.corpus._sources import StoryRef
    from revtrack.story import Story
    from revtrack.testing.synthetic import generate_history

    texts = generate_history(3, 60, words=1500).texts
    times = [datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=k) for k in range(len(texts))]
    big = Story.from_texts(texts, times, id="big")
    doomed = Story.from_texts(texts[:5], times[:5], id="doomed")
    audit = revtrack.audit.audit_story

    def failing(story: Story, *args: object, **kwargs: object) -> object:
        if story.id == "doomed":
            raise RuntimeError("boom")
        return audit(story, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(revtrack.audit, "audit_story", failing)
    monkeypatch.setattr(revtrack.corpus._tables, "_FLUSH_ROWS", 500)  # batches end inside each story
    refs = tuple(StoryRef(source=s.id, story=s, story_id=s.id) for s in (big, doomed, big))
    result = run_shard(Shard(0, refs), ShardOptions())
    import io

    import pyarrow.parquet as pq

    tables = {name: pq.read_table(io.BytesIO(part)) for name, part in result.tables.items()}
    assert {name: table.schema for name, table in tables.items()} == revtrack.corpus._tables.SCHEMAS
    sentences = tables["sentences"]
    per_story = sentences.num_rows // 2
    assert per_story > 4 * 500  # the big story's rows went out in several batches
    assert sentences.column("story_id").to_pylist() == ["big"] * (2 * per_story)
    assert tables["errors"].column("message").to_pylist() == ["doomed: internal error: RuntimeError: boom"]


def test_a_shards_files_are_the_same_bytes_however_its_rows_came(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row groups are cut at fixed counts: a story streamed revision by revision (in the worker) and
    one sent whole (from a child process, as a retried shard's are) make the same Parquet files."""
    import revtrack.corpus._tables
    from revtrack.corpus._shard import Shard, ShardOptions, run_shard
    from revtrack.corpus._sources import StoryRef

    monkeypatch.setattr(revtrack.corpus._tables, "_FLUSH_ROWS", 300)
    monkeypatch.setattr(revtrack.corpus._tables, "_GROUP_ROWS", 100)
    refs = tuple(StoryRef(source=str(p), path=str(p)) for p in sorted(FIXTURES.glob("*.json")))
    streamed = run_shard(Shard(0, refs), ShardOptions())
    monkeypatch.setattr(revtrack.corpus._tables, "_FLUSH_ROWS", 7)
    whole = run_shard(Shard(0, refs), ShardOptions())
    assert streamed.tables == whole.tables


def test_a_long_storys_revisions_are_told_as_they_are_attributed() -> None:
    """The progress queue hears of every hundred revisions of a long story, not only of its end."""
    import queue

    import revtrack.corpus._shard as shard_module
    from revtrack.corpus._shard import Shard, ShardOptions, run_shard
    from revtrack.corpus._sources import StoryRef
    from revtrack.story import Story
    from revtrack.testing.synthetic import generate_history

    texts = generate_history(5, 250, words=200).texts
    times = [datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=k) for k in range(len(texts))]
    long, short = (
        Story.from_texts(texts, times, id="long"),
        Story.from_texts(texts[:3], times[:3], id="short"),
    )
    told: queue.Queue[tuple[int, int, int]] = queue.Queue()
    shard_module.report_progress(told)
    try:
        result = run_shard(
            Shard(4, tuple(StoryRef(source=s.id, story=s) for s in (long, short))), ShardOptions()
        )
    finally:
        shard_module.report_progress(None)
    messages = [told.get() for _ in range(told.qsize())]
    assert messages == [(4, 0, 100), (4, 0, 100), (4, 1, len(texts) - 200), (4, 1, 3)]
    assert sum(v for _, _, v in messages) == result.versions == len(texts) + 3


def test_stories_that_share_an_id_are_kept_and_named(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.json", "b.json"):
        (source / name).write_bytes((FIXTURES / "taji.json").read_bytes())
    (source / "c.json").write_bytes((FIXTURES / "flood.json").read_bytes())
    code, _, err = run("corpus", "run", source, "-o", tmp_path / "out")
    assert code == 0
    assert "note: 2 stories have the id 'taji-rocket-attack' (the tables tell them apart by `story`)\n" in err
    assert err.count("note:") == 1
    stories = read_tables(tmp_path / "out")["stories"]
    assert sorted(row["story_id"] for row in stories) == ["millbrook-flood", *["taji-rocket-attack"] * 2]


@pytest.mark.skipif(sys.platform != "linux", reason="a file name that is not UTF-8")
def test_a_story_file_whose_name_is_not_utf8_is_read_and_named_in_valid_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.json").write_bytes((FIXTURES / "taji.json").read_bytes())
    bad = os.fsdecode(bytes(folder) + b"/st\xffory.json")
    Path(bad).write_bytes((FIXTURES / "flood.json").read_bytes())
    code, _, err = run("corpus", "run", folder, "-o", tmp_path / "out", "--workers", "1")
    assert code == 0, err
    sources = sorted(row["source"] for row in read_tables(tmp_path / "out")["stories"])
    assert sources == [str(folder / "ok.json"), str(folder) + "/st\\xffory.json"]


def test_an_output_inside_an_input_folder_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else the run reads its own files as stories, and its input changed: it could never continue."""
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "taji.json").write_bytes((FIXTURES / "taji.json").read_bytes())
    monkeypatch.chdir(folder)
    code, _, err = run("corpus", "run", ".", "-o", "out")
    assert (code, err) == (1, "Error: out: is inside the input folder .: give a path outside it\n")
    assert not (folder / "out").exists()


def test_story_files_are_read_by_absolute_path_and_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cluster's workers have another working directory; the rows still say what the user typed."""
    from revtrack.corpus._sources import open_source

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.json").write_bytes((FIXTURES / "taji.json").read_bytes())
    (folder / "bad.json").write_text("{", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    refs = list(open_source("in").refs())
    assert [(r.source, r.path) for r in refs] == [
        ("in/bad.json", str(folder / "bad.json")),
        ("in/ok.json", str(folder / "ok.json")),
    ]
    code, _, _ = run("corpus", "run", "in", "-o", "out", "--workers", "1")
    assert code == 1
    (error,) = read_tables(tmp_path / "out")["errors"]
    assert error["source"] == "in/bad.json"
    assert error["message"].startswith("in/bad.json: ")
