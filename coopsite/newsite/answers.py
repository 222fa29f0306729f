"""The answers of ``new-site``: their questions, and the checks that reject a bad one in French.

Every message names the key of the answers file (``primary : couleur inconnue …``),
so that the same words serve the answers file and the questions typed at a terminal.
All answers are checked before anything is written.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..structure.yamlsource import read_bounded

# Material for MkDocs' palette names (https://squidfunk.github.io/mkdocs-material/setup/changing-the-colors/).
PRIMARY_COLOURS = ("red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal",
                   "green", "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey",
                   "blue grey", "black", "white")
ACCENT_COLOURS = PRIMARY_COLOURS[:PRIMARY_COLOURS.index("deep orange") + 1]
PTCE = "ptce"  # the PTCE working grid, shipped in coopsite/newsite/grids/
PTCE_GRID = Path(__file__).resolve().parent / "grids" / "ptce-2012.yml"
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
LOGO_MAX_BYTES = 2 * 1024 * 1024
GRID_SUFFIXES = (".yml", ".yaml")

KEYS = ("network", "title", "publisher", "region", "primary", "accent", "grid", "logo", "index")
OPTIONAL = ("region", "logo", "index")  # may be missing or empty
# Where a site installs the generator from, by default: PyPI, which every network can reach.
DEFAULT_INDEX = "https://pypi.org/simple/"


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    default: str = ""


QUESTIONS = (
    Question("network", "Nom du réseau qui recueille les témoignages (par exemple son sigle)"),
    Question("title", "Titre du site"),
    Question("publisher", "Éditeur du site : l'association qui le publie", "{network}"),
    Question("region", "Région du réseau (laisser vide s'il n'en a pas)"),
    Question("primary", "Couleur principale, en anglais (" + ", ".join(PRIMARY_COLOURS) + ")", "teal"),
    Question("accent", "Couleur d'accent, en anglais (" + ", ".join(ACCENT_COLOURS) + ")", "deep orange"),
    Question("logo", "Logo (chemin d'un fichier .svg, .png, .jpg ou .webp ; laisser vide pour aucun)"),
    Question("grid", "Grille d'analyse : « ptce » pour la grille de travail des PTCE, ou le chemin du fichier "
                     "YAML de la grille de votre réseau", PTCE),
    Question("index", "Adresse du dépôt de paquets qui sert le générateur (PyPI, ou le registre de votre forge ; "
                      "« - » pour aucun : vous donnerez alors son dossier ou son .whl dans COOPSITE_SOURCE)",
             DEFAULT_INDEX),
)


class AnswersError(Exception):
    """One or more bad answers; ``problems`` holds one French line per key."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Answers:
    """Checked answers: texts stripped, colours normalised, files resolved."""

    network: str
    title: str
    publisher: str
    region: str
    primary: str
    accent: str
    grid: Path  # the grid file to copy into grid/
    logo: Path | None
    index: str = DEFAULT_INDEX  # the package index of requirements.txt, "" for none

    @property
    def logo_target(self) -> str:
        """The logo's path in docs/ (what mkdocs.yml names), or ""."""
        return f"assets/images/logo{self.logo.suffix.lower()}" if self.logo else ""


def colour(value: str) -> str:
    """``Deep-Orange`` → ``deep orange``: Material's own spelling."""
    return re.sub(r"[\s_-]+", " ", value.strip().lower())


def _text(key: str, value: object, problems: list[str], limit: int = 200, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{key} : un texte est attendu, pas « {value} »")
        return ""
    value = value.strip()
    if required and not value:
        problems.append(f"{key} : la réponse est vide")
    elif len(value) > limit:
        problems.append(f"{key} : réponse trop longue ({len(value)} caractères, maximum {limit})")
    elif re.search(r"[\x00-\x1f\x7f]", value):
        problems.append(f"{key} : la réponse tient sur une ligne, sans caractère de contrôle")
    return value


def check(raw: dict, base: Path) -> Answers:
    """Check every answer; raise :class:`AnswersError` listing each bad key. Paths are relative to ``base``."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise AnswersError(["le fichier de réponses doit décrire des champs « clé: valeur » "
                            f"({', '.join(KEYS)})"])
    for key in raw:
        if key not in KEYS:
            problems.append(f"{key} : clé inconnue ; les clés possibles sont {', '.join(KEYS)}")
    for key in KEYS:
        if key not in raw and key not in OPTIONAL:
            problems.append(f"{key} : réponse manquante")
    network = _text("network", raw.get("network"), problems, 100) if "network" in raw else ""
    title = _text("title", raw.get("title"), problems, 200) if "title" in raw else ""
    publisher = _text("publisher", raw.get("publisher"), problems, 300) if "publisher" in raw else ""
    region = _text("region", raw.get("region"), problems, 100, required=False)
    primary = _colour("primary", raw.get("primary"), PRIMARY_COLOURS, problems) if "primary" in raw else ""
    accent = _colour("accent", raw.get("accent"), ACCENT_COLOURS, problems) if "accent" in raw else ""
    logo = _logo(raw.get("logo"), base, problems)
    grid = _grid(raw.get("grid"), base, problems) if "grid" in raw else None
    index = _index(raw.get("index", DEFAULT_INDEX), problems)
    if problems:
        raise AnswersError(problems)
    return Answers(network=network, title=title, publisher=publisher, region=region, primary=primary,
                   accent=accent, grid=grid, logo=logo, index=index)


def _index(value: object, problems: list[str]) -> str:
    """A package index's address (http, https or file), or "" (« - », or empty) for none."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"(https?|file)://[^\s\"'<>]+", value.strip()):
        problems.append(f"index : adresse non reconnue « {value} » — donnez l'adresse d'un dépôt de paquets "
                        f"(par exemple {DEFAULT_INDEX}), ou « - » pour aucun")
        return ""
    return value.strip()


