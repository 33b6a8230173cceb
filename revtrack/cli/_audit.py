"""``revtrack audit``: the silent-edit audit."""

from __future__ import annotations

from pathlib import Path

import click

from revtrack.cli._options import STORY, emit, load, quiet_option, show_path, status_flag
from revtrack.cli._progress import progress
from revtrack.render.audit import AUDIT_FORMATS, AuditOptions, render_audit


@click.command()
@click.argument("story_file", type=STORY)
@click.option("--format", "fmt", type=click.Choice(list(AUDIT_FORMATS)), default="text", show_default=True)
@status_flag("--fail-on-silent", help="Exit with status 1 when an update changed earlier text (2: an error).")
@click.option("--include-moves", is_flag=True, help="Count sentences that only moved as silent changes too.")
@quiet_option()
def audit(story_file: Path, fmt: str, fail_on_silent: bool, include_moves: bool, quiet: bool) -> None:
    """For each update: what it changed in text published before it (reworded,
    deleted, restored, split, merged and moved sentences, with word diffs), as
    opposed to what it added. JSON is revtrack/audit@1.

    \b
    Examples:
      revtrack audit fixtures/flood.json
      revtrack audit story.json --format json --fail-on-silent
    """
    from revtrack.audit import audit_story
    from revtrack.provenance import track_story

    with progress(quiet) as shown:
        story = load(story_file, shown)
        name = show_path(story_file)
        tracker = track_story(story, progress=shown.phase(f"attributing {name}"))
        result = audit_story(story, tracker, progress=shown.phase(f"auditing {name}"))
    emit(render_audit(result, fmt, AuditOptions(include_moves=include_moves)), fmt)
    if fail_on_silent and result.silent_updates(include_moves=include_moves):
        raise SystemExit(1)
