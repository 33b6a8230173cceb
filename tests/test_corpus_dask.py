"""``revtrack corpus run --scheduler``: a real dask.distributed cluster gives the rows of a local run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import make_corpus, read_tables, write_slow_story

pytest.importorskip("distributed", reason="the corpus extra is not installed")

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded worker processes on this machine, started as a user would."""
    where = tmp_path_factory.mktemp("cluster")
    scheduler_file = where / "scheduler.json"
    common = ["--no-dashboard"]
    logs = open(where / "log.txt", "w")  # noqa: SIM115 - closed below, after the processes
    scheduler = subprocess.Popen(
        [
            BIN / "dask",
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--scheduler-file",
            scheduler_file,
            *common,
        ],
        stdout=logs,
        stderr=logs,
    )
    workers = subprocess.Popen(
        [
            BIN / "dask",
            "worker",
            "--scheduler-file",
            scheduler_file,
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--host",
            "127.0.0.1",
            *common,
        ],
        stdout=logs,
        stderr=logs,
    )
    try:
        deadline = time.monotonic() + 120
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            assert time.monotonic() < deadline, (where / "log.txt").read_text()
            assert scheduler.poll() is None, (where / "log.txt").read_text()
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        yield address
    finally:
        for proc in (workers, scheduler):
            proc.terminate()
        for proc in (workers, scheduler):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        logs.close()


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "revtrack", "corpus", "run", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_dask_cluster_gives_the_rows_of_a_local_run(cluster: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "stories", 9)
    local = _run(corpus, "-o", tmp_path / "local", "--workers", "1", "--shard-size", "3")
    assert local.returncode == 1, local.stderr
    dask = _run(corpus, "-o", tmp_path / "dask", "--scheduler", cluster, "--shard-size", "3")
    assert dask.returncode == 1, dask.stderr
    assert f"dask at {cluster}, 2 worker threads" in dask.stderr
    assert dask.stderr.endswith(f"Error: 3 of 15 stories failed: see {tmp_path / 'dask' / 'errors'}\n")
    assert read_tables(tmp_path / "dask") == read_tables(tmp_path / "local")
    for part in sorted((tmp_path / "local").rglob("part-*.parquet")):
        assert (tmp_path / "dask" / part.relative_to(tmp_path / "local")).read_bytes() == part.read_bytes()


def test_a_story_over_the_time_limit_on_a_dask_worker_is_an_error_row(cluster: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "stories", 2, broken=False)
    slow = write_slow_story(corpus / "zz-slow.json")
    done = _run(
        corpus, "-o", tmp_path / "out", "--scheduler", cluster, "--story-timeout", "3", "--shard-size", "2"
    )
    assert done.returncode == 1, done.stderr
    errors = read_tables(tmp_path / "out")["errors"]
    assert [e["message"] for e in errors] == [
        f"{slow}: not attributed: took longer than the story time limit (3 s)"
    ]
    assert len(read_tables(tmp_path / "out")["stories"]) == 5


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "stories", 1, broken=False)
    done = _run(corpus, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["tcp://localhost", "localhost", "nonsense"])
def test_a_scheduler_address_without_a_port_is_a_usage_error_at_once(address: str, tmp_path: Path) -> None:
    """dask.distributed raised deep in its client, after a 20 s wait: a traceback."""
    from revtrack.corpus import CorpusError, RunOptions, run_corpus

    corpus = make_corpus(tmp_path / "stories", 1, broken=False)
    done = _run(corpus, "-o", tmp_path / "out", "--scheduler", address)
    assert done.returncode == 2
    assert done.stderr.endswith(
        f"Error: Invalid value for '--scheduler': {address!r} is not a scheduler's address with a port "
        "(as tcp://HOST:8786)\n"
    )
    assert "Traceback" not in done.stderr
    with pytest.raises(CorpusError, match="is not a scheduler's address with a port"):
        run_corpus([str(corpus)], tmp_path / "out", RunOptions(scheduler=address))
