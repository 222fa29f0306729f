"""The built real site: quotes at their anchors, quote ↔ indicator links, no broken link.

The link checks read the HTML files (no browser); the last test loads one page
of each type in Chromium and checks that nothing is requested outside 127.0.0.1.
"""

from __future__ import annotations

import pytest

from coopsite import config
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT, crawl, dom, normalise_quote, resolve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def page_file(site, url: str):
    """The HTML file of a site-root relative URL such as ``temoignages/liess/``."""
    path = url.partition("#")[0]
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_every_quote_is_at_its_anchor(built_site, corpus):
    assert len(corpus.quotes) == 13
    for quote in corpus.quotes:
        url = config.quote_url(quote)
        assert url == f"temoignages/{quote.case.id}/#{quote.id}"
        element = dom(page_file(built_site, url)).by_id(quote.id)
        assert element is not None, f"pas d'élément #{quote.id} sur {url}"
        assert normalise_quote(quote.text) in normalise_quote(element.text()), url
        assert quote.speakers[0].name in element.text()


def test_quote_anchors_in_chromium(page, site_url, corpus):
    for quote in corpus.quotes[:: 4]:  # one in four: the file check above covers them all
        page.goto(site_url + config.quote_url(quote))
        located = page.locator(f"[id='{quote.id}']")
        assert located.count() == 1
        assert normalise_quote(quote.text) in normalise_quote(located.inner_text().replace("\n", " "))
        assert page.evaluate("location.hash") == f"#{quote.id}"


def test_quote_chips_lead_to_their_indicator_pages(built_site, corpus):
    checked = 0
    for quote in corpus.quotes:
        case_page = page_file(built_site, config.case_url(quote.case))
        figure = dom(case_page).by_id(quote.id)
        chips = figure.find_all("a", "coop-chip")
        assert [c.find_all("span", "coop-chip__id")[0].text() for c in chips] == [i.id for i in quote.indicators]
        for chip, indicator in zip(chips, quote.indicators):
            target, fragment = resolve(built_site, case_page, chip.attrs["href"])
            assert target.is_file(), chip.attrs["href"]
            assert not fragment
            h1 = dom(target).find_all("h1")
            assert len(h1) == 1 and indicator.id in h1[0].text(), (chip.attrs["href"], h1[0].text() if h1 else None)
            checked += 1
    assert checked == sum(len(q.indicators) for q in corpus.quotes) > 13


def test_indicator_pages_link_back_to_each_quote(built_site, corpus):
    empty = 0
    for indicator in corpus.grid.indicators:
        path = page_file(built_site, config.indicator_url(indicator))
        root = dom(path)
        assert indicator.id in root.find_all("h1")[0].text()
        sources = root.find_all("a", "coop-quote__source")
        targets = set()
        for link in sources:
            target, fragment = resolve(built_site, path, link.attrs["href"])
            assert target.is_file() and dom(target).by_id(fragment) is not None, link.attrs["href"]
            targets.add((target.relative_to(built_site.resolve()).as_posix(), fragment))
        expected = {(f"temoignages/{q.case.id}/index.html", q.id) for q in indicator.quotes}
        assert targets == expected, indicator.id
        if not indicator.quotes:
            empty += 1
            assert "Aucun témoignage pour l’instant" in root.text(), indicator.id
        else:
            assert "Aucun témoignage pour l’instant" not in root.text(), indicator.id
    cited = {i.id for q in corpus.quotes for i in q.indicators}
    assert empty == 36 - len(cited) > 0


def test_no_broken_internal_link_or_anchor(built_site):
    pages = list(built_site.rglob("*.html"))
    # At least: home, 5 indexes, 1 round table, 4 cases, 36 indicators.
    assert len(pages) >= 47
    broken_links, broken_anchors = crawl(built_site)
    assert broken_links == [], "\n".join(broken_links)
    assert broken_anchors == [], "\n".join(broken_anchors)


def test_crawler_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="a/#nope">ancre</a><a href="b/">lien</a>'
        '<a href="https://ailleurs.fr/x">ext</a><a href="mailto:a@b.fr">m</a><a href="tel:+33">t</a>'
        '<img src="img.png"><a href="#haut" id="haut">haut</a><a href="../../etc/passwd">dehors</a>'
        '<a href="a/#r=1;x">état</a>', "utf-8")
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">X</h2><a href="../index.html#haut">retour</a>', "utf-8")
    links, anchors = crawl(tmp_path)
    assert links == ["index.html: <a> b/", "index.html: <img> img.png", "index.html: <a> ../../etc/passwd"]
    assert len(anchors) == 1 and anchors[0].startswith("index.html: a/#nope")


PAGES = {
    "accueil": "",
    "tables rondes": config.EVENTS,
    "table ronde": "tables-rondes/table-ronde-2021-10-20/",
    "témoignages": config.CASES,
    "témoignage": "temoignages/cap-solidaire/",
    "grille": config.GRID,
    "indicateur": "grille/a1-1/",
    "paroles": config.QUOTES,
    "données": config.DATA_DOC,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_makes_no_outside_request(page, site_url, built_site, name):
    url = PAGES[name]
    assert page_file(built_site, url).is_file()
    response = page.goto(site_url + url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() >= 1
    assert page.outside_requests == []
