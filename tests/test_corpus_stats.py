"""``revtrack corpus stats``: the figures agree with the single-story audit, in text, JSON and a page."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_helpers import FIXTURES, make_corpus

from revtrack.cli import main

pytest.importorskip("pyarrow", reason="the corpus extra is not installed")

T0 = datetime(2024, 5, 1, 9, tzinfo=timezone(timedelta(hours=2)))
EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


def evil_story() -> object:
    """A story whose most reworded sentence is markup, for the page's escaping."""
    from revtrack.story import Story

    texts = [
        f"Officials said {EVIL} was found. The road is closed.",
        f"Officials said {EVIL} was found on Monday. The road is closed.",
        f"Police said {EVIL} was found on Monday. The road is closed.",
        f"Police said {EVIL} was found late on Monday. The road is still closed.",
    ]
    times = [T0, T0 + timedelta(minutes=5), T0 + timedelta(hours=2), T0 + timedelta(days=2)]
    return Story.from_texts(texts, times, id=f"evil {EVIL}", title=EVIL)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from revtrack.storyfile import save_story

    folder = make_corpus(tmp_path_factory.mktemp("corpus") / "stories", 6)
    shutil.copy(FIXTURES / "factory-fire.json", folder / "factory-fire.json")
    save_story(evil_story(), folder / "evil.json")  # type: ignore[arg-type]
    target = tmp_path_factory.mktemp("out") / "out"
    result = CliRunner().invoke(
        main, ["corpus", "run", str(folder), "-o", str(target), "--shard-size", "3", "-q"]
    )
    assert result.exit_code == 1, result.output
    return target


