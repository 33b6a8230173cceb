"""The silent-edit audit for people: per update, what it added and what it changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from revtrack.audit import Audit, Finding
from revtrack.render.diff import render_plain
from revtrack.render.escape import show_controls, show_line

__all__ = ["AUDIT_FORMATS", "AuditOptions", "render_audit", "render_audit_json", "render_audit_text"]


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


class AuditOptions(NamedTuple):
    """How to render an audit."""

    include_moves: bool = False
    """Count sentences that only moved as silent changes."""


def render_audit_text(audit: Audit, options: AuditOptions = AuditOptions()) -> str:
    """Plain text: a summary, then each update with its silent changes and their word diffs."""
    include_moves = options.include_moves
    silent = audit.silent_updates(include_moves=include_moves)
    n = len(audit.updates)
    lines = [
        f"{show_line(audit.story)}: {n} update{'s' if n != 1 else ''}, "
        f"{len(silent)} changed text published before {'them' if n != 1 else 'it'}"
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


def render_audit_json(audit: Audit, options: AuditOptions = AuditOptions()) -> str:
    """``revtrack/audit@1``, one line."""
    return audit.to_json(include_moves=options.include_moves)


AUDIT_FORMATS: dict[str, Callable[[Audit, AuditOptions], str]] = {
    "text": render_audit_text,
    "json": render_audit_json,
}


def render_audit(audit: Audit, fmt: str = "text", options: AuditOptions = AuditOptions()) -> str:
    """Render *audit* in format *fmt* (a key of :data:`AUDIT_FORMATS`)."""
    return AUDIT_FORMATS[fmt](audit, options)
