"""``coopsite new-case``: a commented, valid skeleton for a new testimony.

It takes the essentials (or asks for them), writes ``cases/<id>.yml`` with the
``yaml-language-server`` schema comment, and never overwrites a file. The
texts an editor must write are marked « À COMPLÉTER » so that ``validate``
can remind them; nothing is invented (no quote, no person, no address).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .french import slugify
from .structure.model import KIND_LABELS
from .structure.schema import schema_line
from .structure.yamlsource import read_bounded

PLACEHOLDER = "À COMPLÉTER"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """A problem with the essentials given, in French, for the person typing them."""


@dataclass(frozen=True, slots=True)
class NewCase:
    id: str
    title: str
    kind: str
    territory: str
    event: str
    person_name: str
    person_role: str = ""
    person_organisation: str = ""

    @property
    def person_id(self) -> str:
        return slugify(self.person_name)


def event_ids(root: Path) -> list[str]:
    """The events a case can belong to: the files of ``cases/evenements/``."""
    folder = root / "cases" / "evenements"
    if not folder.is_dir():
        return []
    return sorted((p.stem for p in folder.iterdir()
                   if p.suffix.lower() in (".yml", ".yaml") and not p.name.startswith(".")), reverse=True)


def grid_indicators(root: Path) -> list[tuple[str, str]]:
    """(id, title) of every indicator of the grid, for the skeleton's comment."""
    files = sorted(p for p in (root / "grid").glob("*.y*ml") if p.suffix in (".yml", ".yaml"))
    if len(files) != 1:
        raise ScaffoldError("la grille est introuvable dans grid/ : lancez « coopsite validate » pour voir pourquoi")
    try:
        data = yaml.safe_load(files[0].read_text("utf-8"))
        return [(str(ind["id"]), str(ind["title"]))
                for general in data["general_objectives"]
                for main in general["main_objectives"]
                for ind in main["indicators"]]
    except Exception:  # any shape problem is reported in full by validate
        raise ScaffoldError(f"la grille {files[0].name} est illisible : lancez « coopsite validate » pour voir pourquoi") from None


