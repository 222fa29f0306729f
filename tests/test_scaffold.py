"""Schema-aware editing and the ``new-case`` scaffold.

The scaffold writes a commented skeleton that validates and never overwrites
a file; once filled in, the new case appears everywhere after a build; broken,
it gives the messages documented in « Ajouter un témoignage ».
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from coopsite import config
from coopsite.scaffold import NewCase, ScaffoldError, placeholders, write_case
from coopsite.structure import schema as schemas
from coopsite.structure.loader import load_corpus
from coopsite.layers import SHARED_DOCS

GUIDE = SHARED_DOCS / "guide" / "ajouter-un-temoignage.md"
# The essentials of the guide's example: placeholders, not a real person.
EXAMPLE = ["--title", "Structure Exemple", "--territory", "Territoire (Département)", "--person", "Prénom Nom",
           "--role", "Fonction", "--organisation", "Structure Exemple"]
EXAMPLE_FILE = "cases/structure-exemple.yml"


def coopsite(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coopsite", *args], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def sources(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("cases", "grid"):
        shutil.copytree(ROOT / name, project / name)
    return project


# -- schema comments ------------------------------------------------------------------------

@pytest.mark.parametrize("folder,kind", [("cases", "case"), ("cases/evenements", "event"), ("grid", "grid")])
def test_every_yaml_source_points_to_the_schema_validation_uses(folder, kind):
    files = sorted((ROOT / folder).glob("*.yml")) + sorted((ROOT / folder).glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name} : la première ligne doit être le commentaire yaml-language-server"
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{path.name} : {match.group(1)} introuvable"
        assert json.loads(target.read_text("utf-8")) == schemas.schema(kind), path.name


def test_the_schema_line_names_the_folder_the_project_has(tmp_path):
    assert schemas.schema_line(ROOT, "case", 1) == \
        "# yaml-language-server: $schema=../coopsite/structure/schemas/case.schema.json"
    assert schemas.schema_line(tmp_path, "event", 2) == \
        "# yaml-language-server: $schema=../../.venv/coopsite-schemas/event.schema.json"
    line = schemas.schema_line(tmp_path, "grid", 1)
    assert schemas.with_schema_line("# yaml-language-server: $schema=ailleurs.json\nid: x\n", line) == line + "\nid: x\n"
    assert schemas.with_schema_line("# une note\nid: x\n", line) == line + "\n# une note\nid: x\n"


# -- the scaffold ---------------------------------------------------------------------------

def test_skeleton_validates_and_is_marked_to_complete(tmp_path):
    project = sources(tmp_path)
    before = len(load_corpus(project).cases)
    path = write_case(project, NewCase("nouvelle-structure", "Nouvelle structure", "organisation",
                                       "Territoire", "table-ronde-2021-10-20", "Prénom Nom"))
    assert path == project / "cases" / "nouvelle-structure.yml"
    text = path.read_text("utf-8")
    # A project without the generator's source (a site that installs it): the copy tasks.py keeps in .venv/.
    assert text.startswith("# yaml-language-server: $schema=../.venv/coopsite-schemas/case.schema.json\n")
    corpus = load_corpus(project)
    assert len(corpus.cases) == before + 1
    case = next(c for c in corpus.cases if c.id == "nouvelle-structure")
    assert case.people[0].id == "prenom-nom"
    assert [path.name for path, _line in placeholders(project)] == ["nouvelle-structure.yml"] * 3
    # The grid's indicators are listed as comments, for the editor.
    for ind in corpus.grid.indicators:
        assert f"#   {ind.id} : {ind.title}" in text


def test_never_overwrites_an_existing_file(tmp_path):
    project = sources(tmp_path)
    existing = project / "cases" / "cap-solidaire.yml"
    original = existing.read_bytes()
    with pytest.raises(ScaffoldError, match="existe déjà"):
        write_case(project, NewCase("cap-solidaire", "X", "organisation", "T", "table-ronde-2021-10-20", "P N"))
    assert existing.read_bytes() == original
    (project / "cases" / "autre.yaml").write_text("# à moi\n", "utf-8")
    with pytest.raises(ScaffoldError, match="autre.yaml existe déjà"):
        write_case(project, NewCase("autre", "X", "organisation", "T", "table-ronde-2021-10-20", "P N"))
    assert not (project / "cases" / "autre.yml").exists()
    assert (project / "cases" / "autre.yaml").read_text("utf-8") == "# à moi\n"


@pytest.mark.parametrize("case,message", [
    (NewCase("Pas Bon", "X", "organisation", "T", "table-ronde-2021-10-20", "P N"), "identifiant « Pas Bon » non accepté"),
    (NewCase("ok", "X", "association", "T", "table-ronde-2021-10-20", "P N"), "type « association » non accepté"),
    (NewCase("ok", "X", "organisation", "T", "table-ronde-1999-01-01", "P N"), "événement inconnu « table-ronde-1999-01-01 »"),
    (NewCase("ok", " ", "organisation", "T", "table-ronde-2021-10-20", "P N"), "le titre est vide"),
])
def test_bad_essentials_are_refused_in_french_and_nothing_is_written(tmp_path, case, message):
    project = sources(tmp_path)
    before = sorted(p.name for p in (project / "cases").iterdir())
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        write_case(project, case)
    assert sorted(p.name for p in (project / "cases").iterdir()) == before


def test_cli_without_a_terminal_asks_for_the_missing_options(tmp_path):
    project = sources(tmp_path)
    result = coopsite("new-case", "--territory", "T", "--person", "P N", cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Erreur : précisez --title (ou lancez la commande dans un terminal "
                                     "pour répondre aux questions)")
    assert "Traceback" not in result.stderr
    result = coopsite("new-case", *EXAMPLE, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Créé : {EXAMPLE_FILE}"
    again = coopsite("new-case", *EXAMPLE, cwd=project)
    assert again.returncode == 1
    assert "existe déjà : rien n'a été écrit" in again.stderr


# -- the guide's messages are the real ones -------------------------------------------------

BREAKAGES = [
    ("indicators: [A1.1]", "indicators: [A1.9]"),
    ("    speaker: prenom-nom", "    speaker: prenom-non"),
    ('territory: "Territoire (Département)"\n', ""),
    ("kind: organisation", "kind: association"),
    ('rationale: "À COMPLÉTER : une phrase qui dit pourquoi cette citation illustre ces indicateurs."',
     "rationale: Pourquoi : parce que"),
    ("    text: >-", "    texte: >-"),
    ("event: table-ronde-2021-10-20", "event: table-ronde-2021-10-21"),
    ("  - id: structure-exemple-1", "  - id: cap-solidaire-defi-double"),
    ("indicators: [A1.1]", "indicators: [A1]"),
    ('illustre ces indicateurs."', "illustre ces indicateurs."),
    ("indicators: [A1.1]", "indicators: [A1.1"),
    ('territory: "Territoire', 'territory\u00a0: "Territoire'),
]


def test_guide_shows_the_real_validation_messages(tmp_path):
    project = sources(tmp_path)
    assert coopsite("new-case", *EXAMPLE, cwd=project).returncode == 0
    guide = GUIDE.read_text("utf-8")
    skeleton = (project / EXAMPLE_FILE).read_text("utf-8")

    ok = coopsite("validate", cwd=project)
    assert ok.returncode == 0
    warning = ok.stdout.splitlines()[-1]
    assert warning.startswith("Attention : textes encore « À COMPLÉTER »")
    assert warning in guide

    for old, new in BREAKAGES:
        assert old in skeleton, old
        (project / EXAMPLE_FILE).write_text(skeleton.replace(old, new, 1), "utf-8")
        result = coopsite("validate", cwd=project)
        assert result.returncode == 1, new
        assert "Traceback" not in result.stderr
        report = result.stderr.strip()
        assert report.startswith("1 problème") or report.startswith("2 problèmes")
        assert report in guide, f"le guide doit montrer le message réel :\n{report}"


# -- filled in, it appears everywhere -------------------------------------------------------

def test_filled_in_case_appears_in_every_listing_matrix_and_data(tmp_path):
    project = copy_project(tmp_path / "project")
    assert coopsite("new-case", *EXAMPLE, cwd=project).returncode == 0
    corpus = load_corpus(project)
    gap = next(i for i in corpus.grid.indicators if not i.quotes)  # an indicator nobody illustrates yet
    path = project / EXAMPLE_FILE
    text = path.read_text("utf-8")
    text = text.replace("À COMPLÉTER : présentez la structure ou la personne en quelques phrases.",
                        "Présentation de test.")
    text = text.replace("À COMPLÉTER : le texte exact de la citation, sans les guillemets.",
                        "Citation de test pour vérifier la construction.")
    text = text.replace("indicators: [A1.1]", f"indicators: [{gap.id}]")
    text = text.replace('"À COMPLÉTER : une phrase qui dit pourquoi cette citation illustre ces indicateurs."',
                        '"Raison de test."')
    path.write_text(text, "utf-8")
    validated = coopsite("validate", cwd=project)
    assert validated.returncode == 0 and "À COMPLÉTER" not in validated.stdout

    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    corpus = load_corpus(project)
    case = next(c for c in corpus.cases if c.id == "structure-exemple")
    page = lambda url: (site / url / "index.html").read_text("utf-8")  # noqa: E731
    assert "Citation de test pour vérifier la construction." in page(config.case_url(case))
    for listing in (config.CASES, config.event_url(case.event), config.EVENTS):
        assert "Structure Exemple" in page(listing), listing
    assert "Citation de test" in page(config.QUOTES)
    assert "Citation de test" in page(config.indicator_url(gap))
    coverage = page(config.COVERAGE)
    row = coverage.split(f'href="../{config.indicator_url(gap)}"')[-1].split("</tr>", 1)[0]
    assert "illustré" in row and "à chercher" not in row
    # The case × indicator matrix of its round table has a row for it, with the indicator.
    matrix = page(config.event_url(case.event)).split('id="couverture"', 1)[1]
    case_row = matrix.split("Structure Exemple", 1)[1].split("</tr>", 1)[0]
    assert f">{gap.id}</a>" in case_row
    cases = json.loads((site / "data" / "cases.json").read_text("utf-8"))
    assert "structure-exemple" in [c["id"] for c in cases["cases"]]
    quotes = json.loads((site / "data" / "quotes.json").read_text("utf-8"))
    assert {"id": "structure-exemple-1", "indicator_ids": [gap.id]}.items() <= next(
        q for q in quotes["quotes"] if q["id"] == "structure-exemple-1").items()
    for name, column in (("cases.csv", "id"), ("quotes.csv", "id")):
        table = csv.DictReader(io.StringIO((site / "data" / name).read_bytes().decode("utf-8-sig"), newline=""),
                               delimiter=";")
        ids = [row[column] for row in table]
        assert ("structure-exemple" if name == "cases.csv" else "structure-exemple-1") in ids
