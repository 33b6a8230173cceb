"""MediaWiki exports (revtrack.importers.mediawiki, `revtrack import mediawiki`), on real pages."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from revtrack import attribute, load_story, story_from_dict
from revtrack.cli import main
from revtrack.errors import SourceError
from revtrack.importers import ImportFailure, Note, read_mediawiki, story_filename
from revtrack.story import Story

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "importers" / "mediawiki"
PEAR = HERE / "article-pear.xml"
PAIR = HERE / "pair-0.10.xml"


def stories(path: Path, **kwargs: object) -> list[Story | ImportFailure]:
    return list(read_mediawiki(path, **kwargs))  # type: ignore[arg-type]


def test_a_real_page_history() -> None:
    notes: list[Note] = []
    (pear,) = stories(PEAR, on_note=notes.append)
    assert isinstance(pear, Story)
    assert (pear.id, pear.title) == ("Pear", "Pear")
    assert [(r.label, r.author, r.timestamp_text) for r in pear.revisions] == [
        ("185185", "Conversion script", "2002-02-25T15:43:11+00:00"),
        ("185241", "Quercusrobur", "2002-08-31T02:16:06+00:00"),
        ("185408", "Mav", "2002-08-31T03:27:15+00:00"),
    ]
    assert pear.revisions[0].text.startswith("Pears are [[tree]]s of the [[genus]] <em>Pyrus</em>")
    assert pear.last.text.endswith("[[Fruit tree propagation]]")
    assert [str(n) for n in notes] == [
        f"{PEAR}: story 'Pear': 1 version was identical to the one before and left out (--keep-identical keeps them)"
    ]
    (kept,) = stories(PEAR, keep_identical=True)
    assert isinstance(kept, Story)
    assert [r.label for r in kept.revisions][-1] == "188924"


def test_an_imported_history_attributes_as_the_same_history_written_by_hand() -> None:
    """The importer's story (patches, appends) and a hand-written story file of the same whole
    texts give the same provenance, revision by revision."""
    (pear,) = stories(PEAR)
    assert isinstance(pear, Story)
    by_hand = story_from_dict(
        {
            "format": "revtrack/story@1",
            "id": "Pear",
            "base": {"timestamp": "2002-02-25T15:43:11Z", "label": "185185", "text": pear.revisions[0].text},
            "updates": [
                {"timestamp": r.timestamp.isoformat(), "label": r.label, "text": r.text}
                for r in pear.revisions[1:]
            ],
        }
    )
    assert {u.kind for u in pear.updates} == {"patch"}
    for k in range(len(pear)):
        imported, written = attribute(pear, k), attribute(by_hand, k)
        assert (imported.text, imported.sentences) == (written.text, written.sentences)
        assert len(imported.sentences) > 3


def test_pages_in_two_namespaces_and_the_filters() -> None:
    both = stories(PAIR)
    assert [s.id for s in both if isinstance(s, Story)] == ["Çullu, Agdam", "Talk:Çullu, Agdam"]
    article = both[0]
    assert isinstance(article, Story)
    assert article.revisions[0].text == "#REDIRECT [[Çullu, Quzanlı]]"
    assert [s.id for s in stories(PAIR, namespaces={1}) if isinstance(s, Story)] == ["Talk:Çullu, Agdam"]
    assert [s.id for s in stories(PAIR, titles={"Çullu, Agdam"}) if isinstance(s, Story)] == ["Çullu, Agdam"]


def _schema(xml: str, version: str) -> str:
    """The 0.10 export rewritten as MediaWiki wrote schema *version*."""
    xml = xml.replace("export-0.10", f"export-{version}").replace('version="0.10"', f'version="{version}"')
    old = tuple(int(p) for p in version.split(".")) < (0, 7)
    if old:  # before 0.7: no content model or format; before 0.6 no sha1; before 0.5 no ns or parentid
        xml = re.sub(r"\s*<(model|format)>[^<]*</\1>", "", xml)
        xml = re.sub(r' bytes="\d+"', "", xml)
    if version in ("0.3", "0.4", "0.5"):
        xml = re.sub(r"\s*<(sha1|parentid)>[^<]*</\1>", "", xml)
    if version in ("0.3", "0.4"):
        xml = re.sub(r"\s*<ns>[^<]*</ns>", "", xml)
        xml = re.sub(r"\s*<dbname>[^<]*</dbname>", "", xml)
        xml = xml.replace(' case="first-letter"', "")
    if version == "0.11":  # the revision's origin, and the text's sha1 on <text>
        xml = re.sub(r"(\s*)(<model>)", r"\1<origin>1</origin>\1\2", xml)
    return xml


@pytest.mark.parametrize("version", ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.10", "0.11"])
def test_every_export_schema(version: str, tmp_path: Path) -> None:
    dump = tmp_path / f"pair-{version}.xml"
    dump.write_text(_schema(PAIR.read_text(encoding="utf-8"), version), encoding="utf-8")
    got = stories(dump)
    assert [(s.id, len(s)) for s in got if isinstance(s, Story)] == [
        ("Çullu, Agdam", 2),
        ("Talk:Çullu, Agdam", 2),
    ]


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [
        (".bz2", bz2.compress),
        (".gz", gzip.compress),
        (".xz", lzma.compress),
        (".lzma", lambda d: lzma.compress(d, format=lzma.FORMAT_ALONE)),
    ],
)
def test_compressed_exports(suffix: str, compress: object, tmp_path: Path) -> None:
    dump = tmp_path / f"pear.xml{suffix}"
    dump.write_bytes(compress(PEAR.read_bytes()))  # type: ignore[operator]
    (pear,) = stories(dump)
    (plain,) = stories(PEAR)
    assert pear == plain


def test_deleted_and_suppressed_text_is_skipped_with_a_note(tmp_path: Path) -> None:
    xml = PAIR.read_text(encoding="utf-8")
    xml = xml.replace(
        '<text xml:space="preserve" bytes="19">{{DisambigProject}}</text>', '<text deleted="deleted" />'
    ).replace(
        "<username>Carlossuarez46</username>\n        <id>23407</id>\n      </contributor>\n      <comment>create dab",
        "</contributor>\n      <comment>create dab",
    )
    xml = xml.replace(
        "<contributor>\n        </contributor>\n      <comment>create dab",
        '<contributor deleted="deleted" />\n      <comment>create dab',
    )
    dump = tmp_path / "deleted.xml"
    dump.write_text(xml, encoding="utf-8")
    notes: list[Note] = []
    _, talk = stories(dump, on_note=notes.append)
    assert isinstance(talk, Story)
    assert len(talk) == 1
    assert [str(n) for n in notes] == [
        f"{dump}: story 'Talk:Çullu, Agdam': 1 revision whose text was deleted or suppressed skipped (237383127)"
    ]


def test_a_page_without_revisions_is_a_failure_and_the_others_go_on(tmp_path: Path) -> None:
    xml = PAIR.read_text(encoding="utf-8")
    start = xml.index("    <revision>\n      <id>237382899</id>")
    end = xml.index("  </page>")
    dump = tmp_path / "empty-page.xml"
    dump.write_text(xml[:start] + xml[end:], encoding="utf-8")
    first, second = stories(dump)
    assert isinstance(first, ImportFailure)
    assert str(first) == f"{dump}: story 'Çullu, Agdam': no versions to import"
    assert isinstance(second, Story)


@pytest.mark.parametrize(
    ("old", "new", "where", "why"),
    [
        (
            "<timestamp>2008-09-09T22:41:28Z</timestamp>",
            "<timestamp></timestamp>",
            "the revision after revision 237382899",
            "'None' is not a valid Wikipedia date format",
        ),
        (
            "<timestamp>2008-09-09T22:40:15Z</timestamp>",
            "<timestamp>yesterday</timestamp>",
            "its first revision",
            "'yesterday' is not a valid Wikipedia date format",
        ),
    ],
)
def test_a_revision_whose_field_cannot_be_read_fails_its_page_and_the_others_go_on(
    old: str, new: str, where: str, why: str, tmp_path: Path
) -> None:
    """The XML goes on (mwxml raised while making the revision): so does the dump, as a page without
    revisions does; it used to end the import there, the later pages lost."""
    xml = PAIR.read_text(encoding="utf-8")
    assert xml.count(old) == 1
    dump = tmp_path / "bad-field.xml"
    dump.write_text(xml.replace(old, new), encoding="utf-8")
    first, second = stories(dump)
    assert isinstance(first, ImportFailure)
    assert str(first) == f"{dump}: story 'Çullu, Agdam': {where}: cannot read a revision: {why}"
    assert isinstance(second, Story)
    assert second.id == "Talk:Çullu, Agdam"
    # A page not asked for is read past, whatever its revisions hold.
    (only,) = stories(dump, titles=["Talk:Çullu, Agdam"])
    assert isinstance(only, Story)


def test_a_broken_export_names_the_page_where_it_broke(tmp_path: Path) -> None:
    """The pages before the fault are yielded; the fault is one line naming the page being read."""
    xml = PAIR.read_text(encoding="utf-8")
    first = xml[xml.index("  <page>") : xml.index("  <page>", xml.index("  <page>") + 1)]
    head = xml[: xml.index("  <page>")]
    dump = tmp_path / "cut.xml"
    dump.write_text(head + first * 2000 + first[:200], encoding="utf-8")
    read: list[Story | ImportFailure] = []
    with pytest.raises(SourceError) as info:
        read.extend(read_mediawiki(dump))
    assert len(read) > 100
    assert all(isinstance(item, Story) for item in read)
    assert str(info.value).startswith(f"{dump}: page 'Çullu, Agdam': not a readable MediaWiki export: ")
    assert "\n" not in str(info.value)


def test_not_an_export(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(
        SourceError, match=r"notes.txt: not a MediaWiki export: not XML \(it begins 'just some notes\\n'\)$"
    ):
        stories(text)
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match=r"empty.xml: not a MediaWiki export: the file is empty$"):
        stories(empty)
    html = tmp_path / "page.html"
    html.write_text("<html><body><p>A saved page</p></body></html>", encoding="utf-8")
    with pytest.raises(
        SourceError, match=r"page.html: not a MediaWiki export: its root element is not <mediawiki>$"
    ):
        stories(html)
    broken = tmp_path / "broken.xml"
    broken.write_text("<mediawiki><siteinfo><sitename>W</sitename></siteinfo><page><title>A & B</title>")
    with pytest.raises(SourceError) as info:  # the parser's reason, not the bytes it was reading
        stories(broken)
    assert str(info.value).startswith(f"{broken}: not a readable MediaWiki export: ")
    assert ': b"' not in str(info.value)
    assert ": b'" not in str(info.value)


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "a 7z archive: extract it first (7z x)"),
        (b"PK\x03\x04\x14", "a zip archive"),
    ],
)
def test_an_archive_it_does_not_open_is_named_with_the_command_that_does(
    tmp_path: Path, head: bytes, what: str
) -> None:
    dump = tmp_path / "dump.xml.x"
    dump.write_bytes(head + bytes(100))
    with pytest.raises(SourceError, match=f"dump.xml.x: {re.escape(what)}"):
        stories(dump)
    with pytest.raises(SourceError, match=r"missing.xml: no such file$"):
        stories(tmp_path / "missing.xml")


def test_without_mwxml_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mwxml", None)
    with pytest.raises(SourceError) as info:
        stories(PEAR)
    assert (
        str(info.value)
        == "revtrack import mediawiki: reading MediaWiki exports needs mwxml: pip install 'revtrack[wiki]'"
    )


def test_cli_writes_one_story_file_per_page(tmp_path: Path) -> None:
    out = tmp_path / "wiki"
    result = CliRunner().invoke(main, ["import", "mediawiki", str(PAIR), "-o", str(out), "--namespace", "0"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{out}: 1 story written (2 versions)\n"
    (written,) = out.iterdir()
    assert written.name == story_filename("Çullu, Agdam") == "%C3%87ullu%2C%20%41gdam.json"
    assert load_story(written).id == "Çullu, Agdam"
    assert json.loads(written.read_text(encoding="utf-8"))["updates"][0]["label"] == "237383099"


def test_cli_reports_each_broken_page_and_exits_1_with_a_count(tmp_path: Path) -> None:
    xml = PAIR.read_text(encoding="utf-8")
    start = xml.index("    <revision>\n      <id>237382899</id>")
    dump = tmp_path / "empty-page.xml"
    dump.write_text(xml[:start] + xml[xml.index("  </page>") :], encoding="utf-8")
    out = tmp_path / "wiki"
    result = CliRunner().invoke(main, ["import", "mediawiki", str(dump), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {dump}: story 'Çullu, Agdam': no versions to import\n"
        f"{out}: 1 story written (2 versions)\n"
        "Error: 1 story or record could not be imported (see above)\n"
    )
    assert [p.name for p in out.iterdir()] == [story_filename("Talk:Çullu, Agdam")]


def test_progress_is_told_within_a_long_page(tmp_path: Path) -> None:
    xml = PAIR.read_text(encoding="utf-8")
    start = xml.index("    <revision>")
    end = xml.index("  </page>")
    one = xml[start : xml.index("    </revision>", start) + len("    </revision>\n")]
    revisions = "".join(
        one.replace("<id>237382899</id>", f"<id>{k}</id>").replace(
            "Quzanlı]]</text>", f"Quzanlı]] {k}</text>"
        )
        for k in range(250)
    )
    dump = tmp_path / "long.xml"
    dump.write_text(xml[:start] + revisions + xml[end:], encoding="utf-8")
    seen: list[tuple[int, int]] = []
    items = list(read_mediawiki(dump, on_progress=lambda p: seen.append((p.stories, p.versions))))
    assert [len(s) for s in items if isinstance(s, Story)] == [250, 2]
    assert seen == [(0, 100), (0, 200), (1, 250), (2, 252)]


@pytest.mark.parametrize(
    "compress", [bz2.compress, lambda d: lzma.compress(d, format=lzma.FORMAT_ALONE)], ids=["bz2", "lzma"]
)
def test_cli_reads_a_compressed_export_from_standard_input(tmp_path: Path, compress: object) -> None:
    """Standard input has no suffix: even LZMA-alone (WikiWho's samples), which has no magic
    number, is told by its header."""
    out = tmp_path / "wiki"
    data = compress(PAIR.read_bytes())  # type: ignore[operator]
    result = CliRunner().invoke(main, ["import", "mediawiki", "-", "-o", str(out)], input=data)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        story_filename(t) for t in ("Çullu, Agdam", "Talk:Çullu, Agdam")
    )


def test_a_title_that_matches_no_page_gets_a_note_naming_pages_of_that_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["import", "mediawiki", str(PAIR), "--title", "Nope", "--title", "Agdam", "-o", str(tmp_path / "w")],
    )
    assert result.exit_code == 0
    assert f"note: {PAIR}: no page titled 'Nope'\n" in result.stderr
    talk = CliRunner().invoke(
        main, ["import", "mediawiki", str(PAIR), "--title", "Çullu, Agdam", "-o", str(tmp_path / "t")]
    )
    assert "no page titled" not in talk.stderr
