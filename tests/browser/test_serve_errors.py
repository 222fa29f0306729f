"""While `serve` runs, broken sources show in the browser, and the page comes back by itself.

A throw-away copy of the project is served by the preview (``coopsite serve``) on a free
127.0.0.1 port, with a case file broken before the server starts. Chromium
sees the French report (file:line:column, field, hint) at the address it asked
for; the file is fixed and the real page returns with no action; it is broken
again while serving and the report comes back, again with no action.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import copy_project
from tests.test_live_reload import fetch, free_port, stop, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.build]

CASE = "cases/cap-solidaire.yml"


def test_a_broken_file_shows_in_the_browser_and_recovers(tmp_path, browser):
    project = copy_project(tmp_path / "project")
    case = project / CASE
    good = case.read_text("utf-8")
    case.write_text(good.replace("\ntitle: Cap Solidaire\n", "\ntitre: Cap Solidaire\n", 1), "utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "coopsite", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True,
    )
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        wait_for(lambda: fetch(base + "erreurs-de-construction.txt"), "premier rendu (en erreur)", server, log)
        page.goto(base + "temoignages/liess/")
        report = page.locator("main").inner_text()
        assert "Le site n’a pas pu être reconstruit" in page.title()
        assert "cases/cap-solidaire.yml:3:1 — champ titre : champ inconnu « titre »" in report
        assert "Piste : vouliez-vous dire « title » ?" in report
        assert "cases/cap-solidaire.yml:2:1 — champ title : champ obligatoire manquant" in report
        log.seek(0)
        assert "champ inconnu « titre »" in log.read()  # the terminal has the same report

        case.write_text(good, "utf-8")  # fixed: the real page comes back by itself
        page.wait_for_function("() => document.title.includes('LIESS')", timeout=60000)
        assert page.url == base + "temoignages/liess/"

        case.write_text(good.replace("\nkind: organisation\n", "\nkind: association\n", 1), "utf-8")
        page.wait_for_function("() => document.title.includes('pas pu être reconstruit')", timeout=60000)
        assert "valeur « association » non acceptée" in page.locator("main").inner_text()
        assert page.url == base + "temoignages/liess/"
    finally:
        context.close()
        stop(server)
        log.close()
