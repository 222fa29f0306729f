"""The browser editor (/admin/, Decap CMS) driven in Chromium with its in-memory
test backend (EDITOR_BACKEND=test): add a testimony, edit one quote, the
rules checked before a save, French labels, the YAML it writes, axe, privacy.

Screenshots for the guide: ``UPDATE_SCREENSHOTS=1 python3 tasks.py test tests/browser/test_editor_browser.py``
writes them into docs/assets/images/editeur/.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coopsite.editor import vendor
from coopsite.structure.schema import schema
from coopsite.layers import SHARED_DOCS
from tests.conftest import ROOT, copy_project, mkdocs_build, serve, watched_page

pytestmark = pytest.mark.browser

SHOTS = SHARED_DOCS / "assets" / "images" / "editeur"
DOC = SHARED_DOCS / "guide" / "editeur.md"


@pytest.fixture(scope="module")
def editor_url(tmp_path_factory):
    if vendor.missing(ROOT):
        pytest.fail("Les fichiers de l'éditeur manquent : lancez « python3 tasks.py test », qui les installe.")
    dest = tmp_path_factory.mktemp("editor") / "site"
    result = mkdocs_build(ROOT, dest, env={"EDITOR_BACKEND": "test"})
    assert result.returncode == 0, result.stderr
    server, url = serve(dest)
    yield url
    server.shutdown()


@pytest.fixture
def editor(browser, editor_url):
    context, pg = watched_page(browser, editor_url)
    pg.set_viewport_size({"width": 1400, "height": 1000})
    pg.goto(editor_url + "admin/")
    pg.get_by_role("button", name="Se connecter").click()
    pg.get_by_text("Collections").first.wait_for()
    yield pg
    assert pg.outside_requests == [], pg.outside_requests
    context.close()


def field(pg, name, within=None, nth=0):
    scope = pg.locator(f"[id^='{within}-field']") if within else pg
    return scope.locator(f"input[id^='{name}-field'], textarea[id^='{name}-field']").nth(nth)


def choose(pg, name, text, within=None, nth=0):
    box = field(pg, name, within, nth)
    box.click()
    box.fill(text)
    pg.keyboard.press("Enter")


def publish(pg):
    pg.get_by_role("button", name="Publier").click()
    pg.get_by_text("Publier maintenant").click()


def repo_file(pg, path):
    return pg.evaluate("(parts) => parts.reduce((node, part) => node && node[part], window.repoFiles)",
                       path.split("/"))


def shot(pg, name):
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / name))


def add_testimony(pg, case_id, quotes):
    pg.goto(pg.url.split("#")[0] + "#/collections/temoignages/new")
    field(pg, "id").fill(case_id)
    field(pg, "title").fill("Atelier d’essai")
    choose(pg, "kind", "Organisation")
    field(pg, "territory").fill("Poitiers (Vienne)")
    choose(pg, "departements", "86")
    choose(pg, "event", "Territoires")
    for i, (pid, name) in enumerate([("camille-durand", "Camille Durand"), ("sam-martin", "Sam Martin")]):
        pg.get_by_role("button", name="Ajouter personnes").click()
        field(pg, "id", "people", i).fill(pid)
        field(pg, "name", "people", i).fill(name)
    pg.locator("[data-slate-editor]").first.click()
    pg.keyboard.type("Un atelier **d’essai**, écrit dans le navigateur.")
    pg.keyboard.press("Enter")
    pg.keyboard.press("Enter")
    pg.keyboard.type("- oui\n- non")
    for i, (qid, text, speakers, indicators, why) in enumerate(quotes):
        pg.get_by_role("button", name="Ajouter citations").click()
        field(pg, "id", "quotes", i).fill(qid)
        field(pg, "text", "quotes", i).fill(text)
        for speaker in speakers:
            pg.locator("[id^='quotes-field']").get_by_role("button", name="Ajouter qui parle").nth(i).click()
            pg.locator("[id^='quotes-field'] [id^='speaker-field']").nth(i).locator("input").last.fill(speaker)
        for indicator in indicators:
            choose(pg, "indicators", indicator, "quotes", i)
        field(pg, "rationale", "quotes", i).fill(why)


QUOTES = [
    ("atelier-essai-ensemble", "On avance ensemble", ["camille-durand"], ["A1.1", "A3.1"], "yes"),
    ("atelier-essai-confiance", "La confiance se construit", ["camille-durand", "sam-martin"], ["B2.1"], "1:20"),
]


def test_a_testimony_added_in_the_browser_validates_and_builds(editor, tmp_path):
    add_testimony(editor, "atelier-essai", QUOTES)
    shot(editor, "1-nouveau-temoignage.png")
    publish(editor)
    editor.wait_for_function("() => window.repoFiles.cases['atelier-essai.yml']")
    text = repo_file(editor, "cases/atelier-essai.yml")["content"]
    assert text.startswith("# yaml-language-server: $schema=../coopsite/structure/schemas/case.schema.json\n")
    data = yaml.safe_load(text)  # PyYAML, as the site's loader reads it
    assert list(data) == [k for k in schema("case")["properties"] if k in data]  # the schema's order
    assert data["quotes"][0]["rationale"] == "yes" and data["quotes"][1]["rationale"] == "1:20"
    assert data["quotes"][0]["speaker"] == "camille-durand"
    assert data["quotes"][1]["speaker"] == ["camille-durand", "sam-martin"]
    assert data["departements"] == ["86"]
    assert data["summary"] == "Un atelier **d’essai**, écrit dans le navigateur.\n\n- oui\n- non"
    project = copy_project(tmp_path / "project")
    (project / "cases" / "atelier-essai.yml").write_text(text, "utf-8")
    checked = subprocess.run([sys.executable, "-m", "coopsite", "validate", "--root", str(project)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "5 témoignage(s), 15 citation(s)" in checked.stdout
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "temoignages" / "atelier-essai" / "index.html").read_text("utf-8")
    assert "La confiance se construit" in page and 'id="atelier-essai-confiance"' in page


def test_editing_one_quote_changes_that_line_only(editor):
    before = repo_file(editor, "cases/liess.yml")["content"]
    editor.goto(editor.url.split("#")[0] + "#/collections/temoignages/entries/liess")
    item = editor.locator("[class*='SortableListItem']",
                          has=editor.get_by_text("liess-gouvernance-partagee", exact=True)).first
    item.locator("button").first.click()
    box = editor.locator("[id^='quotes-field'] textarea[id^='rationale-field']:visible").first
    assert box.input_value() == "Les six fondateurs ont créé une structure commune dont ils partagent les décisions."
    box.fill("Les six fondateurs décident ensemble : oui, non, on, off.")
    shot(editor, "2-modifier-une-citation.png")
    publish(editor)
    editor.wait_for_function("() => !window.repoFiles.cases['liess.yml'].content.includes('ont créé une structure')")
    after = repo_file(editor, "cases/liess.yml")["content"]
    changed = [(line[0], line[2:]) for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert changed == [
        ("-", "    rationale: Les six fondateurs ont créé une structure commune dont ils partagent les décisions."),
        ("+", '    rationale: "Les six fondateurs décident ensemble : oui, non, on, off."'),
    ]


def test_a_speaker_outside_the_people_is_refused_before_the_save(editor):
    bad = [("atelier-refus-1", "Un texte", ["personne-inconnue"], ["A1.1"], "Une raison.")]
    add_testimony(editor, "atelier-refus", bad)
    frame = editor.frame_locator("#preview-pane")
    frame.get_by_text("personne inconnue « personne-inconnue »").wait_for()
    shot(editor, "3-probleme-avant-enregistrement.png")
    publish(editor)
    editor.get_by_text("quotes[0].speaker[0] : personne inconnue « personne-inconnue »").first.wait_for()
    assert repo_file(editor, "cases/atelier-refus.yml") is None


def test_every_form_label_is_a_schema_title_in_french(editor):
    def titles(node):
        for prop in node.get("properties", {}).values():
            yield prop["title"].lower()
            sub = prop if prop.get("type") == "object" else prop.get("items", {})
            yield from titles(sub)

    # The round table first: leaving a form with unsaved changes asks for a confirmation.
    for collection, kind, lists in (("tables-rondes", "event", ()),
                                    ("temoignages", "case", ("personnes", "faits complémentaires",
                                                             "liens utiles", "citations"))):
        editor.goto(editor.url.split("#")[0] + f"#/collections/{collection}/new")
        last = list(schema(kind)["properties"].values())[-1]["title"]
        editor.locator("label", has_text=last).first.wait_for()
        for name in lists:  # one item of each list, to show its fields
            editor.get_by_role("button", name=f"Ajouter {name}").click()
        labels = {re.sub(r" \(optionnel\)$", "", t.strip().lower()) for t in editor.locator("label").all_inner_texts()}
        expected = set(titles(schema(kind)))
        assert expected <= labels, expected - labels
        assert not [label for label in labels if re.fullmatch(r"[a-z_]+", label) and "_" in label], labels
    assert editor.get_by_role("button", name="Publier").count() == 1


def test_what_the_editor_writes_reads_back_equal_in_pyyaml(editor):
    """Every real file is a fixed point of the editor's format, and YAML 1.1 traps stay text."""
    files = {p.relative_to(ROOT).as_posix(): p.read_text("utf-8")
             for p in sorted((ROOT / "cases").glob("*.yml")) + sorted((ROOT / "cases" / "evenements").glob("*.yml"))}
    traps = {"id": "piege", "title": "yes", "kind": "no", "territory": "on", "event": "off",
             "summary": "  deux espaces devant\n# Titre\n\n> citation\n- liste  \n\n\n",
             "people": [{"id": "a", "name": "1:20", "role": "2021-10-20", "organisation": "0123"}],
             "quotes": [{"id": "q", "text": "~", "speaker": "a", "indicators": ["A1.1"], "rationale": "12"}],
             "departements": ["01", "2A"], "links": [{"label": "null", "url": ""}],
             "facts": [{"text": "- tiret # dièse: deux-points", "source_url": "https://exemple.fr/a,b"}]}
    out = editor.evaluate("""async ([files, traps]) => {
      const y = await import('/assets/editor/yaml.js');
      const j = await import('/admin/vendor/js-yaml/dist/js-yaml.mjs');
      const { coop } = window.coopEditor;
      const parse = (t) => j.load(t, { schema: j.CORE_SCHEMA });
      const format = (name) => y.makeFormat(coop.collections[name], coop.one_or_many, parse);
      const written = {};
      for (const [path, text] of Object.entries(files)) {
        const f = format(path.startsWith('cases/evenements/') ? 'tables-rondes' : 'temoignages');
        written[path] = f.toFile(f.fromFile(text));
      }
      return { written, traps: format('temoignages').toFile(traps) };
    }""", [files, traps])
    for path, text in files.items():
        assert out["written"][path] == text, path
        assert yaml.safe_load(out["written"][path]) == yaml.safe_load(text)
    assert yaml.safe_load(out["traps"]) == traps


