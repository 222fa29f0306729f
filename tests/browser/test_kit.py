"""The off-line workshop kit (/autodiagnostic/atelier.html), opened from file://
in Chromium with the network cut: nothing is requested, the self-test completes,
and 3 paper lines give the site's own synthesis."""

from __future__ import annotations

import gzip
import shutil

import pytest

from coopsite import config
from coopsite.collective import paper_line
from coopsite.kit import KIT
from coopsite.structure.loader import load_corpus
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PATTERNS = ["3210" * 9, "x-12" * 9, "0123" * 9]


@pytest.fixture(scope="module")
def grid():
    return load_corpus(ROOT).grid


def paper(grid) -> str:
    answers = []
    for pattern in PATTERNS:
        levels = [lvl.value for lvl in grid.scale.levels]
        answers.append({ind.id: ("ne-sait-pas" if c == "x" else levels[int(c)])
                        for ind, c in zip(grid.indicators, pattern) if c != "-"})
    return "\n".join(paper_line(grid, f"Membre {n}", a) for n, a in zip("ABC", answers))


def synthesis_of(page, lines: str) -> str:
    page.locator("[data-co='links']").fill(lines)
    page.locator("[data-co='submit']").click()
    body = page.locator("[data-co='synthesis-body']")
    body.locator("table").first.wait_for()
    return body.inner_text()


def test_the_kit_works_from_a_usb_stick_with_no_network(browser, built_site, site_url, tmp_path, grid):
    kit = tmp_path / "cle-usb" / "atelier.html"
    kit.parent.mkdir()
    shutil.copy(built_site / KIT, kit)
    assert len(gzip.compress(kit.read_bytes(), 9)) <= 250_000
    context = browser.new_context(locale="fr-FR", offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(kit.as_uri())
    # The self-test, answered and scored.
    questions = page.locator("#autodiagnostic fieldset.coop-st__q")
    assert questions.count() == len(grid.indicators)
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").nth(index % 4).check()
    page.locator("#autodiagnostic [type=submit]").click()
    page.locator("[data-st='results'] #st-results-title").wait_for()
    assert "36 / 36" in page.locator("[data-st='progress']").inner_text()
    # The mutual diagnosis from 3 paper lines.
    offline = synthesis_of(page, paper(grid))
    # The questionnaire and the grid are there too.
    assert page.locator("#questionnaire .coop-paper__q").count() == len(grid.indicators)
    assert page.locator("#grille dt").count() == len(grid.indicators)
    assert requests == [kit.as_uri()] and errors == []
    context.close()
    # The same 3 lines on the site give the same synthesis.
    online = browser.new_page()
    online.goto(site_url + config.SELFTEST_COLLECTIVE)
    assert synthesis_of(online, paper(grid)) == offline
    online.close()
