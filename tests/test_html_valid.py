"""The Nu HTML Checker (vnu), the reference validator, over the whole built site.

Java comes from Debian (``default-jre-headless``), the checker's jar from the
npm package ``vnu-jar``: ``python3 tasks.py test`` installs both (in
``.cache/npm/``). The checker runs once over every page (one JVM start).
Our templates must give 0 errors. Material's own errors that no override can
remove are listed below, each matched by message and element, and printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsite.sitecheck import validity
from coopsite.sitecheck.validity import allowance, jar_path, missing_tools
from tests.conftest import ROOT

pytestmark = pytest.mark.build

VNU_JAR = jar_path(ROOT)
# The same allowances as every site's own check (coopsite/sitecheck/validity.py), except the one
# for Material's nav.html, which this site's override avoids: here, each must still match something.
ALLOWED = tuple(entry for entry in validity.ALLOWED if "__toc" not in entry.extract)


def run_checker(files: list[Path]) -> list[dict]:
    """Every error the checker reports on ``files`` (one run)."""
    missing = missing_tools(ROOT)
    if missing:
        pytest.fail(missing)
    return validity.run_checker(files, VNU_JAR)


def test_every_built_page_is_valid_html(built_site, capsys):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40  # the whole site, not a part of it
    errors = run_checker(pages)
    ours = [e for e in errors if allowance(e) is None]
    allowed = [e for e in errors if allowance(e) is not None]
    with capsys.disabled():
        print(f"\nNu HTML Checker : {len(pages)} pages, {len(ours)} erreur(s) de nos gabarits, "
              f"{len(allowed)} erreur(s) admises (Material, validateur CSS) :")
        for entry in ALLOWED:
            count = sum(1 for e in allowed if allowance(e) is entry)
            print(f"  - {entry.why} : {count}")
    assert not ours, "\n".join(validity.describe(ours, built_site))
    # Each allowance still matches something: a stale entry must be removed.
    assert {allowance(e) for e in allowed} == set(ALLOWED)


def test_checker_reports_an_invalid_quote_structure(tmp_path):
    """The harness is not blind: the former quote markup is caught, and not allowed."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="fr"><head><title>t</title></head><body>'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<figure><blockquote><p>« Texte »</p></blockquote><figcaption>Nom</figcaption>'
        '<p>Pourquoi cette citation</p></figure></body></html>', encoding="utf-8")
    errors = run_checker([page])
    kept = [e for e in errors if allowance(e) is None]
    assert [allowance(e) for e in errors if allowance(e)] == [ALLOWED[0]]
    assert len(kept) == 1 and "“p” not allowed as child of element “figure”" in kept[0]["message"], errors
