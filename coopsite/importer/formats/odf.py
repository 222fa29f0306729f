"""An OpenDocument report (``.odt``), as LibreOffice saves it.

``content.xml`` holds the text: headings are ``text:h`` (``text:outline-level``),
paragraphs ``text:p``, list items ``text:list-item``. A paragraph's style may be
an automatic one whose parent is a named style of ``styles.xml``: the chain is
followed to find a quotation style (« Quotations », « Citation ») or the title.
``text:s`` is one or more spaces, ``text:line-break`` a line break. Notes,
comments, tracked deletions, tables of contents and drawings are not the
report's text and are left out.
"""

from __future__ import annotations

from ...renderer.text import md_paragraphs
from ..document import HEADING, ITEM, PARAGRAPH, Block, Document, Link, ReportError
from .package import Package
from .styles import is_quotation, is_title, heading_level

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}


def q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


SKIPPED = {q("text", "note"), q("office", "annotation"), q("office", "annotation-end"),
           q("text", "tracked-changes"), q("text", "table-of-content"), q("text", "alphabetical-index"),
           q("text", "illustration-index"), q("text", "bibliography"), q("text", "sequence-decls"),
           q("text", "variable-decls"), q("text", "user-field-decls")}


class Styles:
    """The paragraph styles of both parts: each name's parent and display name."""

    def __init__(self, *roots):
        self.parents: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        self.outline: dict[str, int] = {}
        for root in roots:
            if root is None:
                continue
            for style in root.iter(q("style", "style")):
                name = style.get(q("style", "name"), "")
                self.parents[name] = style.get(q("style", "parent-style-name"), "")
                self.names[name] = [name.replace("_20_", " "), style.get(q("style", "display-name"), "")]
                level = style.get(q("style", "default-outline-level"))
                if level and level.isdigit():
                    self.outline[name] = int(level)

    def chain(self, name: str) -> list[str]:
        """Every name of the style ``name`` and of its ancestors."""
        names, seen = [], set()
        while name and name not in seen and len(seen) < 20:
            seen.add(name)
            names += [n for n in self.names.get(name, [name]) if n]
            name = self.parents.get(name, "")
        return names

    def level(self, name: str) -> int:
        seen = set()
        while name and name not in seen and len(seen) < 20:
            seen.add(name)
            if name in self.outline:
                return self.outline[name]
            name = self.parents.get(name, "")
        return 0


def _text(element, links: list[Link]) -> str:
    """The text of a paragraph element, spaces and line breaks as written."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag in SKIPPED or tag.startswith(f"{{{NS['draw']}}}"):
            pass
        elif tag == q("text", "s"):
            count = child.get(q("text", "c"), "1")
            parts.append(" " * (int(count) if count.isdigit() else 1))
        elif tag == q("text", "tab"):
            parts.append("\t")
        elif tag == q("text", "line-break"):
            parts.append("\n")
        elif tag == q("text", "a"):
            shown = _text(child, links)
            href = child.get(q("xlink", "href"), "")
            if href:
                links.append(Link(shown, href))
            parts.append(shown)
        else:
            parts.append(_text(child, links))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(element, styles: Styles, blocks: list[Block], in_item: bool = False) -> None:
    for child in element:
        tag = child.tag
        if tag in SKIPPED:
            continue
        if tag in (q("text", "p"), q("text", "h")):
            links: list[Link] = []
            text = _text(child, links)
            style = child.get(q("text", "style-name"), "")
            names = styles.chain(style)
            number = len(blocks) + 1
            if tag == q("text", "h") or styles.level(style) or heading_level(names):
                level = child.get(q("text", "outline-level"))
                level = int(level) if level and level.isdigit() else (styles.level(style) or heading_level(names) or 1)
                blocks.append(Block(HEADING, text, number, level=level, links=tuple(links)))
            else:
                kind = ITEM if in_item else PARAGRAPH
                blocks.append(Block(kind, text, number, quotation=is_quotation(names), title=is_title(names),
                                    links=tuple(links), markdown=md_paragraphs(text)))
        elif tag == q("text", "list"):
            for item in child:
                if item.tag in (q("text", "list-item"), q("text", "list-header")):
                    _blocks(item, styles, blocks, in_item=True)
        elif tag == q("table", "table") or tag.startswith(f"{{{NS['table']}}}") or tag in (
                q("text", "section"), q("text", "list-item"), q("text", "index-body")):
            _blocks(child, styles, blocks, in_item)
        elif tag.startswith(f"{{{NS['draw']}}}"):
            continue  # text boxes and images: not the report's running text


def read(data: bytes, name: str) -> Document:
    package = Package(data, name, "OpenDocument (.odt)")
    content = package.xml("content.xml")
    styles = Styles(package.xml("styles.xml", required=False), content)
    body = content.find(f"{q('office', 'body')}/{q('office', 'text')}")
    if body is None:
        raise ReportError(f"« {name} » n'est pas un document texte OpenDocument : c'est peut-être un tableur ou "
                          "une présentation renommés ; donnez le compte rendu en .odt (LibreOffice Writer) ou .docx.")
    document = Document(name, "OpenDocument (LibreOffice)", where="paragraphe")
    _blocks(body, styles, document.blocks)
    return document
