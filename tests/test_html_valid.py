"""The Nu HTML Checker (vnu), the reference validator, over the whole built site.

Java comes from Debian (``default-jre-headless``), the checker's jar from the
npm package ``vnu-jar``: ``python3 tasks.py test`` installs both (in
``.cache/npm/``). The checker runs once over every page (one JVM start).
Our templates must give 0 errors. Material's own errors that no override can
remove are listed below, each matched by message and element, and printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.build

VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"))


@dataclass(frozen=True)
class Allowed:
    why: str
    message: str  # a regular expression searched in the checker's message
    extract: str  # a regular expression searched in the offending markup


# Errors that are not ours to fix, allowed one by one (never a whole page).
ALLOWED = (
    # base.html writes its two hidden state checkboxes with autocomplete="off"
    # (so that Firefox does not restore their state on reload). They are in
    # the body of base.html, outside any block: only a copy of the whole base
    # template could remove them, which would freeze Material's layout here.
    Allowed("Material base.html : case à cocher du tiroir (__drawer) avec autocomplete",
            r"^Attribute “autocomplete” is only allowed when the input type is",
            r'<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'),
    Allowed("Material base.html : case à cocher de la recherche (__search) avec autocomplete",
            r"^Attribute “autocomplete” is only allowed when the input type is",
            r'<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'),
    # The off-line kit inlines selftest.css, where the radar's labels use paint-order
    # (CSS Fill and Stroke, in every current browser), which the checker's CSS
    # validator does not know; linked stylesheets are not checked, inline ones are.
    Allowed("Kit d’atelier : propriété CSS paint-order, inconnue du validateur CSS",
            r"^CSS: “paint-order”: Property “paint-order” doesn't exist", r"order: stroke"),
)


def run_checker(files: list[Path]) -> list[dict]:
    """Every error the checker reports on ``files`` (one run)."""
    if shutil.which("java") is None:
        pytest.fail("Java est introuvable : lancez « python3 tasks.py test », qui l'installe (default-jre-headless).")
    if not VNU_JAR.is_file():
        pytest.fail(f"Validateur HTML introuvable ({VNU_JAR.name}) : lancez « python3 tasks.py test », qui l'installe.")
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def allowance(error: dict) -> Allowed | None:
    """The allow-list entry that covers ``error``, if any."""
    extract = re.sub(r"\s+", " ", error.get("extract", ""))
    for entry in ALLOWED:
        if re.search(entry.message, error.get("message", "")) and re.search(entry.extract, extract):
            return entry
    return None


def describe(error: dict, root: Path) -> str:
    where = error.get("url", "").removeprefix("file:")
    try:
        where = Path(where).relative_to(root).as_posix()
    except ValueError:
        pass
    return f"{where}:{error.get('lastLine', '?')}: {error.get('message')}\n    {error.get('extract', '').strip()}"


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
    assert not ours, "\n".join(describe(e, built_site) for e in ours)
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
