"""The report import in the local editor (python3 tasks.py edit), as a person who never opens a
terminal uses it: give the report, see what would be made, make the drafts, find them marked in
the lists, code a quote from its suggestions, finish the drafts, and publish."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from coopsite.editor import vendor
from tests.conftest import ROOT, LocalEditor, copy_project, mkdocs_build, watched_page
from tests.helpers import tree_digest

pytestmark = pytest.mark.browser

SEED = ROOT / "tests" / "data" / "reports" / "round-table-2021-10-20.txt"
LEGAL = {"publisher": {"name": "Réseau d’essai", "address": "1 rue de l’Essai, 86000 Poitiers", "phone": "05 00 00 00 00",
                       "email": "contact@exemple.org"}, "director": "Prénom Nom",
         "host": {"name": "Hébergeur d’essai", "address": "2 rue de l’Essai, 86000 Poitiers", "phone": "05 00 00 00 01"},
         "licence": {"name": "CC BY 4.0", "url": ""},
         "accessibility": {"status": "non conforme", "rate": "", "audit_date": "", "auditor": "",
                           "declaration_date": "2026-12-07"}}


def login(pg):
    button = pg.get_by_role("button", name="Se connecter")
    pg.get_by_text("Collections").first.or_(button).first.wait_for()
    if button.is_visible():
        button.click()
    pg.get_by_text("Collections").first.wait_for()


def publish(pg):
    pg.get_by_role("button", name="Publier").click()
    pg.get_by_text("Publier maintenant").click()
    pg.get_by_text("Entrée enregistrée").first.wait_for()


def ours(pg, selector):
    """axe's violations in our own parts of the editor page (``selector``): [(rule, target)]."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(pg).response["violations"]
    inside = "([target, selector]) => !!document.querySelector(target)?.closest(selector)"
    return [(v["id"], n["target"]) for v in found for n in v["nodes"]
            if n["target"] and isinstance(n["target"][0], str) and pg.evaluate(inside, [n["target"][0], selector])]


def open_quote(pg, quote_id):
    item = pg.locator("[class*='SortableListItem']", has=pg.get_by_text(quote_id, exact=True)).first
    item.locator("button").first.click()
    return item


