"""Word diffs for people and programs: wdiff-style plain text, terminal colour, Markdown, HTML, JSON.

Every renderer takes a :class:`~revtrack.diff.WordDiff` and :class:`DiffOptions`
and returns a string. With ``context`` set, only the changed paragraphs and
that many paragraphs around them are shown, and a marker line stands where
unchanged paragraphs were skipped (like ``diff -U``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from revtrack._jsontext import json_line
from revtrack.diff import Edit, Op, WordDiff
from revtrack.render.escape import (
    escape_html,
    escape_markdown,
    hidden_runs,
    markdown_unindented,
    show_controls,
    show_invisible,
)

__all__ = ["DIFF_FORMAT", "DIFF_FORMATS", "DiffOptions", "paragraphs", "render_diff", "render_stat"]

DIFF_FORMAT = "revtrack/diff@1"

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


class DiffOptions(NamedTuple):
    """How a diff is shown."""

    context: int | None = None
    """Show only changed paragraphs and this many around them; None shows everything."""
    from_name: int | str = 0
    """What the old text is called (a revision index, or a file name)."""
    to_name: int | str = 1


def paragraphs(ops: tuple[Edit, ...]) -> list[list[Edit]]:
    """The ops cut at the blank lines of unchanged text; each paragraph keeps its trailing break.

    A blank line inside a removal or an insertion does not cut: the change stays whole.
    """
    out: list[list[Edit]] = [[]]
    for edit in ops:
        if edit.op is not Op.EQUAL:
            out[-1].append(edit)
            continue
        pos = 0
        for m in _BLANK_LINE.finditer(edit.text):
            out[-1].append(Edit(Op.EQUAL, edit.text[pos : m.end()]))
            out.append([])
            pos = m.end()
        if pos < len(edit.text):
            out[-1].append(Edit(Op.EQUAL, edit.text[pos:]))
    return [p for p in out if p]


def _changed(paragraph: list[Edit]) -> bool:
    return any(e.op is not Op.EQUAL for e in paragraph)


def _selected(paras: list[list[Edit]], context: int | None) -> list[int | None]:
    """Indices of the paragraphs to show, with None where a run of them is skipped."""
    if context is None:
        return list(range(len(paras)))
    keep: set[int] = set()
    for i, p in enumerate(paras):
        if _changed(p):
            keep.update(range(max(0, i - context), min(len(paras), i + context + 1)))
    out: list[int | None] = []
    for i in range(len(paras)):
        if i in keep:
            out.append(i)
        elif not out or out[-1] is not None:
            out.append(None)
    return out


def _skipped(selection: list[int | None], at: int, total: int) -> int:
    """How many paragraphs the marker at *at* stands for."""
    before = next((s for s in reversed(selection[:at]) if s is not None), -1)
    after = next((s for s in selection[at + 1 :] if s is not None), total)
    return after - before - 1


def _render(
    ops: tuple[Edit, ...],
    options: DiffOptions,
    equal: Callable[[str], str],
    delete: Callable[[str], str],
    insert: Callable[[str], str],
    marker: Callable[[int], str],
) -> str:
    paras = paragraphs(ops)
    if options.context is not None and not any(map(_changed, paras)):
        return ""  # nothing changed: nothing to show around it (as diff -U)
    selection = _selected(paras, options.context)
    out: list[str] = []
    for k, i in enumerate(selection):
        if i is None:
            line = marker(_skipped(selection, k, len(paras)))
            # The last thing shown: one line, no blank line after it.
            out.append(line if k < len(selection) - 1 else line.rstrip("\n") + "\n")
            continue
        for edit in paras[i]:
            fn = equal if edit.op is Op.EQUAL else delete if edit.op is Op.DELETE else insert
            out.append(fn(edit.text))
    text = "".join(out)
    return text if text.endswith("\n") or not text else text + "\n"


def _marker_line(n: int) -> str:
    noun = "paragraph" if n == 1 else "paragraphs"
    return f"@@ {n} unchanged {noun} @@\n\n"


_PARAGRAPH_BREAK = re.compile(r"([^\S\n]*\n[^\S\n]*\n\s*)")


def _by_visibility(text: str) -> list[tuple[bool, str]]:
    """*text* cut into runs written escaped (controls, characters that show nothing: True) and the
    others (a carriage return before a line feed is a line end, not a control)."""
    return hidden_runs(text)


def _spaced(wrap: Callable[[str], str]) -> Callable[[str], str]:
    """Wrap each paragraph of the text, but not the whitespace around and between them: Markdown
    emphasis can neither begin or end with whitespace nor span paragraphs (in that whitespace,
    what is written escaped is wrapped on its own: a carriage return, a line separator)."""

    def space(text: str) -> str:
        return "".join(wrap(run) if hidden else run for hidden, run in _by_visibility(text))

    def apply(text: str) -> str:
        runs = _by_visibility(text)  # white space around the text, but not what is written escaped
        if not runs:
            return text
        head = runs[0][1] if not runs[0][0] else ""
        tail = runs[-1][1] if not runs[-1][0] else ""
        start = len(head) - len(head.lstrip())
        end = len(text) - (len(tail) - len(tail.rstrip()))
        if start >= end:
            return text
        parts = _PARAGRAPH_BREAK.split(text[start:end])  # paragraphs at even places, breaks between
        return (
            text[:start]
            + "".join(wrap(part) if k % 2 == 0 else space(part) for k, part in enumerate(parts))
            + text[end:]
        )

    return apply


def _visible_break(text: str) -> str | None:
    """A change of whitespace only that holds a line break is invisible as it is: ``¶`` for
    each line break in it, shown in its place. None for any other text."""
    if "\n" not in text or not text.isspace():
        return None
    return "¶" * text.count("\n")


def render_plain(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """wdiff style: ``[-removed-]{+added+}``, control characters (and, in changes, characters
    that show nothing) written visibly."""
    return _render(
        diff.ops,
        options,
        show_controls,
        lambda t: f"[-{show_invisible(t)}-]",
        lambda t: f"{{+{show_invisible(t)}+}}",
        _marker_line,
    )


def _sgr(codes: str, *, removed: bool) -> Callable[[str], str]:
    def paint(text: str) -> str:
        shown = _visible_break(text)
        if shown is not None:  # a line break removed or added: ¶ (then, if added, the break itself)
            return f"\x1b[{codes}m{shown}\x1b[0m" + ("" if removed else text)
        # Colour each line on its own, so a pager or a terminal resize never bleeds colour.
        return "\n".join(
            f"\x1b[{codes}m{line}\x1b[0m" if line else line for line in show_invisible(text).split("\n")
        )

    return paint


def render_ansi(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """Terminal colour: removals red and struck through, additions green and underlined; a line
    break removed or added alone is shown as ``¶``."""
    return _render(
        diff.ops,
        options,
        show_controls,
        _sgr("31;9", removed=True),
        _sgr("32;4", removed=False),
        lambda n: f"\x1b[36m{_marker_line(n).rstrip()}\x1b[0m\n\n",
    )


def render_markdown(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """Markdown: ``~~removed~~`` and ``**added**``, everything else escaped.

    Emphasis marks must sit where Markdown lets them open and close (CommonMark's flanking
    rules: ``said**:**`` is not emphasis): a change that would begin or end between a word and
    punctuation is widened to the whole word on both sides (``~~said~~**said:**``). A change
    of whitespace alone is shown as the new text's whitespace.
    """
    state = {"line_start": True}  # whether only whitespace follows the last line break written

    def emit(text: str, out: str) -> str:
        _, newline, after = text.rpartition("\n")
        state["line_start"] = (bool(newline) or state["line_start"]) and (not after or after.isspace())
        return out

    def equal(text: str) -> str:
        return emit(text, escape_markdown(text, line_start=state["line_start"]))

    def changed(mark: str, *, removed: bool) -> Callable[[str], str]:
        def wrap(part: str) -> str:
            return f"{mark}{escape_markdown(part, changed=True)}{mark}"

        spaced = _spaced(wrap)

        def apply(text: str) -> str:
            if text.isspace():  # a change of spacing: the new text's, but what a terminal or a
                # reader would act on or not see (a carriage return, a line separator) as a change
                out = "".join(
                    wrap(run) if hidden else "" if removed else run for hidden, run in _by_visibility(text)
                )
                return emit(out, out)
            return emit(text, spaced(text))

        return apply

    source = _render(
        _markdown_ops(diff.ops),
        options,
        equal,
        changed("~~", removed=True),
        changed("**", removed=False),
        lambda n: emit("\n", f"*{_marker_line(n).strip()}*\n\n"),
    )
    # Whitespace kept outside the marks may indent a line into a code block: not with an entity first.
    return markdown_unindented(source)


def _punctuation(c: str) -> tuple[bool, bool]:
    """Whether *c* is punctuation for Markdown's flanking rules: (as CommonMark 0.29 and GFM read
    it: ASCII or Unicode P; as CommonMark 0.31 does: also Unicode S)."""
    if c.isascii():
        p = not c.isalnum() and not c.isspace()
        return p, p
    kind = unicodedata.category(c)[0]
    return kind == "P", kind in "PS"


def _mark_fits(before: str, after: str, *, opening: bool) -> bool:
    """Whether an emphasis mark between the characters *before* and *after* ("" at an end of the
    text) can open (*opening*) or close emphasis under every reading of the flanking rules."""
    inner, outer = (after, before) if opening else (before, after)
    if not outer or outer.isspace():
        return True
    inner_p, outer_p = _punctuation(inner), _punctuation(outer)
    # Invalid where the mark's inner side is punctuation and its outer side is not.
    return not any(i and not o for i, o in zip(inner_p, outer_p, strict=True))


def _first_shown(text: str) -> str:
    """The first character Markdown will see of changed *text* (escaping may put a backslash first)."""
    escaped = escape_markdown(text.lstrip(), changed=True)
    return escaped[:1]


def _last_shown(text: str) -> str:
    escaped = escape_markdown(text.rstrip(), line_start=False, changed=True)
    return escaped[-1:]


def _markdown_ops(ops: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """*ops* with each change widened to whole words where its emphasis marks would not open or close.

    The ops still rebuild both texts: the words taken from the equal text around a change go
    into both its removal and its insertion.
    """
    # Equal texts (str) and changes ([removed, added]), alternating.
    parts: list[str | list[str]] = []
    for edit in ops:
        if edit.op is Op.EQUAL:
            parts.append(edit.text)
            continue
        if not parts or isinstance(parts[-1], str):
            parts.append(["", ""])
        change = parts[-1]
        assert isinstance(change, list)
        change[edit.op is Op.INSERT] += edit.text
    i = 0
    while i < len(parts):
        change = parts[i]
        if isinstance(change, str):
            i += 1
            continue
        gone, came = change
        left = parts[i - 1] if i else ""
        right = parts[i + 1] if i + 1 < len(parts) else ""
        assert isinstance(left, str)
        assert isinstance(right, str)
        shown = [t for t in (gone, came) if t and not t.isspace()]  # whitespace alone shows no marks
        if not shown:
            i += 1
            continue
        first, last = shown[0], shown[-1]
        before = escape_markdown(left, line_start=False)[-1:]
        after = came[:1] if last is gone and came else escape_markdown(right, line_start=False)[:1]
        if not first[0].isspace() and not _mark_fits(before, _first_shown(first), opening=True):
            cut = _word_start(left)
            change[0], change[1] = left[cut:] + gone, left[cut:] + came
            parts[i - 1] = left[:cut]
            if not left[:cut] and i >= 2:  # the equal text between two changes is gone: one change
                merged = parts[i - 2]
                assert isinstance(merged, list)
                merged[0] += change[0]
                merged[1] += change[1]
                del parts[i - 1 : i + 1]
                i -= 2
            continue  # look at the widened change again
        if not last[-1].isspace() and not _mark_fits(_last_shown(last), after, opening=False):
            cut = _word_end(right)
            change[0], change[1] = gone + right[:cut], came + right[:cut]
            parts[i + 1] = right[cut:]
            if not right[cut:] and i + 2 < len(parts):
                merged = parts[i + 2]
                assert isinstance(merged, list)
                change[0] += merged[0]
                change[1] += merged[1]
                del parts[i + 1 : i + 3]
            continue
        i += 1
    out: list[Edit] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Edit(Op.EQUAL, part))
        else:
            out.extend(Edit(op, t) for op, t in zip((Op.DELETE, Op.INSERT), part, strict=True) if t)
    return tuple(out)


def _word_start(text: str) -> int:
    """Where the run of non-whitespace that ends *text* begins."""
    j = len(text)
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return j


def _word_end(text: str) -> int:
    """Where the run of non-whitespace that begins *text* ends."""
    for i, c in enumerate(text):
        if c.isspace():
            return i
    return len(text)


def render_html(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """An HTML fragment: ``<del>``/``<ins>`` in a block that keeps line breaks; all text escaped;
    a line break removed or added alone is shown as ``¶``."""

    def changed(tag: str) -> Callable[[str], str]:
        def apply(text: str) -> str:
            shown = _visible_break(text)
            if shown is not None:
                return f"<{tag}>{shown}</{tag}>" + (text if tag == "ins" else "")
            return f"<{tag}>{escape_html(text, changed=True)}</{tag}>"

        return apply

    body = _render(
        diff.ops,
        options,
        escape_html,
        changed("del"),
        changed("ins"),
        lambda n: f'<span class="skipped">{escape_html(_marker_line(n).strip())}</span>\n\n',
    )
    return f'<div class="revtrack-diff" style="white-space: pre-wrap">{body.rstrip()}</div>\n'


def render_json(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """``revtrack/diff@1`` on one line (context does not apply: programs get every op), its ops
    on whole runs of letters and digits (:func:`whole_runs`)."""
    data = {
        "format": DIFF_FORMAT,
        "from": options.from_name,
        "to": options.to_name,
        "ops": [list(op) for op in whole_runs(diff.ops)],
    }
    return json_line(data)


def _in_run(c: str) -> bool:
    """Whether *c* is a letter or digit, or a mark (which belongs to the character before it)."""
    return c.isalnum() or unicodedata.category(c)[0] == "M"


def _run_head(text: str) -> int:
    """How many characters *text* begins with that are in a run of letters and digits."""
    n = 0
    while n < len(text) and _in_run(text[n]):
        n += 1
    return n


def _run_tail(text: str) -> int:
    """How many characters *text* ends with that are in a run of letters and digits."""
    n = 0
    while n < len(text) and _in_run(text[-1 - n]):
        n += 1
    return n


def whole_runs(ops: tuple[Edit, ...]) -> list[tuple[str, str]]:
    """``(symbol, text)`` ops that begin and end on token boundaries in both texts, as
    ``revtrack/diff@1`` requires: no run of letters and digits split between ops.

    The diff compares text in scripts written without spaces (Chinese, Japanese, Thai …) a
    character at a time, which splits runs (``東京都`` → ``京都府``: one character out, one in);
    here a change that begins or ends inside a run takes the rest of the run from the text
    kept beside it (``-東京都 +京都府``), and two changes that then touch become one. Anywhere
    else tokens are whole runs already and the ops are as they were.
    """
    # Alternating stretches: ["=", kept] or ["~", removed, added].
    parts: list[list[str]] = []
    for edit in ops:
        if edit.op is Op.EQUAL:
            parts.append(["=", edit.text])
            continue
        if not parts or parts[-1][0] != "~":
            parts.append(["~", "", ""])
        parts[-1][1 if edit.op is Op.DELETE else 2] += edit.text

    def last_char(k: int, side: int) -> str:
        """The character each text has just before ``parts[k]`` (side 1: old, 2: new; "": none)."""
        if k == 0:
            return ""
        before = parts[k - 1]
        text = before[1] if before[0] == "=" else before[side]
        if text:
            return text[-1]
        return parts[k - 2][1][-1] if k >= 2 else ""

    def first_char(k: int, side: int) -> str:
        """The character each text has just after ``parts[k]``."""
        if k + 1 >= len(parts):
            return ""
        after = parts[k + 1]
        text = after[1] if after[0] == "=" else after[side]
        if text:
            return text[0]
        return parts[k + 2][1][0] if k + 2 < len(parts) else ""

    changed = True
    while changed:
        changed = False
        k = 0
        while k < len(parts):
            part = parts[k]
            if part[0] != "=":
                k += 1
                continue
            kept = part[1]
            if (
                k > 0
                and _in_run(kept[0])
                and any(_in_run(c) for c in (last_char(k, 1), last_char(k, 2)) if c)
            ):
                n = _run_head(kept)
                parts[k - 1][1] += kept[:n]
                parts[k - 1][2] += kept[:n]
                kept = part[1] = kept[n:]
                changed = True
            if (
                kept
                and k + 1 < len(parts)
                and _in_run(kept[-1])
                and any(_in_run(c) for c in (first_char(k, 1), first_char(k, 2)) if c)
            ):
                n = _run_tail(kept)
                parts[k + 1][1] = kept[-n:] + parts[k + 1][1]
                parts[k + 1][2] = kept[-n:] + parts[k + 1][2]
                kept = part[1] = kept[:-n]
                changed = True
            if kept:
                k += 1
                continue
            # Nothing kept between two changes: they are one.
            if 0 < k < len(parts) - 1:
                before, after = parts[k - 1], parts[k + 1]
                parts[k - 1 : k + 2] = [["~", before[1] + after[1], before[2] + after[2]]]
                k -= 1
            else:
                del parts[k]
    out: list[tuple[str, str]] = []
    for part in parts:
        if part[0] == "=":
            out.append(("=", part[1]))
            continue
        if part[1]:
            out.append(("-", part[1]))
        if part[2]:
            out.append(("+", part[2]))
    return out


DIFF_FORMATS: dict[str, Callable[[WordDiff, DiffOptions], str]] = {
    "plain": render_plain,
    "ansi": render_ansi,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}


def render_diff(diff: WordDiff, fmt: str, options: DiffOptions = DiffOptions()) -> str:
    """Render *diff* in format *fmt* (a key of :data:`DIFF_FORMATS`)."""
    return DIFF_FORMATS[fmt](diff, options)


def render_stat(diff: WordDiff, options: DiffOptions = DiffOptions()) -> str:
    """One line of counts: words added, removed and kept, and the changed regions."""
    regions = len(diff.regions)
    added = diff.words_added
    return (
        f"{show_controls(str(options.from_name))} → {show_controls(str(options.to_name))}: "
        f"{added} {'word' if added == 1 else 'words'} added, {diff.words_removed} removed, "
        f"{diff.words_kept} kept; {regions} changed {'region' if regions == 1 else 'regions'}\n"
    )
