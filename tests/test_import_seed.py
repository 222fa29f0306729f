"""Real reports in: the seed as .txt and as .odt and .docx saved by LibreOffice gives back our 13
quotes, character for character, with the speakers the report gives; another report's layouts
in .md and in LibreOffice's .odt and .docx; Word's own .docx; nothing ever overwritten."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coopsite.importer import ImportRefused, prepare, summary, write
from coopsite.importer.document import ReportError
from tests.helpers import ROOT, tree_digest
from tests.import_files import REPORTS, libreoffice_files, word_docx

SEED = REPORTS / "round-table-2021-10-20.txt"
NIORT = REPORTS / "niort-2024.md"


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    return libreoffice_files(tmp_path_factory)


def empty_site(folder: Path) -> Path:
    """A site with PQN-A's grid and settings, and no testimony yet."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "grid", folder / "grid")
    (folder / "cases" / "evenements").mkdir(parents=True)
    for name in ("site.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    return folder


def real_quotes() -> list[tuple[str, str, str]]:
    """(case id, text, speaker's name or "" when the source names several) of our 13 quotes, in the report's order."""
    order = ["cap-solidaire", "cae-grand-poitiers", "liess", "stephane-bossuet"]
    found = []
    for case_id in order:
        data = yaml.safe_load((ROOT / "cases" / f"{case_id}.yml").read_text("utf-8"))
        names = {p["id"]: p["name"] for p in data["people"]}
        for quote in data["quotes"]:
            speaker = quote["speaker"]
            found.append((case_id, quote["text"], "" if isinstance(speaker, list) else names[speaker]))
    return found


def imported(root: Path) -> list[tuple[str, str, str]]:
    found = []
    for case_id in ["cap-solidaire", "cae-grand-poitiers", "liess", "stephane-bossuet"]:
        data = yaml.safe_load((root / "cases" / f"{case_id}.yml").read_text("utf-8"))
        names = {p["id"]: p["name"] for p in data["people"]}
        for quote in data["quotes"]:
            assert quote["indicators"] == []  # never chosen by the import
            found.append((case_id, quote["text"], names.get(quote["speaker"], "")))
    return found


def test_the_seed_in_the_tests_is_the_round_table_report_unchanged():
    original = ROOT.parent / "shared" / "seeds" / SEED.name
    if original.is_file():  # beside the repository (the project's workspace); a clone elsewhere has only the copy
        assert SEED.read_bytes() == original.read_bytes()
    text = SEED.read_text("utf-8")
    assert text.count("«") + text.count("“") >= 13


@pytest.mark.parametrize("suffix", [".txt", ".odt", ".docx"])
def test_the_seed_gives_back_our_13_quotes_exactly_with_their_speakers(tmp_path, converted, suffix):
    report = SEED if suffix == ".txt" else converted / SEED.with_suffix(suffix).name
    root = empty_site(tmp_path / "site")
    plan = prepare(report, root)
    write(plan, root)
    assert imported(root) == real_quotes()  # 13 / 13, character for character; LIESS's left for review
    assert len(real_quotes()) == 13
    liess = yaml.safe_load((root / "cases" / "liess.yml").read_text("utf-8"))
    assert [q["speaker"] for q in liess["quotes"]] == ["", "", ""]
    assert [p["name"] for p in liess["people"]] == ["Marion Bergognon", "Matthieu Tanty"]
    cases = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (root / "cases").glob("*.yml")}
    assert {k: (v["kind"], v["territory"], v["draft"]) for k, v in cases.items()} == {
        "cap-solidaire": ("organisation", "Gironde", True),
        "cae-grand-poitiers": ("organisation", "Grand Poitiers", True),
        "liess": ("organisation", "", True),
        "stephane-bossuet": ("grand-temoin", "", True)}
    assert cases["cap-solidaire"]["departements"] == ["33"]
    event = yaml.safe_load((root / "cases" / "evenements" / "table-ronde-2021-10-20.yml").read_text("utf-8"))
    assert (event["date"], event["title"], event["draft"], len(event["aims"])) == ("2021-10-20", "", True, 3)
    assert event["contact"]["email"] == "christophe.rochard@pqn-a.fr"
    text, counts = summary(plan)
    assert (counts.testimonies, counts.quotes) == (4, 13)
    assert "date" not in " ".join(plan.event.review) and "titre de la table ronde non trouvé" in plan.event.review


