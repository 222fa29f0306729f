"""The checks the generator ships for any site (coopsite/sitecheck/) can fail, in French.

Each check's logic is run here on a small broken input: no browser, no build
of the real site. The package's own pytest files are collected only with
``pytest --pyargs coopsite.sitecheck``, never by this suite (testpaths).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coopsite.sitecheck import a11y, build, links, page_url, site_root, validity
from tests.helpers import ROOT


# -- where the site is ---------------------------------------------------------------------------

def test_site_root_is_the_variable_or_the_current_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COOPSITE_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert site_root() == tmp_path.resolve()
    monkeypatch.setenv("COOPSITE_ROOT", str(ROOT))
    assert site_root() == ROOT.resolve()
    reason = build.not_a_site(tmp_path)
    assert "pas de fichier mkdocs.yml" in reason and "COOPSITE_ROOT" in reason
    assert build.not_a_site(ROOT) is None


def test_page_url():
    assert page_url("index.html") == "/"
    assert page_url("temoignages/liess/index.html") == "/temoignages/liess/"
    assert page_url("404.html") == "/404.html"


# -- 1. validation -------------------------------------------------------------------------------

def test_validation_reports_a_broken_source_in_french(tmp_path):
    for name in ("cases", "grid"):
        shutil.copytree(ROOT / name, tmp_path / name)
    if (ROOT / "site.yml").is_file():
        shutil.copy(ROOT / "site.yml", tmp_path / "site.yml")
    assert build.validation_report(tmp_path) is None  # the copy itself is valid
    (tmp_path / "cases" / "casse.yml").write_text("title: [pas fermé\n", "utf-8")
    report = build.validation_report(tmp_path)
    assert report is not None and "problème" in report and "cases/casse.yml" in report, report


# -- 2. strict build -----------------------------------------------------------------------------

def test_strict_build_fails_on_a_warning(tmp_path):
    """A tiny MkDocs site (no theme of ours) whose page links a missing page: --strict stops it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Accueil\n\n[perdu](absente.md)\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\n", "utf-8")
    result = build.strict_build(tmp_path, tmp_path / "out")
    assert result.returncode != 0
    report = build.build_report(result)
    assert report.startswith("La construction stricte du site a échoué")
    assert "absente.md" in report, report


def test_build_report_keeps_mkdocs_warnings_and_errors():
    result = subprocess.CompletedProcess([], 1, stdout="", stderr=(
        "INFO    -  Building documentation\nWARNING -  Doc file 'a.md' contains a link 'b.md', not found\n"
        "ERROR   -  1 problème dans les sources :\ncases/x.yml:1:8: YAML invalide\n"
        "INFO    -  Cleaning\nAborted with a BuildError!\n"))
    report = build.build_report(result)
    assert report.splitlines()[1:] == [
        "    WARNING -  Doc file 'a.md' contains a link 'b.md', not found",
        "    ERROR   -  1 problème dans les sources :", "    cases/x.yml:1:8: YAML invalide",
        "    Aborted with a BuildError!"]
    crash = subprocess.CompletedProcess([], 1, stdout="", stderr="Traceback\n" + "  File x\n" * 30 + "KeyError: 'y'\n")
    assert build.build_report(crash).splitlines()[-1] == "    KeyError: 'y'"


# -- 3. internal links ---------------------------------------------------------------------------

