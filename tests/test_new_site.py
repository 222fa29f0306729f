"""``new-site``: a new network's site from the Copier template, its checks, and its upgrade by ``copier update``.

The template is always taken from a throwaway git repository holding this
checkout's template (tests never depend on the state of this checkout's git).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coopsite.newsite import main, new_site, update_site
from coopsite.newsite.answers import ACCENT_COLOURS, PRIMARY_COLOURS, PTCE_GRID
from coopsite.site import generate
from coopsite.structure.loader import load_corpus

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "coopsite" / "newsite" / "template"
GIT_ID = ["-c", "user.name=Test", "-c", "user.email=test@localhost"]

ANSWERS = {
    "network": "Réseau Bocage",
    "title": "Coopérer en bocage",
    "publisher": "Association du Bocage",
    "region": "Normandie",
    "primary": "indigo",
    "accent": "light green",
    "grid": "ptce",
}

SCAFFOLD = ("mkdocs.yml", "site.yml", "README.md", "tasks.py", "constraints.txt", "requirements.txt", ".gitignore",
            ".gitlab-ci.yml", ".github/workflows/publier.yml", ".forgejo/workflows/publier.yml", ".ci/run",
            "hooks/coop.py", "overrides/LISEZMOI.md", ".copier-answers.yml")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_template_repo(where: Path, tag: str = "v1.0.0") -> Path:
    """A git repository laid out like the generator's: copier.yml at the root, the template in the package."""
    repo = where / "generateur"
    shutil.copytree(TEMPLATE, repo / "coopsite" / "newsite" / "template")
    shutil.copyfile(ROOT / "copier.yml", repo / "copier.yml")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "modèle")
    git(repo, "tag", tag)
    return repo


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory) -> Path:
    return make_template_repo(tmp_path_factory.mktemp("modele"))


@pytest.fixture(scope="module")
def ptce_site(tmp_path_factory, template_repo) -> Path:
    return new_site(tmp_path_factory.mktemp("sites") / "bocage", dict(ANSWERS), source=template_repo)


def other_grid() -> dict:
    """A grid of another shape: 2 general objectives, 3 main objectives, 5 indicators, other ids."""
    def ind(i: str) -> dict:
        return {"id": i, "title": f"Indicateur {i}", "description": f"Ce qu'observe {i}.", "question": f"Question {i} ?"}

    def main_(i: str, inds: list[str]) -> dict:
        return {"id": i, "title": f"Objectif {i}", "description": "Présentation.", "indicators": [ind(x) for x in inds]}

    return {
        "id": "grille-bocage", "version": "1", "title": "Grille du bocage", "description": "Une autre grille.",
        "provenance": {"title": "Document de travail", "authors": ["Le réseau"], "status": "Version de travail"},
        "scale": {"unknown_label": "Je ne sais pas", "levels": [{"value": 0, "label": "Non"}, {"value": 1, "label": "Oui"}]},
        "bands": [{"min": 0, "max": 100, "label": "Tout", "interpretation": "Une lecture."}],
        "general_objectives": [
            {"id": "X", "title": "Premier", "description": "Un.",
             "main_objectives": [main_("X-a", ["X-a.1", "X-a.2"]), main_("X-b", ["X-b.1"])]},
            {"id": "Y", "title": "Second", "description": "Deux.", "main_objectives": [main_("Y-a", ["Y-a.1", "Y-a.2"])]},
        ],
    }


