"""Accessibility: axe finds no WCAG 2.2 AA violation on any page type, light or dark.

The palette follows the reader's system setting (``prefers-color-scheme`` in
``mkdocs.yml``), so each page is checked in a browser context emulating the
light, then the dark scheme; contrast problems differ between the two.
Pages that another part of the project has not built yet are skipped, with
the reason.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from axe_playwright_python.sync_playwright import Axe

from coopsite.publishing.audit import CHECKED_PAGES

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# axe-core tags the rules that the RGAA 4 maps since 4.11: checked too where the installed axe has them.
_AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
if "RGAAv4" in _AXE_SOURCE:
    TAGS.append("RGAAv4")
# The pages the accessibility statement names (« Pages du site ayant fait l'objet
# de la vérification de conformité »): one list, in the core.
PAGES = CHECKED_PAGES
SCHEMES = {"clair": ("light", "default"), "sombre": ("dark", "slate")}

_axe = Axe()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                            for node in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}) : {v['help']} → {targets}")
        for node in v["nodes"][:2]:
            lines.append(f"    {node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violation(browser, built_site, site_url, name, scheme):
    url = PAGES[name]
    path = url.split("?")[0]
    file = built_site / (path if path.endswith(".html") else path + "index.html")
    if not file.is_file():
        pytest.skip(f"/{url} n'est pas (encore) construite")
    color_scheme, material_scheme = SCHEMES[scheme]
    context = browser.new_context(locale="fr-FR", color_scheme=color_scheme)
    try:
        page = context.new_page()
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
        if "?" in url:  # the search page: its results and counts shown
            page.wait_for_function("() => 'counted' in document.querySelector('[data-coop-search]').dataset")
        # Material pages show the palette on <body>; the embed page has its own
        # stylesheet, which follows ``prefers-color-scheme`` directly.
        shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        assert shown in (material_scheme, None)
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = results.response["violations"]
        assert violations == [], f"/{url} ({scheme}) :\n{_describe(violations)}"
    finally:
        context.close()
