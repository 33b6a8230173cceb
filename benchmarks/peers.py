"""Peers for the attribution benchmark: WikiWho and ``git blame -M -C``, read as sentence provenance.

Both are turned into the shape revtrack's own results have (a text, sentences
with ``introduced``/``modified``/``spans``) so that one scorer judges all three:

* WikiWho (``pip install wikiwho``) attributes tokens only. Each sentence gets
  the revision most of its words have (ties: the earlier), ``modified`` the
  later revisions of its words, and spans follow the word origins.
* git blame attributes lines. The revisions are committed to a repository, one
  sentence per line (the truth's sentence boundaries, which is generous to
  git), and each sentence gets the commit its line is blamed on.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import attrs


@attrs.frozen
class Span:
    start: int
    end: int
    revision: int


@attrs.frozen
class Sentence:
    start: int
    end: int
    introduced: int
    modified: tuple[int, ...]
    spans: tuple[Span, ...]


@attrs.frozen
class Attribution:
    text: str
    sentences: tuple[Sentence, ...]


def _from_word_revisions(
    text: str, bounds: Sequence[tuple[int, int]], words: Sequence[tuple[int, int, int]]
) -> Attribution:
    """Sentences from per-word revisions: ``words`` are (start, end, revision) in text order."""
    out = []
    k = 0
    for start, end in bounds:
        mine = []
        while k < len(words) and words[k][0] < end:
            if words[k][0] >= start:
                mine.append(words[k])
            k += 1
        revs = [r for _, _, r in mine] or [0]
        counts = Counter(revs)
        top = max(counts.values())
        introduced = min(r for r, n in counts.items() if n == top)
        spans: list[Span] = []
        for a, b, r in mine:
            if spans and spans[-1].revision == r:
                spans[-1] = Span(spans[-1].start, b, r)
            else:
                spans.append(Span(a, b, r))
        modified = tuple(sorted({r for r in revs if r > introduced}))
        out.append(Sentence(start, end, introduced, modified, tuple(spans)))
    return Attribution(text, tuple(out))


# --- WikiWho --------------------------------------------------------------------


def wikiwho_analyse(texts: Sequence[str]) -> object:
    """Run WikiWho over the revisions (revision k is WikiWho revision id k + 1)."""
    from WikiWho.wikiwho import Wikiwho

    ww = Wikiwho("story")
    page = [
        {
            "*": text,
            "revid": k + 1,
            "timestamp": f"2020-01-01T00:{k // 60:02d}:{k % 60:02d}Z",
            "userid": k + 1,
        }
        for k, text in enumerate(texts)
    ]
    ww.analyse_article(page)
    return ww


def wikiwho_attribution(
    ww: object, texts: Sequence[str], revision: int, bounds: Sequence[tuple[int, int]]
) -> Attribution:
    """WikiWho's token origins for one revision, read as sentences."""
    from WikiWho.utils import iter_rev_tokens

    text = texts[revision]
    lower = text.lower()
    words: list[tuple[int, int, int]] = []
    rev_obj = ww.revisions.get(revision + 1)  # type: ignore[attr-defined]
    if rev_obj is None:  # WikiWho skipped it (its vandalism filter): nothing attributed
        return _from_word_revisions(text, bounds, [])
    pos = 0
    for word in iter_rev_tokens(rev_obj):
        at = lower.find(word.value, pos)
        if at < 0:
            continue
        words.append((at, at + len(word.value), word.origin_rev_id - 1))
        pos = at + len(word.value)
    return _from_word_revisions(text, bounds, words)


# --- git blame -------------------------------------------------------------------


def git_commit_history(texts: Sequence[str], bounds_of: Sequence[Sequence[tuple[int, int]]]) -> Path:
    """A git repository with one commit per revision of ``story.txt``, one sentence a line."""
    repo = Path(tempfile.mkdtemp(prefix="revtrack-blame-"))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@localhost",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@localhost",
    }
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    for k, (text, bounds) in enumerate(zip(texts, bounds_of, strict=True)):
        (repo / "story.txt").write_text("".join(text[a:b] + "\n" for a, b in bounds), encoding="utf-8")
        subprocess.run(["git", "-C", str(repo), "add", "story.txt"], check=True, env=env)
        subprocess.run(
            ["git", "-C", str(repo), "commit", "-q", "--allow-empty", "-m", f"r{k}"], check=True, env=env
        )
    return repo


def git_blame_attribution(
    repo: Path, texts: Sequence[str], revision: int, bounds: Sequence[tuple[int, int]]
) -> Attribution:
    """``git blame -M -C`` of one revision, read as sentences (every word gets its line's commit)."""
    commits = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--reverse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.split()
    index = {c: k for k, c in enumerate(commits)}
    out = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "blame",
            "-M",
            "-C",
            "--line-porcelain",
            commits[revision],
            "--",
            "story.txt",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line_revs = [index[line.split()[0]] for line in out.splitlines() if len(line) > 40 and line[:40] in index]
    text = texts[revision]
    sentences = []
    for (a, b), rev in zip(bounds, line_revs, strict=False):
        sentences.append(Sentence(a, b, rev, (), (Span(a, b, rev),)))
    return Attribution(text, tuple(sentences))