def test_link_checker_reports_broken_links_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("", "utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/site.css"><link rel="icon" href="assets/absent.png">'
        '<script src="/assets/app.js"></script>'
        '<a href="a/">ok</a><a href="a/#x">ancre ok</a><a href="a/#nope">ancre</a><a href="b/">lien</a>'
        '<a href="https://ailleurs.fr/x">ext</a><a href="mailto:a@b.fr">m</a><a href="//cdn.example/x.js">cdn</a>'
        '<img src="img.png"><a href="#haut" id="haut">haut</a><a href="#top">début</a>'
        '<a href="../../etc/passwd">dehors</a><a href="a/#r=1;x">état</a><a href="">vide</a>'
        '<a href="b/">même lien, une fois</a>', "utf-8")
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="x">X</h2><a href="../index.html#haut">retour</a><a href="../#bas">bas</a>'
        '<a href="../ailleurs/">lien symbolique</a>', "utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-dehors"
    outside.mkdir()
    (outside / "index.html").write_text("<p>hors du site</p>", "utf-8")
    (tmp_path / "ailleurs").symlink_to(outside)
    assert links.broken_links(tmp_path) == [
        "Ancre introuvable : /a/ → /#bas (aucun élément id=\"bas\" dans cette page)",
        "Lien interne cassé : /a/ → ../ailleurs/ (adresse hors du site)",
        "Lien interne cassé : / → /assets/absent.png (fichier introuvable)",
        "Lien interne cassé : / → /assets/app.js (script introuvable)",
        "Ancre introuvable : / → /a/#nope (aucun élément id=\"nope\" dans cette page)",
        "Lien interne cassé : / → /b/ (page introuvable)",
        "Lien interne cassé : / → /img.png (image introuvable)",
        # Above the site's root, an address stays at the root, as in a browser.
        "Lien interne cassé : / → /etc/passwd (page introuvable)",
    ]


def test_link_checker_groups_a_link_broken_on_many_pages(tmp_path):
    """A template's broken link: one sentence, three pages named, the others counted."""
    for name in ("a", "b", "c", "d", "e"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text('<a href="/perdu/">x</a>', "utf-8")
    assert links.broken_links(tmp_path) == [
        "Lien interne cassé : /a/, /b/, /c/ et 2 autres pages → /perdu/ (page introuvable)"]


def test_link_checker_passes_a_sound_site(tmp_path):
    (tmp_path / "index.html").write_text('<a href="page.html#p">p</a>', "utf-8")
    (tmp_path / "page.html").write_text('<p id="p"><a href="./">accueil</a></p>', "utf-8")
    assert links.broken_links(tmp_path) == []


# -- 4. HTML validity ----------------------------------------------------------------------------

DRAWER = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
                "“tel”, “text”, “time”, “url”, or “week”.")


def fake_report(site: Path) -> list[dict]:
    """Errors as the checker writes them (--format json), on pages of ``site``."""
    page = f"file:{site}/temoignages/x/index.html"
    return json.loads(json.dumps([
        {"type": "error", "url": page, "lastLine": 3, "message": AUTOCOMPLETE, "extract": DRAWER},
        # The same error on an input of ours: not Material's, not allowed.
        {"type": "error", "url": page, "lastLine": 9, "message": AUTOCOMPLETE,
         "extract": '<input type="checkbox" id="mien" autocomplete="off">'},
        {"type": "error", "url": page, "lastLine": 12, "message": "Stray end tag “div”.", "extract": "</p></div>"},
        {"type": "error", "url": f"file:{site}/index.html", "lastLine": 1,
         "message": "The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
                    "form control.", "extract": '<label class="md-nav__link" for="__toc">Sommaire</label>'},
    ]))


def test_html_filter_allows_only_materials_own_errors(tmp_path):
    ours, allowed = validity.split(fake_report(tmp_path))
    assert [e["lastLine"] for e in ours] == [9, 12]
    assert [validity.allowance(e).why for e in allowed] == [
        validity.ALLOWED[0].why, validity.ALLOWED[2].why]
    said = validity.describe(ours, tmp_path)
    assert said[1] == ("HTML invalide : /temoignages/x/ (ligne 12) : Stray end tag “div”.\n"
                       "    extrait : </p></div>")
    many = [{**ours[1], "url": f"file:{tmp_path}/p{n}/index.html"} for n in range(5)]
    assert validity.describe(many, tmp_path)[0].startswith(
        "HTML invalide : /p0/ (ligne 12), /p1/ (ligne 12), /p2/ (ligne 12) et 2 autres endroits : Stray end tag")
    summary = validity.summary(2, ours, allowed)
    assert "2 erreur(s) à corriger, 2 erreur(s) admises" in summary and validity.ALLOWED[0].why in summary


def test_html_checker_missing_is_a_french_failure(tmp_path, monkeypatch):
    monkeypatch.setenv("VNU_JAR", str(tmp_path / "absent.jar"))
    reason = validity.missing_tools(tmp_path)
    assert "python3 tasks.py test" in reason
    monkeypatch.setenv("PATH", str(tmp_path))  # no java either
    assert "Java est introuvable" in validity.missing_tools(tmp_path)


