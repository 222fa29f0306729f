"""Which fields of ``site.yml`` a published site needs, named by the schema's own titles."""

from __future__ import annotations

from ..structure.model import Corpus, Publication
from ..structure.problems import display_path
from ..structure.schema import schema

# The law asks for these (LCEN for the publisher, director and host; RGAA for the
# statement's date and a way to contact); the licence says what readers may do.
REQUIRED = ("publisher.name", "publisher.address", "publisher.phone", "publisher.email", "director",
            "host.name", "host.address", "host.phone", "licence.name", "accessibility.declaration_date")
AUDIT_REQUIRED = ("accessibility.audit_date", "accessibility.auditor")


def value(pub: Publication, path: str) -> str:
    head, _, field = path.partition(".")
    if head in ("publisher", "host"):
        return getattr(getattr(pub, head), field)
    if head == "licence":
        return getattr(pub, f"licence_{field}")
    if head == "accessibility":
        return getattr(pub, field)
    return getattr(pub, head)


def label(path: str) -> str:
    """« Éditeur du site › Téléphone », from the titles of ``site.schema.json``."""
    node, names = schema("site"), []
    for part in path.split("."):
        node = node["properties"][part]
        names.append(node["title"])
    return " › ".join(names)


def missing_fields(pub: Publication) -> list[str]:
    required = REQUIRED + (AUDIT_REQUIRED if pub.audited else ())
    return [path for path in required if not value(pub, path).strip()]


def examples(corpus: Corpus) -> list[str]:
    """The example testimonies and round tables a new site starts with, still there."""
    found = [e.source_path for e in corpus.events if e.example] + [c.source_path for c in corpus.cases if c.example]
    return [display_path(path, corpus.root) for path in found]


def report(pub: Publication, corpus: Corpus | None = None) -> str:
    """The publishing check's French answer; "" when nothing is missing."""
    missing = missing_fields(pub)
    left = examples(corpus) if corpus is not None else []
    if not missing and not left:
        return ""
    if not missing:
        return "\n".join([f"{len(left)} exemple{'s' if len(left) > 1 else ''} du nouveau site "
                          f"{'sont' if len(left) > 1 else 'est'} encore là ; le site ne doit pas être publié ainsi :",
                          *[f"  - {path} (example: true)" for path in left],
                          "Remplacez-les par vos vrais témoignages et tables rondes, ou supprimez ces fichiers, "
                          "puis relancez : python3 tasks.py publish-check"])
    lines = [f"{len(missing)} information{'s' if len(missing) > 1 else ''} légale{'s' if len(missing) > 1 else ''} "
             f"manque{'nt' if len(missing) > 1 else ''} dans site.yml ; le site ne doit pas être publié ainsi :"]
    lines += [f"  - {path} : {label(path)}" for path in missing]
    lines.append("Complétez-les dans site.yml (jamais au hasard : une valeur inconnue se demande à l'association), "
                 "puis relancez : python3 tasks.py publish-check")
    if left:
        lines.append("Et remplacez les exemples du nouveau site (example: true) : " + ", ".join(left))
    return "\n".join(lines)
