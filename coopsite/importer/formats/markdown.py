"""A Markdown report (``.md``), as a person or a converter writes it.

Headings (``#`` or underlined), paragraphs (separated by a blank line, their
lines kept as line breaks), list items, and block quotes (``>``: each of
their paragraphs is styled as a quotation). A front matter at the top
(``---``) may give the round table's ``title``, ``date`` and ``place``
(``lieu``). Inline markup is read as the text it shows: ``*mot*`` is
« mot », a link keeps its text and its address. Quotation marks and
apostrophes are never changed.
"""

from __future__ import annotations

import html
import re

import yaml

from ..document import HEADING, ITEM, PARAGRAPH, Block, Document, Link
from .text import decode

ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
LIST = re.compile(r"^( {0,3})(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
QUOTE = re.compile(r"^ {0,3}> ?")

_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s)>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|\"'])")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")


def inline(markdown: str) -> tuple[str, tuple[Link, ...]]:
    """The text a Markdown line shows, and the addresses it links to."""
    links: list[Link] = []
    placeholders: list[str] = []

    def keep(text: str) -> str:  # text that no later rule may touch (code, an escaped character)
        placeholders.append(text)
        return f"\x00{len(placeholders) - 1}\x00"

    text = _CODE.sub(lambda m: keep(m.group(2).strip()), markdown)
    text = _ESCAPE.sub(lambda m: keep(m.group(1)), text)

    def link(match: re.Match) -> str:
        if match.group(0).startswith("!"):
            return ""  # an image: no text of the report
        shown = match.group(1)
        links.append(Link(inline(shown)[0], match.group(2)))
        return shown

    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(lambda m: (links.append(Link(m.group(1), m.group(1))), m.group(1))[1], text)
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    for rule in (_STRONG, _STRIKE):
        previous = None
        while previous != text:
            previous, text = text, rule.sub(lambda m: m.group(m.lastindex), text)
    text = _EMPHASIS.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = html.unescape(text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m.group(1))], text)
    return text, tuple(links)


def _lines_text(lines: list[str]) -> tuple[str, str, tuple[Link, ...]]:
    """A paragraph's lines: its text (line breaks kept), its Markdown and its links."""
    shown, links = [], []
    for line in lines:
        text, found = inline(_HARD_BREAK.sub("", line.strip()))
        shown.append(text)
        links.extend(found)
    return "\n".join(shown), "\n".join(line.strip() for line in lines), tuple(links)


def _front_matter(lines: list[str], meta: dict[str, str]) -> int:
    """Read a ``---`` front matter into ``meta``; the number of lines it takes (0 without one)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError:
                return 0  # not a front matter: a thematic break, read as the text
            if isinstance(data, dict):
                for key in ("title", "titre", "date", "place", "lieu", "organiser", "organisateur"):
                    if data.get(key) not in (None, ""):
                        meta[key] = str(data[key]).strip()
            return end + 1
    return 0


def read(data: bytes, name: str) -> Document:
    text, _ = decode(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    document = Document(name, "Markdown")
    blocks = document.blocks
    index = _front_matter(lines, document.meta)
    paragraph: list[str] = []
    start = 0

    def flush(kind: str = PARAGRAPH, quotation: bool = False) -> None:
        if paragraph:
            body, markdown, links = _lines_text(paragraph)
            blocks.append(Block(kind, body, start, quotation=quotation, links=links, markdown=markdown))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        number = index + 1
        fence = FENCE.match(line)
        if fence:  # code is not a report's text
            flush()
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(fence.group(1)):
                index += 1
            index += 1
            continue
        if line.strip().startswith("<!--"):
            flush()
            while index < len(lines) and "-->" not in lines[index]:
                index += 1
            index += 1
            continue
        if not line.strip():
            flush()
            index += 1
            continue
        atx = ATX.match(line)
        if atx:
            flush()
            shown, links = inline((atx.group(2) or "").strip())
            blocks.append(Block(HEADING, shown, number, level=len(atx.group(1)), links=links))
            index += 1
            continue
        setext = SETEXT.match(line)
        if setext and paragraph and not LIST.match(paragraph[0]):
            body, _, links = _lines_text(paragraph)
            paragraph.clear()
            blocks.append(Block(HEADING, " ".join(body.split("\n")), start,
                                level=1 if setext.group(1)[0] == "=" else 2, links=links))
            index += 1
            continue
        if BREAK.match(line):
            flush()
            index += 1
            continue
        if QUOTE.match(line):
            flush()
            # A block quote: its paragraphs, each styled as a quotation.
            while index < len(lines) and QUOTE.match(lines[index]):
                inner = QUOTE.sub("", lines[index], count=1)
                if not inner.strip():
                    flush(quotation=True)
                else:
                    if not paragraph:
                        start = index + 1
                    paragraph.append(LIST.sub("", inner, count=1) if not paragraph else inner)
                index += 1
            flush(quotation=True)
            continue
        item = LIST.match(line)
        if item:
            flush()
            start = number
            paragraph.append(line[item.end():])
            index += 1
            # Its continuation: indented lines, or lines that go on without a blank line.
            while index < len(lines) and lines[index].strip() and not (
                    LIST.match(lines[index]) or ATX.match(lines[index]) or QUOTE.match(lines[index])
                    or FENCE.match(lines[index])):
                paragraph.append(lines[index])
                index += 1
            flush(ITEM)
            continue
        if not paragraph:
            start = number
        paragraph.append(line)
        index += 1
    flush()
    return document
