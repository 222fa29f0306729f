"""The checks every site runs on itself (see the package's docstring for the command).

Thin: the logic and the French messages are in the package's modules. Failures
are reported with ``pytest.fail(..., pytrace=False)``: the French message alone,
without Python's code around it.
"""

from __future__ import annotations

import pytest

from . import a11y, build, links, validity

SHOWN = 50  # problems listed at most per check; the count says how many there are


def fail(problems: list[str], head: str) -> None:
    if problems:
        more = len(problems) - SHOWN
        lines = problems[:SHOWN] + ([f"… et {more} autre(s)"] if more > 0 else [])
        pytest.fail(f"{head} :\n" + "\n".join(lines), pytrace=False)


def test_sources_are_valid(site_root):
    """Les fiches (cases/, grid/, site.yml) sont valides."""
    report = build.validation_report(site_root)
    if report is not None:
        pytest.fail(report, pytrace=False)


def test_strict_build(strict_build):
    """Le site se construit avec mkdocs build --strict."""
    result, _dest = strict_build
    if result.returncode != 0:
        pytest.fail(build.build_report(result), pytrace=False)


def test_internal_links(built_site):
    """Aucun lien interne cassé, aucune ancre introuvable."""
    problems = links.broken_links(built_site)
    fail(problems, f"{len(problems)} lien(s) interne(s) cassé(s) ou ancre(s) introuvable(s)")


def test_html_validity(site_root, built_site, capsys):
    """Chaque page construite est du HTML valide (Nu HTML Checker)."""
    reason = validity.missing_tools(site_root)
    if reason:
        pytest.fail(reason, pytrace=False)
    pages = sorted(built_site.rglob("*.html"))
    if not pages:
        pytest.fail("Aucune page HTML dans le site construit.", pytrace=False)
    ours, allowed = validity.split(validity.run_checker(pages, validity.jar_path(site_root)))
    with capsys.disabled():
        print("\n" + validity.summary(len(pages), ours, allowed))
    fail(validity.describe(ours, built_site), f"{len(ours)} erreur(s) HTML à corriger")


@pytest.mark.parametrize("kind", a11y.PAGES)
def test_accessibility(browser, built_site, site_url, kind):
    """axe ne trouve aucun problème WCAG 2.2 AA sur l'accueil, un témoignage et l'autodiagnostic,
    en affichage clair puis sombre."""
    address, reason = a11y.page_address(built_site, kind)
    if address is None:
        pytest.fail(f"Accessibilité non vérifiable : {reason}.", pytrace=False)
    found = a11y.check_page(browser, site_url, address)
    problems = [a11y.describe(violations, address, scheme) for scheme, violations in found.items() if violations]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