def test_the_import_writes_suggestions_as_comments_and_the_drafts_validate(tmp_path):
    root = empty_site(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "coopsite", "import", str(SEED), "--root", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "4 témoignages et 13 citations créés" in done.stdout
    assert "personne à préciser" in done.stdout and "indicateurs suggérés : " in done.stdout
    text = (root / "cases" / "stephane-bossuet.yml").read_text("utf-8")
    assert text.count("# Indicateurs suggérés, à confirmer") == 4
    assert "#   A3.4 Temps, expérimentation et créativité — mots : créativité" in text
    checked = subprocess.run([sys.executable, "-m", "coopsite", "validate", "--root", str(root)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "5 brouillons à relire" in checked.stdout
    assert "quotes[0].speaker — citation 1 (liess-cooperation-logique-six-acteurs) : Qui parle, à compléter" \
        in checked.stdout


def test_a_second_import_of_the_same_report_writes_nothing(tmp_path):
    root = empty_site(tmp_path / "site")
    write(prepare(SEED, root), root)
    before = tree_digest(root)
    done = subprocess.run([sys.executable, "-m", "coopsite", "import", str(SEED), "--root", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "déjà été importé" in done.stderr and "cases/liess.yml" in done.stderr
    assert tree_digest(root) == before


def test_the_seed_into_our_own_site_is_already_there(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "grid", root / "grid")
    before = tree_digest(root)
    plan = prepare(SEED, root)
    assert plan.existing[0] == "cases/evenements/table-ronde-2021-10-20.yml"
    assert tree_digest(root) == before


def test_dry_run_prints_the_same_and_writes_nothing(tmp_path):
    root = empty_site(tmp_path / "site")
    before = tree_digest(root)
    done = subprocess.run([sys.executable, "-m", "coopsite", "import", str(SEED), "--dry-run", "--root", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert "seraient créés" in done.stdout and "Essai (--dry-run) : rien n’a été écrit." in done.stdout
    assert tree_digest(root) == before


@pytest.mark.parametrize("name, content, code, words", [
    ("rapport.pdf", b"%PDF-1.4", 2, "l'import ne lit pas les PDF"),
    ("vide.txt", b"", 2, "est vide"),
    ("casse.docx", b"PK\x03\x04abime", 2, "illisible"),
    ("sans-citation.txt", "Une réunion sans citation.\nRien d’autre.".encode(), 2, "aucune citation d’un témoin"),
])
def test_a_broken_file_gets_its_french_sentence_and_code_2(tmp_path, name, content, code, words):
    root = empty_site(tmp_path / "site")
    report = tmp_path / name
    report.write_bytes(content)
    before = tree_digest(root)
    done = subprocess.run([sys.executable, "-m", "coopsite", "import", str(report), "--root", str(root)],
                          capture_output=True, text=True)
    assert done.returncode == code
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert tree_digest(root) == before


NIORT_QUOTES = [
    ("ressourcerie-du-marais", "Au début, on pensait que chacun devait garder ses clients.", "Hélène Guérin"),
    ("ressourcerie-du-marais", "Puis on a compris qu’en mutualisant la collecte, on gagnait tous du temps. "
                               "Aujourd’hui, trois structures partagent le camion.", "Hélène Guérin"),
    ("pole-coop-action", "On ne travaille plus seuls", "Paul Martin"),
    ("pole-coop-action", "La confiance a pris deux ans.", "Jeanne Dupont"),
    ("pole-coop-action", "Nos adhérents viennent chercher un collectif, pas un service.", "Jeanne Dupont"),
    ("pole-coop-action", "Le mot \"coopération\" fait peur aux élus", "Paul Martin"),
    ("anne-leroy", "Il faut du temps pour se faire confiance.", "Anne Leroy"),
    ("anne-leroy", "Une coopération, ça se cultive.", "Anne Leroy"),
]


@pytest.mark.parametrize("suffix", [".md", ".odt", ".docx"])
def test_another_layout_in_markdown_and_in_libreoffice_files(tmp_path, converted, suffix):
    report = NIORT if suffix == ".md" else converted / NIORT.with_suffix(suffix).name
    root = empty_site(tmp_path / "site")
    plan = prepare(report, root)
    write(plan, root)
    found = []
    for draft in plan.cases:
        data = yaml.safe_load((root / draft.path).read_text("utf-8"))
        names = {p["id"]: p["name"] for p in data["people"]}
        found += [(data["id"], q["text"], names.get(q["speaker"], "")) for q in data["quotes"]]
    assert found == NIORT_QUOTES
    event = yaml.safe_load((root / plan.event.path).read_text("utf-8"))
    assert (event["id"], event["title"], event["date"], event["place"]) == (
        "table-ronde-2024-03-12", "Coopérer pour l’emploi en Deux-Sèvres", "2024-03-12", "Niort")
    assert event["aims"] == ["Partager des pratiques de coopération", "Donner envie d’agir ensemble"]
    ressourcerie = yaml.safe_load((root / "cases" / "ressourcerie-du-marais.yml").read_text("utf-8"))
    assert (ressourcerie["title"], ressourcerie["territory"], ressourcerie["departements"]) == (
        "La Ressourcerie du Marais", "Deux-Sèvres", ["79"])
    leroy = yaml.safe_load((root / "cases" / "anne-leroy.yml").read_text("utf-8"))
    assert leroy["kind"] == "grand-temoin"
    # « Territoires zéro chômeur de longue durée » stays a title in the round table's prose.
    assert "Territoires zéro chômeur" in event["framing"] + event["summary"]
    assert not any("Territoires zéro chômeur" in q for _, q, _ in found)


def test_a_docx_as_word_writes_it_in_french(tmp_path):
    report = word_docx(tmp_path / "compte-rendu.docx", [
        ("Titre", "Rencontre du 5 février 2025"),
        ("", "Une rencontre du réseau, à Poitiers."),
        ("Titre1", "La Régie du Val (Vienne) : Camille DURAND, coordinatrice"),
        ("", "La régie accompagne des habitants vers l’emploi."),
        ("Citation", "Sans les autres structures, on n’aurait rien pu faire."),
        ("", "« On a appris à se faire confiance » ; « le reste a suivi »."),
        ("Titre1", "Grand témoin : Dominique MOREAU"),
        ("Paragraphedeliste", "« La coopération demande du temps. »"),
    ])
    root = empty_site(tmp_path / "site")
    plan = prepare(report, root)
    assert plan.event.data["title"] == "Rencontre du 5 février 2025" and plan.event.data["date"] == "2025-02-05"
    found = [(d.id, q.quote.verbatim.text, q.quote.speaker.shown) for d in plan.cases for q in d.quotes]
    assert found == [
        ("regie-du-val", "Sans les autres structures, on n’aurait rien pu faire.", "Camille Durand"),
        ("regie-du-val", "On a appris à se faire confiance", "Camille Durand"),
        ("regie-du-val", "le reste a suivi", "Camille Durand"),
        ("dominique-moreau", "La coopération demande du temps.", "Dominique Moreau"),
    ]
    assert [d.data["kind"] for d in plan.cases] == ["organisation", "grand-temoin"]


def test_an_id_taken_by_another_round_table_gets_a_number_and_nothing_is_overwritten(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "grid", root / "grid")
    report = tmp_path / "autre.md"
    report.write_text("# Une autre rencontre, le 3 avril 2024\n\n## Cap Solidaire (Gironde) : Clément BOSREDON, "
                      "directeur\n\n« Une autre citation de lui. »\n", "utf-8")
    before = tree_digest(root)
    plan = prepare(report, root)
    assert [(d.id, d.renamed_from) for d in plan.cases] == [("cap-solidaire-2", "cap-solidaire")]
    written = write(plan, root)
    assert sorted(p.relative_to(root).as_posix() for p in written) == [
        "cases/cap-solidaire-2.yml", "cases/evenements/table-ronde-2024-04-03.yml"]
    after = tree_digest(root)
    assert {k: v for k, v in after.items() if k in before} == before


def test_a_file_that_appears_while_writing_stops_everything(tmp_path):
    root = empty_site(tmp_path / "site")
    plan = prepare(SEED, root)
    (root / "cases" / "liess.yml").write_text("# écrit entre-temps\n", "utf-8")
    with pytest.raises(ImportRefused, match="cases/liess.yml existe déjà"):
        write(plan, root)
    assert sorted(p.name for p in (root / "cases").rglob("*.yml")) == ["liess.yml"]
    assert (root / "cases" / "liess.yml").read_text("utf-8") == "# écrit entre-temps\n"


def test_a_report_that_is_not_one(tmp_path):
    root = empty_site(tmp_path / "site")
    with pytest.raises(ReportError, match="introuvable"):
        prepare(tmp_path / "absent.md", root)


PLAIN = """Compte rendu de la rencontre des jardins partagés
Rencontre organisée par l’Union des jardins le 5 avril 2025 à Melle.
L’Épicerie des Quatre Vents (EPQV)
Ninon CASTAGNÈDE, animatrice et Firmin ROUSSELOT, trésorier
« Nous avons choisi de ne pas avoir de salarié. » (Ninon CASTAGNÈDE)
« La caisse est tenue à tour de rôle. » (Firmin ROUSSELOT)
« On ne sait plus qui a eu l’idée, et c’est tant mieux. »
Léontine BARRAUD, grand témoin
« Un jardin, c’est d’abord des voisins. »
Contactez Lucienne PARMENTIER, chargée de mission
Tél : 05 00 00 00 00
Mail : contact@exemple.org
"""


def test_a_plain_text_with_an_organisation_its_people_and_names_after_the_quotes(tmp_path):
    """No heading: a quote's line never names a witness, a name next to one quote never speaks for another."""
    report = tmp_path / "jardins.txt"
    report.write_text(PLAIN, "utf-8")
    plan = prepare(report, empty_site(tmp_path / "site"))
    found = [(d.id, q.quote.verbatim.text, q.quote.speaker.shown if q.quote.speaker else "") for d in plan.cases
             for q in d.quotes]
    assert found == [
        ("epqv", "Nous avons choisi de ne pas avoir de salarié.", "Ninon Castagnède"),
        ("epqv", "La caisse est tenue à tour de rôle.", "Firmin Rousselot"),
        ("epqv", "On ne sait plus qui a eu l’idée, et c’est tant mieux.", ""),
        ("leontine-barraud", "Un jardin, c’est d’abord des voisins.", "Léontine Barraud"),
    ]
    event = plan.event.data
    assert (event["title"], event["organiser"], event["date"], event["place"]) == (
        "Compte rendu de la rencontre des jardins partagés", "Union des jardins", "2025-04-05", "Melle")
    assert event["contact"] == {"name": "Lucienne Parmentier", "role": "chargée de mission",
                                "phone": "05 00 00 00 00", "email": "contact@exemple.org"}
    assert not any("Contactez" in line for line in plan.review)  # a contact is not a link without address
