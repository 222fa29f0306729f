"""With SITE_URL, pages announce both feeds, and no page downloads the site map (issue 32, part 1).

Material's script takes each ``<link rel="alternate">`` for a version of the site in
another language and downloads the site map beside it, on every page: 815 KB at
N = 1,000, from SITE_URL's host even in a preview. The feeds' links say
``rel="alternate feed"``, which feed readers read as words (« alternate » among
them) and Material's exact selector does not match.
"""

from __future__ import annotations

import pytest

from conftest import serve, watched_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["", "temoignages/liess/", "paroles/", "autodiagnostic/"])
def test_no_page_asks_for_the_site_map(browser, public_site, path):
    server, url = serve(public_site)
    context, page = watched_page(browser, url)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        # The links a browser extension reads from the page, by their words.
        feeds = page.evaluate("""() => [...document.querySelectorAll('link[rel~="alternate"]')]
                                 .filter(l => l.type === 'application/atom+xml').map(l => l.href)""")
        assert [f.rsplit("/", 2)[-2:] for f in feeds] == [["cooperation", "flux.xml"], ["citations", "flux.xml"]]
        assert page.evaluate("() => document.querySelectorAll('link[rel=alternate]').length") == 0
        assert not [a for a in asked if "sitemap" in a], asked
        # Everything else this page asked is the preview's own (nothing from SITE_URL's host).
        assert page.outside_requests == []
    finally:
        context.close()
        server.shutdown()
