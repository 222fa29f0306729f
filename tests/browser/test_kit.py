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
# Listens from the very start of the document for what its policy refuses.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


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
    context.add_init_script(LISTEN)
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
    # All of it under the kit's own policy, which refused nothing it does.
    assert "default-src 'none'" in page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert page.evaluate("window.__csp") == []
    context.close()
    # The same 3 lines on the site give the same synthesis.
    online = browser.new_page()
    online.goto(site_url + config.SELFTEST_COLLECTIVE)
    assert synthesis_of(online, paper(grid)) == offline
    online.close()


def test_a_request_injected_into_the_kit_is_refused(browser, built_site, tmp_path):
    """The kit's policy forbids the network, whatever a changed or hostile copy would ask."""
    from tests.conftest import serve

    kit = tmp_path / "atelier.html"
    shutil.copy(built_site / KIT, kit)
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "x.json").write_text("{}", "utf-8")
    server, url = serve(elsewhere)
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(LISTEN)
    page = context.new_page()
    reached = []  # what came back from the other server: nothing may
    page.on("requestfinished", lambda r: reached.append(r.url) if r.url.startswith(url) else None)
    try:
        page.goto(kit.as_uri())
        outcome = page.evaluate("""async (url) => {
            const img = document.createElement('img'); img.src = url + 'image.png'; document.body.append(img);
            const script = document.createElement('script'); script.textContent = 'window.__ran = true';
            document.body.append(script);
            try { await fetch(url + 'x.json'); return 'fetched'; } catch (e) { return 'refused'; }
        }""", url)
        page.wait_for_function("() => window.__csp.length >= 3")
        assert outcome == "refused" and reached == []
        assert page.evaluate("window.__ran === undefined")
        refused = page.evaluate("window.__csp")
        assert any(v.startswith("connect-src") for v in refused), refused
        assert any(v.startswith("img-src") for v in refused), refused
        assert any(v.startswith("script-src") for v in refused), refused
    finally:
        context.close()
        server.shutdown()
