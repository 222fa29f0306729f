"""``coopsite import RAPPORT``: a round-table report becomes draft testimonies.

One room per job, each testable alone:

- :mod:`.formats`: a ``.odt``, ``.docx``, ``.md`` or ``.txt`` file → neutral blocks (:mod:`.document`);
- :mod:`.quotes`: the verbatims, exactly as written, and the rule for titles in guillemets;
- :mod:`.people`: names and roles as reports write them;
- :mod:`.sections`: the round table, one section per witness, who says each quote;
- :mod:`.writer`: ids, the draft files' YAML (:mod:`.yamltext`), what is left for review;
- here: the whole import: read, plan, check with the site's own validator, write, tell.

Indicators are suggested by :mod:`coopsite.suggest` and never chosen here: a
quote reaches publication only with indicators a person chose.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..french import date_fr
from ..structure.loader import load_corpus
from ..structure.problems import ValidationFailed
from ..suggest import Suggester
from .document import ReportError
from .formats import read_report
from .sections import read_sections
from .writer import Plan, plan

__all__ = ["ImportRefused", "Plan", "ReportError", "prepare", "write", "summary"]


class ImportRefused(Exception):
    """The import cannot go on: one French message (the site is broken, a file appeared…)."""


def prepare(report: Path, root: Path, name: str | None = None) -> Plan:
    """Read ``report`` and plan its drafts for the site ``root``; nothing is written."""
    root = Path(root)
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        raise ImportRefused("Le site a déjà des problèmes : corrigez-les d’abord, puis relancez l’import.\n"
                           + failed.report()) from None
    document = read_report(Path(report), name)
    reading = read_sections(document)
    if not reading.sections:
        raise ReportError(f"« {document.name} » : aucune citation d’un témoin n’a été trouvée ; le guide « Importer "
                          "un compte rendu » dit comment l’écrire : une partie par témoin, qui commence par son nom, "
                          "et les citations entre guillemets « … ».")
    result = plan(reading, root, corpus, Suggester.from_corpus(corpus))
    if not result.existing:
        _check(result, root)
    return result


def _check(result: Plan, root: Path) -> None:
    """The site's own validator on a copy of the site with the drafts: they must load as they are."""
    with tempfile.TemporaryDirectory(prefix="coopsite-import-") as tmp:
        copy = Path(tmp)
        for folder in ("grid", "cases"):
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder)
        for name in ("site.yml", "mkdocs.yml"):
            if (root / name).is_file():
                shutil.copy(root / name, copy / name)
        for draft in result.drafts:
            target = copy / draft.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(draft.text, "utf-8")
        try:
            load_corpus(copy)
        except ValidationFailed as failed:  # a fault of the import itself: nothing is written
            raise ImportRefused("Les brouillons ne passent pas la vérification du site ; rien n’a été écrit. "
                               "Signalez-le avec le compte rendu.\n" + failed.report()) from None


def write(result: Plan, root: Path) -> list[Path]:
    """Write the drafts; never over a file (the first file that appeared meanwhile stops everything)."""
    root = Path(root)
    written: list[Path] = []
    try:
        for draft in result.drafts:
            target = root / draft.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as out:
                out.write(draft.text)
            written.append(target)
    except FileExistsError as error:
        for path in written:  # all or nothing: this import's own files only
            path.unlink(missing_ok=True)
        raise ImportRefused(f"{Path(error.filename).relative_to(root).as_posix()} existe déjà : rien n’a été écrit.") \
            from None
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise ImportRefused(f"impossible d’écrire {error.filename} ({error.strerror}) : rien n’a été écrit.") from None
    return written


@dataclass(frozen=True, slots=True)
class Counts:
    testimonies: int
    quotes: int
    review: int