def test_the_preview_draws_a_quote_as_the_site_does(editor, editor_url):
    editor.goto(editor.url.split("#")[0] + "#/collections/temoignages/entries/liess")
    preview = editor.frame_locator("#preview-pane").locator("figure.coop-quote").first
    preview.wait_for()
    shape = """(figure) => [...figure.querySelectorAll('*')]
        .filter((e) => !e.closest('.coop-share, .coop-quote__permalink, .coop-sr-only'))
        .map((e) => e.tagName === 'A' ? 'SPAN.' + e.className : e.tagName + '.' + e.className)"""
    drawn = preview.evaluate(shape)
    site = editor.context.new_page()
    site.goto(editor_url + "temoignages/liess/")
    real = site.locator("figure.coop-quote").first.evaluate(shape)
    site.close()
    assert drawn == real
    assert preview.inner_text().split("\n")[0] == "« La coopération était logique, les six acteurs se connaissaient " \
                                                  "très bien mais n’avaient pas de projet commun »"


def test_axe_on_the_editor_page(editor, editor_url):
    """Our own page (before Decap starts, and its words) has no violation; Decap's own
    violations are those listed in the guide, no more."""
    from axe_playwright_python.sync_playwright import Axe

    editor.goto(editor.url.split("#")[0] + "#/collections/temoignages/entries/liess")
    editor.locator("label").first.wait_for()
    found = Axe().run(editor).response["violations"]
    decap = {v["id"] for v in found}
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", DOC.read_text("utf-8"), re.MULTILINE))
    assert decap == listed, f"à mettre à jour dans {DOC.name} : {sorted(decap)}"
    ours = [n for v in found for n in v["nodes"] if any("coop-editor" in t for t in n["target"])]
    assert ours == []


