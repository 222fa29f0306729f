"""Zensical as a second build engine: the real content, exported by the core, built by Zensical.

The essentials must hold as they do with MkDocs: every quote at its anchor,
quote ↔ indicator links resolving both ways, the self-test completing in
Chromium, nothing requested from a third party.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import serve, watched_page
from coopsite import config
from coopsite.export.zensical import prepare, strip_top_level_keys, zensical_config
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT, crawl, dom, normalise_quote, resolve

pytestmark = pytest.mark.browser


def zensical_build(root, build) -> subprocess.CompletedProcess:
    """As ``tasks.py build --engine zensical``: export, build with Zensical, index the search."""
    config_file = prepare(root, build)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config_file)],
                            cwd=build, capture_output=True, text=True, timeout=600)
    if result.returncode == 0:
        result = subprocess.run([sys.executable, "-m", "coopsite", "index-search", str(build / "site"),
                                 "--root", str(root)], capture_output=True, text=True, timeout=600)
    return result


@pytest.fixture(scope="module")
def zsite(tmp_path_factory):
    build = tmp_path_factory.mktemp("zensical")
    result = zensical_build(ROOT, build)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (ROOT / "docs" / "paroles").exists()  # nothing written into the sources
    return build / "site"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def page_file(site, url):
    return site / url.partition("#")[0] / "index.html"


def test_config_drops_what_only_mkdocs_knows():
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    written = zensical_config(text)
    for key in ("hooks:", "watch:", "validation:"):
        assert key in text and f"\n{key}" not in written
    assert "theme:" in written and "plugins:" in written
    assert written.endswith("site_dir: site\n")
    assert "content.action.edit" in text and "content.action.edit" not in written
    assert strip_top_level_keys("a: 1\nb:\n  - x\nc: 2\n", ("b",)) == "a: 1\nc: 2\n"


def test_every_quote_is_at_its_anchor(zsite, corpus):
    for quote in corpus.quotes:
        element = dom(page_file(zsite, config.quote_url(quote))).by_id(quote.id)
        assert element is not None, quote.id
        assert normalise_quote(quote.text) in normalise_quote(element.text())


def test_quote_and_indicator_links_resolve_both_ways(zsite, corpus):
    for quote in corpus.quotes:
        case_page = page_file(zsite, config.case_url(quote.case))
        chips = dom(case_page).by_id(quote.id).find_all("a", "coop-chip")
        assert len(chips) == len(quote.indicators)
        for chip, indicator in zip(chips, quote.indicators):
            target, _ = resolve(zsite, case_page, chip.attrs["href"])
            assert indicator.id in dom(target).find_all("h1")[0].text()
    for indicator in corpus.grid.indicators:
        path = page_file(zsite, config.indicator_url(indicator))
        targets = set()
        for link in dom(path).find_all("a", "coop-quote__source"):
            target, fragment = resolve(zsite, path, link.attrs["href"])
            assert dom(target).by_id(fragment) is not None, link.attrs["href"]
            targets.add((target.relative_to(zsite.resolve()).as_posix(), fragment))
        assert targets == {(f"{config.case_url(q.case)}index.html", q.id) for q in indicator.quotes}


def test_no_broken_link_or_anchor(zsite):
    assert crawl(zsite) == ([], [])


def test_the_overrides_notes_are_not_published(zsite):
    """MkDocs leaves a theme folder's Markdown out of the site; Zensical would publish overrides/LISEZMOI.md."""
    assert (ROOT / "overrides" / "LISEZMOI.md").is_file()
    assert not list(zsite.rglob("*.md"))


def test_self_test_completes_without_third_party_requests(zsite, browser):
    server, url = serve(zsite)
    context, page = watched_page(browser, url)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url + config.SELFTEST)
        page.wait_for_selector("[data-st=progress]")
        fieldsets = page.locator("fieldset.coop-st__q")
        assert fieldsets.count() == 36
        for index in range(36):
            fieldsets.nth(index).locator("input[type=radio]").nth(3).check()
        summary = " ".join(page.locator("[data-st=summary]").text_content().replace("\u00a0", " ").split())
        assert summary.startswith("Score global : 100 %"), summary
        for path in ("", config.CASES, config.QUOTES, config.GRID, config.COVERAGE, config.SELFTEST_EMBED):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
        assert errors == [] and page.outside_requests == []
    finally:
        context.close()
        server.shutdown()


def test_the_same_french_search_as_with_mkdocs(zsite, browser):
    """Zensical ships no search of its own here: the header box and /recherche/ use Pagefind."""
    assert not (zsite / "search.json").exists() and (zsite / "pagefind" / "pagefind.js").is_file()
    server, url = serve(zsite)
    context, page = watched_page(browser, url)
    try:
        page.goto(url + config.GRID)
        page.locator("#coop-header-q").fill("benevole")
        page.keyboard.press("Enter")
        page.wait_for_function("() => /\\d+ résultat/.test((document.querySelector('#coop-search-status')?.textContent || ''))")
        assert page.locator(".coop-hit").count() > 0
        page.locator("input[name=type][value=citation]").check()
        page.wait_for_function("() => /avec les filtres choisis/.test("
                               "(document.querySelector('#coop-search-status')?.textContent || ''))")
        assert page.locator(".coop-hit").count() == page.locator(".coop-hit--citation").count() > 0
        assert "uniquement basée sur l’engagement bénévole" in page.locator(".coop-search__list").inner_text()
        assert page.outside_requests == []
    finally:
        context.close()
        server.shutdown()


def primary_nav_entries(path) -> list[str]:
    """The labels of the left nav's links, in order (the primary nav only, not the table of contents)."""
    from helpers import dom

    nav = next(n for n in dom(path).find_all("nav") if "md-nav--primary" in (n.attrs.get("class") or ""))
    return [a.text() for a in nav.find_all("a", "md-nav__link") if "md-nav__button" not in (a.attrs.get("class") or "")]


@pytest.mark.parametrize("url", ["temoignages/liess/", "recherche/", "grille/a1-1/", "citations/bossuet-geste-avant-outil/"])
def test_a_page_out_of_the_nav_adds_no_stray_entry(zsite, url):
    """Zensical lists the nav as mkdocs.yml gives it, on a page out of the nav too: never the page
    again as a last, top-level entry."""
    home = primary_nav_entries(zsite / "index.html")
    assert "Rechercher dans le site" in home and "Performances" in home
    entries = primary_nav_entries(page_file(zsite, url))
    assert entries == home, (url, [e for e in entries if e not in home])
    assert entries.count("Rechercher dans le site") == 1