def test_a_report_becomes_drafts_that_a_person_finishes_in_the_editor_and_publishes(browser, tmp_path):
    if vendor.missing(ROOT):
        pytest.fail("Les fichiers de l'éditeur manquent : lancez « python3 tasks.py test », qui les installe.")
    project = copy_project(tmp_path / "project")
    for path in (project / "cases").rglob("*.yml"):
        path.unlink()
    site_yml = yaml.safe_load((project / "site.yml").read_text("utf-8"))
    site_yml.update(LEGAL)
    (project / "site.yml").write_text(yaml.safe_dump(site_yml, allow_unicode=True, sort_keys=False), "utf-8")
    (project / ".cache").symlink_to(ROOT / ".cache")  # the editor's files, as `tasks.py edit` finds them

    editor = LocalEditor(project, project, tmp_path / "site")
    url, port = editor.url, editor.port
    context, pg = watched_page(browser, url)
    try:
        pg.set_viewport_size({"width": 1400, "height": 1000})
        pg.goto(url + "admin/")
        login(pg)
        # 1. The report, read: what would be made, and nothing written yet.
        before = tree_digest(project / "cases")
        pg.get_by_role("button", name="Importer un compte rendu").click()
        dialog = pg.get_by_role("dialog", name="Importer un compte rendu")
        dialog.get_by_label("Le compte rendu").set_input_files(str(SEED))
        dialog.get_by_role("button", name="Lire le compte rendu").click()
        dialog.get_by_text("Voici ce qui serait créé : 4 témoignages et 13 citations.").wait_for()
        assert "personne à préciser" in dialog.locator("pre").inner_text()
        assert tree_digest(project / "cases") == before
        assert ours(pg, ".coop-import") == []
        # 2. The drafts, made.
        dialog.get_by_role("button", name="Créer les brouillons").click()
        dialog.get_by_text("5 fichiers écrits, en brouillon").wait_for()
        bossuet = yaml.safe_load((project / "cases" / "stephane-bossuet.yml").read_text("utf-8"))
        assert bossuet["draft"] is True and len(bossuet["quotes"]) == 4
        editor.build()  # as the preview does after a save (coopsite serve)
        dialog.get_by_role("button", name="Voir les témoignages").click()
        login(pg)
        pg.get_by_text("Brouillon à relire · Stéphane Bossuet").wait_for()
        # 3. A draft finished. Unchecked too early, it is refused with what it still lacks.
        pg.goto(url + "admin/#/collections/temoignages/entries/stephane-bossuet")
        pg.locator("input[id^='territory-field']").wait_for()
        pg.get_by_label("Brouillon à relire").click()
        pg.get_by_role("button", name="Publier").click()
        pg.get_by_text("Publier maintenant").click()
        pg.get_by_text("quotes[0].indicators : Indicateurs illustrés à compléter").first.wait_for()
        assert yaml.safe_load((project / "cases" / "stephane-bossuet.yml").read_text("utf-8"))["draft"] is True
        # Each quote coded from its suggestions, its rationale written, the territory given.
        for index, quote in enumerate(bossuet["quotes"]):
            item = open_quote(pg, quote["id"])
            suggestion = item.get_by_role("button", name=re.compile(r"^Ajouter [A-C]\d\.\d — "))
            suggestion.first.wait_for()
            chosen = suggestion.first.inner_text().split()[1]
            suggestion.first.click()
            item.get_by_text(f"{chosen} déjà choisi").wait_for()
            if index == 0:  # and one more, found by its words
                search = item.get_by_label("Chercher dans la grille (numéro ou mots)")
                search.fill("confiance personnes")
                search.press("Enter")
                item.get_by_role("button", name="Retirer A1.2").wait_for()
            item.locator("textarea[id^='rationale-field']").fill("Une phrase écrite par la personne qui relit.")
            quote["chosen"] = chosen
        pg.locator("input[id^='territory-field']").fill("Grand Est")
        assert ours(pg, ".coop-picker") == []
        publish(pg)
        saved = yaml.safe_load((project / "cases" / "stephane-bossuet.yml").read_text("utf-8"))
        assert not saved.get("draft") and saved["territory"] == "Grand Est"
        assert [q["text"] for q in saved["quotes"]] == [q["text"] for q in bossuet["quotes"]]  # verbatims untouched
        assert [q["indicators"][0] for q in saved["quotes"]] == [q["chosen"] for q in bossuet["quotes"]]
        assert saved["quotes"][0]["indicators"][1:] == ["A1.2"]
        assert pg.outside_requests == [f"http://127.0.0.1:{port}/api/v1"] * len(pg.outside_requests)
    finally:
        context.close()
        editor.close()
    # 4. Publishing: refused while drafts remain, then done once the last ones are finished or removed.
    check = [sys.executable, "-m", "coopsite", "publish-check", "--root", str(project)]
    refused = subprocess.run(check, capture_output=True, text=True)
    assert refused.returncode == 1 and "cases/liess.yml (draft: true)" in refused.stderr
    assert "stephane-bossuet" not in refused.stderr
    for name in ("cap-solidaire", "cae-grand-poitiers", "liess"):
        (project / "cases" / f"{name}.yml").unlink()
    event = project / "cases" / "evenements" / "table-ronde-2021-10-20.yml"
    event.write_text(event.read_text("utf-8").replace("draft: true\n", "")
                     .replace('title: ""  # à compléter : le compte rendu ne donne pas de titre',
                              "title: Territoires et coopérations")
                     .replace('organiser: ""  # à compléter', "organiser: Réseau d’essai"), "utf-8")
    published = subprocess.run(check, capture_output=True, text=True)
    assert published.returncode == 0, published.stderr
    final = mkdocs_build(project, tmp_path / "publie", env={"SITE_URL": "https://example.org/essai/"})
    assert final.returncode == 0, final.stderr
    page = (tmp_path / "publie" / "temoignages" / "stephane-bossuet" / "index.html").read_text("utf-8")
    assert "Brouillon à relire" not in page and "On coopère rarement entre structures" in page
    assert "<entry>" in (tmp_path / "publie" / "flux.xml").read_text("utf-8")


@pytest.mark.parametrize("address", ["temoignages/liess/", "temoignages/", "tables-rondes/table-ronde-2021-10-20/",
                                     "citations/liess-cooperation-logique-six-acteurs/"])
def test_a_drafts_pages_have_no_axe_violation(browser, draft_site, address):
    """The « Brouillon à relire » banner and badges, in the light palette then the dark one."""
    from coopsite.sitecheck import a11y
    from tests.conftest import serve

    server, url = serve(draft_site)
    try:
        found = a11y.check_page(browser, url, address)
    finally:
        server.shutdown()
    assert found == {"clair": [], "sombre": []}, found
