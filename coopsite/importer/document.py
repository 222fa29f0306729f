"""The neutral shape every report is read into, whatever its format.

A :class:`Document` is a list of :class:`Block`: headings, paragraphs and list
items, in reading order, each with its text exactly as the report has it
(marks, apostrophes and spaces untouched; a line break inside a paragraph
is ``\\n``), its style where the format says it (a heading's level, a
paragraph styled as a quotation) and where it is in the file, for messages.
The readers (:mod:`.formats`) make one; the rest of the import never looks
at a file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"


class ReportError(Exception):
    """A report that cannot be read: one French sentence, for the person who gave it."""


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(slots=True)
class Block:
    kind: str  # HEADING, PARAGRAPH or ITEM (a list item)
    text: str  # as written; « \n » where the paragraph has a line break
    line: int  # where it starts: a line of a text file, a paragraph's number in a word processor's file
    level: int = 0  # a heading's level, 1 for the highest
    quotation: bool = False  # styled as a quotation (« Citation », « Quotations », Markdown « > »)
    title: bool = False  # the document's title (a « Title » style, Markdown front matter)
    links: tuple[Link, ...] = ()  # the addresses the block's text links to
    markdown: str = ""  # the text as Markdown, for a summary (escaped plain text when the source is not Markdown)


@dataclass(slots=True)
class Document:
    name: str  # the file's name, as the person gave it
    format: str  # « texte », « Markdown », « OpenDocument (LibreOffice) », « Word »
    blocks: list[Block] = field(default_factory=list)
    # Front matter or metadata the format carries (Markdown's « title », « date »…), never guessed.
    meta: dict[str, str] = field(default_factory=dict)
    where: str = "ligne"  # how a block's ``line`` reads: « ligne 12 » or « paragraphe 12 »

    def place(self, block: Block) -> str:
        return f"{self.where} {block.line}"