def test_answers_file_makes_the_site(ptce_site):
    for name in SCAFFOLD:
        assert (ptce_site / name).is_file(), name
    assert os.access(ptce_site / ".ci" / "run", os.X_OK) and os.access(ptce_site / "tasks.py", os.X_OK)
    # The shipped grid, but for its first line (the schema's place in a site: see below).
    assert (ptce_site / "grid" / "ptce-2012.yml").read_text("utf-8").split("\n", 1)[1] == \
        PTCE_GRID.read_text("utf-8").split("\n", 1)[1]

    site = yaml.safe_load((ptce_site / "site.yml").read_text("utf-8"))
    assert site["network"] == "Réseau Bocage" and site["region"] == "Normandie"
    assert site["publisher"]["name"] == "Association du Bocage"
    legal = [site["publisher"][k] for k in ("address", "phone", "email")] + [site["director"]]
    legal += list(site["host"].values()) + list(site["licence"].values())
    legal += [site["accessibility"][k] for k in ("rate", "audit_date", "auditor", "declaration_date")]
    assert legal and all(value == "" for value in legal)
    assert site["embedding"]["allowed_sites"] == []

    text = (ptce_site / "mkdocs.yml").read_text("utf-8")
    assert "!ENV" in text  # kept as MkDocs reads it
    conf = yaml.load(text.replace("!ENV", ""), Loader=yaml.SafeLoader)
    assert conf["site_name"] == "Coopérer en bocage"
    assert "Réseau Bocage" in conf["site_description"] and "Normandie" in conf["site_description"]
    assert [(p["primary"], p["accent"]) for p in conf["theme"]["palette"]] == [("indigo", "light green")] * 2
    assert conf["theme"]["font"] is False and conf["theme"]["custom_dir"] == "overrides"
    assert "logo" not in conf["theme"] and "extra_css" not in conf
    assert conf["watch"] == ["cases", "grid"] and conf["hooks"] == ["hooks/coop.py"]
    assert "performances.md" not in text and "index.md" in text

    hook = (ptce_site / "hooks" / "coop.py").read_text("utf-8")
    assert "from coopsite.adapter.hooks import *  # noqa: F401,F403" in hook
    readme = (ptce_site / "README.md").read_text("utf-8")
    assert readme.index("python3 tasks.py serve") < readme.index("python3 tasks.py test") < 600
    assert "PQN-A" not in readme + text and "Nouvelle-Aquitaine" not in readme + text

    case = yaml.safe_load((ptce_site / "cases" / "exemple.yml").read_text("utf-8"))
    assert case["quotes"][0]["indicators"] == ["A1.1"]  # the first indicator of the PTCE grid
    assert "Exemple" in case["title"] and "EXEMPLE" in (ptce_site / "cases" / "exemple.yml").read_text("utf-8")
    assert case["facts"] == [] and case["links"] == []
    event = yaml.safe_load((ptce_site / "cases" / "evenements" / "exemple-table-ronde.yml").read_text("utf-8"))
    assert event["organiser"] == "Réseau Bocage" and event["report_url"] == "" and "contact" not in event

    recorded = yaml.safe_load((ptce_site / ".copier-answers.yml").read_text("utf-8"))
    assert recorded["_commit"] == "v1.0.0" and recorded["primary"] == "indigo"

    assert len(git(ptce_site, "log", "--format=%H").split()) == 1
    assert git(ptce_site, "status", "--porcelain") == ""


