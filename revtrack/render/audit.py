"""The silent-edit audit for people: per update, what it added and what it changed."""

from __future__ import annotations

from revtrack.audit import Audit, Finding
from revtrack.render.diff import render_plain
from revtrack.render.escape import show_controls, show_line

__all__ = ["render_audit"]


def _finding_line(f: Finding) -> str:
    d = f.diff
    if f.kind == "reworded" and d is not None:
        return f"  reworded sentence {f.new_index}: {render_plain(d).rstrip()}"
    if f.kind == "deleted":
        return f"  deleted sentence {f.old_index}: [-{show_controls(f.old_text or '')}-]"
    if f.kind == "restored":
        where = f"sentence {f.new_index} (last seen in revision {f.restored_from})"
        if d is not None:  # back in other words: the diff against the wording last seen
            return f"  restored and reworded {where}: {render_plain(d).rstrip()}"
        return f"  restored {where}: {{+{show_controls(f.new_text or '')}+}}"
    if f.kind == "moved":
        return f"  moved sentence {f.old_index} → {f.new_index}: {show_controls(f.new_text or '')}"
    body = render_plain(d).rstrip() if d is not None else show_controls(f.new_text or "")
    return f"  {f.kind} sentence {f.old_index} → {f.new_index}: {body}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render_audit(audit: Audit, *, include_moves: bool = False) -> str:
    """Plain text: a summary, then each update with its silent changes and their word diffs."""
    silent = audit.silent_updates(include_moves=include_moves)
    lines = [
        f"{show_line(audit.story)}: {len(audit.updates)} updates, "
        f"{len(silent)} changed text published before them"
    ]
    for u in audit.updates:
        who = f" ({show_line(u.author)})" if u.author else ""
        changes = u.silent(include_moves=include_moves)
        notes = [f for f in u.findings if f not in changes]
        count = (
            f"{len(changes)} silent change{'s' if len(changes) != 1 else ''}"
            if changes
            else "no silent changes"
        )
        if notes:
            count += f", {len(notes)} moved"
        lines.append("")
        lines.append(
            f"Update {u.revision} — {show_line(u.label)}{who} — {u.timestamp} ({u.kind}): "
            f"added {_plural(u.sentences_added, 'sentence')} ({_plural(u.words_added, 'word')}); {count}"
        )
        lines.extend(_finding_line(f) for f in u.findings)
    return "\n".join(lines) + "\n"
