"""A plain text report (``.txt``).

A text with no blank line has one paragraph per line, as a report copied
from a web page (our seed report is so). A text with blank lines has one
paragraph per block of lines, its lines kept as line breaks. A line that
starts with a dash or a bullet is a list item. There are no headings: the
sections are found from the lines themselves (:mod:`..sections`).
"""

from __future__ import annotations

import re

from ...renderer.text import md_paragraphs
from ..document import ITEM, PARAGRAPH, Block, Document, ReportError

BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+(?=\S)")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and, when it was not UTF-8, the encoding assumed (Windows' own)."""
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16"), "UTF-16"
            except UnicodeDecodeError:
                pass
        raise ReportError(f"« {name} » n'est pas un fichier texte : donnez un fichier .txt enregistré en UTF-8, "
                          "ou le document d'origine en .odt ou .docx.")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def lines_to_blocks(lines: list[str], first_line: int = 1) -> list[Block]:
    """Paragraphs and list items of plain lines (see the module's note)."""
    blocks: list[Block] = []
    inner = [n for n, line in enumerate(lines) if line.strip()]
    by_line = not inner or all(line.strip() for line in lines[inner[0]:inner[-1] + 1])
    current: list[str] = []
    start = first_line

    def flush() -> None:
        if current:
            body = "\n".join(current)
            blocks.append(Block(PARAGRAPH, body, start, markdown=md_paragraphs(body)))
            current.clear()

    for number, line in enumerate(lines, first_line):
        line = line.rstrip()
        if not line.strip():
            flush()
            continue
        bullet = BULLET.match(line)
        if bullet:
            flush()
            item = line[bullet.end():]
            blocks.append(Block(ITEM, item, number, markdown=md_paragraphs(item)))
            continue
        if by_line:
            blocks.append(Block(PARAGRAPH, line, number, markdown=md_paragraphs(line)))
            continue
        if not current:
            start = number
        current.append(line)
    flush()
    return blocks


def read(data: bytes, name: str) -> Document:
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = Document(name, "texte", lines_to_blocks(text.split("\n")))
    if encoding:
        document.meta["encodage"] = encoding
    return document
