"""The zip packages of word processors (``.odt``, ``.docx``), opened with care.

Only the parts the readers need are read, each with a size limit (a zip can
claim anything), and XML with a document type declaration is refused: a
word processor never writes one, and it is how entity tricks start.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from ..document import ReportError

MAX_PART = 60_000_000  # uncompressed bytes of one part (content.xml, document.xml)


class Package:
    def __init__(self, data: bytes, name: str, kind: str):
        self.name, self.kind = name, kind
        if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: an old .doc, or a password-protected document
            raise ReportError(f"« {name} » n'est pas un fichier {kind} ordinaire : il est peut-être protégé par "
                              "un mot de passe, ou c'est un ancien .doc renommé : ouvrez-le dans votre traitement "
                              "de texte, retirez le mot de passe et enregistrez-le en .docx ou .odt.")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ReportError(f"« {name} » est illisible : ce n'est pas un fichier {kind} valide "
                              "(fichier abîmé, ou d'un autre format renommé) ; ouvrez-le dans votre traitement de "
                              "texte et enregistrez-le de nouveau.") from None

    def has(self, part: str) -> bool:
        return part in self.names

    def xml(self, part: str, required: bool = True) -> ElementTree.Element | None:
        if part not in self.names:
            if not required:
                return None
            raise ReportError(f"« {self.name} » est illisible : il lui manque sa partie « {part} », "
                              f"ce n'est donc pas un fichier {self.kind} complet ; ouvrez-le dans votre traitement "
                              "de texte et enregistrez-le de nouveau.")
        info = self.zip.getinfo(part)
        if info.file_size > MAX_PART:
            raise ReportError(f"« {self.name} » est trop gros pour un compte rendu "
                              f"({info.file_size // 1_000_000} Mo de texte).")
        try:
            with self.zip.open(info) as stream:
                raw = stream.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
            raise ReportError(f"« {self.name} » est illisible : sa partie « {part} » est abîmée.") from None
        if len(raw) > MAX_PART:
            raise ReportError(f"« {self.name} » est trop gros pour un compte rendu.")
        if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
            raise ReportError(f"« {self.name} » est illisible : sa partie « {part} » contient des déclarations "
                              "qu'un traitement de texte n'écrit pas.")
        try:
            return ElementTree.fromstring(raw)
        except ElementTree.ParseError:
            raise ReportError(f"« {self.name} » est illisible : sa partie « {part} » n'est pas du XML valide ; "
                              "ouvrez-le dans votre traitement de texte et enregistrez-le de nouveau.") from None
