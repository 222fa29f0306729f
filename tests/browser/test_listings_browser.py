"""Paginated listings and the round table's matrix, in Chromium: axe, phone and desktop widths.

The real content fits on one page of each listing, so a benchmark corpus of
60 testimonies (240 quotes) is built once here: Paroles and the testimonies
index get several pages, and busy indicators their complete list.
"""

from __future__ import annotations

import pytest

from bench.corpus import make_project
from conftest import mkdocs_build, serve
from coopsite import config, listings
from coopsite.sitecheck import a11y
from coopsite.structure.loader import load_corpus

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def mid(tmp_path_factory):
    work = tmp_path_factory.mktemp("n60")
    project = make_project(work / "projet", 60, 4)
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    corpus = load_corpus(project)
    server, url = serve(site)
    yield corpus, site, url
    server.shutdown()


def pages_to_check(corpus) -> dict[str, str]:
    busy = next(i for i in corpus.grid.indicators if len(i.quotes) > listings.INDICATOR_PREVIEW)
    return {
        "paroles, page 1": config.QUOTES,
        "paroles, page 2": config.page_url(config.QUOTES, 2),
        "témoignages": config.CASES,
        "table ronde": config.event_url(corpus.events[0]),
        "indicateur": config.indicator_url(busy),
        # At N = 60 an indicator's quotes fit on one page (its page 2 was a 404 checked by mistake).
        "citations de l'indicateur": listings.indicator_quote_pages(busy)[-1].url,
        "couverture": config.COVERAGE,
    }


def test_listings_have_pages_and_neighbours(mid):
    corpus, site, _ = mid
    quote_pages = listings.quote_pages(corpus)
    assert len(quote_pages) == 6  # 240 quotes, 40 a page
    second = (site / config.page_url(config.QUOTES, 2) / "index.html").read_text("utf-8")
    assert 'href="../../" rel="prev"' in second and 'href="../3/" rel="next"' in second
    assert 'aria-current="page">2</a>' in second
    assert second.count('class="coop-quote"') == listings.QUOTES_PER_PAGE
    # Each card of the testimonies index names its round table, territory and kind.
    index = (site / config.CASES / "index.html").read_text("utf-8")
    assert index.count('class="coop-card__event"') == len(corpus.cases)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_horizontal_overflow_and_short_matrix_headers(browser, mid, width):
    corpus, _, url = mid
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        for name, path in pages_to_check(corpus).items():
            page.goto(url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (name, width, overflow)
        page.goto(url + config.event_url(corpus.events[0]))
        rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        heights = page.evaluate("[...document.querySelectorAll('.coop-matrix thead th')]"
                                ".map(th => th.getBoundingClientRect().height)")
        assert heights and max(heights) <= 12 * rem, (width, heights)
        # No word broken inside: each short header holds on one line.
        lines = page.evaluate("[...document.querySelectorAll('.coop-matrix thead abbr')]"
                              ".map(a => a.getClientRects().length)")
        assert lines and set(lines) == {1}
    finally:
        context.close()


# The palette follows the system setting (prefers-color-scheme): both are checked
# (every rule in the light one, the colour rules in the dark one: a11y.check_schemes).
def test_no_axe_violation_on_listing_pages(browser, mid):
    corpus, _, url = mid
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    try:
        page = context.new_page()
        for name, path in pages_to_check(corpus).items():
            response = page.goto(url + path)
            assert response is not None and response.ok, (name, path)
            found = a11y.check_schemes(page)
            assert found == {"clair": [], "sombre": []}, (name, [(v["id"], [n["target"] for n in v["nodes"]]) for vs in found.values() for v in vs])
    finally:
        context.close()