def _colour(key: str, value: object, allowed: tuple[str, ...], problems: list[str]) -> str:
    if not isinstance(value, str) or colour(value) not in allowed:
        shown = "" if value is None else value
        problems.append(f"{key} : couleur inconnue « {shown} » — choisissez parmi : {', '.join(allowed)}")
        return ""
    return colour(value)


def _file(key: str, value: str, base: Path, problems: list[str]) -> Path | None:
    path = (base / Path(value).expanduser()).resolve()
    if not path.exists():
        problems.append(f"{key} : fichier introuvable « {value} » (cherché dans {path.parent})")
    elif not path.is_file():
        problems.append(f"{key} : « {value} » n'est pas un fichier")
    else:
        return path
    return None


def _logo(value: object, base: Path, problems: list[str]) -> Path | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        problems.append(f"logo : un chemin de fichier est attendu, pas « {value} »")
        return None
    path = _file("logo", value.strip(), base, problems)
    if path is None:
        return None
    if path.suffix.lower() not in LOGO_SUFFIXES:
        problems.append(f"logo : format non accepté « {path.suffix or path.name} » — "
                        f"choisissez un fichier {', '.join(LOGO_SUFFIXES)}")
    elif path.stat().st_size > LOGO_MAX_BYTES:
        problems.append(f"logo : fichier trop lourd ({path.stat().st_size // 1024} Kio, maximum "
                        f"{LOGO_MAX_BYTES // 1024} Kio)")
    else:
        return path
    return None


def _grid(value: object, base: Path, problems: list[str]) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"grid : réponse vide — écrivez « {PTCE} » pour la grille de travail des PTCE, "
                        "ou le chemin du fichier YAML de votre grille")
        return None
    value = value.strip()
    if value.lower() == PTCE:
        return PTCE_GRID
    path = _file("grid", value, base, problems)
    if path is None:
        return None
    if path.suffix.lower() not in GRID_SUFFIXES:
        problems.append(f"grid : « {value} » n'est pas un fichier YAML (.yml ou .yaml)")
        return None
    found = grid_problems(path, value)
    if found:
        problems.append(f"grid : la grille « {value} » n'est pas valable :")
        problems.extend(f"  {line}" for line in found)
        return None
    return path


def grid_problems(path: Path, shown: str) -> list[str]:
    """The problems of a grid file, checked by the core's schema and loader, as French lines."""
    from ..structure.loader import load_corpus
    from ..structure.problems import ValidationFailed

    with tempfile.TemporaryDirectory(prefix="coopsite-grid-") as tmp:
        root = Path(tmp)
        (root / "grid").mkdir()
        shutil.copyfile(path, root / "grid" / path.name)
        try:
            load_corpus(root)
        except ValidationFailed as failure:
            return [f"{shown}:{p.line}:{p.column}: {p.field or '(document)'} : {p.message}"
                    + (f" — {p.hint}" if p.hint else "") for p in failure.problems]
    return []


def _read_grid(grid: Path) -> dict:
    """The grid file as the core's loader reads it (libyaml when there: its reading of a plain text in a flow
    mapping, « {question: Vous réunissez-vous ?} », is what grid_problems accepted)."""
    return yaml.load(grid.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def first_indicator(grid: Path) -> tuple[str, str]:
    """(id, title) of the grid's first indicator, in the file's order."""
    data = _read_grid(grid)
    first = data["general_objectives"][0]["main_objectives"][0]["indicators"][0]
    return str(first["id"]), str(first["title"])


def grid_title(grid: Path) -> str:
    return str(_read_grid(grid)["title"])


def read_answers_file(path: Path) -> dict:
    """The raw answers of a YAML file; :class:`AnswersError` in French when it cannot be read."""
    if not path.is_file():
        raise AnswersError([f"--answers : fichier introuvable « {path} »"])
    raw, refused = read_bounded(path)
    if refused is not None:
        raise AnswersError([f"--answers : fichier illisible « {path} » ({refused.message})"])
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise AnswersError([f"--answers : « {path} » n'est pas écrit en UTF-8"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark is not None else ""
        raise AnswersError([f"--answers : « {path} » n'est pas du YAML valable{where}"]) from None
    if not isinstance(data, dict):
        raise AnswersError([f"--answers : « {path} » doit décrire des champs « clé: valeur » ({', '.join(KEYS)})"])
    return data
