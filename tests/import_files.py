"""Report files for the import's tests: made by LibreOffice itself, or written as Word writes them.

``libreoffice_files(folder)`` converts the reports of ``tests/data/reports/`` with
Debian's LibreOffice (``soffice --headless --convert-to``), once per run, shared by the
workers. ``word_docx(paragraphs)`` writes a ``.docx`` the way Word does in French: style
identifiers in French (« Titre1 », « Citation ») with English names (« heading 1 »,
« Quote »), runs cut in the middle of words, spelling marks, bookmarks, a tracked
insertion and deletion, and a hyperlink field.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.helpers import ROOT

REPORTS = ROOT / "tests" / "data" / "reports"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# What the suite converts: the seed as LibreOffice reads a text, the Niort report from HTML
# (its headings become « Heading » styles, its block quote the « Quotations » style).
CONVERTED = ("round-table-2021-10-20.txt", "niort-2024.html")


def libreoffice_files(tmp_path_factory) -> Path:
    """A folder with each report of :data:`CONVERTED` as .odt and .docx, saved by LibreOffice."""
    if not Path(SOFFICE).exists():
        pytest.fail("LibreOffice (soffice) introuvable : lancez « python3 tasks.py test », qui installe "
                    "le paquet Debian libreoffice-writer-nogui.")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    folder = (tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()) / "libreoffice"
    folder.mkdir(exist_ok=True)
    with open(folder / "verrou", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "fait").exists():
            sources = [str(REPORTS / name) for name in CONVERTED]
            profile = (folder / "profil").as_uri()
            for target in ("odt:writer8", "docx:MS Word 2007 XML"):
                done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                                       target, "--outdir", str(folder), *sources],
                                      capture_output=True, text=True, timeout=240)
                assert done.returncode == 0, done.stderr
            for name in CONVERTED:
                for suffix in (".odt", ".docx"):
                    assert (folder / Path(name).with_suffix(suffix).name).is_file(), (name, suffix, list(folder.iterdir()))
            (folder / "fait").touch()
    return folder


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Citation"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Citationintense"><w:name w:val="Intense Quote"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Paragraphedeliste"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="Lienhypertexte"><w:name w:val="Hyperlink"/></w:style>
</w:styles>
"""


def _runs(text: str) -> str:
    """Word's runs: the text cut every few characters (Word splits at each edit), spaces kept."""
    out = []
    for start in range(0, len(text), 7):
        piece = text[start:start + 7]
        out.append(f'<w:r w:rsidRPr="00A1B2C3"><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
        if start == 7:
            out.append('<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_Hlk1"/>'
                       '<w:bookmarkEnd w:id="0"/>')
    return "".join(out)


def _paragraph(style: str, text: str, extra: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    lines = text.split("\n")
    body = '<w:r><w:br/></w:r>'.join(_runs(line) for line in lines)
    return f'<w:p w:rsidR="00123456">{props}{body}{extra}</w:p>'


def word_docx(path: Path, paragraphs: list[tuple[str, str]], link: tuple[str, str] | None = None) -> Path:
    """A .docx as Word writes it in French: ``paragraphs`` are (style id, text); style ids are
    « Titre », « Titre1 », « Titre2 », « Citation », « Paragraphedeliste » or "" (Normal).

    Each paragraph carries a tracked deletion (never text of the report), and the last a tracked
    insertion; ``link`` (text, address) is a last paragraph made of a hyperlink field."""
    body = []
    for index, (style, text) in enumerate(paragraphs):
        extra = ('<w:del w:id="9" w:author="X"><w:r><w:delText>SUPPRIMÉ</w:delText></w:r></w:del>'
                 if index % 2 else "")
        if style == "Paragraphedeliste":
            body.append(_paragraph(style, text, extra).replace(
                '<w:pPr><w:pStyle w:val="Paragraphedeliste"/></w:pPr>',
                '<w:pPr><w:pStyle w:val="Paragraphedeliste"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'))
        else:
            body.append(_paragraph(style, text, extra))
    if link:
        text, url = link
        body.append('<w:p><w:r><w:t xml:space="preserve">Pour en savoir plus : </w:t></w:r>'
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{url}" </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                    f'<w:r><w:rPr><w:rStyle w:val="Lienhypertexte"/></w:rPr><w:t>{escape(text)}</w:t></w:r>'
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                    '<w:ins w:id="10" w:author="X"><w:r><w:t xml:space="preserve"> (ajouté)</w:t></w:r></w:ins></w:p>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}">'
                f'<w:body>{"".join(body)}<w:sectPr/></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml",
                     '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="xml" ContentType="application/xml"/></Types>')
        out.writestr("_rels/.rels",
                     '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                     '</Relationships>')
        out.writestr("word/document.xml", document)
        out.writestr("word/styles.xml", STYLES)
    return path


def make_draft_project(folder: Path) -> Path:
    """PQN-A's site with no testimony but the seed report's, imported as drafts (tests/conftest.py's draft_site)."""
    from coopsite.importer import prepare, write
    from tests.conftest import copy_project

    project = copy_project(folder)
    for path in (project / "cases").rglob("*.yml"):
        path.unlink()
    write(prepare(REPORTS / "round-table-2021-10-20.txt", project), project)
    return project
