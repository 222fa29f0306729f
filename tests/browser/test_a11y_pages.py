"""Accessibility: axe finds no WCAG 2.2 AA violation on any page type, light or dark.

The palette follows the reader's system setting (``prefers-color-scheme`` in
``mkdocs.yml``), so each page is checked in a browser context emulating the
light, then the dark scheme; contrast problems differ between the two.
Pages that another part of the project has not built yet are skipped, with
the reason.
"""

from __future__ import annotations

import pytest

from coopsite.publishing.audit import CHECKED_PAGES
from coopsite.sitecheck import a11y

pytestmark = pytest.mark.browser

# The pages the accessibility statement names (« Pages du site ayant fait l'objet
# de la vérification de conformité »): one list, in the core.
PAGES = CHECKED_PAGES


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                            for node in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}) : {v['help']} → {targets}")
        for node in v["nodes"][:2]:
            lines.append(f"    {node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violation(browser, built_site, site_url, name):
    """Every rule in the light palette, then the colour rules in the dark one (a11y.check_schemes)."""
    url = PAGES[name]
    path = url.split("?")[0]
    file = built_site / (path if path.endswith(".html") else path + "index.html")
    if not file.is_file():
        pytest.skip(f"/{url} n'est pas (encore) construite")
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
        if "?" in url:  # the search page: its results and counts shown
            page.wait_for_function("() => 'counted' in document.querySelector('[data-coop-search]').dataset")
        # Material pages show the palette on <body>; the embed page has its own
        # stylesheet, which follows ``prefers-color-scheme`` directly.
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") in ("default", None)
        found = a11y.check_schemes(page)
        assert found == {"clair": [], "sombre": []}, "\n".join(
            f"/{url} ({scheme}) :\n{_describe(violations)}" for scheme, violations in found.items() if violations)
    finally:
        context.close()


def test_the_dark_palette_is_checked_for_its_colours(browser, tmp_path):
    """A page readable in light and not in dark: the dark check finds it, the light one does not."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title><style>'
        "body { background: #fff; color: #222; } @media (prefers-color-scheme: dark) "
        "{ body { background: #222; } p { color: #444; } }</style></head>"
        "<body><main><h1>Essai</h1><p>Un texte à lire.</p></main></body></html>", "utf-8")
    server, base = a11y.serve(tmp_path)
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    try:
        page = context.new_page()
        page.goto(base)
        found = a11y.check_schemes(page)
        assert found["clair"] == []
        assert [v["id"] for v in found["sombre"]] == ["color-contrast"]
    finally:
        context.close()
        server.shutdown()
