"""Reading a report file into a :class:`~coopsite.importer.document.Document`.

One module per format, each turning its file into the same neutral blocks:

- ``.txt`` (:mod:`.text`), ``.md`` (:mod:`.markdown`);
- ``.odt`` (:mod:`.odf`), as LibreOffice saves it;
- ``.docx`` (:mod:`.docx`), as Word and LibreOffice save it.

Only the standard library is used (``zipfile``, ``xml.etree``). A file that
cannot be read, is empty or is of another kind gets one French sentence
(:class:`~coopsite.importer.document.ReportError`), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document, ReportError
from . import docx, markdown, odf, text

# A report is a few pages; past this size the file is surely something else.
MAX_BYTES = 30_000_000

READERS = {".txt": text.read, ".text": text.read, ".md": markdown.read, ".markdown": markdown.read,
           ".odt": odf.read, ".docx": docx.read}
SUPPORTED = "un fichier .odt (LibreOffice), .docx (Word), .md (Markdown) ou .txt (texte)"

# What a person may give instead, and what to do with it.
OTHERS = {
    ".pdf": "l'import ne lit pas les PDF, qui ne gardent pas la structure du compte rendu (titres, paragraphes, "
            "style des citations) ; ouvrez le document d'origine et enregistrez-le en .odt ou .docx, "
            "ou copiez son texte dans un fichier .txt",
    ".doc": "l'ancien format .doc de Word n'est pas lu : ouvrez le fichier dans Word ou LibreOffice et "
            "enregistrez-le en .docx ou .odt",
    ".rtf": "le format .rtf n'est pas lu : ouvrez le fichier dans Word ou LibreOffice et enregistrez-le "
            "en .docx ou .odt",
    ".pages": "le format .pages n'est pas lu : exportez le document depuis Pages au format Word (.docx)",
    ".html": "une page web n'est pas lue : copiez son texte dans un fichier .txt, ou enregistrez-la depuis "
             "LibreOffice au format .odt",
    ".htm": "une page web n'est pas lue : copiez son texte dans un fichier .txt, ou enregistrez-la depuis "
            "LibreOffice au format .odt",
    ".fodt": "le format .fodt n'est pas lu : enregistrez le document en .odt depuis LibreOffice",
}


def read_report(path: Path, name: str | None = None) -> Document:
    """The report at ``path`` as neutral blocks; ``name`` is how the person named it (an upload)."""
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix in OTHERS:
        raise ReportError(f"« {name} » : {OTHERS[suffix]}.")
    if suffix not in READERS:
        raise ReportError(f"« {name} » n'est pas un compte rendu que l'import sait lire : donnez {SUPPORTED}.")
    try:
        if path.is_dir():
            raise ReportError(f"« {name} » est un dossier : donnez {SUPPORTED}.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(f"« {name} » est trop gros pour un compte rendu ({size // 1_000_000} Mo, "
                              f"{MAX_BYTES // 1_000_000} Mo au plus).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(f"« {name} » est introuvable : vérifiez le nom et le dossier du fichier.") from None
    except PermissionError:
        raise ReportError(f"« {name} » ne peut pas être lu : les droits d'accès du fichier l'interdisent.") from None
    except OSError as error:
        raise ReportError(f"« {name} » ne peut pas être lu ({error.strerror or error}).") from None
    if not data.strip():
        raise ReportError(f"« {name} » est vide : il n'y a rien à importer.")
    document = READERS[suffix](data, name)
    document.blocks = [b for b in document.blocks if b.text.strip()]
    if not document.blocks:
        raise ReportError(f"« {name} » ne contient aucun texte : il n'y a rien à importer.")
    return document