def test_unconfigured_editor_page_says_what_to_do_and_loads_nothing(browser, site_url):
    """The published site without a configured repository: a French page, no script, no request."""
    context, pg = watched_page(browser, site_url)
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(site_url + "admin/")
    text = pg.locator("main").inner_text()
    assert "Aucun dépôt n’est configuré" in text and "python3 tasks.py edit" in text
    assert not [u for u in requests if u.endswith(".js")]
    assert pg.outside_requests == []
    from axe_playwright_python.sync_playwright import Axe

    assert Axe().run(pg).response["violations"] == []
    context.close()


def test_only_the_contribuer_guide_links_to_the_editor(built_site):
    linking = sorted(p.relative_to(built_site).parent.as_posix() for p in built_site.rglob("*.html")
                     if re.search(r'href="[^"]*admin/"', p.read_text("utf-8")))
    assert linking == ["guide/editeur"], linking
    assert "admin/" not in (built_site / "sitemap.xml").read_text("utf-8")
    assert not (built_site / "admin" / "test-repo.js").exists()  # only with EDITOR_BACKEND=test
    config = json.loads((built_site / "admin" / "config.json").read_text("utf-8"))
    assert config["decap"]["locale"] == "fr"


def test_editor_page_without_its_files_says_what_is_missing(tmp_path):
    project = copy_project(tmp_path / "project")  # no .cache/editor/ in the copy
    result = mkdocs_build(project, tmp_path / "site", env={"EDITOR_BACKEND": "test"})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "admin" / "index.html").read_text("utf-8")
    assert "L’éditeur n’est pas installé" in page and "decap-cms 3.16.3" in page
    assert "<script" not in page
    shutil.rmtree(tmp_path / "site")