def test_html_checker_finds_an_error_in_a_real_run(tmp_path):
    reason = validity.missing_tools(ROOT)
    if reason:
        pytest.fail(reason)
    page = tmp_path / "temoignages" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<!doctype html><html lang="fr"><head><title>t</title></head><body>'
                    f'{DRAWER}<div>bloc</p></div></body></html>', "utf-8")
    ours, allowed = validity.split(validity.run_checker([page], validity.jar_path(ROOT)))
    assert len(allowed) == 1
    assert ours and all(said.startswith("HTML invalide : /temoignages/x/ (ligne")
                        for said in validity.describe(ours, tmp_path)), ours


# -- 5. accessibility ----------------------------------------------------------------------------

class FakePage:
    """Stands for a Playwright page: axe's script is injected once, then axe.run answers ``response``."""

    def __init__(self, response):
        self.response, self.scripts, self.runs, self.axe = response, [], [], False

    def evaluate(self, script, arg=None):
        self.scripts.append(script)
        if len(script) > 100_000:  # axe-core's own script
            self.axe = True
            return None
        if "typeof window.axe" in script:
            return self.axe
        self.runs.append(arg)
        return self.response["violations"]


VIOLATION = {"id": "color-contrast", "impact": "serious",
             "help": "Elements must meet minimum color contrast ratio thresholds",
             "helpUrl": "https://dequeuniversity.com/rules/axe/4.11/color-contrast",
             "nodes": [{"target": [".md-footer a"]}, {"target": ["#x"]}]}


def test_axe_violations_are_reported_in_french():
    page = FakePage({"violations": [VIOLATION], "passes": []})
    found = a11y.violations(page)
    assert found == [VIOLATION]
    context, options = page.runs[-1]
    assert context is None and options["resultTypes"] == ["violations"]
    assert {"wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"} <= set(options["runOnly"]["values"])
    injected = len(page.scripts)
    a11y.violations(page, ["color-contrast"])  # the same page: axe is not injected again
    assert len(page.scripts) == injected + 2 and page.runs[-1][1]["runOnly"]["values"] == ["color-contrast"]
    said = a11y.describe(found, "temoignages/x/", "sombre")
    assert said.splitlines()[:3] == [
        "Accessibilité : 1 problème sur /temoignages/x/ (affichage sombre), selon axe :",
        "  - color-contrast (serious) : Elements must meet minimum color contrast ratio thresholds",
        "    éléments en cause : .md-footer a, #x",
    ]
    assert a11y.violations(FakePage({"violations": []})) == []


def test_axe_pages_are_found_or_missing_in_french(tmp_path):
    address, reason = a11y.page_address(tmp_path, "temoignage")
    assert address is None and "aucune page de témoignage" in reason
    assert a11y.page_address(tmp_path, "accueil") == (None, "la page d'accueil (/) n'a pas été construite")
    assert a11y.page_address(tmp_path, "autodiagnostic")[0] is None
    for slug in ("zeta", "alpha"):
        (tmp_path / "temoignages" / slug).mkdir(parents=True)
        (tmp_path / "temoignages" / slug / "index.html").write_text("<p>x</p>", "utf-8")
    (tmp_path / "temoignages" / "index.html").write_text("<p>liste</p>", "utf-8")
    assert a11y.page_address(tmp_path, "temoignage") == ("temoignages/alpha/", "")


def test_local_server_serves_the_folder_on_loopback_only(tmp_path):
    import urllib.request

    (tmp_path / "index.html").write_text("<p>servi</p>", "utf-8")
    server, url = a11y.serve(tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=5) as answer:
            assert answer.read() == b"<p>servi</p>"
    finally:
        server.shutdown()
        server.server_close()


# -- the package runs as a pytest package, in a site's folder --------------------------------------

def test_sitecheck_collects_with_pyargs():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "--pyargs", "coopsite.sitecheck"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COOPSITE_ROOT": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert len(collected) == 7, result.stdout
    assert any("test_accessibility[accueil]" in line for line in collected), collected
