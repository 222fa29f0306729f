"""Accessibility with axe-core (axe-playwright-python) in Debian's Chromium.

The built folder is served by a small static server on 127.0.0.1 only (a
thread, a free port). Each page is checked with the WCAG 2.0/2.1/2.2 A and AA
rules, and the rules axe maps to the RGAA 4 where the installed axe has them,
in the light palette; then it is switched to the dark palette as a reader does
(the system setting and Material's toggle), and the rules that read colours
are run again: the page is the same, only its colours change.

No rule is disabled and no violation allowed: the project's own axe test
(tests/browser/test_a11y_pages.py) has no exception to copy.
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import sys
import threading
from pathlib import Path

from coopsite import config

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
BASE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# label shown in French → (Playwright's color_scheme, Material's palette name)
SCHEMES = {"clair": ("light", "default"), "sombre": ("dark", "slate")}


def tags() -> list[str]:
    """The axe tags to run: WCAG 2.2 AA, and ``RGAAv4`` where the installed axe-core has it (≥ 4.11)."""
    return BASE_TAGS + (["RGAAv4"] if _has_rgaa() else [])


@functools.cache
def _axe_source() -> str:
    """axe-core's script, the one axe-playwright-python ships."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def _has_rgaa() -> bool:
    return "RGAAv4" in _axe_source()


PAGES = ("accueil", "temoignage", "autodiagnostic")  # ASCII: they name the tests


def page_address(site: Path, kind: str) -> tuple[str | None, str]:
    """(address relative to the site, or None; the French reason when None) of one of :data:`PAGES`.

    The testimony is the first one in alphabetical order of its address.
    """
    site = Path(site)
    if kind == "accueil":
        if (site / "index.html").is_file():
            return config.HOME, ""
        return None, "la page d'accueil (/) n'a pas été construite"
    if kind == "temoignage":
        cases = sorted(p.parent.name for p in (site / config.CASES).glob("*/index.html"))
        if cases:
            return f"{config.CASES}{cases[0]}/", ""
        return None, f"aucune page de témoignage (/{config.CASES}…/) n'a été construite"
    if kind == "autodiagnostic":
        if (site / config.SELFTEST / "index.html").is_file():
            return config.SELFTEST, ""
        return None, f"la page d'autodiagnostic (/{config.SELFTEST}) n'a pas été construite"
    raise ValueError(kind)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the output readable
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A browser that goes away mid-answer is no failure.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1, on a free port, in a thread: (server, base URL ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def missing_browser() -> str | None:
    if Path(CHROMIUM).exists():
        return None
    return (f"Chromium est introuvable ({CHROMIUM}), et la vérification d'accessibilité en a besoin : "
            "lancez « python3 tasks.py test », qui l'installe (paquet Debian chromium).")


# The axe rules whose result depends on colours: the only ones the dark palette can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def violations(page, rules: list[str] | None = None, context: str | None = None) -> list[dict]:
    """axe's violations on the page loaded in ``page`` (a Playwright page): every rule of
    :func:`tags`, or only ``rules``; in the whole page, or in the elements ``context`` selects."""
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags()}
    # axe-core, as axe-playwright-python ships it, put in the page once (a page switched to the
    # dark palette keeps it). Only the violations are wanted: axe then keeps one node per passed
    # rule, not every one (much less work on a long page; the violations are all there, with all
    # of their nodes).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"runOnly": only, "resultTypes": ["violations"]}
    return page.evaluate("([context, options]) => axe.run(context || document, options).then(r => r.violations)",
                         [context, options])


def switch_palette(page, scheme: str) -> None:
    """The loaded page in the ``scheme`` palette (a key of :data:`SCHEMES`), as a reader switches it:
    the system setting (a page of its own follows it) and Material's toggle (Material keeps the
    palette it opened with)."""
    color_scheme, material_scheme = SCHEMES[scheme]
    page.emulate_media(color_scheme=color_scheme)
    shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    if shown not in (None, material_scheme):
        page.locator('[data-md-component="palette"] label:not([hidden])').first.click()
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{material_scheme}'")


def check_schemes(page, context: str | None = None) -> dict[str, list[dict]]:
    """axe's violations on the page loaded in ``page`` in the light palette (every rule), then in
    the dark one (the colour rules), by the French names of :data:`SCHEMES`. The page is left
    in the light palette, as it was found."""
    found = {"clair": violations(page, context=context)}
    switch_palette(page, "sombre")
    found["sombre"] = violations(page, COLOUR_RULES, context=context)
    switch_palette(page, "clair")
    return found


def check_page(browser, base_url: str, address: str) -> dict[str, list[dict]]:
    """Load ``address`` in ``browser`` in the light palette; axe's violations in both (:func:`check_schemes`)."""
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    try:
        page = context.new_page()
        response = page.goto(base_url + address)
        if response is None or not response.ok:
            status = response.status if response is not None else "aucune réponse"
            raise AssertionError(f"/{address} ne s'ouvre pas dans le navigateur ({status})")
        page.wait_for_load_state("networkidle")
        # Material shows the palette on <body>; a page of its own (no Material) has none.
        shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        if shown not in ("default", None):
            raise AssertionError(f"/{address} : l'affichage clair n'a pas été appliqué (palette « {shown} »)")
        return check_schemes(page)
    finally:
        context.close()


def describe(violations: list[dict], address: str, scheme: str) -> str:
    """axe's violations on one page, in French around axe's own (English) help texts."""
    count = len(violations)
    lines = [f"Accessibilité : {count} problème{'s' if count > 1 else ''} sur /{address} "
             f"(affichage {scheme}), selon axe :"]
    for v in violations:
        nodes = v.get("nodes", [])
        targets = ", ".join(" ".join(map(str, n["target"])) if isinstance(n.get("target"), list)
                            else str(n.get("target")) for n in nodes[:5])
        more = f" (et {len(nodes) - 5} autres)" if len(nodes) > 5 else ""
        lines.append(f"  - {v.get('id')} ({v.get('impact') or 'impact inconnu'}) : {v.get('help')}")
        lines.append(f"    éléments en cause : {targets}{more}")
        if v.get("helpUrl"):
            lines.append(f"    explication : {v['helpUrl']}")
    return "\n".join(lines)