def expected(out: Path) -> dict[str, object]:
    """The figures, from the library's per-story audit of every story the run read."""
    from revtrack.audit import NOTE_KINDS, audit_story
    from revtrack.corpus._store import MANIFEST
    from revtrack.storyfile import load_story

    folder = Path(json.loads((out / MANIFEST).read_text())["inputs"][0]["source"])
    stories, errors = [], 0
    for path in sorted(folder.rglob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            stories.append(load_story(path))
        except Exception:
            errors += 1
    kinds_stories: Counter[str] = Counter()
    kinds_updates: Counter[str] = Counter()
    silent_stories = silent_updates = 0
    delays, first_delays = [], []
    for story in stories:
        audit = audit_story(story)
        silent = audit.silent_updates()
        silent_stories += bool(silent)
        silent_updates += len(silent)
        base = story.base.timestamp
        delays += [(u.timestamp - base) // timedelta(microseconds=1) for u in story.updates]
        if silent:
            first_delays.append((story.revision(silent[0]).timestamp - base) // timedelta(microseconds=1))
        seen: set[str] = set()
        for u in audit.updates:
            kinds = {f.kind for f in u.findings}
            for kind in kinds:
                kinds_updates[kind] += 1
            seen |= kinds
        for kind in seen:
            kinds_stories[kind] += 1
        assert not (set(kinds_stories) & NOTE_KINDS - {"moved"})
    return {
        "stories": len(stories) + errors,
        "errors": errors,
        "versions": sum(len(s) for s in stories),
        "silent_stories": silent_stories,
        "silent_updates": silent_updates,
        "kinds_stories": kinds_stories,
        "kinds_updates": kinds_updates,
        "delays": delays,
        "first_delays": first_delays,
    }


def test_the_figures_agree_with_the_audit_of_each_story(out: Path) -> None:
    from revtrack.corpus import corpus_stats
    from revtrack.corpus.stats import DELAY_BUCKETS, _histogram

    s = corpus_stats(out)
    e = expected(out)
    assert (s.stories, s.errors, s.versions) == (e["stories"], e["errors"], e["versions"])
    assert s.complete
    assert (s.silent_stories, s.silent_updates) == (e["silent_stories"], e["silent_updates"])
    assert {k.kind: k.stories for k in s.kinds} == {
        k: e["kinds_stories"][k] for k in {k.kind for k in s.kinds}
    }  # type: ignore[index]
    assert {k.kind: k.updates for k in s.kinds} == {
        k: e["kinds_updates"][k] for k in {k.kind for k in s.kinds}
    }  # type: ignore[index]
    assert s.time_to_update == _histogram(e["delays"], DELAY_BUCKETS)  # type: ignore[arg-type]
    assert s.time_to_first_silent == _histogram(e["first_delays"], DELAY_BUCKETS)  # type: ignore[arg-type]
    assert sum(n for _, n in s.updates_per_story) == s.stories - s.errors
    assert s.updates == s.versions - (s.stories - s.errors)


def test_the_most_reworded_sentence_comes_first(out: Path) -> None:
    from revtrack.corpus import corpus_stats

    top = corpus_stats(out, top=3).most_reworded
    assert len(top) == 3
    assert top[0].story_id == f"evil {EVIL}"
    assert top[0].rewordings == 3
    assert top[0].text == f"Police said {EVIL} was found late on Monday."
    assert [r.rewordings for r in top] == sorted((r.rewordings for r in top), reverse=True)


def test_where_changes_land(out: Path) -> None:
    from revtrack.corpus import corpus_stats

    places = {p.kind: p for p in corpus_stats(out).places}
    # The evil story: every rewording is of its first sentence, in the lead.
    assert places["reworded"].lead >= 3
    assert places["all"].lead + places["all"].body >= sum(
        p.lead + p.body for k, p in places.items() if k != "all"
    )


def test_text_json_and_html(out: Path, tmp_path: Path) -> None:
    from revtrack.corpus import corpus_stats

    result = CliRunner().invoke(main, ["corpus", "stats", str(out)])
    assert result.exit_code == 0
    e = expected(out)
    assert result.stdout.startswith(
        f"{out}: {e['stories']} stories ({e['errors']} failed), {e['versions']} versions, "
    )
    assert "Most reworded sentences (last revision):\n  3×  evil <script>" in result.stdout
    result = CliRunner().invoke(main, ["corpus", "stats", str(out), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(corpus_stats(out).to_dict()))
    assert data["format"] == "revtrack/corpus-stats@1"
    assert result.stdout.count("\n") == 1

    page = tmp_path / "stats.html"
    result = CliRunner().invoke(main, ["corpus", "stats", str(out), "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert html.count("<svg") == 4
    assert "<script" not in html
    assert EVIL not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # The same corpus gives the same page, byte for byte.
    again = tmp_path / "again.html"
    CliRunner().invoke(main, ["corpus", "stats", str(out), "--format", "html", "-o", str(again)])
    assert again.read_bytes() == page.read_bytes()


def test_not_a_corpus_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["corpus", "stats", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path}: holds no corpus run (no manifest.json)\n"
    result = CliRunner().invoke(main, ["corpus", "stats", str(tmp_path / "nothere")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'nothere'}: no such folder\n")


def test_an_unfinished_run_says_so(out: Path, tmp_path: Path) -> None:
    from revtrack.corpus import corpus_stats

    part = tmp_path / "part"
    shutil.copytree(out, part)
    manifest = json.loads((part / "manifest.json").read_text())
    (part / "manifest.json").write_text(json.dumps({**manifest, "complete": False}))
    (part / "_shards" / "000000.json").unlink()  # shard 0 not finished: its files do not count
    s = corpus_stats(part)
    assert not s.complete
    assert s.stories == corpus_stats(out).stories - 3
    result = CliRunner().invoke(main, ["corpus", "stats", str(part)])
    assert "the run has not finished: these are the shards written so far" in result.stdout


def test_stories_that_share_an_id_in_one_shard_are_counted_apart(tmp_path: Path) -> None:
    """Two sources' stories of one id, in one shard: each story's updates and silent changes count
    once (keyed by the id, the first story's base was joined to both stories' updates)."""
    from revtrack.corpus import corpus_stats

    folder = tmp_path / "stories"
    folder.mkdir()
    shutil.copy(FIXTURES / "taji.json", folder / "a.json")
    shutil.copy(FIXTURES / "flood.json", folder / "b.json")
    shutil.copy(FIXTURES / "taji.json", folder / "c.json")
    target = tmp_path / "out"
    result = CliRunner().invoke(main, ["corpus", "run", str(folder), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    s, e = corpus_stats(target), expected(target)
    assert (s.stories, s.versions) == (e["stories"], e["versions"]) == (3, 15)
    assert (s.silent_stories, s.silent_updates) == (e["silent_stories"], e["silent_updates"])
    assert {k.kind: (k.stories, k.updates) for k in s.kinds} == {
        k.kind: (e["kinds_stories"][k.kind], e["kinds_updates"][k.kind])  # type: ignore[index]
        for k in s.kinds
    }
    from revtrack.corpus.stats import DELAY_BUCKETS, _histogram

    assert s.time_to_update == _histogram(e["delays"], DELAY_BUCKETS)  # type: ignore[arg-type]
    assert s.time_to_first_silent == _histogram(e["first_delays"], DELAY_BUCKETS)  # type: ignore[arg-type]
    from revtrack.provenance import track_story
    from revtrack.storyfile import load_story

    changes = 0
    for name in ("a.json", "b.json", "c.json"):
        tracker = track_story(load_story(folder / name))
        changes += sum(len(tracker.changes(r)) for r in range(1, len(tracker)))
    everything = next(p for p in s.places if p.kind == "all")
    assert everything.lead + everything.body == changes


def test_a_folder_of_the_earlier_format_is_refused_and_restart_remakes_it(out: Path, tmp_path: Path) -> None:
    from revtrack.corpus import corpus_stats

    old = tmp_path / "old"
    shutil.copytree(out, old)
    manifest = json.loads((old / "manifest.json").read_text())
    (old / "manifest.json").write_text(json.dumps({**manifest, "format": "revtrack/corpus@1"}))
    result = CliRunner().invoke(main, ["corpus", "stats", str(old)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {old / 'manifest.json'}: the folder holds revtrack/corpus@1 tables, this revtrack reads "
        "and writes revtrack/corpus@2 (run `revtrack corpus run` again with --restart to remake them)\n"
    )
    source = manifest["inputs"][0]["source"]
    run = ["corpus", "run", source, "-o", str(old), "--shard-size", "3", "-q"]
    result = CliRunner().invoke(main, run)
    assert result.exit_code == 1
    assert "revtrack/corpus@1 tables" in result.stderr
    result = CliRunner().invoke(main, [*run, "--restart"])
    assert result.exit_code == 1, result.output  # the corpus has broken stories
    import attrs

    assert corpus_stats(old) == attrs.evolve(corpus_stats(out), folder=str(old))
