"""The hostile site in Chromium: no payload runs, the text shows as typed, nothing leaves the site.

The site is the one of ``tests/test_hostile.py``: every text field of the
sources carries ``<script>``, event handlers, ``javascript:`` links and
Markdown/HTML injection that would set ``window.__pwned`` or open a dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import serve, watched_page

pytestmark = pytest.mark.browser

LITERAL = "<script>window.__pwned=1</script>"


# Item pages that differ only by which poisoned item they show: two of each kind stand for all
# of them (every page is still checked statically by tests/test_hostile.py).
REPEATED = ("grille/", "citations/")


def _pages(site: Path) -> list[str]:
    """Every page of the site, with two indicator pages and two quote pages standing for all."""
    urls = []
    seen = dict.fromkeys(REPEATED, 0)
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        kind = next((prefix for prefix in REPEATED if url.startswith(prefix) and url != prefix), None)
        if kind:
            seen[kind] += 1
            if seen[kind] > 2:
                continue
        urls.append(url)
    return urls


@pytest.fixture(scope="module")
def hostile_url(hostile_built):
    server, url = serve(hostile_built)
    yield url
    server.shutdown()


@pytest.fixture
def watched(browser, hostile_url):
    """A page that records dialogs and the requests leaving the hostile site."""
    context, page = watched_page(browser, hostile_url)
    yield page
    context.close()


def test_there_are_pages_of_every_type(hostile_built):
    urls = _pages(hostile_built)
    for expected in ("", "tables-rondes/", "temoignages/", "paroles/", "grille/"):
        assert expected in urls
    assert any(u.startswith("temoignages/") and u != "temoignages/" for u in urls)
    assert any(u.startswith("tables-rondes/") and u.count("/") == 2 for u in urls)


TABS = 8  # pages checked side by side: each waits half a second of network quiet


def test_no_payload_runs_on_any_page(browser, hostile_built, hostile_url):
    tabs = [watched_page(browser, hostile_url) for _ in range(TABS)]
    urls = _pages(hostile_built)
    problems = []
    try:
        for start in range(0, len(urls), TABS):
            group = list(zip(urls[start:start + TABS], (page for _, page in tabs)))
            for url, page in group:
                page.goto(hostile_url + url, wait_until="commit")
            for url, page in group:
                page.wait_for_load_state("networkidle")
                # Give handlers a chance: fire the usual events on everything that could carry one.
                page.evaluate("""() => {
                    for (const el of document.querySelectorAll('a, button, details, img, svg, b, p, li, span')) {
                        for (const type of ['mouseover', 'focus', 'toggle', 'load', 'error', 'click']) {
                            if (type === 'click' && el.closest('a[href], button')) continue;
                            el.dispatchEvent(new Event(type));
                        }
                    }
                }""")
            for url, page in group:
                page.wait_for_timeout(20)
                if page.evaluate("() => window.__pwned") is not None:
                    problems.append(f"/{url}: window.__pwned défini")
                problems += [f"/{url}: boîte de dialogue « {m} »" for m in page.dialogs]
                problems += [f"/{url}: requête vers {r}" for r in page.outside_requests]
                page.dialogs.clear()
                page.outside_requests.clear()
    finally:
        for context, _ in tabs:
            context.close()
    assert len(urls) > 20
    assert problems == []


@pytest.mark.parametrize("url", ["temoignages/", "paroles/", "grille/"])
def test_payload_text_is_visible_as_typed(watched, hostile_url, url):
    page = watched
    if url == "temoignages/":
        page.goto(hostile_url + url)
        url = page.locator(".coop-card__title a").first.get_attribute("href")
        page.goto(page.url + url)
    else:
        page.goto(hostile_url + url)
    assert LITERAL in page.inner_text("body")


@pytest.mark.parametrize("query", ["pwned", "script", "alert"])
def test_search_results_show_payloads_as_text(watched, hostile_url, query):
    """The search page on the hostile site: excerpts, quotes and titles are text, never markup."""
    page = watched
    page.goto(f"{hostile_url}recherche/?q={query}")
    page.wait_for_function("() => /\\d+ résultat|Aucun/.test(document.querySelector('#coop-search-status').textContent)")
    hits = page.locator(".coop-hit")
    assert hits.count() > 0
    page.locator("#coop-search-more").is_visible() and page.locator("#coop-search-more").click()
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == [] and page.outside_requests == []
    # Nothing but the result's own elements inside a result: no injected tag survived.
    tags = page.evaluate("() => [...new Set([...document.querySelectorAll('.coop-hit *')].map(e => e.tagName))]")
    assert set(tags) <= {"P", "H3", "A", "MARK"}, tags
    assert "<script>" in page.locator(".coop-search__list").inner_text()
