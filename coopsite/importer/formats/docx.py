"""A Word report (``.docx``), as Word or LibreOffice saves it.

``word/document.xml`` holds the paragraphs (``w:p``); ``word/styles.xml`` names
their styles. A heading is known by its style's *name* (« heading 1 », whatever
the identifier: Word writes « Titre1 » in French) or by its outline level, a
quotation by its style's name (« Quote », LibreOffice's « Quotations »), a
list item by its numbering. Tracked deletions, field instructions, notes and
drawings are not the report's text and are left out; the result of a field
and tracked insertions are kept.
"""

from __future__ import annotations

from ...renderer.text import md_paragraphs
from ..document import HEADING, ITEM, PARAGRAPH, Block, Document, Link, ReportError
from .package import Package
from .styles import heading_level, is_quotation, is_title

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# Inside a paragraph: what holds no text of the report, and what holds text one level down.
SKIPPED = {w("del"), w("moveFrom"), w("delText"), w("instrText"), w("drawing"), w("pict"), w("object"),
           w("footnoteReference"), w("endnoteReference"), w("commentReference"), w("rPr"), w("pPr"),
           f"{{{MC}}}AlternateContent", w("fldData")}
INNER = {w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("fldSimple"), w("sdtContent"), w("dir"),
         w("bdo")}


class Styles:
    def __init__(self, root):
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.default = ""
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type"), "paragraph") != "paragraph":
                continue
            ident = style.get(w("styleId"), "")
            name = style.find(w("name"))
            self.names[ident] = name.get(w("val"), "") if name is not None else ""
            based = style.find(w("basedOn"))
            self.parents[ident] = based.get(w("val"), "") if based is not None else ""
            level = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if level is not None and (level.get(w("val")) or "").isdigit():
                self.outline[ident] = int(level.get(w("val")))
            if style.get(w("default")) in ("1", "true"):
                self.default = ident

    def chain(self, ident: str) -> list[str]:
        names, seen = [], set()
        ident = ident or self.default
        while ident and ident not in seen and len(seen) < 20:
            seen.add(ident)
            names.append(self.names.get(ident, ""))
            ident = self.parents.get(ident, "")
        return [n for n in names if n]

    def outline_level(self, ident: str) -> int | None:
        seen = set()
        ident = ident or self.default
        while ident and ident not in seen and len(seen) < 20:
            seen.add(ident)
            if ident in self.outline:
                return self.outline[ident]
            ident = self.parents.get(ident, "")
        return None


class _Paragraph:
    """Reads one ``w:p``: its text, its links, with complex fields followed."""

    def __init__(self, relations: dict[str, str]):
        self.relations = relations
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.field_depth = 0  # inside a field's instruction (between « begin » and « separate »)
        self.instruction = ""

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag in SKIPPED:
                if tag == w("instrText") and self.field_depth:
                    self.instruction += child.text or ""
                continue
            if tag == w("r"):
                self.run(child)
            elif tag == w("hyperlink"):
                start = len("".join(self.parts))
                self.walk(child)
                shown = "".join(self.parts)[start:]
                target = self.relations.get(child.get(f"{{{R}}}id", ""), "")
                if target:
                    self.links.append(Link(shown, target))
            elif tag in INNER or tag == w("sdt"):
                self.walk(child)

    def run(self, run) -> None:
        for child in run:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.field_depth += 1
                    self.instruction = ""
                elif kind == "separate" and self.field_depth:
                    self.field_depth -= 1
                    instruction = self.instruction.strip()
                    if instruction.upper().startswith("HYPERLINK"):
                        target = instruction[len("HYPERLINK"):].strip().split('"')
                        if len(target) > 1 and target[1].startswith(("http", "mailto")):
                            self.links.append(Link("", target[1]))
                elif kind == "end" and self.field_depth:
                    self.field_depth -= 1  # a field with no shown result
                continue
            if tag == w("instrText"):
                self.instruction += child.text or ""
                continue
            if self.field_depth:
                continue  # the field's instruction, not its shown result
            if tag == w("t"):
                self.parts.append(child.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                self.parts.append("\t")
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    self.parts.append("\n")
            elif tag == w("noBreakHyphen"):
                self.parts.append("-")
            elif tag == w("sym"):
                code = child.get(w("char"), "")
                try:
                    self.parts.append(chr(int(code, 16)) if code and int(code, 16) < 0xF000 else "")
                except ValueError:
                    pass

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _relations(package: Package, part: str) -> dict[str, str]:
    folder, _, file = part.rpartition("/")
    rels = package.xml(f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels", required=False)
    if rels is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels.iter(f"{{{PKG}}}Relationship")
            if rel.get("TargetMode") == "External"}


def _main_part(package: Package) -> str:
    rels = package.xml("_rels/.rels", required=False)
    if rels is not None:
        for rel in rels.iter(f"{{{PKG}}}Relationship"):
            if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_DOCUMENT):
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _blocks(element, styles: Styles, relations: dict[str, str], blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag
        if tag == w("p"):
            paragraph = _Paragraph(relations)
            paragraph.walk(child)
            properties = child.find(w("pPr"))
            ident = ""
            own_level = None
            listed = False
            if properties is not None:
                style = properties.find(w("pStyle"))
                ident = style.get(w("val"), "") if style is not None else ""
                level = properties.find(w("outlineLvl"))
                if level is not None and (level.get(w("val")) or "").isdigit():
                    own_level = int(level.get(w("val")))
                listed = properties.find(w("numPr")) is not None
            names = styles.chain(ident)
            outline = own_level if own_level is not None else styles.outline_level(ident)
            level = heading_level(names) or (outline + 1 if outline is not None and outline < 9 else 0)
            text = paragraph.text
            number = len(blocks) + 1
            if level and not is_title(names):
                blocks.append(Block(HEADING, text, number, level=level, links=tuple(paragraph.links)))
            else:
                kind = ITEM if listed and not is_quotation(names) else PARAGRAPH
                blocks.append(Block(kind, text, number, quotation=is_quotation(names), title=is_title(names),
                                    links=tuple(paragraph.links), markdown=md_paragraphs(text)))
        elif tag in (w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("customXml"), w("ins"),
                     w("moveTo")):
            _blocks(child, styles, relations, blocks)


def read(data: bytes, name: str) -> Document:
    package = Package(data, name, "Word (.docx)")
    part = _main_part(package)
    root = package.xml(part)
    body = root.find(w("body"))
    if body is None:
        raise ReportError(f"« {name} » n'est pas un document Word : c'est peut-être un tableur ou une présentation "
                          "renommés ; donnez le compte rendu en .docx ou .odt.")
    folder = part.rpartition("/")[0]
    styles = Styles(package.xml(f"{folder}/styles.xml" if folder else "styles.xml", required=False))
    document = Document(name, "Word", where="paragraphe")
    _blocks(body, styles, _relations(package, part), document.blocks)
    return document