def summary(result: Plan, dry_run: bool = False, editor: bool = False) -> tuple[str, Counts]:
    """What the import made (or would make), in French, and the counts; ``editor``: said to a person
    in the browser editor rather than at a terminal."""
    document = result.reading.document
    table = result.reading.round_table
    lines = [f"Compte rendu lu : « {document.name} » ({document.format}, {len(document.blocks)} paragraphes"
             + (f", encodage {document.meta['encodage']} supposé" if document.meta.get("encodage") else "") + ")."]
    if result.existing:
        lines.append("Ce compte rendu a déjà été importé : ces fichiers existent déjà, rien n’a été écrit.")
        lines += [f"  - {path}" for path in result.existing]
        lines.append("Pour l’importer de nouveau, supprimez ou renommez ces fichiers ; pour reprendre là où vous "
                     "en étiez, " + ("ouvrez-les dans les listes de l’éditeur." if editor
                                    else "relisez-les dans l’aperçu (python3 tasks.py serve)."))
        return "\n".join(lines), Counts(0, 0, 0)
    quotes = result.quote_count
    cases = len(result.cases)
    verb = "serait créée" if dry_run else "créée"
    lines.append(f"Table ronde ({verb}) : {result.event.path} — « {table.title or 'titre à compléter'} »"
                 + (f", {date_fr(table.date)} (lu : « {table.date_text} »)" if table.date else ", date à compléter")
                 + (f", {table.place}" if table.place else "") + ".")
    lines.append(f"{cases} témoignage{'s' if cases > 1 else ''} et {quotes} citation{'s' if quotes > 1 else ''} "
                 f"{'seraient créés' if dry_run else 'créés'}, en brouillon (draft: true) :")
    for draft in result.cases:
        section = draft.section
        kind = "grand témoin" if section.kind == "grand-temoin" else "organisation"
        where = f", {section.territory}" if section.territory else ""
        people = len(draft.data["people"])
        renamed = f" (l’identifiant « {draft.renamed_from} » est déjà pris)" if draft.renamed_from else ""
        lines.append(f"  {draft.path}{renamed} — « {draft.title} » ({kind}{where}), {people} "
                     f"personne{'s' if people > 1 else ''}, {len(draft.quotes)} citation"
                     f"{'s' if len(draft.quotes) > 1 else ''}")
        for quote in draft.quotes:
            person = next((p["name"] for p in draft.data["people"] if p["id"] == quote.speaker_id), "")
            said = f"{person} ({quote.quote.how})" if person else f"personne à préciser : {quote.review}"
            lines.append(f"    - « {_excerpt(quote.quote.verbatim.text)} » — {said}")
            if quote.suggestions:
                lines.append("      indicateurs suggérés : " + " ; ".join(
                    f"{s.indicator.id} {s.indicator.title} (mots : {', '.join(s.matched)})" for s in quote.suggestions))
            else:
                lines.append("      aucun indicateur suggéré : aucun mot de la citation ne se retrouve dans la grille")
    review = _review_lines(result)
    lines.append(f"À relire ({len(review)}) :" if review else "À relire : rien d’autre que le choix des indicateurs.")
    lines += [f"  - {line}" for line in review]
    if dry_run:
        lines.append("Rien n’est encore écrit : « Créer les brouillons » les écrit." if editor
                     else "Essai (--dry-run) : rien n’a été écrit.")
    elif editor:
        lines.append(f"Écrit : {len(result.drafts)} fichiers, dans les listes de l’éditeur avec la mention "
                     "« Brouillon à relire » ; le site, à côté, les montre déjà.")
    else:
        lines.append(f"Écrit : {len(result.drafts)} fichiers. Relisez les brouillons là où ils seront lus : "
                     "python3 tasks.py serve (ou python3 tasks.py edit pour les compléter dans le navigateur) ; "
                     "python3 tasks.py validate dit ce qui manque à chacun.")
    return "\n".join(lines), Counts(cases, quotes, len(review))


def _review_lines(result: Plan) -> list[str]:
    lines = [f"{result.event.path} : {item}" for item in result.event.review]
    for draft in result.cases:
        lines += [f"{draft.path} : {item}" for item in draft.review]
        missing = [q for q in draft.quotes if not q.speaker_id]
        if missing:
            lines.append(f"{draft.path} : {len(missing)} citation{'s' if len(missing) > 1 else ''} sans personne "
                         f"qui parle ({missing[0].review}) : {', '.join(q.id for q in missing)}")
        lines.append(f"{draft.path} : {len(draft.quotes)} citation{'s' if len(draft.quotes) > 1 else ''} sans "
                     "indicateur : choisissez-les (suggestions dans le fichier et dans l’éditeur), et écrivez "
                     "pour chacune une phrase « pourquoi cette citation »")
    lines += result.review
    return lines


def _excerpt(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"

