"""Each format read into the same neutral blocks, and every file that cannot be read refused in French."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from coopsite.importer.document import HEADING, ITEM, PARAGRAPH, ReportError
from coopsite.importer.formats import read_report
from tests.import_files import word_docx


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def shape(document):
    return [(b.kind, b.text, b.level, b.quotation) for b in document.blocks]


def test_a_text_without_blank_lines_has_a_paragraph_per_line(tmp_path):
    doc = read_report(write(tmp_path, "r.txt", "Titre\nUne ligne.\n- un point\n« Une citation »\n"))
    assert shape(doc) == [(PARAGRAPH, "Titre", 0, False), (PARAGRAPH, "Une ligne.", 0, False),
                          (ITEM, "un point", 0, False), (PARAGRAPH, "« Une citation »", 0, False)]
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4]


def test_a_text_with_blank_lines_keeps_its_wrapped_lines_in_one_paragraph(tmp_path):
    doc = read_report(write(tmp_path, "r.txt", "Un paragraphe\ncoupé en deux.\n\nUn autre.\r\n"))
    assert shape(doc) == [(PARAGRAPH, "Un paragraphe\ncoupé en deux.", 0, False), (PARAGRAPH, "Un autre.", 0, False)]


def test_a_windows_text_and_a_utf16_text_are_read(tmp_path):
    doc = read_report(write(tmp_path, "r.txt", "« Coopérer, c’est ça »".encode("cp1252")))
    assert doc.blocks[0].text == "« Coopérer, c’est ça »"
    assert doc.meta["encodage"] == "Windows-1252"
    doc = read_report(write(tmp_path, "u.txt", "\ufeff« Coopérer »".encode("utf-16-le")))
    assert doc.blocks[0].text == "« Coopérer »"


def test_markdown_headings_quotes_lists_links_and_front_matter(tmp_path):
    text = ("---\ntitle: Table ronde\ndate: 2024-03-12\nlieu: Niort\n---\n\n# Grand titre\n\nUn *mot* et "
            "[un lien](https://exemple.org/a) et un \\*astérisque.\n\nSous-titre\n----------\n\n"
            "> « Une citation »\n> — Marie DUPONT\n>\n> Un second paragraphe cité\n\n- un point\n  qui continue\n"
            "1. un autre\n\n```\ncode ignoré\n```\n<!-- un commentaire -->\n")
    doc = read_report(write(tmp_path, "r.md", text))
    assert doc.meta == {"title": "Table ronde", "date": "2024-03-12", "lieu": "Niort"}
    assert shape(doc) == [
        (HEADING, "Grand titre", 1, False),
        (PARAGRAPH, "Un mot et un lien et un *astérisque.", 0, False),
        (HEADING, "Sous-titre", 2, False),
        (PARAGRAPH, "« Une citation »\n— Marie DUPONT", 0, True),
        (PARAGRAPH, "Un second paragraphe cité", 0, True),
        (ITEM, "un point\nqui continue", 0, False),
        (ITEM, "un autre", 0, False),
    ]
    assert [(link.text, link.url) for link in doc.blocks[1].links] == [("un lien", "https://exemple.org/a")]
    assert doc.blocks[1].markdown.startswith("Un *mot* et [un lien]")


def test_a_word_docx_with_french_style_identifiers(tmp_path):
    path = word_docx(tmp_path / "w.docx", [
        ("Titre", "La table ronde"), ("Titre1", "Cap Solidaire (Gironde) : Clément BOSREDON, directeur"),
        ("", "Du texte, découpé en morceaux par Word."), ("Citation", "« On avance ensemble »"),
        ("Paragraphedeliste", "un point"), ("Titre2", "Un sous-titre"),
    ], link=("le site", "https://exemple.org/site"))
    doc = read_report(path)
    assert [(b.kind, b.text, b.level, b.quotation, b.title) for b in doc.blocks] == [
        (PARAGRAPH, "La table ronde", 0, False, True),
        (HEADING, "Cap Solidaire (Gironde) : Clément BOSREDON, directeur", 1, False, False),
        (PARAGRAPH, "Du texte, découpé en morceaux par Word.", 0, False, False),
        (PARAGRAPH, "« On avance ensemble »", 0, True, False),
        (ITEM, "un point", 0, False, False),
        (HEADING, "Un sous-titre", 2, False, False),
        (PARAGRAPH, "Pour en savoir plus : le site (ajouté)", 0, False, False),
    ]
    assert "SUPPRIMÉ" not in " ".join(b.text for b in doc.blocks)  # a tracked deletion is not the text
    assert [link.url for link in doc.blocks[-1].links] == ["https://exemple.org/site"]
    assert doc.where == "paragraphe"


ODT_STYLES = ('<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:styles>'
              '<style:style style:name="Quotations" style:display-name="Quotations" style:family="paragraph"/>'
              '</office:styles></office:document-styles>')


def odt(path: Path, body: str) -> Path:
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:xlink="http://www.w3.org/1999/xlink"><office:automatic-styles>'
               '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Quotations"/>'
               f'</office:automatic-styles><office:body><office:text>{body}</office:text></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        out.writestr("content.xml", content)
        out.writestr("styles.xml", ODT_STYLES)
    return path


def test_an_odt_with_spaces_breaks_an_automatic_quotation_style_notes_and_tracked_changes(tmp_path):
    doc = read_report(odt(tmp_path / "r.odt", (
        '<text:tracked-changes><text:changed-region><text:deletion><text:p>EFFACÉ</text:p></text:deletion>'
        '</text:changed-region></text:tracked-changes>'
        '<text:h text:outline-level="2">La <text:span>section</text:span></text:h>'
        '<text:p>Deux<text:s text:c="2"/>espaces<text:line-break/>et une ligne<text:note><text:note-body>'
        '<text:p>NOTE</text:p></text:note-body></text:note>.</text:p>'
        '<text:p text:style-name="P1">Une citation sans guillemets</text:p>'
        '<text:list><text:list-item><text:p>un point <text:a xlink:href="https://exemple.org/x">lien</text:a>'
        '</text:p></text:list-item></text:list>')))
    assert shape(doc) == [(HEADING, "La section", 2, False), (PARAGRAPH, "Deux  espaces\net une ligne.", 0, False),
                          (PARAGRAPH, "Une citation sans guillemets", 0, True), (ITEM, "un point lien", 0, False)]
    assert doc.blocks[3].links[0].url == "https://exemple.org/x"


@pytest.mark.parametrize("name, data, words", [
    ("rapport.pdf", b"%PDF-1.7", "ne lit pas les PDF"),
    ("rapport.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "ancien format .doc"),
    ("rapport.rtf", b"{\\rtf1}", ".rtf"),
    ("rapport.xlsx", b"PK", "n'est pas un compte rendu"),
    ("rapport.txt", b"   \n\n", "est vide"),
    ("rapport.docx", b"pas un zip", "illisible"),
    ("rapport.odt", b"pas un zip", "illisible"),
    ("rapport.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "mot de passe"),
    ("rapport.txt", b"\x00\x01\x02binaire", "n'est pas un fichier texte"),
])
def test_a_file_that_cannot_be_read_gets_one_french_sentence(tmp_path, name, data, words):
    with pytest.raises(ReportError) as refused:
        read_report(write(tmp_path, name, data))
    assert words in str(refused.value)
    assert name in str(refused.value)
    said = str(refused.value)
    assert "\n" not in said and "Traceback" not in said
    assert said.endswith(".") and not re.search(r"[.!?] [A-ZÉ]", said[:-1]), said  # one sentence


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, data in files.items():
            out.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("files, words", [
    ({"mimetype": b"x"}, "il lui manque sa partie « content.xml »"),
    ({"content.xml": b"<not xml"}, "n'est pas du XML valide"),
    ({"content.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}, "déclarations"),
    ({"content.xml": b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
                     b'<office:body><office:spreadsheet/></office:body></office:document-content>'}, "tableur"),
])
def test_a_broken_or_hostile_package_is_refused(tmp_path, files, words):
    with pytest.raises(ReportError) as refused:
        read_report(write(tmp_path, "r.odt", zipped(files)))
    assert words in str(refused.value)


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(ReportError, match="introuvable"):
        read_report(tmp_path / "absent.odt")
    (tmp_path / "dossier.md").mkdir()
    with pytest.raises(ReportError, match="dossier"):
        read_report(tmp_path / "dossier.md")