def test_each_source_names_the_schema_where_the_site_has_it(ptce_site):
    """VS Code reads a YAML file's first line for its schema. A site has no coopsite/ folder:
    tasks.py copies the installed generator's schemas into .venv/coopsite-schemas/."""
    for rel, kind in (("grid/ptce-2012.yml", "grid"), ("cases/exemple.yml", "case"),
                      ("cases/evenements/exemple-table-ronde.yml", "event")):
        first = (ptce_site / rel).read_text("utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first, rel
        assert os.path.normpath((ptce_site / rel).parent / target) == \
            os.path.normpath(ptce_site / ".venv" / "coopsite-schemas" / f"{kind}.schema.json"), rel


def test_new_site_validates_with_the_core(ptce_site):
    corpus = load_corpus(ptce_site)
    assert [case.id for case in corpus.cases] == ["exemple"]
    assert [ind.id for ind in corpus.cases[0].quotes[0].indicators] == ["A1.1"]


def test_a_grid_of_another_shape_and_a_logo(tmp_path, template_repo):
    (tmp_path / "grille.yml").write_text(yaml.safe_dump(other_grid(), allow_unicode=True), "utf-8")
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', "utf-8")
    answers = {**ANSWERS, "grid": "grille.yml", "logo": "logo.svg", "region": "", "primary": "Deep-Purple",
               "accent": "amber"}
    site = new_site(tmp_path / "site", answers, source=template_repo, base=tmp_path)

    assert (site / "grid" / "grille.yml").is_file() and (site / "docs/assets/images/logo.svg").is_file()
    corpus = load_corpus(site)
    assert (len(corpus.grid.general_objectives), len(corpus.grid.main_objectives), len(corpus.grid.indicators)) == (2, 3, 5)
    case = yaml.safe_load((site / "cases" / "exemple.yml").read_text("utf-8"))
    assert case["quotes"][0]["indicators"] == ["X-a.1"]
    conf = yaml.safe_load((site / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    assert conf["theme"]["logo"] == "assets/images/logo.svg"
    assert conf["theme"]["palette"][0]["primary"] == "deep purple" and conf["theme"]["palette"][1]["accent"] == "amber"
    assert "()" not in conf["site_description"]  # no region, no empty brackets
    assert yaml.safe_load((site / "site.yml").read_text("utf-8"))["region"] == ""
    # Every generated page is made from this grid's shape (2 generals, 2 levels of answer…).
    pages = {f.src_uri: f.content for f in generate(corpus) if f.is_page}
    assert "X-a.1" in pages["grille/index.md"] and "autodiagnostic/fonctionnement/index.md" in pages


def _bad_grid(tmp: Path) -> str:
    grid = other_grid()
    del grid["general_objectives"][0]["main_objectives"][0]["indicators"][0]["question"]
    (tmp / "mauvaise.yml").write_text(yaml.safe_dump(grid, allow_unicode=True), "utf-8")
    return "mauvaise.yml"


@pytest.mark.parametrize("key, value, words", [
    ("primary", "violet", "couleur inconnue « violet »"),
    ("accent", "brown", "couleur inconnue « brown »"),
    ("network", "", "la réponse est vide"),
    ("title", "  ", "la réponse est vide"),
    ("publisher", 42, "un texte est attendu"),
    ("grid", "absente.yml", "fichier introuvable « absente.yml »"),
    ("grid", "BAD", "n'est pas valable"),
    ("logo", "absent.png", "fichier introuvable"),
    ("logo", "answers.yml", "format non accepté"),
    ("couleur", "teal", "clé inconnue"),
    ("index", "pypi.org/simple", "adresse non reconnue « pypi.org/simple »"),
    ("index", 12, "adresse non reconnue"),
    ("title", None, "réponse manquante"),
])
def test_bad_answers_are_refused_in_french(tmp_path, capsys, key, value, words):
    answers = dict(ANSWERS)
    if value == "BAD":
        value = _bad_grid(tmp_path)
    if value is None:
        del answers[key]
    else:
        answers[key] = value
    (tmp_path / "answers.yml").write_text(yaml.safe_dump(answers, allow_unicode=True), "utf-8")
    dest = tmp_path / "nouveau"
    assert main([str(dest), "--answers", str(tmp_path / "answers.yml")]) == 2
    err = capsys.readouterr().err
    assert f"{key} : " in err and words in err and "Traceback" not in err
    assert "rien n'a été créé" in err
    assert not dest.exists()
    if key == "primary":
        assert all(name in err for name in PRIMARY_COLOURS)
    if key == "accent":
        assert "brown" not in ACCENT_COLOURS and "deep orange" in err


def test_every_bad_answer_is_listed_at_once(tmp_path, capsys):
    (tmp_path / "answers.yml").write_text(yaml.safe_dump({**ANSWERS, "primary": "violet", "accent": "noir"},
                                                         allow_unicode=True), "utf-8")
    assert main([str(tmp_path / "x"), "--answers", str(tmp_path / "answers.yml")]) == 2
    err = capsys.readouterr().err
    assert "primary : " in err and "accent : " in err


def test_an_unreadable_answers_file(tmp_path, capsys):
    (tmp_path / "answers.yml").write_text("network: [", "utf-8")
    assert main([str(tmp_path / "x"), "--answers", str(tmp_path / "answers.yml")]) == 2
    assert "--answers : " in capsys.readouterr().err and not (tmp_path / "x").exists()


def test_refuses_an_existing_folder_that_is_not_empty(tmp_path, capsys, template_repo):
    dest = tmp_path / "occupe"
    dest.mkdir()
    (dest / "notes.txt").write_text("à garder", "utf-8")
    (tmp_path / "answers.yml").write_text(yaml.safe_dump(ANSWERS, allow_unicode=True), "utf-8")
    assert main([str(dest), "--answers", str(tmp_path / "answers.yml")]) == 2
    assert "n'est pas vide" in capsys.readouterr().err
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    # An empty folder is fine.
    empty = tmp_path / "vide"
    empty.mkdir()
    assert (new_site(empty, dict(ANSWERS), source=template_repo) / "mkdocs.yml").is_file()


def test_questions_asked_on_stdin(tmp_path, monkeypatch, capsys, template_repo):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COOPSITE_SOURCE", str(template_repo))
    typed = iter(["Réseau Haie", "Le site des haies", "", "", "violet", "red", "pink", "", "", "adresse", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(typed))
    assert main(["haies"]) == 0
    err = capsys.readouterr().err
    assert "primary : couleur inconnue « violet »" in err and "index : adresse non reconnue" in err  # asked again
    assert "--extra-index-url https://pypi.org/simple/\n" in (tmp_path / "haies" / "requirements.txt").read_text("utf-8")
    site = yaml.safe_load((tmp_path / "haies" / "site.yml").read_text("utf-8"))
    assert site["publisher"]["name"] == "Réseau Haie"  # the default: the network's name
    conf = yaml.safe_load((tmp_path / "haies" / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    assert (conf["theme"]["palette"][0]["primary"], conf["theme"]["palette"][0]["accent"]) == ("red", "pink")


def test_upgrade_keeps_the_site_edit_and_brings_the_template_change(tmp_path):
    repo = make_template_repo(tmp_path, "v1.0.0")
    site = new_site(tmp_path / "site", dict(ANSWERS), source=repo)
    # The site's maintainers edit a scaffold file, at its end.
    with (site / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\n## Notre équipe\n\nUne ligne ajoutée par le site.\n")
    git(site, "commit", "--quiet", "-am", "README : notre équipe")
    # Version 1.1.0 of the generator changes the same file elsewhere: its first lines.
    template_readme = repo / "coopsite/newsite/template/project/README.md.jinja"
    lines = template_readme.read_text("utf-8").splitlines(keepends=True)
    template_readme.write_text(lines[0] + "\n> Ligne ajoutée par la version 1.1.0 du modèle.\n" + "".join(lines[1:]),
                               "utf-8")
    git(repo, "commit", "--quiet", "-am", "README : une ligne")
    git(repo, "tag", "v1.1.0")

    update_site(site)

    text = (site / "README.md").read_text("utf-8")
    assert "Ligne ajoutée par la version 1.1.0 du modèle." in text
    assert text.rstrip().endswith("Une ligne ajoutée par le site.")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert not list(site.rglob("*.rej"))
    assert yaml.safe_load((site / ".copier-answers.yml").read_text("utf-8"))["_commit"] == "v1.1.0"
    # The site's own data are untouched by the upgrade.
    changed = set(git(site, "status", "--porcelain").split()) - {"M"}
    assert changed == {"README.md", ".copier-answers.yml"}


def test_from_the_package_without_git(tmp_path, capsys):
    """Installed from a wheel: the template comes from the package, and the site is told how to upgrade."""
    site = new_site(tmp_path / "site", dict(ANSWERS), source=TEMPLATE)
    assert load_corpus(site).cases and (site / ".ci" / "run").is_file()
    assert "_commit" not in yaml.safe_load((site / ".copier-answers.yml").read_text("utf-8"))
    assert "_src_path et _commit" in capsys.readouterr().err


PQNA_ANSWERS = {"network": "PQN-A", "title": "Coopérer sur les territoires", "publisher": "PQN-A",
                "region": "Nouvelle-Aquitaine", "primary": "teal", "accent": "deep orange", "grid": "ptce"}
# The files a new site gets as they are, the same in every site and in the generator's home.
SAME_EVERYWHERE = ("tasks.py", "constraints.txt", "requirements.txt", ".gitignore", ".gitlab-ci.yml", ".github/workflows/publier.yml",
                   ".forgejo/workflows/publier.yml", ".ci/run", "hooks/coop.py", "overrides/LISEZMOI.md")


def test_the_generator_home_is_what_new_site_makes_from_pqna_answers(template_repo, tmp_path):
    """This repository's root is PQN-A's site: new-site, given PQN-A's answers, makes the same scaffold.

    What PQN-A has more is its own: its grid, its testimonies, its filled site.yml, the generator's
    code and tests, and one page of its own in the nav (Performances)."""
    import tomllib

    made = new_site(tmp_path / "pqna", dict(PQNA_ANSWERS), source=template_repo)
    for name in SAME_EVERYWHERE:
        assert (made / name).read_bytes() == (ROOT / name).read_bytes(), f"{name} : le modèle et la racine divergent"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert f"coopsite=={version}" in (ROOT / "constraints.txt").read_text("utf-8").splitlines()
    ours = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Tolerant)
    theirs = yaml.load((made / "mkdocs.yml").read_text("utf-8"), Loader=_Tolerant)
    for key in ("site_name", "theme", "extra", "plugins", "hooks", "watch", "markdown_extensions", "validation",
                "docs_dir", "strict"):
        assert theirs.get(key) == ours.get(key), f"mkdocs.yml : {key}"
    assert ours["nav"][:-1] == theirs["nav"][:-1]
    assert ours["nav"][-1]["Contribuer"] == theirs["nav"][-1]["Contribuer"] + [{"Performances": "performances.md"}]
    site = yaml.safe_load((ROOT / "site.yml").read_text("utf-8"))
    new = yaml.safe_load((made / "site.yml").read_text("utf-8"))
    assert {k: site[k] for k in ("network", "region")} == {k: new[k] for k in ("network", "region")}
    assert set(new) <= set(site)
    # The shipped PTCE grid is PQN-A's, byte for byte.
    assert PTCE_GRID.read_bytes() == (ROOT / "grid" / "ptce-2012.yml").read_bytes()


class _Tolerant(yaml.SafeLoader):
    """mkdocs.yml's tags (``!ENV``) read as their argument."""


_Tolerant.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_sequence(node)
                                if isinstance(node, yaml.SequenceNode) else None)


@pytest.mark.skipif(not (ROOT / "coopsite" / "adapter" / "hooks.py").exists(),
                    reason="the MkDocs adapter is not in the package yet (coopsite/adapter/hooks.py)")
def test_new_site_builds_with_mkdocs(ptce_site, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "out")], cwd=ptce_site,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "out" / "index.html").is_file()
    assert (tmp_path / "out" / "temoignages" / "exemple" / "index.html").is_file()
    # Indigo gets its readable shades (coopsite/palette.py), linked from every page.
    assert (tmp_path / "out" / "assets" / "stylesheets" / "palette.css").is_file()
    assert 'href="assets/stylesheets/palette.css"' in (tmp_path / "out" / "index.html").read_text("utf-8")


def test_a_grid_written_in_flow_style_reads_as_the_core_reads_it(tmp_path):
    """« {question: Vous réunissez-vous ?} »: libyaml (the core's reader) takes it, PyYAML's own parser
    does not; the new site's example reads the grid as the core does, never an unexpected error."""
    from coopsite.newsite.answers import first_indicator, grid_problems, grid_title

    grid = tmp_path / "grille.yml"
    grid.write_text((PTCE_GRID.read_text("utf-8").split("general_objectives:")[0]
                     + "general_objectives:\n  - id: X\n    title: Être ensemble\n    description: Le collectif.\n"
                       "    main_objectives:\n      - id: X-1\n        title: Se réunir\n        description: Les réunions.\n"
                       "        indicators:\n          - {id: X-1-a, title: Fréquence, description: Combien., "
                       "question: Vous réunissez-vous ?}\n"), "utf-8")
    assert grid_problems(grid, "grille.yml") == []
    assert first_indicator(grid) == ("X-1-a", "Fréquence")
    assert grid_title(grid) == yaml.safe_load(PTCE_GRID.read_text("utf-8"))["title"]


def test_a_site_without_an_index_is_told_where_to_give_the_generator(tmp_path, template_repo, capsys, monkeypatch):
    """« - »: no package index; the site's tasks.py will ask for COOPSITE_SOURCE, and new-site says so."""
    (tmp_path / "answers.yml").write_text(yaml.safe_dump({**ANSWERS, "index": "-"}, allow_unicode=True), "utf-8")
    monkeypatch.setenv("COOPSITE_SOURCE", str(template_repo))
    assert main([str(tmp_path / "site"), "--answers", str(tmp_path / "answers.yml")]) == 0
    lines = [line for line in (tmp_path / "site" / "requirements.txt").read_text("utf-8").splitlines()
             if not line.startswith("#")]
    assert lines == ["coopsite[site,check]"]
    assert "ne dit pas où trouver le générateur" in capsys.readouterr().err
    forge = "https://forge.example.org/api/packages/reseau/pypi/simple/"
    site = new_site(tmp_path / "forge", {**ANSWERS, "index": forge}, source=template_repo)
    assert f"--extra-index-url {forge}\n" in (site / "requirements.txt").read_text("utf-8")
    assert yaml.safe_load((site / ".copier-answers.yml").read_text("utf-8"))["index"] == forge


def test_uncommitted_changes_of_the_generator_never_reach_the_site(tmp_path, capsys):
    """An answers file left in the generator's folder (as the guide's example suggests) made Copier take
    the uncommitted state and record a commit that exists nowhere: every later update failed."""
    repo = make_template_repo(tmp_path, "v1.0.0")
    (repo / "reponses.yml").write_text(yaml.safe_dump(ANSWERS, allow_unicode=True), "utf-8")
    template_readme = repo / "coopsite/newsite/template/project/README.md.jinja"
    template_readme.write_text(template_readme.read_text("utf-8") + "\nLigne non enregistrée.\n", "utf-8")
    site = new_site(tmp_path / "site", dict(ANSWERS), source=repo)
    assert "modifications non enregistrées" in capsys.readouterr().err
    assert "Ligne non enregistrée." not in (site / "README.md").read_text("utf-8")
    recorded = yaml.safe_load((site / ".copier-answers.yml").read_text("utf-8"))
    assert recorded["_commit"] == "v1.0.0" and recorded["_src_path"] == str(repo)
    git(repo, "checkout", "--quiet", "--", ".")
    (repo / "reponses.yml").unlink()
    template_readme.write_text(template_readme.read_text("utf-8") + "\nLigne de la version 1.1.0.\n", "utf-8")
    git(repo, "commit", "--quiet", "-am", "1.1.0")
    git(repo, "tag", "v1.1.0")
    update_site(site)  # the next version comes, from the recorded commit
    assert "Ligne de la version 1.1.0." in (site / "README.md").read_text("utf-8")