def test_local_mode_saves_into_the_files_of_the_checkout(browser, tmp_path):
    """`tasks.py edit`'s pair: the site built with EDITOR_BACKEND=local, and the file
    server (coopsite edit-server) writing into a copy of the project."""
    from tests.conftest import LocalEditor
    from tests.helpers import copy_sources

    project = copy_sources(tmp_path / "project")
    editor = LocalEditor(project, ROOT, tmp_path / "site")
    url, port = editor.url, editor.port
    context, pg = watched_page(browser, url)
    try:
        pg.set_viewport_size({"width": 1400, "height": 1000})
        pg.goto(url + "admin/#/collections/temoignages/entries/cap-solidaire")
        # The proxy backend asks for a click on « Se connecter » (no account): wait for it or the form.
        login = pg.get_by_role("button", name="Se connecter")
        pg.locator("input[id^='territory-field']").or_(login).first.wait_for()
        if login.is_visible():
            login.click()
        before = (project / "cases" / "cap-solidaire.yml").read_text("utf-8")
        box = pg.locator("input[id^='territory-field']")
        assert box.input_value() == "Sud-Gironde (Gironde)"
        box.fill("Sud-Gironde (Gironde, Nouvelle-Aquitaine)")
        publish(pg)
        pg.get_by_text("Entrée enregistrée").first.wait_for()
        after = (project / "cases" / "cap-solidaire.yml").read_text("utf-8")
        assert after == before.replace("territory: Sud-Gironde (Gironde)\n",
                                       "territory: Sud-Gironde (Gironde, Nouvelle-Aquitaine)\n")
        assert pg.outside_requests == [f"http://127.0.0.1:{port}/api/v1"] * len(pg.outside_requests)
    finally:
        context.close()
        editor.close()


def test_a_git_host_is_contacted_only_after_signing_in(browser, tmp_path):
    """Built for GitHub: the page loads the editor from the site itself and asks nothing
    of GitHub (nor of anyone else) until the person clicks « Se connecter avec GitHub »."""
    dest = tmp_path / "site"
    built = mkdocs_build(ROOT, dest, env={"EDITOR_BACKEND": "github", "EDITOR_REPO": "pqn-a/cooperation"})
    assert built.returncode == 0, built.stderr
    site, url = serve(dest)
    context, pg = watched_page(browser, url)
    try:
        pg.goto(url + "admin/")
        pg.get_by_role("button", name="Se connecter avec GitHub").wait_for()
        pg.wait_for_timeout(1000)
        assert pg.outside_requests == []
        assert json.loads((dest / "admin" / "config.json").read_text("utf-8"))["decap"]["publish_mode"] == \
            "editorial_workflow"
    finally:
        context.close()
        site.shutdown()
