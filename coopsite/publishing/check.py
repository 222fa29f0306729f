"""Which fields of ``site.yml`` a published site needs, named by the schema's own titles."""

from __future__ import annotations

from ..structure.drafts import draft_sources
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


def drafts(corpus: Corpus) -> list[str]:
    """The testimonies and round tables still marked as drafts to review (structure/drafts.py)."""
    return [display_path(item.source_path, corpus.root) for item in draft_sources(corpus)]


def _drafts_report(waiting: list[str]) -> list[str]:
    count = len(waiting)
    return [f"{count} brouillon{'s' if count > 1 else ''} à relire "
            f"{'restent' if count > 1 else 'reste'} ; le site ne doit pas être publié ainsi :",
            *[f"  - {path} (draft: true)" for path in waiting],
            "Relisez-les et complétez-les (python3 tasks.py validate dit ce qui manque à chacun), puis retirez "
            "« draft: true » (ou décochez « Brouillon à relire » dans l’éditeur), ou supprimez ces fichiers ; "
            "relancez ensuite : python3 tasks.py publish-check"]


def report(pub: Publication, corpus: Corpus | None = None) -> str:
    """The publishing check's French answer; "" when nothing is missing."""
    missing = missing_fields(pub)
    left = examples(corpus) if corpus is not None else []
    waiting = drafts(corpus) if corpus is not None else []
    if not missing and not left and not waiting:
        return ""
    if not missing and not left:
        return "\n".join(_drafts_report(waiting))
    if not missing:
        return "\n".join([f"{len(left)} exemple{'s' if len(left) > 1 else ''} du nouveau site "
                          f"{'sont' if len(left) > 1 else 'est'} encore là ; le site ne doit pas être publié ainsi :",
                          *[f"  - {path} (example: true)" for path in left],
                          "Remplacez-les par vos vrais témoignages et tables rondes, ou supprimez ces fichiers, "
                          "puis relancez : python3 tasks.py publish-check",
                          *(_drafts_report(waiting) if waiting else [])])
    lines = [f"{len(missing)} information{'s' if len(missing) > 1 else ''} légale{'s' if len(missing) > 1 else ''} "
             f"manque{'nt' if len(missing) > 1 else ''} dans site.yml ; le site ne doit pas être publié ainsi :"]
    lines += [f"  - {path} : {label(path)}" for path in missing]
    lines.append("Complétez-les dans site.yml (jamais au hasard : une valeur inconnue se demande à l'association), "
                 "puis relancez : python3 tasks.py publish-check")
    if left:
        lines.append("Et remplacez les exemples du nouveau site (example: true) : " + ", ".join(left))
    if waiting:
        lines.append("Et relisez les brouillons (draft: true) : " + ", ".join(waiting))
    return "\n".join(lines)
