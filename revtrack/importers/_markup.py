"""Markup to text: the paragraphs of an HTML fragment (a news-edit tracker's summary) as plain
paragraphs separated by blank lines."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["paragraphs"]

# Elements that end a paragraph: what a browser shows as a block.
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tr",
        "figure",
        "figcaption",
        "hr",
        "aside",
        "main",
        "nav",
        "dl",
        "dt",
        "dd",
    ]
)
_SKIP = frozenset(("script", "style", "noscript", "template"))
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skipping = 0

    def _end(self) -> None:
        text = _SPACE.sub(" ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._end()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._end()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._end()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.append(data)


def paragraphs(markup: str) -> list[str]:
    """The paragraphs of *markup*: block elements (``<p>``, ``<br>``, ``<li>`` …) end one, other
    tags are dropped and their text kept, entities decoded, runs of white space one space.

    Text without any tag is split at blank lines instead, each paragraph's white space joined.
    """
    if "<" not in markup:
        text = html.unescape(markup)
        return [p for p in (_SPACE.sub(" ", block).strip() for block in re.split(r"\n\s*\n", text)) if p]
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._end()
    return parser.paragraphs