def check(case: NewCase, root: Path) -> None:
    """Refuse essentials that would not validate, with a French message."""
    if not ID_PATTERN.match(case.id) or len(case.id) > 80:
        raise ScaffoldError(f"identifiant « {case.id} » non accepté : minuscules sans accents, chiffres et tirets, "
                            "par exemple « cap-solidaire »")
    for label, value in (("titre", case.title), ("territoire", case.territory), ("nom de la personne", case.person_name)):
        if not value.strip():
            raise ScaffoldError(f"le {label} est vide")
        if len(value) > 200:
            raise ScaffoldError(f"le {label} est trop long ({len(value)} caractères, maximum 200)")
    if case.kind not in KIND_LABELS:
        raise ScaffoldError(f"type « {case.kind} » non accepté : {' ou '.join(KIND_LABELS)}")
    events = event_ids(root)
    if case.event not in events:
        raise ScaffoldError(f"événement inconnu « {case.event} » : événements possibles : {', '.join(events) or 'aucun'} "
                            "(un événement est un fichier de cases/evenements/)")
    if not case.person_id:
        raise ScaffoldError(f"impossible de tirer un identifiant du nom « {case.person_name} »")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton(case: NewCase, indicators: list[tuple[str, str]], root: Path = Path(".")) -> str:
    """The commented YAML text of the new case of the project ``root``; it validates as it is."""
    first = indicators[0][0]
    lines = [
        schema_line(root, "case", 1),
        "# Nouveau témoignage, créé avec « coopsite new-case ».",
        f"# Remplacez chaque « {PLACEHOLDER} », puis vérifiez avec : python3 tasks.py validate",
        "# Guide pas à pas : la page « Ajouter un témoignage » du site (/guide/ajouter-un-temoignage/).",
        "",
        "# Identifiant : c'est aussi le nom du fichier et l'adresse de la page (temoignages/<id>/).",
        f"id: {case.id}",
        f"title: {_q(case.title)}",
        f"kind: {case.kind}  # organisation ou grand-temoin",
        f"territory: {_q(case.territory)}",
        "# Départements, par leur code officiel entre guillemets, si la source le dit ; sinon laissez [].",
        "# Exemple : [\"33\"] pour la Gironde, [\"86\", \"87\"] pour la Vienne et la Haute-Vienne.",
        "departements: []",
        f"event: {case.event}  # un fichier de cases/evenements/",
        "",
        "# Les personnes qui parlent ; « speaker » d'une citation reprend leur « id ».",
        "people:",
        f"  - id: {case.person_id}",
        f"    name: {_q(case.person_name)}",
        f"    role: {_q(case.person_role)}  # fonction, facultatif",
        f"    organisation: {_q(case.person_organisation)}  # structure, facultatif",
        "",
        "# Présentation, avec vos propres mots (Markdown accepté).",
        "summary: >-",
        f"  {PLACEHOLDER} : présentez la structure ou la personne en quelques phrases.",
        "",
        "# Faits complémentaires, chacun avec sa source. Exemple :",
        "#   - text: Fondé en 2013.",
        "#     source_url: https://adresse-complete-de-la-source",
        "#     source_title: Nom de la source",
        "facts: []",
        "",
        "# Liens utiles ; laissez url vide si l'adresse n'est pas connue. Exemple :",
        "#   - label: Site de la structure",
        "#     url: \"\"",
        "links: []",
        "",
        "# Les citations. Copiez le bloc « - id: … » pour en ajouter une.",
        "quotes:",
        f"  - id: {case.id}-1  # identifiant stable : il sert d'ancre dans l'adresse (#{case.id}-1)",
        "    text: >-",
        f"      {PLACEHOLDER} : le texte exact de la citation, sans les guillemets.",
        f"    speaker: {case.person_id}",
        f"    indicators: [{first}]  # identifiants des indicateurs illustrés, voir la liste en bas",
        f"    rationale: {_q(PLACEHOLDER + ' : une phrase qui dit pourquoi cette citation illustre ces indicateurs.')}",
        "",
        "# Indicateurs de la grille (identifiant : intitulé) :",
        *(f"#   {ind_id} : {title}" for ind_id, title in indicators),
    ]
    return "\n".join(lines) + "\n"


def write_case(root: Path, case: NewCase) -> Path:
    """Write ``cases/<id>.yml``; never overwrite an existing file."""
    root = Path(root)
    check(case, root)
    folder = root / "cases"
    # Any case of the extension: ``x.YML`` is read as a case file too.
    names = {f"{case.id}{suffix}" for suffix in (".yml", ".yaml")}
    for existing in (folder.iterdir() if folder.is_dir() else ()):
        if existing.name.lower() in names:
            raise ScaffoldError(f"cases/{existing.name} existe déjà : rien n'a été écrit "
                                "(choisissez un autre identifiant avec --id)")
    text = skeleton(case, grid_indicators(root), root)
    target = folder / f"{case.id}.yml"
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as out:  # "x": fails if it exists
            out.write(text)
    except FileExistsError:
        raise ScaffoldError(f"cases/{target.name} existe déjà : rien n'a été écrit") from None
    except OSError as error:
        raise ScaffoldError(f"impossible d'écrire cases/{target.name} : {error.strerror}") from None
    return target


def placeholders(root: Path) -> list[tuple[Path, int]]:
    """(file, line) of every « À COMPLÉTER » left in ``cases/``."""
    found = []
    folder = Path(root) / "cases"
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in (".yml", ".yaml") and path.is_file():
            raw, refused = read_bounded(path)  # never a huge file into memory
            if raw is None:
                continue
            for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
                if PLACEHOLDER in line and not line.lstrip().startswith("#"):
                    found.append((path, number))
    return found
